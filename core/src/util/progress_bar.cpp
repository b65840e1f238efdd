#include "rcmae/util/progress_bar.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "rcmae/util/elapsed.h"

namespace rcmae {

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "--:--";
  const long total = static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60,
                  total % 60);
  else
    std::snprintf(text, sizeof text, "%02ld:%02ld", total / 60, total % 60);
  return text;
}

ProgressBar::ProgressBar(int64_t total, int64_t already_done)
    : total_(total),
      already_done_(already_done),
      start_s_(steady_seconds()),
      interactive_(isatty(fileno(stderr)) != 0) {}

void ProgressBar::update(int64_t done, const std::string& detail) {
  const double elapsed = steady_seconds() - start_s_;
  const double rate = elapsed > 0 ? (done - already_done_) / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done) / rate : -1;
  const int percent = total_ > 0 ? static_cast<int>(100 * done / total_) : 100;
  if (interactive_) {
    constexpr int kWidth = 28;
    const int filled = kWidth * percent / 100;
    std::fprintf(stderr, "\r[%.*s%*s] %3d%% %lld/%lld %s ETA %s   ", filled,
                 "############################", kWidth - filled, "", percent,
                 static_cast<long long>(done), static_cast<long long>(total_), detail.c_str(),
                 format_duration(eta).c_str());
    std::fflush(stderr);
  } else if (percent / 10 != last_logged_percent_ / 10 || done == total_) {
    last_logged_percent_ = percent;
    spdlog::info("{}/{} ({}%) {} elapsed {} ETA {}", done, total_, percent, detail,
                 format_duration(elapsed), format_duration(eta));
  }
}

void ProgressBar::finish() {
  if (interactive_) std::fprintf(stderr, "\n");
}

}  // namespace rcmae
