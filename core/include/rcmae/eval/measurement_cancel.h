#pragma once
// Stopping a run must not wait for a measurement in progress: encoding a 10,000-image kNN
// bank with a 12-block encoder takes minutes on a busy laptop, and the window's Stop waits
// for the training thread to end. A CancelScope installs, on the thread that creates it and
// for its lifetime (as torch::NoGradGuard does), a question that long measurements ask
// between batches; when the answer is yes they throw MeasurementCancelled, which the
// training loop takes as "not measured", not as a failure. Without a scope nothing is ever
// cancelled, so the command line, sweeps and tests measure as before.
#include <functional>
#include <stdexcept>

namespace rcmae {

struct MeasurementCancelled : std::runtime_error {
  MeasurementCancelled() : std::runtime_error("measurement given up: the run is stopping") {}
};

class CancelScope {
 public:
  explicit CancelScope(std::function<bool()> cancelled);
  ~CancelScope();  // the scope it replaced (if any) holds again
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

  bool cancelled() const { return cancelled_ && cancelled_(); }

 private:
  std::function<bool()> cancelled_;
  CancelScope* outer_;
};

// Throws MeasurementCancelled when this thread's innermost CancelScope says so.
void throw_if_cancelled();

}  // namespace rcmae
