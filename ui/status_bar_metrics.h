#pragma once
// The status bar's live numbers: state, step / budget, images/s, ETA, the latest held-out
// reconstruction error, resident memory.
// Refreshed on its own slow timer (2 Hz): reading /proc and formatting text every frame
// would be wasted work.
#include <QWidget>

#include "metric_history.h"
#include "rcmae/session/session_types.h"

class QLabel;
class QTimer;

namespace rcmae::ui {

// Resident set size of this process in MiB, from /proc/self/status (VmRSS); -1 if unknown.
double resident_memory_mb();
// "1 h 02 min", "3 min 20 s", "12 s".
QString format_duration(double seconds);

class StatusBarMetrics : public QWidget {
  Q_OBJECT

 public:
  StatusBarMetrics(const MetricHistory* history, QWidget* parent = nullptr);

  void setState(session::SessionState state);
  void setStepBudget(int64_t steps) { budget_ = steps; }
  void setBatch(int batch) { batch_ = batch; }
  void refresh();
  // Recent throughput (images/s) averaged over the last records; 0 before any.
  double recentImagesPerSecond() const;

 private:
  const MetricHistory* history_;
  QLabel* state_ = nullptr;
  QLabel* step_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* eta_ = nullptr;
  QLabel* nmse_ = nullptr;
  QLabel* memory_ = nullptr;
  QTimer* timer_ = nullptr;
  session::SessionState session_state_ = session::SessionState::Idle;
  int64_t budget_ = 0;
  int batch_ = 0;
};

}  // namespace rcmae::ui
