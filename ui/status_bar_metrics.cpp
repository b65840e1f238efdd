#include "status_bar_metrics.h"

#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QVariant>
#include <algorithm>
#include <cmath>

#include "steady_label.h"

namespace rcmae::ui {

double resident_memory_mb() {
  QFile status("/proc/self/status");
  if (!status.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : status.readAll().split('\n')) {
    if (!line.startsWith("VmRSS:")) continue;
    const QList<QByteArray> parts = line.simplified().split(' ');
    if (parts.size() >= 2) return parts[1].toDouble() / 1024.0;  // kB -> MiB
  }
  return -1;
}

QString format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "–";
  const qint64 s = qint64(seconds + 0.5);
  if (s >= 3600)
    return QString("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar('0'));
  if (s >= 60) return QString("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
  return QString("%1 s").arg(s);
}

StatusBarMetrics::StatusBarMetrics(const MetricHistory* history, QWidget* parent)
    : QWidget(parent), history_(history) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(4, 0, 4, 0);
  row->setSpacing(18);
  state_ = new QLabel(this);
  state_->setObjectName("statePill");
  // The live numbers change twice a second: fixed-size labels, so they never re-lay the window.
  step_ = new SteadyLabel("Step 8888888 / 8888888", this);
  speed_ = new SteadyLabel("88888 img/s", this);
  speed_->setToolTip("Training throughput over the last steps (images per second)");
  eta_ = new SteadyLabel("ETA 888 h 88 min", this);
  eta_->setToolTip("Time left until the step budget is reached, at the current speed");
  nmse_ = new SteadyLabel("Held-out NMSE 8.888 (step 88888)", this);
  nmse_->setToolTip(
      "Latest held-out reconstruction error of the hidden patches (teacher; student in MAE\n"
      "mode): 1 = no better than filling with the mean visible pixel, 0 = perfect.\n"
      "The Quality tab plots it over the run.");
  memory_ = new SteadyLabel("RSS 888888 MiB", this);
  memory_->setToolTip("Resident memory of this process (VmRSS)");
  for (QLabel* label : {state_, step_, speed_, eta_, nmse_, memory_}) row->addWidget(label);
  timer_ = new QTimer(this);
  timer_->setInterval(500);
  connect(timer_, &QTimer::timeout, this, &StatusBarMetrics::refresh);
  timer_->start();
  setState(session::SessionState::Idle);
}

void StatusBarMetrics::setState(session::SessionState state) {
  session_state_ = state;
  state_->setText(session::to_display_string(state));
  state_->setProperty("state", session::to_display_string(state).toLower());
  // Re-polish so the QSS [state="..."] selector picks up the new colour.
  state_->style()->unpolish(state_);
  state_->style()->polish(state_);
  refresh();
}

double StatusBarMetrics::recentImagesPerSecond() const {
  const int n = history_->size();
  if (n == 0) return 0;
  // Average over the last ~20 steps: one step's number jumps with every hiccup.
  const int from = std::max(0, n - 20);
  double images = 0, seconds = 0;
  for (int i = from; i < n; ++i) {
    images += history_->at(i).images_per_s * history_->at(i).step_s;
    seconds += history_->at(i).step_s;
  }
  return seconds > 0 ? images / seconds : 0;
}

void StatusBarMetrics::refresh() {
  const int64_t step = history_->empty() ? 0 : history_->last().step;
  step_->setText(budget_ > 0 ? QString("Step %1 / %2").arg(step).arg(budget_)
                             : QString("Step %1").arg(step));
  const double ips = recentImagesPerSecond();
  speed_->setText(ips > 0 ? QString("%1 img/s").arg(ips, 0, 'f', ips < 100 ? 1 : 0) : "– img/s");
  const bool running = session_state_ == session::SessionState::Running;
  const double left =
      budget_ > step && ips > 0 && batch_ > 0 ? double(budget_ - step) * batch_ / ips : -1;
  eta_->setText(QString("ETA %1").arg(running ? format_duration(left) : "–"));
  // Measured every few tens of seconds: say at which step, so an early value is not read as now.
  const auto& quality = history_->quality();
  const double nmse = quality.isEmpty() ? NAN : quality.back().eval_nmse();
  nmse_->setText(
      std::isfinite(nmse)
          ? QString("Held-out NMSE %1 (step %2)").arg(nmse, 0, 'f', 3).arg(quality.back().step)
          : "Held-out NMSE –");
  const double rss = resident_memory_mb();
  memory_->setText(rss >= 0 ? QString("RSS %1 MiB").arg(rss, 0, 'f', 0) : "RSS –");
}

}  // namespace rcmae::ui
