#pragma once
// A fork's fork.json as written by `rcmae fork` (fork/fork_runner.h) before it trains its
// arms: what was forked, at which step, for how long, and each arm with the settings it
// changes, control first. One reader for the child processes that train the arms, the
// window's Try a change and its live plot. Torch-free and Qt-free.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace rcmae::run {

struct ForkPlanFile {
  struct Arm {
    std::string name;
    // ("momentum", "0.999") as the arm was given; a number written as a number reads back
    // as its shortest text ("0.999").
    std::vector<std::pair<std::string, std::string>> settings;
  };
  std::string parent;  // the run folder forked
  int64_t parent_step = 0;
  int64_t steps = 0;  // each arm's, after the fork
  int64_t total_steps = 0;
  int repeats = 1;
  int processes = 1;  // arms trained at once
  int threads_each = 0;
  std::vector<Arm> arms;  // control first
};

// Reads DIR/fork.json. Throws std::runtime_error naming the file when it cannot be read, is
// not a JSON object or has no list of arms.
ForkPlanFile read_fork_plan_file(const std::filesystem::path& fork_dir);

}  // namespace rcmae::run
