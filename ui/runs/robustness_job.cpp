#include "runs/robustness_job.h"

#include <QMetaObject>

#include "runs/readable_error.h"

namespace rcmae::ui {
namespace {

// Thrown from the row callback to unwind evaluate_checkpoint() when a stop was asked for.
struct EvaluationStopped {};

}  // namespace

RobustnessJob::RobustnessJob(QObject* parent) : QObject(parent) {}

RobustnessJob::~RobustnessJob() = default;  // thread_ stops the evaluation and waits

bool RobustnessJob::start(const EvalRequest& request) {
  return thread_.start([this, request] { evaluate(request); });
}

void RobustnessJob::stop() { thread_.requestStop(); }

void RobustnessJob::evaluate(const EvalRequest& request) {
  auto row_done = [this](const RobustnessRow& row) {
    if (thread_.stopRequested()) throw EvaluationStopped{};
    QMetaObject::invokeMethod(
        this, [this, row] { Q_EMIT rowDone(row); }, Qt::QueuedConnection);
  };
  try {
    EvalReport report = evaluate_checkpoint(request, row_done);
    thread_.finish(this, [this, report] { Q_EMIT finished(report); });
  } catch (const EvaluationStopped&) {
    thread_.finish(this, [this] { Q_EMIT cancelled(); });
  } catch (const std::exception& error) {
    const QString message = readable_error(error.what(), "the evaluation failed without a message");
    thread_.finish(this, [this, message] { Q_EMIT failed(message); });
  } catch (...) {
    thread_.finish(this, [this] { Q_EMIT failed("the evaluation failed with an unknown error"); });
  }
}

}  // namespace rcmae::ui
