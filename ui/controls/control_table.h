#pragma once
// Every setting the side panel shows, declared once: its words, its widget, its range, whether
// it may change while training runs, and the command-line flag it stands for. The flag names
// the configuration field through core's flag table (train_flag_json_pointer) and the codec's
// JSON (rcmae/io/train_config_json.h), so the panel reads and writes exactly the field
// `rcmae train --flag` sets, and a problem validate() reports for a flag finds its control.
// The Recipe and Preset menus are not in the table: they summarise other settings rather
// than hold a field of their own (control_panel.cpp).
#include <QString>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rcmae/train/live_changes.h"

namespace rcmae::ui {

// The widget that edits the value.
enum class ControlKind {
  Count,     // QSpinBox
  Real,      // QDoubleSpinBox
  Choice,    // QComboBox over fixed values
  Text,      // editable QComboBox: suggestions, any text
  Ratio,     // slider in steps of the last decimal, beside a spin box
  Momentum,  // MomentumControl: logarithmic in 1 - m
  Duration,  // seconds, shown in minutes while whole minutes, with a unit menu
};

// The group box it sits in, in the panel's order.
enum class ControlGroup { Live, Data, Model, Schedule, Compute, Diagnostics };

// Row: a form row of its own. Widths: the encoder / decoder grid under the preset menu.
// Length: the steps, time budget and warmup, stacked in one row.
enum class ControlPlace { Row, Widths, Length };

struct ControlChoice {
  QString text;
  nlohmann::json value;  // as the codec writes the field
};

// Puts a live control's value into the LiveChanges field it changes.
using LiveSetter = void (*)(LiveChanges&, const nlohmann::json&);

struct ControlSpec {
  std::string flag;  // "--mask-ratio": the field, and the option problems are reported with
  QString name;      // the setting as a problem names it: "Mask ratio"
  QString label;     // Row: its label, with the Alt+letter; Length: its caption
  QString tip;
  ControlKind kind = ControlKind::Count;
  ControlGroup group = ControlGroup::Live;
  ControlPlace place = ControlPlace::Row;
  double minimum = 0, maximum = 0, step = 1;
  int decimals = 0;
  QString suffix;
  QString special;  // shown instead of the minimum ("off", "auto")
  std::vector<ControlChoice> choices;
  int fallback = 0;           // the choice shown for a value the menu does not offer
  LiveSetter live = nullptr;  // null: the setting shapes the next run only
  bool teacher_only = false;  // disabled in MAE mode, which has no teacher
};

// In the panel's order: group by group, top to bottom.
const std::vector<ControlSpec>& control_table();

// The label and tooltip of the form row that holds the Widths or the Length controls.
struct CompositeRow {
  QString label, tip;
};
CompositeRow composite_row(ControlPlace place);

}  // namespace rcmae::ui
