#include "rcmae/eval/quality_schedule.h"

#include <algorithm>

namespace rcmae {

QualitySchedule::QualitySchedule(double reconstruction_share, double representation_share,
                                 double min_reconstruction_interval_s)
    : reconstruction_share_(reconstruction_share),
      representation_share_(representation_share),
      min_reconstruction_interval_s_(min_reconstruction_interval_s) {}

QualitySchedule QualitySchedule::every(double reconstruction_s, double representation_s) {
  QualitySchedule schedule;
  schedule.fixed_reconstruction_s_ = reconstruction_s;
  schedule.fixed_representation_s_ = representation_s;
  return schedule;
}

QualitySchedule QualitySchedule::every_steps(int64_t reconstruction_steps) {
  QualitySchedule schedule;
  schedule.reconstruction_steps_ = std::max<int64_t>(1, reconstruction_steps);
  schedule.fixed_representation_s_ = 1e300;  // never during the run: measure_final does it
  return schedule;
}

bool QualitySchedule::reconstruction_due(double train_s, int64_t step) const {
  if (last_reconstruction_s_ < 0) return true;  // the untrained starting point
  if (reconstruction_steps_ > 0) return step % reconstruction_steps_ == 0;
  const double wait = fixed_reconstruction_s_ > 0
                          ? fixed_reconstruction_s_
                          : std::max(min_reconstruction_interval_s_,
                                     reconstruction_cost_s_ / reconstruction_share_);
  return train_s - last_reconstruction_s_ >= wait;
}

bool QualitySchedule::representation_due(double train_s) const {
  if (last_reconstruction_s_ < 0) return false;  // nothing to estimate its cost from yet
  if (fixed_representation_s_ > 0)
    return train_s - last_representation_s_ >= fixed_representation_s_;
  const double cost = representation_cost_s_ >= 0
                          ? representation_cost_s_
                          : kRepresentationCostEstimate * reconstruction_cost_s_;
  return train_s - last_representation_s_ >= cost / representation_share_;
}

void QualitySchedule::reconstruction_done(double train_s, double cost_s) {
  last_reconstruction_s_ = train_s;
  reconstruction_cost_s_ = cost_s;
}

void QualitySchedule::representation_done(double train_s, double cost_s) {
  last_representation_s_ = train_s;
  representation_cost_s_ = cost_s;
}

}  // namespace rcmae
