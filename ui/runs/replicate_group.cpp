#include "runs/replicate_group.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>

#include "runs/run_reader.h"

namespace rcmae::ui {
namespace {

ReplicateGroup fork_arm_group(const QJsonObject& fork) {
  if (fork.value("replicates").toInt(1) < 2) return {};
  const QString arm = fork.value("arm").toString();
  return {"fork " + fork.value("fork_dir").toString() + " " + arm, arm};
}

// A sweep names its points after their values, the seed among them ("mom0.97_seed1").
ReplicateGroup sweep_point_group(const QString& folder) {
  const QFileInfo info(folder);
  if (!QFileInfo::exists(QDir(info.absolutePath()).filePath("sweep.json"))) return {};
  const QString stem = point_without_seed(info.fileName());
  if (stem.isEmpty()) return {};
  return {"sweep " + info.absolutePath() + " " + stem, stem};
}

}  // namespace

QString point_without_seed(const QString& point) {
  static const QRegularExpression seed("_?seed-?\\d+");
  if (!point.contains(seed)) return {};
  QString stem = point;
  stem.remove(seed);
  if (stem.startsWith('_')) stem.remove(0, 1);
  return stem.isEmpty() ? QString("all seeds") : stem;
}

ReplicateGroup replicate_group(const RunReader& run) {
  const QJsonObject fork = run.config().value("fork").toObject();
  if (!fork.isEmpty()) return fork_arm_group(fork);
  return sweep_point_group(run.folder());
}

}  // namespace rcmae::ui
