#include "runs/finetune_job.h"

#include <QMetaObject>

#include "runs/readable_error.h"

namespace rcmae::ui {
FinetuneJob::FinetuneJob(QObject* parent) : QObject(parent) {}

FinetuneJob::~FinetuneJob() {
  stop_requested_ = true;
  joinWorker();
}

bool FinetuneJob::start(const FinetuneRequest& request) {
  if (running_) return false;
  stop_requested_ = false;
  running_ = true;
  worker_ = std::thread([this, request] { run(request); });
  return true;
}

void FinetuneJob::stop() { stop_requested_ = true; }

void FinetuneJob::joinWorker() {
  if (worker_.joinable()) worker_.join();
}

template <typename EmitSignal>
void FinetuneJob::endWith(EmitSignal emit_signal) {
  QMetaObject::invokeMethod(
      this,
      [this, emit_signal] {
        joinWorker();  // the worker posted this as its last act: the join is immediate
        running_ = false;
        emit_signal();
      },
      Qt::QueuedConnection);
}

void FinetuneJob::run(const FinetuneRequest& request) {
  auto progress = [this](const FinetuneProgress& p) {
    // Every step would flood the event queue at small batches; epochs always get through.
    if (p.test_top1 || p.step == 1 || p.step % 5 == 0 || p.step == p.total_steps)
      QMetaObject::invokeMethod(
          this, [this, p] { Q_EMIT progressed(p); }, Qt::QueuedConnection);
    return !stop_requested_.load();
  };
  try {
    FinetuneReport report = run_finetune(request, progress);
    endWith([this, report] { Q_EMIT finished(report); });
  } catch (const std::exception& error) {
    const QString message = readable_error(error.what(), "fine-tuning failed without a message");
    endWith([this, message] { Q_EMIT failed(message); });
  } catch (...) {
    endWith([this] { Q_EMIT failed("fine-tuning failed with an unknown error"); });
  }
}

}  // namespace rcmae::ui
