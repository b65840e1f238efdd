#pragma once
// The settings "Try a change" lets an arm change and the values it accepts for them: the
// four that `rcmae fork --arm` knows, how the dialog names and explains each, and the check
// of the values typed, a problem in words, so that a bad value is refused before the run is
// paused.
#include <QString>
#include <QStringList>
#include <QVector>

#include "runs/fork_process.h"

class QJsonObject;

namespace rcmae::ui {

struct ForkSetting {
  const char* name;        // as `rcmae fork --arm` spells it
  const char* label;       // the dialog's setting list
  const char* short_name;  // in a card's title: "momentum 0.999 vs 0.97"
  const char* config_key;  // in config.json
  const char* explanation;
  const char* example;  // the values field's placeholder
};

// At most this many values, one arm each besides the control: each arm costs its training
// time plus about 20 s of measuring.
constexpr int kMaxForkValues = 3;

// All of them, in the dialog's order.
const QVector<ForkSetting>& fork_settings();
// The setting called `name` (as `rcmae fork --arm` spells it), or nullptr.
const ForkSetting* fork_setting(const QString& name);

// The values field's placeholder; for the base learning rate, whose scale depends on the
// run, half and twice `current` when that is known.
QString fork_values_example(const ForkSetting& setting, double current);

// The problem with `text` as values of `setting` ("" when fine); `values` gets the numbers.
// `current` is the run's own value (the control: NaN when unknown), `run_mode` its config's
// mode ("mae" runs have no teacher, so the teacher's settings change nothing).
QString fork_values_problem(const QString& text, const QString& setting, double current,
                            const QString& run_mode, QVector<double>* values = nullptr);

// What a finished fork tried, for the dialog that shows it: the control's value of
// `setting` as text, from the control arm's config.json (what the run trained with when it
// was forked), else `fallback` ("?" when NaN).
QString fork_control_value_text(const QJsonObject& control_config, const QString& setting,
                                double fallback);
// The one setting all of `plan`'s arms changed and the values they tried, so that the
// inputs can show them; false when the arms changed none, several, or one the dialog lacks.
bool fork_tried_setting(const ForkPlanInfo& plan, QString* setting, QStringList* values);
// An arm's settings in short, "momentum 0.999, γ 0.5", or its name when it changed none.
QString fork_arm_settings_text(const ForkPlanInfo::Arm& arm);

}  // namespace rcmae::ui
