#pragma once
// SIGTERM, SIGINT and SIGHUP (logout, shutdown, `kill`, Ctrl-C) as a request to stop
// cleanly: the handler only records the signal and writes one byte to a self-pipe (both
// async-signal-safe); the training loop polls stop_signal_received() between steps, the
// window watches stop_signal_fd() with a QSocketNotifier. A second signal ends the
// process at once, as if no handler were installed. No torch, no Qt.
namespace rcmae {

// Installs the handlers (idempotent). Throws std::runtime_error if the pipe or a handler
// cannot be set up.
void install_stop_signals();
// The first stop signal received since install_stop_signals() (0: none).
int stop_signal_received();
// The read end of the self-pipe (non-blocking; one byte per signal); -1 before install.
int stop_signal_fd();
// Forgets a received signal and re-arms the handlers (tests, and a caller that handled it).
void clear_stop_signal();
// "SIGTERM", "SIGINT" or "SIGHUP" ("a signal" for any other).
const char* stop_signal_name(int signal_number);

}  // namespace rcmae
