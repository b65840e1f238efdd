#include "runs/child_process.h"

#include <QProcess>

namespace rcmae::ui {

void end_child_process(QProcess*& process, const QObject* listener) {
  if (!process) return;
  process->disconnect(listener);
  if (process->state() != QProcess::NotRunning) {
    process->kill();
    process->waitForFinished(3000);
  }
  process->deleteLater();
  process = nullptr;
}

}  // namespace rcmae::ui
