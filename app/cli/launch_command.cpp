// rcmae launch: N local ranks of `rcmae train`, as torchrun --nproc-per-node N would start
// them. Each rank is /proc/self/exe with RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE,
// MASTER_ADDR and MASTER_PORT set; its output comes back line by line with a [rank k]
// prefix. When a rank fails, the others are stopped (SIGTERM, then SIGKILL after 5 s) and
// launch exits non-zero.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.h"
#include "rcmae/cli/arg_list.h"

namespace rcmae::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_signal(int) { g_interrupted = 1; }

// A port the kernel considers free right now (bind to port 0, read it back, release it).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("finding a free port: " + why);
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct Rank {
  pid_t pid = -1;
  int fd = -1;  // read end of the rank's stdout+stderr
  std::string pending;
  bool running = true;
  int status = 0;
};

void emit(int rank, const std::string& line) {
  std::printf("[rank %d] %s\n", rank, line.c_str());
  std::fflush(stdout);
}

void drain(Rank& r, int index, bool at_eof) {
  size_t start = 0, end;
  while ((end = r.pending.find('\n', start)) != std::string::npos) {
    emit(index, r.pending.substr(start, end - start));
    start = end + 1;
  }
  r.pending.erase(0, start);
  if (at_eof && !r.pending.empty()) {
    emit(index, r.pending);
    r.pending.clear();
  }
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
  return "ended";
}

}  // namespace

int run_launch(const std::vector<std::string>& argv) {
  std::vector<std::string> own, forwarded;
  bool after = false;
  for (const auto& a : argv) {
    if (!after && a == "--") {
      after = true;
      continue;
    }
    (after ? forwarded : own).push_back(a);
  }
  ArgList args(own, {});
  args.reject_unknown({"--nproc", "--master-port", "--master-addr"});
  if (!after) throw UsageError("usage: rcmae launch --nproc N [--master-port P] -- TRAIN_OPTIONS");
  const long long nproc = args.integer("--nproc", 0);
  if (nproc < 1 || nproc > 256)
    throw UsageError("--nproc: expected 1-256, got " + std::to_string(nproc));
  const std::string addr = args.text("--master-addr", "127.0.0.1");
  const int port = static_cast<int>(args.integer("--master-port", 0));
  const int master_port = port > 0 ? port : free_port();
  std::fprintf(stderr, "rcmae launch: %lld ranks, master %s:%d\n", nproc, addr.c_str(),
               master_port);

  struct sigaction action {};
  action.sa_handler = on_signal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGHUP, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const pid_t launcher = ::getpid();
  std::vector<Rank> ranks(static_cast<size_t>(nproc));
  for (int k = 0; k < nproc; ++k) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the launcher
      if (::getppid() != launcher) ::_exit(127);
      // Its own process group: a terminal's Ctrl-C reaches the launcher alone, which sends
      // each rank one SIGTERM (a rank's clean stop; a second signal would end it at once).
      ::setpgid(0, 0);
      ::dup2(fds[1], STDOUT_FILENO);
      ::dup2(fds[1], STDERR_FILENO);
      ::setenv("RANK", std::to_string(k).c_str(), 1);
      ::setenv("LOCAL_RANK", std::to_string(k).c_str(), 1);
      ::setenv("WORLD_SIZE", std::to_string(nproc).c_str(), 1);
      ::setenv("LOCAL_WORLD_SIZE", std::to_string(nproc).c_str(), 1);
      ::setenv("MASTER_ADDR", addr.c_str(), 1);
      ::setenv("MASTER_PORT", std::to_string(master_port).c_str(), 1);
      std::vector<std::string> child{"rcmae", "train"};
      child.insert(child.end(), forwarded.begin(), forwarded.end());
      std::vector<char*> cargv;
      for (auto& s : child) cargv.push_back(s.data());
      cargv.push_back(nullptr);
      ::execv("/proc/self/exe", cargv.data());
      std::fprintf(stderr, "exec /proc/self/exe: %s\n", std::strerror(errno));
      ::_exit(127);
    }
    ::close(fds[1]);
    ranks[k].pid = pid;
    ranks[k].fd = fds[0];
  }

  int exit_code = 0;
  bool stopping = false;
  std::chrono::steady_clock::time_point kill_at;
  auto stop_all = [&](const char* why) {
    if (stopping) return;
    stopping = true;
    std::fprintf(stderr, "rcmae launch: %s; stopping the other ranks\n", why);
    for (auto& r : ranks)
      if (r.running) ::kill(r.pid, SIGTERM);
    kill_at = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  };

  for (;;) {
    std::vector<pollfd> polls;
    std::vector<int> owners;
    for (int k = 0; k < nproc; ++k)
      if (ranks[k].fd >= 0) {
        polls.push_back({ranks[k].fd, POLLIN, 0});
        owners.push_back(k);
      }
    bool any_running = false;
    for (auto& r : ranks) any_running = any_running || r.running;
    if (polls.empty() && !any_running) break;
    if (!polls.empty()) {
      ::poll(polls.data(), polls.size(), 200);
    } else {
      ::usleep(50 * 1000);
    }
    for (size_t i = 0; i < polls.size(); ++i) {
      if (!(polls[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Rank& r = ranks[owners[i]];
      char buffer[4096];
      const ssize_t got = ::read(r.fd, buffer, sizeof buffer);
      if (got > 0) {
        r.pending.append(buffer, static_cast<size_t>(got));
        drain(r, owners[i], false);
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        drain(r, owners[i], true);
        ::close(r.fd);
        r.fd = -1;
      }
    }
    for (int k = 0; k < nproc; ++k) {
      Rank& r = ranks[k];
      if (!r.running) continue;
      int status = 0;
      if (::waitpid(r.pid, &status, WNOHANG) != r.pid) continue;
      r.running = false;
      r.status = status;
      const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (!ok && !stopping) {
        exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        const std::string why = "rank " + std::to_string(k) + " " + describe(status);
        stop_all(why.c_str());
      }
    }
    if (g_interrupted && !stopping) {
      exit_code = 130;
      stop_all("interrupted");
    }
    if (stopping && std::chrono::steady_clock::now() > kill_at)
      for (auto& r : ranks)
        if (r.running) ::kill(r.pid, SIGKILL);
  }
  if (exit_code == 0)
    std::fprintf(stderr, "rcmae launch: all %lld ranks finished\n", nproc);
  else
    std::fprintf(stderr, "rcmae launch: failed (exit code %d)\n", exit_code);
  return exit_code;
}

}  // namespace rcmae::cli
