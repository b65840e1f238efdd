#include "runs/fork_values.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace rcmae::ui {
namespace {

bool same_value(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1e-300, std::abs(a), std::abs(b)});
}

}  // namespace

const QVector<ForkSetting>& fork_settings() {
  static const QVector<ForkSetting> settings = {
      {"momentum", "EMA momentum", "momentum", "momentum",
       "How slowly the teacher follows the student: at 0.999 it barely moves each step, at 0.9 "
       "it stays close behind.",
       "e.g. 0.9, 0.999"},
      {"mask-ratio", "Mask ratio", "mask ratio", "mask_ratio",
       "The share of patches hidden from the student: 0.75 hides three in four.", "e.g. 0.6, 0.9"},
      {"gamma", "Consistency weight γ", "γ", "gamma",
       "How strongly the student is also pulled towards the teacher's reconstruction; 0 trains "
       "as plain MAE.",
       "e.g. 0, 0.5, 2"},
      {"base-lr", "Base learning rate", "base lr", "base_lr",
       "The learning rate per 256 images, before warm-up and decay scale it for the batch.",
       "e.g. half and twice the current value"},
  };
  return settings;
}

const ForkSetting* fork_setting(const QString& name) {
  for (const ForkSetting& setting : fork_settings())
    if (name == setting.name) return &setting;
  return nullptr;
}

QString fork_values_example(const ForkSetting& setting, double current) {
  if (QString(setting.name) == "base-lr" && std::isfinite(current) && current > 0)
    return QString("e.g. %1, %2")
        .arg(ForkProcess::valueText(current / 2), ForkProcess::valueText(current * 2));
  return setting.example;
}

QString fork_values_problem(const QString& text, const QString& setting, double current,
                            const QString& run_mode, QVector<double>* values) {
  const ForkSetting* info = fork_setting(setting);
  if (!info) return QString("'%1' is not a setting an arm can change").arg(setting);
  QVector<double> numbers;
  const QStringList parts = text.split(QRegularExpression("[,;\\s]+"), Qt::SkipEmptyParts);
  QString problem;
  for (const QString& part : parts) {
    bool ok = false;
    const double v = part.toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
      problem = QString(
                    "“%1” is not a number. Type one to three values separated by commas "
                    "or spaces, %2.")
                    .arg(part, QString(info->example));
      break;
    }
    numbers << v;
  }
  if (values) *values = numbers;
  if (!problem.isEmpty()) return problem;
  if (numbers.isEmpty())
    return QString("Type one to three values to try, %1.").arg(QString(info->example));
  if (numbers.size() > kMaxForkValues)
    return QString(
               "At most %1 values: each arm trains for its own time, then measures for "
               "about 20 s.")
        .arg(kMaxForkValues);
  if (run_mode == "mae" && (setting == "momentum" || setting == "gamma"))
    return QString(
               "This run is MAE: it has no teacher, so its %1 changes nothing. Try the "
               "mask ratio or the learning rate.")
        .arg(QString(info->label).toLower());
  for (int i = 0; i < numbers.size(); ++i) {
    const double v = numbers[i];
    const QString shown = ForkProcess::valueText(v);
    for (int j = 0; j < i; ++j)
      if (same_value(numbers[j], v)) return QString("%1 is given twice.").arg(shown);
    if (std::isfinite(current) && same_value(v, current))
      return QString(
                 "%1 is the current %2: that is the control, which always runs. Try "
                 "other values.")
          .arg(shown, QString(info->short_name));
    if (setting == "momentum" && (v < 0 || v > 1))
      return QString("The EMA momentum must be between 0 and 1, not %1.").arg(shown);
    if (setting == "mask-ratio" && (v <= 0 || v >= 1))
      return QString("The mask ratio must be more than 0 and less than 1, not %1.").arg(shown);
    if (setting == "gamma" && v < 0)
      return QString("The consistency weight γ cannot be negative (%1).").arg(shown);
    if (setting == "base-lr" && v <= 0)
      return QString("The base learning rate must be more than 0, not %1.").arg(shown);
  }
  return {};
}

QString fork_control_value_text(const QJsonObject& control_config, const QString& setting,
                                double fallback) {
  const ForkSetting* info = fork_setting(setting);
  const QJsonValue v =
      control_config.value(info ? info->config_key : QString(setting).replace('-', '_'));
  if (v.isDouble()) return ForkProcess::valueText(v.toDouble());
  if (v.isString()) return v.toString();
  return std::isfinite(fallback) ? ForkProcess::valueText(fallback) : QString("?");
}

bool fork_tried_setting(const ForkPlanInfo& plan, QString* setting, QStringList* values) {
  QString only_setting;
  QStringList tried;
  for (const ForkPlanInfo::Arm& arm : plan.arms) {
    if (arm.name == "control") continue;
    for (const auto& [key, value] : arm.settings) {
      if (only_setting.isEmpty()) only_setting = key;
      if (key != only_setting) only_setting = "-";
      tried << value;
    }
  }
  if (!fork_setting(only_setting)) return false;
  *setting = only_setting;
  *values = tried;
  return true;
}

QString fork_arm_settings_text(const ForkPlanInfo::Arm& arm) {
  QStringList parts;
  for (const auto& [key, value] : arm.settings) {
    const ForkSetting* setting = fork_setting(key);
    parts << QString("%1 %2").arg(setting ? setting->short_name : key, value);
  }
  return parts.isEmpty() ? arm.name : parts.join(", ");
}

}  // namespace rcmae::ui
