#include "modes/benchmarks.h"

#include <sys/resource.h>

#include <QElapsedTimer>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <numeric>

#include "controls/control_panel.h"
#include "live_feed.h"
#include "main_window.h"
#include "modes/event_wait.h"
#include "rcmae/session/headless_bench.h"
#include "rcmae/session/training_session.h"

namespace rcmae::ui {
namespace {

// A window as the user sees it, training `config`, with every tab shown in turn.
struct ShownWindow {
  MainWindow window{nullptr};
  QTimer tab_cycle;

  ShownWindow(const WorkbenchOptions& options, const TrainConfig& config) {
    window.resize(options.size);
    window.controls()->setConfig(config);
    window.controls()->setSnapshotEverySteps(options.snapshot_every);
    window.show();
    tab_cycle.setInterval(1500);
    QObject::connect(&tab_cycle, &QTimer::timeout, &window, [this] {
      window.tabs()->setCurrentIndex((window.tabs()->currentIndex() + 1) % window.tabs()->count());
    });
    tab_cycle.start();
  }
};

double mean(const QVector<double>& values) {
  return values.isEmpty() ? 0 : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
}

// Throughput of records after the warmup, from the trainer's own clock (snapshots and
// any slow-down the window causes included).
double images_per_s_after(const MetricHistory& history, int64_t warmup) {
  int first = -1;
  for (int i = 0; i < history.size(); ++i)
    if (history.at(i).step == warmup) first = i;
  if (first < 0 || first + 1 >= history.size()) return 0;
  const StepRecord& a = history.at(first);
  const StepRecord& b = history.last();
  return (b.wall_s > a.wall_s) ? double(b.images_seen - a.images_seen) / (b.wall_s - a.wall_s) : 0;
}

// CPU seconds the calling thread has used (user + system).
double thread_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

double percentile(QVector<double> values, double p) {
  if (values.isEmpty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * (values.size() - 1);
  const int lo = int(rank);
  const int hi = std::min(lo + 1, int(values.size()) - 1);
  return values[lo] + (rank - lo) * (values[hi] - values[lo]);
}

LatencyResult measure_event_loop_latency(const WorkbenchOptions& options) {
  TrainConfig config = options.config;
  config.steps = std::max<int64_t>(config.steps, 1'000'000);  // never hit the budget
  ShownWindow shown(options, config);
  shown.window.startTraining();

  QVector<double> latencies;
  QElapsedTimer clock;
  clock.start();
  QTimer probe;
  probe.setInterval(10);
  QObject::connect(&probe, &QTimer::timeout, &shown.window, [&] {
    const qint64 posted = clock.nsecsElapsed();
    QMetaObject::invokeMethod(
        &shown.window, [&, posted] { latencies.push_back((clock.nsecsElapsed() - posted) / 1e6); },
        Qt::QueuedConnection);
  });
  // Let the first step (model build, demo batch) pass before probing.
  wait_until(
      [&] {
        return !shown.window.feed()->history().empty() || !shown.window.lastError().isEmpty();
      },
      120000);
  probe.start();
  spin_events(int(options.duration_s * 1000));
  probe.stop();
  spin_events(50);

  LatencyResult r;
  r.samples = latencies.size();
  r.p50_ms = percentile(latencies, 50);
  r.p99_ms = percentile(latencies, 99);
  r.max_ms = latencies.isEmpty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
  const auto& history = shown.window.feed()->history();
  r.steps = history.empty() ? 0 : history.last().step;
  r.images_per_s = images_per_s_after(history, std::min<int64_t>(2, r.steps));
  r.frames = shown.window.feed()->framesDrawn();
  shown.window.session()->stop();
  return r;
}

int run_latency_bench(const WorkbenchOptions& options) {
  const LatencyResult r = measure_event_loop_latency(options);
  std::printf(
      "{\"mode\":\"bench-latency\",\"preset\":\"%s\",\"dataset\":\"%s\",\"batch\":%d,"
      "\"duration_s\":%.1f,\"samples\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
      "\"steps\":%lld,\"images_per_s\":%.1f,\"frames\":%lld}\n",
      options.config.preset.c_str(), options.config.dataset.c_str(), options.config.batch,
      options.duration_s, r.samples, r.p50_ms, r.p99_ms, r.max_ms, (long long)r.steps,
      r.images_per_s, (long long)r.frames);
  return r.samples > 0 ? 0 : 1;
}

OverheadResult measure_window_overhead(const WorkbenchOptions& options) {
  OverheadResult result;
  TrainConfig config = options.config;
  const int64_t warmup = options.warmup_steps;
  config.steps = warmup + options.train_steps;
  ShownWindow shown(options, config);
  double gui_cpu_s = 0, window_wall_s = 0;
  for (int round = 0; round < options.rounds; ++round) {
    // Headless first in each round; alternating cancels slow drifts of the machine.
    const session::Throughput headless =
        session::measure_headless_throughput(config, warmup, options.train_steps);
    result.headless_images_per_s.push_back(headless.images_per_s);

    QElapsedTimer wall;
    wall.start();
    const double gui_cpu_before = thread_cpu_s();
    shown.window.startTraining();
    wait_until(
        [&] {
          return shown.window.session()->state() == session::SessionState::Finished ||
                 !shown.window.lastError().isEmpty();
        },
        60 * 60 * 1000);
    gui_cpu_s += thread_cpu_s() - gui_cpu_before;
    window_wall_s += wall.nsecsElapsed() / 1e9;
    spin_events(100);
    result.window_images_per_s.push_back(
        images_per_s_after(shown.window.feed()->history(), warmup));
    shown.window.session()->stop();
  }
  result.headless_mean = mean(result.headless_images_per_s);
  result.window_mean = mean(result.window_images_per_s);
  result.ratio = result.headless_mean > 0 ? result.window_mean / result.headless_mean : 0;
  result.gui_thread_core_pct = window_wall_s > 0 ? 100.0 * gui_cpu_s / window_wall_s : 0;
  return result;
}

int run_overhead_bench(const WorkbenchOptions& options) {
  const OverheadResult r = measure_window_overhead(options);
  auto list = [](const QVector<double>& values) {
    QString text;
    for (double v : values) text += (text.isEmpty() ? "" : ",") + QString::number(v, 'f', 2);
    return "[" + text + "]";
  };
  std::printf(
      "{\"mode\":\"bench-overhead\",\"preset\":\"%s\",\"dataset\":\"%s\",\"batch\":%d,"
      "\"steps_per_round\":%d,\"rounds\":%d,\"headless_images_per_s\":%.2f,"
      "\"window_images_per_s\":%.2f,\"ratio\":%.4f,\"overhead_pct\":%.2f,\"gui_thread_core_pct\":%."
      "2f,"
      "\"headless_rounds\":%s,\"window_rounds\":%s}\n",
      options.config.preset.c_str(), options.config.dataset.c_str(), options.config.batch,
      options.train_steps, options.rounds, r.headless_mean, r.window_mean, r.ratio,
      (1.0 - r.ratio) * 100.0, r.gui_thread_core_pct, qPrintable(list(r.headless_images_per_s)),
      qPrintable(list(r.window_images_per_s)));
  return r.ratio > 0 ? 0 : 1;
}

}  // namespace rcmae::ui
