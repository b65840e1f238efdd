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

  bool empty() const { return !mask_ratio && !momentum && !gamma && !base_lr; }
};

// One applied change, as recorded in events.jsonl and drawn as a marker on the plots.
struct ParameterEvent {
  long long step = 0;  // first step that used the new value
  std::string name;    // "mask_ratio", "momentum", "gamma", "base_lr"
  double old_value = 0;
  double new_value = 0;
};

}  // namespace rcmae
