#include "rcmae/run/fork_plan_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "rcmae/run/run_files.h"

namespace rcmae::run {
namespace {

// A setting's value as text: strings as written, numbers in their shortest form.
std::string setting_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_number()) return value.dump();
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value.get<double>());
  return text;
}

ForkPlanFile::Arm arm_of(const nlohmann::json& json) {
  ForkPlanFile::Arm arm;
  arm.name = json.value("name", std::string());
  if (json.contains("settings") && json["settings"].is_object())
    for (const auto& [key, value] : json["settings"].items())
      arm.settings.emplace_back(key, setting_text(value));
  return arm;
}

}  // namespace

ForkPlanFile read_fork_plan_file(const std::filesystem::path& fork_dir) {
  const std::filesystem::path file = fork_dir / run_files::kForkPlan;
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw std::runtime_error(file.string() + ": not a JSON object");
  if (!json.contains("arms") || !json["arms"].is_array())
    throw std::runtime_error(file.string() + ": has no \"arms\" list (not a fork plan)");
  ForkPlanFile plan;
  plan.parent = json.value("parent", std::string());
  plan.parent_step = json.value("parent_step", int64_t(0));
  plan.steps = json.value("steps", int64_t(0));
  plan.total_steps = json.value("total_steps", int64_t(0));
  plan.repeats = std::max(1, json.value("repeats", 1));
  plan.processes = std::max(1, json.value("processes", 1));
  plan.threads_each = json.value("threads_each", 0);
  for (const auto& arm : json["arms"])
    if (arm.is_object() && !arm.value("name", std::string()).empty())
      plan.arms.push_back(arm_of(arm));
  return plan;
}

}  // namespace rcmae::run
