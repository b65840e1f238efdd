#pragma once
// When to measure quality so that measuring costs at most a fixed share of training time.
// Two tiers: the held-out reconstruction (cheap, often) and the kNN / probe of both encoders
// (expensive, rarely). A tier is due once the training time since its last measurement is at
// least its last cost divided by its share; before its first measurement the representation
// tier's cost is estimated from the reconstruction tier's (kRepresentationCostEstimate times
// it). Pure arithmetic on times the caller passes in: testable without a clock.
// A fork's arms measure by steps instead (every_steps): every arm then measures at the same
// steps, so their held-out results can be compared pair by pair while they train.
#include <cstdint>

namespace rcmae {

class QualitySchedule {
 public:
  // Shares of training time each tier may take (the defaults sum to 5 %).
  explicit QualitySchedule(double reconstruction_share = 0.02, double representation_share = 0.03,
                           double min_reconstruction_interval_s = 2.0);
  // Benchmarks: each tier every fixed amount of training time instead (cost not bounded).
  static QualitySchedule every(double reconstruction_s, double representation_s);
  // The held-out reconstruction at every step that is a multiple of `reconstruction_steps`
  // (and at the step the run starts from); kNN and probe only at the end (measure_final).
  static QualitySchedule every_steps(int64_t reconstruction_steps);

  // `step`: the steps done, read only by an every_steps schedule.
  bool reconstruction_due(double train_s, int64_t step = 0) const;
  bool representation_due(double train_s) const;
  // Record a measurement taken at training time `train_s` that cost `cost_s` seconds.
  void reconstruction_done(double train_s, double cost_s);
  void representation_done(double train_s, double cost_s);

  // Encoding the labelled bank and queries with both encoders costs about this many
  // held-out reconstructions (measured: 20-40x for the recipes' shapes).
  static constexpr double kRepresentationCostEstimate = 30.0;

 private:
  double reconstruction_share_, representation_share_, min_reconstruction_interval_s_;
  double fixed_reconstruction_s_ = 0, fixed_representation_s_ = 0;  // > 0: fixed intervals
  int64_t reconstruction_steps_ = 0;                                // > 0: by steps (every_steps)
  double last_reconstruction_s_ = -1, reconstruction_cost_s_ = 0;
  double last_representation_s_ = 0, representation_cost_s_ = -1;
};

}  // namespace rcmae
