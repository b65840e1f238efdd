#include "resume_flags.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "rcmae/cli/train_flags.h"
#include "rcmae/io/train_config_json.h"

namespace rcmae::cli {
namespace {

// The value a switch stands for (--no-quality: false); nullopt for a flag with a value.
std::optional<bool> switch_value(const std::string& flag) {
  if (flag == "--norm-pix") return true;
  if (flag == "--no-norm-pix" || flag == "--no-quality") return false;
  return std::nullopt;
}

bool same_value(const ArgList& args, const std::string& flag, const nlohmann::json& run_value) {
  if (auto on = switch_value(flag)) return run_value.is_boolean() && run_value.get<bool>() == *on;
  if (run_value.is_number_unsigned())  // the seed: all 64 bits
    return args.whole_number(flag, 0) == run_value.get<unsigned long long>();
  if (run_value.is_number_integer()) return args.integer(flag, 0) == run_value.get<long long>();
  if (run_value.is_number()) {
    const double asked = args.number(flag, 0), had = run_value.get<double>();
    return std::abs(asked - had) <= 1e-12 * std::max(1.0, std::abs(had));
  }
  if (run_value.is_string()) return args.text(flag, "") == run_value.get<std::string>();
  return false;
}

// "--mask-ratio 0.5" or "--no-norm-pix"; the run's value as config.json spells it.
std::string given(const ArgList& args, const std::string& flag) {
  return switch_value(flag) ? flag : flag + " " + args.text(flag, "");
}
std::string shown(const std::string& flag, const nlohmann::json& value) {
  if (switch_value(flag))  // the setting's own name: "--no-norm-pix differs from the run's
                           // norm_pix_loss true"
    return train_flag_json_pointer(flag).substr(train_flag_json_pointer(flag).rfind('/') + 1) +
           " " + value.dump();
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// Sets the one live setting `flag` names (LiveChanges); false when it names none.
bool add_live_change(const ArgList& args, const std::string& flag, LiveChanges& changes) {
  if (flag == "--mask-ratio")
    changes.mask_ratio = args.number(flag, 0);
  else if (flag == "--momentum")
    changes.momentum = args.number(flag, 0);
  else if (flag == "--gamma")
    changes.gamma = args.number(flag, 0);
  else if (flag == "--base-lr")
    changes.base_lr = args.number(flag, 0);
  else if (flag == "--mask-strategy")
    changes.mask_strategy = args.text(flag, "");
  else
    return false;
  return true;
}

void apply_environment_flag(const ArgList& args, const std::string& flag, TrainConfig& run) {
  if (flag == "--threads") run.threads = static_cast<int>(args.integer(flag, run.threads));
  if (flag == "--workers")
    run.data_workers = static_cast<int>(args.integer(flag, run.data_workers));
  if (flag == "--device") run.device = args.text(flag, run.device);
  if (flag == "--kernels") run.kernels = args.text(flag, run.kernels);
}

bool is_environment_flag(const std::string& flag) {
  return flag == "--threads" || flag == "--workers" || flag == "--device" || flag == "--kernels";
}

}  // namespace

LiveChanges apply_resume_flags(const ArgList& args, TrainConfig& run) {
  const nlohmann::json run_json = to_json(run);
  LiveChanges changes;
  std::vector<std::string> applied;  // logged once every flag has passed
  for (const std::string& flag : train_option_names()) {
    if (!args.has(flag) || flag == "--steps") continue;
    if (is_environment_flag(flag)) {
      apply_environment_flag(args, flag, run);
      continue;
    }
    const std::string field = train_flag_json_pointer(flag);  // "" for --config
    if (field.empty() || !run_json.contains(nlohmann::json::json_pointer(field)))
      throw UsageError("--resume: " + flag +
                       " cannot be changed in a resumed run; the run's "
                       "config.json wins — drop the flag or start a new run");
    const nlohmann::json& had = run_json.at(nlohmann::json::json_pointer(field));
    if (same_value(args, flag, had)) continue;
    if (add_live_change(args, flag, changes)) {
      applied.push_back(given(args, flag) + " differs from the run's " + shown(flag, had));
      continue;
    }
    throw UsageError("--resume: " + given(args, flag) + " differs from the run's " +
                     shown(flag, had) +
                     "; the run's config.json wins — drop the flag or start a new run");
  }
  TrainConfig changed = run;  // an impossible live value is refused now, not at the step
  if (changes.mask_ratio) changed.mask_ratio = *changes.mask_ratio;
  if (changes.momentum) changed.momentum = *changes.momentum;
  if (changes.gamma) changed.gamma = *changes.gamma;
  if (changes.base_lr) changed.base_lr = *changes.base_lr;
  if (changes.mask_strategy) changed.mask_strategy = *changes.mask_strategy;
  if (auto problem = validate(changed)) throw UsageError(problem->to_string());
  for (const auto& line : applied)
    spdlog::info("--resume: {}: applied as a live change at the first resumed step", line);
  return changes;
}

}  // namespace rcmae::cli
