#pragma once
// The arms of `rcmae fork` as child processes, several at once: each child is
// `/proc/self/exe fork-arm OUT ARM REPLICATE THREADS`, which reads OUT/fork.json and trains that
// one arm. Separate processes, not threads, because a run draws from torch's process-wide
// generator and sets the process's intra-op thread count; each child's output goes to
// ARM_FOLDER.log beside the arm's folder (its last line names a failure).
#include <sys/types.h>

#include <map>
#include <string>
#include <utility>

#include "rcmae/fork/fork_runner.h"

namespace rcmae::cli {

class ForkArmProcesses : public ForkArmLauncher {
 public:
  explicit ForkArmProcesses(const ForkPlan& plan) : plan_(plan) {}
  // Children still running (the control failed, or an exception) are stopped and reaped.
  ~ForkArmProcesses() override;
  void start(const ForkArmJob& job) override;
  std::pair<ForkArmJob, std::string> wait_one() override;

 private:
  std::string log_file(const ForkArmJob& job) const;
  const ForkPlan& plan_;
  std::map<pid_t, ForkArmJob> running_;
};

}  // namespace rcmae::cli
