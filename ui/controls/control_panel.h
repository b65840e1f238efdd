#pragma once
// The side panel: every knob of a run, grouped as a student would think about them, each
// with a tooltip that says what it does. Knobs in the "Live" group may change while
// training runs; the change is sent (debounced) as LiveChanges and applies at the next step.
// The rest (model widths, targets, weight decay, time budget, ...) shape the next run.
// The Recipe selector at the top fills every setting from a measured recipe
// (rcmae/train/recipe.h); editing any setting the recipe sets makes the choice Custom.
// Every setting is declared once, in the control table (controls/control_table.h);
// config(), setConfig(), the names in problem(), the outlined field and the live changes
// all walk that table.
#include <QWidget>

#include "rcmae/train/live_changes.h"
#include "rcmae/train/train_config.h"

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QSpinBox;
class QTimer;

namespace rcmae::ui {

class ControlField;
enum class ControlGroup;
enum class ControlPlace;

class ControlPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ControlPanel(QWidget* parent = nullptr);

  TrainConfig config() const;
  void setConfig(const TrainConfig& config);
  // While a run exists, live edits are sent to it; otherwise they only shape the next run.
  void setRunActive(bool active);
  void setAdvancedVisible(bool visible);
  int snapshotEverySteps() const;
  void setSnapshotEverySteps(int steps);
  // The first problem with the current settings, or empty.
  QString problem() const;

  // Programmatic live edit (tests, scripted demos): same path as the widgets.
  void setMaskRatio(double ratio);
  void setMomentum(double momentum);
  void setGamma(double gamma);
  // Not a live setting: the next Start or Reset trains with it.
  void setTeacherMode(TeacherMode mode);
  // "teaching", "research", or "" for Custom: what the Recipe selector shows.
  QString recipe() const;
  // Fills every setting from the recipe (as choosing it in the selector does).
  void chooseRecipe(const QString& name);

 Q_SIGNALS:
  void liveChangesRequested(const rcmae::LiveChanges& changes);
  void snapshotIntervalChanged(int steps);
  void configEdited();

 private:
  QGroupBox* buildGroup(const QString& title, ControlGroup group, bool advanced,
                        QFormLayout** form = nullptr);
  QGroupBox* buildRecipeGroup();
  QGroupBox* buildLiveGroup();
  QGroupBox* buildDataGroup();
  QGroupBox* buildComputeGroup();
  // The group's controls from the table, in its order, as form rows.
  void addRows(QFormLayout* form, ControlGroup group);
  QComboBox* buildPresetMenu();
  QList<ControlField*> fieldsIn(ControlPlace place) const;
  QWidget* withBrowseButton(QWidget* dataset);
  ControlField* field(const std::string& flag) const;
  void browseDataset();
  // Every control edit: the live change (if live), the recipe and preset menus, the hints.
  void onFieldEdited(const ControlField* field);
  void sendLive();
  void updateDerived();
  // After any edit: the recipe choice becomes Custom once the settings leave the recipe.
  void onEdited();
  void onPresetChosen();
  void showMatchingPreset();
  void showRecipe(const std::string& name);
  void markInvalid(const QString& option);

  QList<ControlField*> fields_;  // the table's controls, in its order
  QComboBox* recipe_ = nullptr;
  QLabel* recipe_hint_ = nullptr;
  QComboBox* preset_ = nullptr;
  QLabel* peak_lr_ = nullptr;
  QSpinBox* snapshot_every_ = nullptr;  // a view setting, not part of the configuration
  QLabel* shape_hint_ = nullptr;
  QLabel* problem_ = nullptr;
  QLabel* live_badge_ = nullptr;
  QList<QWidget*> advanced_;
  QTimer* live_timer_ = nullptr;
  LiveChanges pending_;
  // The configuration last loaded: settings the panel does not show (crop scale, quality
  // bank, workers, device) pass through config() unchanged.
  TrainConfig base_;
  // The preset name config() reports while the widths match no named preset: "recipe"
  // (loaded from a recipe) until a width is edited, then "custom".
  std::string unnamed_preset_ = "custom";
  QWidget* invalid_ = nullptr;  // the field the current problem names, outlined
  bool run_active_ = false;
  bool loading_ = false;
};

}  // namespace rcmae::ui
