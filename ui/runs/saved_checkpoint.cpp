#include "runs/saved_checkpoint.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "rcmae/run/run_files.h"

namespace rcmae::ui {

qint64 saved_checkpoint_step(const QString& run_dir) {
  QFile events(QDir(run_dir).filePath(run_files::kEvents));
  if (!events.open(QIODevice::ReadOnly)) return -1;
  qint64 saved = -1;
  for (const QByteArray& line : events.readAll().split('\n')) {
    if (!line.contains("\"checkpoint\"") && !line.contains("\"resume\"")) continue;
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    const QString type = event.value("type").toString();
    if (type == "checkpoint" || type == "resume") saved = qint64(event.value("step").toDouble(-1));
  }
  return saved;
}

}  // namespace rcmae::ui
