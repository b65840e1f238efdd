#include "runs/run_lineage.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include "runs/fork_values.h"

namespace rcmae::ui {
namespace {

// `rcmae fork` stores the values as typed ("0.999"); a hand-written entry may hold numbers.
QString value_text(const QJsonValue& value) {
  return value.isDouble() ? QString::number(value.toDouble(), 'g', 6) : value.toString();
}

// "m999 (momentum 0.999)", or the arm's name alone when it changed nothing (the control).
QString arm_text(const QJsonObject& fork) {
  ForkPlanInfo::Arm arm;
  arm.name = fork.value("arm").toString();
  const QJsonObject settings = fork.value("settings").toObject();
  for (auto it = settings.begin(); it != settings.end(); ++it)
    arm.settings.push_back({it.key(), value_text(it.value())});
  if (arm.settings.isEmpty()) return arm.name;
  return QString("%1 (%2)").arg(arm.name, fork_arm_settings_text(arm));
}

QString native(const QString& path) { return QDir::toNativeSeparators(path); }

}  // namespace

RunLineage run_lineage(const QJsonObject& config) {
  const QJsonObject fork = config.value("fork").toObject();
  if (fork.isEmpty()) return {};
  const QString parent = fork.value("parent").toString();
  const qint64 step = fork.value("parent_step").toInteger();
  const int replicate = fork.value("replicate").toInt(1),
            replicates = fork.value("replicates").toInt(1);
  QStringList parts = {QString("%1 @ %2").arg(QFileInfo(parent).fileName()).arg(step),
                       arm_text(fork)};
  // One replicate of several: which one, so that rows of the same arm can be told apart.
  if (replicates > 1) parts << QString("r%1/%2").arg(replicate).arg(replicates);

  QStringList tip = {QString("Forked from %1 at step %2").arg(native(parent)).arg(step)};
  tip << "Arm " + arm_text(fork);
  if (replicates > 1) tip << QString("Replicate %1 of %2").arg(replicate).arg(replicates);
  const QString fork_dir = fork.value("fork_dir").toString();
  if (!fork_dir.isEmpty()) tip << "Fork folder " + native(fork_dir);
  return {parts.join(" · "), tip.join("\n")};
}

}  // namespace rcmae::ui
