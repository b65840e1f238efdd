#pragma once
// Hyper-parameters a user may change while training runs. Each field left empty keeps its
// value; the trainer applies a change at the start of the next step and records it.
#include <optional>
#include <string>

namespace rcmae {

struct LiveChanges {
  std::optional<double> mask_ratio;
  std::optional<double> momentum;  // base momentum m0 of the schedule
  std::optional<double> gamma;
  std::optional<double> base_lr;
  std::optional<std::string> mask_strategy;  // random | block | grid

  bool empty() const { return !mask_ratio && !momentum && !gamma && !base_lr && !mask_strategy; }
  // Takes every field `newer` sets: the one rule by which queued requests combine.
  void merge(const LiveChanges& newer) {
    if (newer.mask_ratio) mask_ratio = newer.mask_ratio;
    if (newer.momentum) momentum = newer.momentum;
    if (newer.gamma) gamma = newer.gamma;
    if (newer.base_lr) base_lr = newer.base_lr;
    if (newer.mask_strategy) mask_strategy = newer.mask_strategy;
  }
};

// One applied change, as recorded in events.jsonl and drawn as a marker on the plots.
struct ParameterEvent {
  long long step = 0;  // first step that used the new value
  // "mask_ratio", "momentum", "gamma", "base_lr", "mask_strategy" (values: 0 random,
  // 1 block, 2 grid)
  std::string name;
  double old_value = 0;
  double new_value = 0;
};

}  // namespace rcmae
