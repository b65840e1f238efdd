#pragma once
// What `rcmae fork` is asked to do, checked before any work: the parent run, the arms and
// their settings, how long each arm trains and how many replicates. Torch-free.
//
// An arm is written NAME:SETTING=VALUE[,SETTING=VALUE...], e.g. "m999:momentum=0.999" or
// "half:mask-ratio=0.5,base-lr=2e-3"; NAME alone is an arm with the parent's settings (an A/A
// check). Settings are the ones a run can change while it trains (live changes): mask-ratio,
// mask-strategy, momentum, gamma, base-lr; `gamma=0` is the MAE arm (the teacher is no longer
// used by the loss, the student learns exactly as MAE's would). The control arm, "control",
// the parent's settings, is always run first.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "rcmae/train/live_changes.h"

namespace rcmae {

struct ForkArm {
  std::string name;
  LiveChanges changes;
  // The settings as given (canonical names, values as typed), for config.json and reports.
  std::vector<std::pair<std::string, std::string>> settings;
};

struct ForkPlan {
  std::filesystem::path parent;  // the run folder forked (its checkpoint.ckpt)
  int64_t at = -1;               // the step to fork at; -1: the checkpoint's (latest)
  std::vector<ForkArm> arms;     // control first
  int64_t steps = 0;             // steps every arm trains after the fork
  double time_budget_s = 0;      // or: seconds per arm, turned into steps from the parent's pace
  int repeats = 1;               // replicates, each with its own post-fork seed
  std::filesystem::path out;
  int threads = 0;  // 0: the parent's setting
  bool show_progress = true;
};

inline constexpr const char* kControlArm = "control";

// Parses one --arm value. Throws std::invalid_argument naming the arm and the problem: a bad
// name, a setting that does not exist, one that cannot change while a run trains (e.g.
// "batch is not a live setting"), a value that is not a number.
ForkArm parse_fork_arm(const std::string& text);

// The arms to run: control first, then `arms` in order. Throws std::invalid_argument for a
// repeated name or an arm named "control" with settings.
std::vector<ForkArm> arms_with_control(const std::vector<ForkArm>& arms);

// The folder of one arm in one replicate: OUT/ARM, or OUT/rK/ARM with several replicates.
std::filesystem::path arm_folder(const ForkPlan& plan, int replicate, const std::string& arm);

// Replicate 0 continues with the parent's random streams; replicate k > 0 gets its own seed,
// shared by every arm of that replicate.
uint64_t replicate_seed(uint64_t parent_seed, int replicate);

}  // namespace rcmae
