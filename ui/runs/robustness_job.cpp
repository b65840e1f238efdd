#include "runs/robustness_job.h"

#include <QMetaObject>

#include "runs/readable_error.h"

namespace rcmae::ui {
namespace {

// Thrown from the row callback to unwind evaluate_checkpoint() when a stop was asked for.
struct EvaluationStopped {};

}  // namespace

RobustnessJob::RobustnessJob(QObject* parent) : QObject(parent) {}

RobustnessJob::~RobustnessJob() {
  stop_requested_ = true;
  // Signals the worker queued but that were not delivered yet die with this object.
  joinWorker();
}

bool RobustnessJob::start(const EvalRequest& request) {
  if (running_) return false;  // not running: the previous worker has been joined
  stop_requested_ = false;
  running_ = true;
  worker_ = std::thread([this, request] { evaluate(request); });
  return true;
}

void RobustnessJob::stop() { stop_requested_ = true; }

void RobustnessJob::joinWorker() {
  if (worker_.joinable()) worker_.join();
}

template <typename EmitSignal>
void RobustnessJob::endWith(EmitSignal emit_signal) {
  QMetaObject::invokeMethod(
      this,
      [this, emit_signal] {
        joinWorker();  // the worker posted this as its last act: the join is immediate
        running_ = false;
        emit_signal();
      },
      Qt::QueuedConnection);
}

void RobustnessJob::evaluate(const EvalRequest& request) {
  auto row_done = [this](const RobustnessRow& row) {
    if (stop_requested_) throw EvaluationStopped{};
    QMetaObject::invokeMethod(
        this, [this, row] { Q_EMIT rowDone(row); }, Qt::QueuedConnection);
  };
  try {
    EvalReport report = evaluate_checkpoint(request, row_done);
    endWith([this, report] { Q_EMIT finished(report); });
  } catch (const EvaluationStopped&) {
    endWith([this] { Q_EMIT cancelled(); });
  } catch (const std::exception& error) {
    const QString message = readable_error(error.what(), "the evaluation failed without a message");
    endWith([this, message] { Q_EMIT failed(message); });
  } catch (...) {
    endWith([this] { Q_EMIT failed("the evaluation failed with an unknown error"); });
  }
}

}  // namespace rcmae::ui
