#include "rcmae/eval/measurement_cancel.h"

namespace rcmae {
namespace {
// Per thread: a scope on the training thread must not cancel a measurement that another
// thread (a fork's arm, a dialog's evaluation) runs at the same time.
thread_local CancelScope* innermost = nullptr;
}  // namespace

CancelScope::CancelScope(std::function<bool()> cancelled)
    : cancelled_(std::move(cancelled)), outer_(innermost) {
  innermost = this;
}

CancelScope::~CancelScope() { innermost = outer_; }

void throw_if_cancelled() {
  if (innermost && innermost->cancelled()) throw MeasurementCancelled();
}

}  // namespace rcmae
