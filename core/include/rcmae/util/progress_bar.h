#pragma once
// A one-line terminal progress bar with rate and ETA; silent when stderr is not a terminal
// (then it logs a line every few percent instead).
#include <cstdint>
#include <string>

namespace rcmae {

class ProgressBar {
 public:
  // `already_done`: steps finished before this process (a resumed run), left out of the rate.
  explicit ProgressBar(int64_t total, int64_t already_done = 0);
  void update(int64_t done, const std::string& detail);
  // A run with a time budget refits its step count as it measures its speed.
  void set_total(int64_t total) { total_ = total; }
  void finish();

 private:
  int64_t total_;
  int64_t already_done_;
  double start_s_;
  bool interactive_;
  int last_logged_percent_ = -1;
};

std::string format_duration(double seconds);

}  // namespace rcmae
