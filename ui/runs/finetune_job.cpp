#include "runs/finetune_job.h"

#include <QMetaObject>

#include "runs/readable_error.h"

namespace rcmae::ui {
FinetuneJob::FinetuneJob(QObject* parent) : QObject(parent) {}

FinetuneJob::~FinetuneJob() = default;  // thread_ stops the fine-tune and waits

bool FinetuneJob::start(const FinetuneRequest& request) {
  return thread_.start([this, request] { run(request); });
}

void FinetuneJob::stop() { thread_.requestStop(); }

void FinetuneJob::run(const FinetuneRequest& request) {
  auto progress = [this](const FinetuneProgress& p) {
    // Every step would flood the event queue at small batches; epochs always get through.
    if (p.test_top1 || p.step == 1 || p.step % 5 == 0 || p.step == p.total_steps)
      QMetaObject::invokeMethod(
          this, [this, p] { Q_EMIT progressed(p); }, Qt::QueuedConnection);
    return !thread_.stopRequested();
  };
  try {
    FinetuneReport report = run_finetune(request, progress);
    thread_.finish(this, [this, report] { Q_EMIT finished(report); });
  } catch (const std::exception& error) {
    const QString message = readable_error(error.what(), "fine-tuning failed without a message");
    thread_.finish(this, [this, message] { Q_EMIT failed(message); });
  } catch (...) {
    thread_.finish(this, [this] { Q_EMIT failed("fine-tuning failed with an unknown error"); });
  }
}

}  // namespace rcmae::ui
