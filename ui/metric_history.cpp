#include "metric_history.h"

#include <algorithm>

namespace rcmae::ui {

QString axis_label(XAxis axis) {
  switch (axis) {
    case XAxis::Step:
      return "optimiser step";
    case XAxis::ImagesSeen:
      return "images seen";
    case XAxis::WallTime:
      return "wall time (s)";
  }
  return {};
}

void MetricHistory::append(const QVector<StepRecord>& records) { records_ += records; }

void MetricHistory::addEvent(const ParameterEvent& event) { events_.push_back(event); }

void MetricHistory::appendGradients(const QVector<GradSimilarityRecord>& records) {
  gradients_ += records;
}

void MetricHistory::appendQuality(const QualityRecord& record) { quality_.push_back(record); }

void MetricHistory::clear() {
  quality_.clear();
  records_.clear();
  events_.clear();
  gradients_.clear();
  ++generation_;
}

double MetricHistory::x(const StepRecord& record, XAxis axis) {
  switch (axis) {
    case XAxis::Step:
      return double(record.step);
    case XAxis::ImagesSeen:
      return double(record.images_seen);
    case XAxis::WallTime:
      return record.wall_s;
  }
  return 0;
}

std::optional<double> MetricHistory::xForStep(int64_t step, XAxis axis) const {
  // Records are in step order, so a binary search finds the first one at `step`.
  auto found = std::lower_bound(records_.begin(), records_.end(), step,
                                [](const StepRecord& r, int64_t s) { return r.step < s; });
  if (found == records_.end()) return std::nullopt;
  return x(*found, axis);
}

QString event_label(const ParameterEvent& event) {
  const QString name = event.name == "mask_ratio"      ? "mask"
                       : event.name == "momentum"      ? "m"
                       : event.name == "gamma"         ? "γ"
                       : event.name == "base_lr"       ? "lr"
                       : event.name == "mask_strategy" ? "mask"
                                                       : QString::fromStdString(event.name);
  if (event.name == "mask_strategy") {  // recorded as indices: 0 random, 1 block, 2 grid
    auto strategy = [](double index) {
      static const char* names[] = {"random", "block", "grid"};
      return index >= 0 && index <= 2 ? QString(names[int(index)]) : QString("?");
    };
    return QString("%1 %2→%3").arg(name, strategy(event.old_value), strategy(event.new_value));
  }
  return QString("%1 %2→%3")
      .arg(name)
      .arg(event.old_value, 0, 'g', 4)
      .arg(event.new_value, 0, 'g', 4);
}

}  // namespace rcmae::ui
