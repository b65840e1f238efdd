#include "rcmae/fork/fork_plan.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "rcmae/cli/train_flags.h"

namespace rcmae {
namespace {

// "--mask_ratio", "mask_ratio", "Mask-Ratio" -> "mask-ratio".
std::string canonical_setting(std::string key) {
  while (!key.empty() && key.front() == '-') key.erase(key.begin());
  for (char& c : key) c = c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

const std::vector<std::string>& live_settings() {
  static const std::vector<std::string> names = {"mask-ratio", "mask-strategy", "momentum", "gamma",
                                                 "base-lr"};
  return names;
}

std::string live_settings_text() {
  std::string text;
  for (const auto& name : live_settings()) text += (text.empty() ? "" : ", ") + name;
  return text;
}

double parse_value(const std::string& arm, const std::string& key, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || errno == ERANGE)
    throw std::invalid_argument("--arm " + arm + ": " + key + "=" + value + " is not a number");
  return number;
}

void set_live(ForkArm& arm, const std::string& key, const std::string& value) {
  if (key == "mask-strategy") {
    arm.changes.mask_strategy = value;
    return;
  }
  const double number = parse_value(arm.name, key, value);
  if (key == "mask-ratio") arm.changes.mask_ratio = number;
  if (key == "momentum") arm.changes.momentum = number;
  if (key == "gamma") arm.changes.gamma = number;
  if (key == "base-lr") arm.changes.base_lr = number;
}

void check_name(const std::string& name, const std::string& text) {
  const bool ok = !name.empty() && name.size() <= 64 &&
                  std::all_of(name.begin(), name.end(),
                              [](char c) {
                                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                                       c == '_' || c == '.';
                              }) &&
                  name != "." && name != "..";
  if (!ok)
    throw std::invalid_argument("--arm " + text +
                                ": the name before ':' must be letters, digits, '-', '_' or '.'");
}

}  // namespace

ForkArm parse_fork_arm(const std::string& text) {
  ForkArm arm;
  const size_t colon = text.find(':');
  arm.name = text.substr(0, colon);
  check_name(arm.name, text);
  if (colon == std::string::npos) return arm;
  const std::string list = text.substr(colon + 1);
  size_t begin = 0;
  while (begin <= list.size()) {
    const size_t comma = std::min(list.find(',', begin), list.size());
    const std::string item = list.substr(begin, comma - begin);
    begin = comma + 1;
    const size_t equals = item.find('=');
    if (item.empty() || equals == std::string::npos || equals == 0 || equals + 1 == item.size())
      throw std::invalid_argument("--arm " + text + ": '" + item +
                                  "' is not SETTING=VALUE (e.g. momentum=0.999)");
    const std::string key = canonical_setting(item.substr(0, equals));
    const std::string value = item.substr(equals + 1);
    const bool live =
        std::find(live_settings().begin(), live_settings().end(), key) != live_settings().end();
    if (!live) {
      const auto flags = cli::train_option_names();
      if (flags.count("--" + key))
        throw std::invalid_argument("--arm " + text + ": " + key +
                                    " is not a live setting; an arm can change " +
                                    live_settings_text());
      throw std::invalid_argument("--arm " + text + ": unknown setting '" + key +
                                  "'; an arm can change " + live_settings_text());
    }
    for (const auto& [given, ignored] : arm.settings)
      if (given == key) throw std::invalid_argument("--arm " + text + ": " + key + " given twice");
    set_live(arm, key, value);
    arm.settings.emplace_back(key, value);
  }
  return arm;
}

std::vector<ForkArm> arms_with_control(const std::vector<ForkArm>& arms) {
  std::vector<ForkArm> all{ForkArm{kControlArm, {}, {}}};
  std::set<std::string> names{kControlArm};
  for (const ForkArm& arm : arms) {
    if (arm.name == kControlArm) {
      if (!arm.settings.empty())
        throw std::invalid_argument(
            "--arm control: 'control' is the parent's settings and is always run; name the arm "
            "otherwise");
      continue;
    }
    if (!names.insert(arm.name).second)
      throw std::invalid_argument("--arm " + arm.name + ": two arms have this name");
    all.push_back(arm);
  }
  return all;
}

std::filesystem::path arm_folder(const ForkPlan& plan, int replicate, const std::string& arm) {
  if (plan.repeats <= 1) return plan.out / arm;
  return plan.out / ("r" + std::to_string(replicate + 1)) / arm;
}

uint64_t replicate_seed(uint64_t parent_seed, int replicate) {
  if (replicate == 0) return parent_seed;
  // splitmix64 of (seed, replicate): neighbouring replicates get unrelated streams.
  uint64_t z = parent_seed + 0x9e3779b97f4a7c15ULL * uint64_t(replicate + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace rcmae
