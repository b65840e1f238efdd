#pragma once
// Every step record, parameter change, gradient and quality measurement of the current run,
// in the GUI thread. Plots read from here incrementally (each remembers how much it has drawn).
#include <QString>
#include <QVector>
#include <optional>

#include "rcmae/session/session_types.h"

namespace rcmae::ui {

enum class XAxis { Step, ImagesSeen, WallTime };
QString axis_label(XAxis axis);

using Metric = double (*)(const StepRecord&);

class MetricHistory {
 public:
  void append(const QVector<StepRecord>& records);
  void addEvent(const ParameterEvent& event);
  void appendGradients(const QVector<GradSimilarityRecord>& records);
  void appendQuality(const QualityRecord& record);
  void clear();

  int size() const { return int(records_.size()); }
  bool empty() const { return records_.isEmpty(); }
  const StepRecord& at(int index) const { return records_[index]; }
  const StepRecord& last() const { return records_.back(); }
  const QVector<ParameterEvent>& events() const { return events_; }
  // Teacher-student gradient measurements with per-group numbers, oldest first.
  const QVector<GradSimilarityRecord>& gradients() const { return gradients_; }
  // Held-out quality measurements (a few per minute at most), oldest first.
  const QVector<QualityRecord>& quality() const { return quality_; }

  static double x(const StepRecord& record, XAxis axis);
  // x of the first record at or after `step`; nullopt when it has not arrived yet.
  std::optional<double> xForStep(int64_t step, XAxis axis) const;
  // Bumped by clear(): plots compare it to notice a new run.
  int generation() const { return generation_; }

 private:
  QVector<StepRecord> records_;
  QVector<ParameterEvent> events_;
  QVector<GradSimilarityRecord> gradients_;
  QVector<QualityRecord> quality_;
  int generation_ = 0;
};

// Short label for a parameter change marker, e.g. "mask 0.75→0.5".
QString event_label(const ParameterEvent& event);

}  // namespace rcmae::ui
