#include "rcmae/train/quality_tracker.h"

#include <spdlog/spdlog.h>

#include "rcmae/data/data_error.h"
#include "rcmae/train/trainer.h"

namespace rcmae {

QualityTracker::QualityTracker(std::unique_ptr<QualityMonitor> monitor, QualitySchedule schedule)
    : monitor_(std::move(monitor)), schedule_(schedule) {}

std::unique_ptr<QualityMonitor> quality_monitor_for(const Trainer& trainer) {
  const TrainConfig& config = trainer.config();
  QualityOptions options;
  options.bank_size = config.quality_bank;
  options.query_size = config.quality_queries;
  options.mean_pooling = config.feature_pooling == "mean";
  const auto& info = trainer.data().info();
  return std::make_unique<QualityMonitor>(config.dataset, config.model, info.mean, info.std,
                                          options);
}

std::unique_ptr<QualityTracker> QualityTracker::create(Trainer& trainer, QualitySchedule schedule) {
  if (!trainer.config().quality) return nullptr;
  try {
    return std::make_unique<QualityTracker>(quality_monitor_for(trainer), schedule);
  } catch (const DataError& error) {
    spdlog::warn("no quality measurements for this run: {}", error.what());
    return nullptr;
  }
}

QualityTracker::Due QualityTracker::due(const Trainer& trainer) const {
  const double t = trainer.train_time_s();
  return {schedule_.reconstruction_due(t, trainer.steps_done()), schedule_.representation_due(t)};
}

QualityRecord QualityTracker::measure(Trainer& trainer, Due due) {
  QualityRecord record;
  record.step = trainer.steps_done();
  record.train_s = trainer.train_time_s();
  MaeVit* teacher = trainer.teacher() ? &trainer.teacher()->model() : nullptr;
  if (due.reconstruction) {
    monitor_->measure_reconstruction(trainer.student(), teacher, record);
    schedule_.reconstruction_done(record.train_s, record.eval_s);
  }
  if (due.representation) {
    const double before = record.eval_s;
    if (monitor_->measure_representation(trainer.student(), teacher, record))
      schedule_.representation_done(record.train_s, record.eval_s - before);
    else  // no labels: never due again
      schedule_.representation_done(record.train_s, 1e30);
  }
  if (due.reconstruction && due.representation) last_full_step_ = record.step;
  return record;
}

std::optional<QualityRecord> QualityTracker::measure_final(Trainer& trainer) {
  if (last_full_step_ == trainer.steps_done()) return std::nullopt;
  return measure(trainer, {true, true});
}

}  // namespace rcmae
