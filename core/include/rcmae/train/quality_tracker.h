#pragma once
// Quality measurements of a training run, for every loop that trains one (the CLI, sweeps,
// the window, distributed ranks): the held-out monitor plus the schedule that keeps its cost
// at 5 % of training time. The caller records and publishes what it returns.
#include <memory>
#include <optional>

#include "rcmae/eval/quality_monitor.h"
#include "rcmae/eval/quality_schedule.h"
#include "rcmae/train/quality_record.h"

namespace rcmae {

class Trainer;

// The monitor of a run's held-out set, sized by its configuration (bank, queries, pooling).
// Throws DataError when the dataset has no test split.
std::unique_ptr<QualityMonitor> quality_monitor_for(const Trainer& trainer);

class QualityTracker {
 public:
  struct Due {
    bool reconstruction = false;
    bool representation = false;
    bool any() const { return reconstruction || representation; }
  };

  // Null when the run measures no quality (config.quality off) or its dataset has no test
  // split to measure on (logged, with the reason).
  static std::unique_ptr<QualityTracker> create(Trainer& trainer,
                                                QualitySchedule schedule = QualitySchedule());

  // What the schedule wants measured at the trainer's current training time.
  Due due(const Trainer& trainer) const;
  // Measures the tiers in `due` on the student and the teacher (if any).
  QualityRecord measure(Trainer& trainer, Due due);
  // Both tiers, at the end of a run (unless this step was measured in full already).
  std::optional<QualityRecord> measure_final(Trainer& trainer);
  // The latest measurements item by item (QualityMonitor::items).
  const std::vector<run::MetricItems>& items() const { return monitor_->items(); }

  QualityTracker(std::unique_ptr<QualityMonitor> monitor, QualitySchedule schedule);

 private:
  std::unique_ptr<QualityMonitor> monitor_;
  QualitySchedule schedule_;
  int64_t last_full_step_ = -1;
};

}  // namespace rcmae
