#include "rcmae/util/stop_signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

namespace rcmae {
namespace {

constexpr int kStopSignals[] = {SIGTERM, SIGINT, SIGHUP};

// Lock-free atomics are async-signal-safe; the handler touches nothing else but write(2).
std::atomic<int> g_received{0};
std::atomic<int> g_pipe_write{-1};
std::atomic<int> g_pipe_read{-1};
static_assert(std::atomic<int>::is_always_lock_free);

void on_stop_signal(int signal_number) {
  int expected = 0;
  if (!g_received.compare_exchange_strong(expected, signal_number)) {
    // The second signal: the user (or the system) will not wait for a clean stop.
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  const int saved_errno = errno;  // the interrupted code may be about to read errno
  const char byte = static_cast<char>(signal_number);
  [[maybe_unused]] const ssize_t ignored = ::write(g_pipe_write.load(), &byte, 1);
  errno = saved_errno;
}

void open_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::runtime_error(std::string("stop signals: pipe: ") + std::strerror(errno));
  g_pipe_read = fds[0];
  g_pipe_write = fds[1];
}

void set_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // reads and writes in the training code are not cut short
  for (int signal_number : kStopSignals)
    if (::sigaction(signal_number, &action, nullptr) != 0)
      throw std::runtime_error(std::string("stop signals: sigaction: ") + std::strerror(errno));
}

}  // namespace

void install_stop_signals() {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  if (g_pipe_read.load() < 0) open_pipe();
  set_handlers();
}

int stop_signal_received() { return g_received.load(); }

int stop_signal_fd() { return g_pipe_read.load(); }

void clear_stop_signal() {
  char bytes[16];
  if (g_pipe_read.load() >= 0)
    while (::read(g_pipe_read.load(), bytes, sizeof bytes) > 0) {
    }
  g_received = 0;
  if (g_pipe_read.load() >= 0) set_handlers();
}

const char* stop_signal_name(int signal_number) {
  switch (signal_number) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

}  // namespace rcmae
