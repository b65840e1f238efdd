#include "fork_arm_processes.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "commands.h"
#include "rcmae/cli/arg_list.h"

namespace rcmae::cli {
namespace {

// The last line of the child's log that says why it stopped.
std::string last_error_line(const std::string& file) {
  std::ifstream in(file);
  std::string line, last, last_error;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last = line;
    if (line.find("error") != std::string::npos) last_error = line;
  }
  std::string why = last_error.empty() ? last : last_error;
  const size_t prefix = why.find(": error: ");  // "rcmae fork-arm: error: loss is nan ..."
  return prefix == std::string::npos ? why : why.substr(prefix + 9);
}

std::string exit_description(int status) {
  if (WIFSIGNALED(status)) return "stopped by signal " + std::to_string(WTERMSIG(status));
  return "exit code " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::string ForkArmProcesses::log_file(const ForkArmJob& job) const {
  return arm_folder(plan_, job.replicate, plan_.arms.at(job.arm).name).string() + ".log";
}

void ForkArmProcesses::start(const ForkArmJob& job) {
  const std::string log = log_file(job);
  std::filesystem::create_directories(std::filesystem::path(log).parent_path());
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(log + ": cannot write (" + std::strerror(errno) + ")");
  std::vector<std::string> argv{"rcmae",
                                "fork-arm",
                                plan_.out.string(),
                                plan_.arms[job.arm].name,
                                std::to_string(job.replicate + 1),
                                std::to_string(job.threads)};
  std::vector<char*> cargv;
  for (auto& arg : argv) cargv.push_back(arg.data());
  cargv.push_back(nullptr);
  const pid_t parent = ::getpid();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fd);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive `rcmae fork` (the window's Cancel)
    if (::getppid() != parent) ::_exit(127);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::execv("/proc/self/exe", cargv.data());
    std::fprintf(stderr, "rcmae fork-arm: error: exec /proc/self/exe: %s\n", std::strerror(errno));
    ::_exit(127);
  }
  ::close(fd);
  running_[pid] = job;
}

std::pair<ForkArmJob, std::string> ForkArmProcesses::wait_one() {
  for (;;) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    const auto it = running_.find(pid);
    if (it == running_.end()) continue;  // not one of ours
    const ForkArmJob job = it->second;
    running_.erase(it);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {job, ""};
    const std::string why = last_error_line(log_file(job));
    return {job, (why.empty() ? exit_description(status) : why) + " (log: " + log_file(job) + ")"};
  }
}

ForkArmProcesses::~ForkArmProcesses() {
  for (const auto& [pid, job] : running_) ::kill(pid, SIGTERM);
  for (const auto& [pid, job] : running_) ::waitpid(pid, nullptr, 0);
}

int run_fork_arm_command(const std::vector<std::string>& args) {
  if (args.size() != 4)
    throw UsageError("fork-arm: OUT ARM REPLICATE THREADS (started by rcmae fork)");
  ForkPlan plan = read_fork_plan(args[0]);
  plan.show_progress = false;
  ForkArmJob job;
  job.arm = plan.arms.size();
  for (size_t a = 0; a < plan.arms.size(); ++a)
    if (plan.arms[a].name == args[1]) job.arm = a;
  if (job.arm == plan.arms.size())
    throw UsageError("fork-arm: " + args[0] + " has no arm named " + args[1]);
  job.replicate = std::stoi(args[2]) - 1;
  job.threads = std::stoi(args[3]);
  if (job.replicate < 0 || job.replicate >= plan.repeats || job.threads < 0)
    throw UsageError("fork-arm: replicate " + args[2] + " or threads " + args[3] + " out of range");
  train_fork_arm(plan, job);
  return 0;
}

}  // namespace rcmae::cli
