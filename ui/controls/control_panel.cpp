#include "controls/control_panel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "controls/control_field.h"
#include "controls/control_table.h"
#include "controls/panel_layout.h"
#include "controls/recipe_choice.h"
#include "gui_defaults.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/io/train_config_json.h"
#include "rcmae/model/model_config.h"
#include "rcmae/train/recipe.h"

namespace rcmae::ui {

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("controlPanel");
  live_timer_ = new QTimer(this);
  live_timer_->setSingleShot(true);
  live_timer_->setInterval(250);  // a slider drag becomes one change, not fifty
  connect(live_timer_, &QTimer::timeout, this, &ControlPanel::sendLive);
  for (const ControlSpec& spec : control_table()) {
    auto* field = new ControlField(spec, this);
    connect(field, &ControlField::edited, this, [this, field] { onFieldEdited(field); });
    fields_ << field;
  }

  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(12, 12, 12, 12);
  column->setSpacing(12);
  column->addWidget(buildRecipeGroup());
  // At the top, where it is seen: the settings below may be scrolled out of view.
  problem_ = new QLabel(this);
  problem_->setObjectName("problem");
  problem_->setWordWrap(true);
  problem_->hide();
  column->addWidget(problem_);
  column->addWidget(buildLiveGroup());
  column->addWidget(buildDataGroup());
  column->addWidget(buildGroup("Model", ControlGroup::Model, false));
  column->addWidget(buildGroup("Schedule", ControlGroup::Schedule, true));
  column->addWidget(buildComputeGroup());
  column->addWidget(buildGroup("Diagnostics", ControlGroup::Diagnostics, true));
  column->addStretch(1);
  setConfig(gui_default_config());
}

ControlField* ControlPanel::field(const std::string& flag) const {
  for (ControlField* f : fields_)
    if (f->spec().flag == flag) return f;
  return nullptr;
}

// The group's controls in table order; the first Widths or Length control brings its whole
// composite row.
void ControlPanel::addRows(QFormLayout* form, ControlGroup group) {
  bool widths = false, length = false;
  for (ControlField* f : fields_) {
    const ControlSpec& spec = f->spec();
    if (spec.group != group) continue;
    if (spec.place == ControlPlace::Row) {
      QWidget* widget = spec.flag == "--dataset" ? withBrowseButton(f->widget()) : f->widget();
      add_row(form, spec.label, widget, spec.tip);
      continue;
    }
    bool& placed = spec.place == ControlPlace::Widths ? widths : length;
    if (placed) continue;
    placed = true;
    const CompositeRow row = composite_row(spec.place);
    QWidget* composite = spec.place == ControlPlace::Widths
                             ? widths_grid(buildPresetMenu(), fieldsIn(ControlPlace::Widths))
                             : length_grid(fieldsIn(ControlPlace::Length));
    add_row(form, row.label, composite, row.tip);
  }
}

QGroupBox* ControlPanel::buildRecipeGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = group_box("Recipe", &form);
  box->setObjectName("recipeGroup");
  recipe_ = new QComboBox;
  for (const std::string& name : recipe_names()) {
    QString title = QString::fromStdString(name);
    title[0] = title[0].toUpper();
    recipe_->addItem(title, QString::fromStdString(name));
  }
  recipe_->addItem("Custom", QString());
  add_row(form, "Rec&ipe", recipe_,
          "Settings measured to show learning on a 2-core laptop CPU (docs/LEARNING.md):\n"
          "Teaching: reconstructions recognisable within a lecture minute.\n"
          "Research: a larger model and a 10-minute time budget, for MAE vs RC-MAE and features\n"
          "that beat raw pixels. Choosing one fills every setting below; editing a setting the\n"
          "recipe sets makes it Custom.");
  recipe_hint_ = hint_label();
  recipe_hint_->setWordWrap(true);
  form->addRow(recipe_hint_);
  connect(recipe_, &QComboBox::activated, this,
          [this](int index) { chooseRecipe(recipe_->itemData(index).toString()); });
  return box;
}

// A group box with the table's controls of `group`; the advanced ones are those
// setAdvancedVisible shows and hides.
QGroupBox* ControlPanel::buildGroup(const QString& title, ControlGroup group, bool advanced,
                                    QFormLayout** form) {
  QFormLayout* rows = nullptr;
  QGroupBox* box = group_box(title, &rows);
  addRows(rows, group);
  if (advanced) advanced_ << box;
  if (form) *form = rows;
  return box;
}

QGroupBox* ControlPanel::buildLiveGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = buildGroup("Masking and teacher", ControlGroup::Live, false, &form);
  box->setObjectName("liveGroup");
  live_badge_ = hint_label("Changes apply at the next step while training runs.");
  live_badge_->setWordWrap(true);
  form->insertRow(0, live_badge_);
  peak_lr_ = hint_label();
  peak_lr_->setWordWrap(true);  // presentation fonts: wrap rather than clip
  form->addRow(QString(), peak_lr_);
  return box;
}

QGroupBox* ControlPanel::buildDataGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = buildGroup("Data", ControlGroup::Data, false, &form);
  shape_hint_ = hint_label();
  shape_hint_->setWordWrap(true);
  form->addRow(QString(), shape_hint_);
  return box;
}

QWidget* ControlPanel::withBrowseButton(QWidget* dataset) {
  auto* browse = new QPushButton("…");
  browse->setObjectName("browseButton");
  browse->setToolTip("Choose a folder of images (class sub-folders allowed)");
  browse->setFixedWidth(34);
  connect(browse, &QPushButton::clicked, this, &ControlPanel::browseDataset);
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(dataset, 1);
  layout->addWidget(browse);
  return row;
}

// The preset menu fills the six widths; the widths make it custom (showMatchingPreset).
QComboBox* ControlPanel::buildPresetMenu() {
  preset_ = new QComboBox;
  for (const auto& name : preset_names()) preset_->addItem(QString::fromStdString(name));
  preset_->addItem("custom");
  preset_->setToolTip("Fill the six widths from a named preset; editing a width makes it custom.");
  connect(preset_, &QComboBox::activated, this, &ControlPanel::onPresetChosen);
  return preset_;
}

QList<ControlField*> ControlPanel::fieldsIn(ControlPlace place) const {
  QList<ControlField*> placed;
  for (ControlField* f : fields_)
    if (f->spec().place == place) placed << f;
  return placed;
}

QGroupBox* ControlPanel::buildComputeGroup() {
  QFormLayout* form = nullptr;
  QGroupBox* box = buildGroup("Reproducibility and compute", ControlGroup::Compute, true, &form);
  snapshot_every_ = new QSpinBox;
  snapshot_every_->setRange(1, 100000);
  snapshot_every_->setSuffix(" steps");
  add_row(form, "Snapshot e&very", snapshot_every_,
          "How often the demo batch is reconstructed (also at least every 2 s).\n"
          "Each snapshot costs about one forward pass of the demo images.");
  connect(snapshot_every_, &QSpinBox::valueChanged, this, &ControlPanel::snapshotIntervalChanged);
  return box;
}

void ControlPanel::browseDataset() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Choose an image folder");
  if (!dir.isEmpty()) field("--dataset")->setValue(("folder:" + dir).toStdString());
}

// The configuration's JSON with every control's value at its field, read back by the codec.
TrainConfig ControlPanel::config() const {
  nlohmann::json json = to_json(base_);  // what the panel does not show passes through
  for (const ControlField* f : fields_) {
    const nlohmann::json value = f->value();
    if (!value.is_null()) json[f->pointer()] = value;
  }
  TrainConfig c = train_config_from_json(json, base_);
  c.recipe = recipe().toStdString();
  c.preset =
      preset_->currentText() == "custom" ? unnamed_preset_ : preset_->currentText().toStdString();
  return c;
}

void ControlPanel::setConfig(const TrainConfig& c) {
  loading_ = true;
  base_ = c;
  const nlohmann::json json = to_json(c);
  for (ControlField* f : fields_) f->setValue(json.at(f->pointer()));
  // A named preset whose widths these are; anything else ("recipe", "custom") shows custom.
  const bool matches = matches_preset(c.preset, c.model);
  preset_->setCurrentText(matches ? QString::fromStdString(c.preset) : "custom");
  unnamed_preset_ = matches || c.preset.empty() ? "custom" : c.preset;
  showRecipe(follows_recipe(c) ? c.recipe : std::string());
  loading_ = false;
  pending_ = {};
  updateDerived();
}

QString ControlPanel::recipe() const { return recipe_->currentData().toString(); }

void ControlPanel::chooseRecipe(const QString& name) {
  if (name.isEmpty()) {
    showRecipe({});  // Custom: the settings stay as they are
    Q_EMIT configEdited();
    return;
  }
  setConfig(window_recipe(name.toStdString(), config()));
  Q_EMIT configEdited();
}

void ControlPanel::showRecipe(const std::string& name) {
  const QSignalBlocker block(recipe_);
  recipe_->setCurrentIndex(std::max(0, recipe_->findData(QString::fromStdString(name))));
  const QString description = QString::fromStdString(recipe_description(name));
  recipe_hint_->setText(
      description.isEmpty()
          ? "Custom: your own settings. Choose a recipe to start from measured ones."
          : description);
}

// A live control's change is queued for the run; any edit may leave the recipe, a width
// edit the preset; the hints, the problem and configEdited follow every edit.
void ControlPanel::onFieldEdited(const ControlField* field) {
  if (loading_) return;
  const ControlSpec& spec = field->spec();
  if (spec.live) {
    LiveChanges change;
    spec.live(change, field->value());
    pending_.merge(change);
    live_timer_->start();
  }
  if (spec.place == ControlPlace::Widths) {
    unnamed_preset_ = "custom";
    showMatchingPreset();
  }
  onEdited();
  updateDerived();
}

void ControlPanel::onEdited() {
  if (loading_ || recipe().isEmpty()) return;
  if (!follows_recipe(config())) showRecipe({});
}

void ControlPanel::onPresetChosen() {
  TrainConfig c = config();
  const auto named = apply_preset(preset_->currentText().toStdString(), c.model);
  if (!named) {  // "custom": the widths stay, the preset config() reports may not
    onEdited();
    return;
  }
  c.model = *named;
  const nlohmann::json json = to_json(c);
  const bool was = loading_;
  loading_ = true;  // six width edits are one preset choice
  for (ControlField* f : fieldsIn(ControlPlace::Widths)) f->setValue(json.at(f->pointer()));
  loading_ = was;
  updateDerived();
  onEdited();
}

// The preset menu follows the widths: a named preset while they match one, else custom.
void ControlPanel::showMatchingPreset() {
  const ModelConfig m = config().model;
  QString shown = "custom";
  for (const auto& name : preset_names())
    if (matches_preset(name, m)) shown = QString::fromStdString(name);
  const QSignalBlocker block(preset_);
  preset_->setCurrentText(shown);
}

void ControlPanel::setRunActive(bool active) {
  run_active_ = active;
  live_badge_->setText(active
                           ? "● Live: changes apply at the next step and are marked on the plots."
                           : "These four may also be changed while training runs.");
  live_badge_->setProperty("live", active);
  live_badge_->style()->unpolish(live_badge_);
  live_badge_->style()->polish(live_badge_);
  if (!active) pending_ = {};
}

void ControlPanel::setAdvancedVisible(bool visible) {
  for (QWidget* w : advanced_) w->setVisible(visible);
}

int ControlPanel::snapshotEverySteps() const { return snapshot_every_->value(); }
void ControlPanel::setSnapshotEverySteps(int steps) { snapshot_every_->setValue(steps); }

void ControlPanel::setMaskRatio(double ratio) { field("--mask-ratio")->setValue(ratio); }
void ControlPanel::setMomentum(double momentum) { field("--momentum")->setValue(momentum); }
void ControlPanel::setGamma(double gamma) { field("--gamma")->setValue(gamma); }
void ControlPanel::setTeacherMode(TeacherMode mode) { field("--mode")->setValue(to_string(mode)); }

// Problems name the command-line option that causes them; the panel names the setting as
// the table does, and passes an option it does not show through as it is.
QString ControlPanel::problem() const {
  const TrainConfig c = config();
  try {
    parse_dataset_spec(c.dataset);
  } catch (const DataError& error) {
    return QString("Dataset: %1").arg(QString::fromStdString(error.problem()));
  }
  if (auto problem = validate(c)) {
    const ControlField* named = field(problem->option);
    return QString("%1: %2").arg(
        named ? named->spec().name : QString::fromStdString(problem->option),
        QString::fromStdString(problem->message));
  }
  return {};
}

// Outlines the field a problem names (QSS: [invalid="true"]), so it is found at a glance.
void ControlPanel::markInvalid(const QString& option) {
  const ControlField* named = field(option.toStdString());
  QWidget* editor = named ? named->editor() : nullptr;
  if (editor == invalid_) return;
  for (QWidget* w : {invalid_, editor}) {
    if (!w) continue;
    w->setProperty("invalid", w == editor);
    w->style()->unpolish(w);
    w->style()->polish(w);
  }
  invalid_ = editor;
}

void ControlPanel::sendLive() {
  if (run_active_ && !pending_.empty()) Q_EMIT liveChangesRequested(pending_);
  pending_ = {};
}

void ControlPanel::updateDerived() {
  const TrainConfig c = config();
  peak_lr_->setText(QString("peak lr = %1 × %2 / 256 = %3")
                        .arg(c.base_lr, 0, 'g', 3)
                        .arg(c.batch)
                        .arg(c.peak_lr(), 0, 'g', 3));
  const int grid = c.model.patch > 0 ? c.model.img_size / c.model.patch : 0;
  const int hidden = int(std::lround(grid * grid * c.mask_ratio));
  shape_hint_->setText(
      QString("%1 × %1 = %2 patches, ~%3 hidden").arg(grid).arg(grid * grid).arg(hidden));
  // Without a teacher there is no consistency gradient to measure.
  for (ControlField* f : fields_)
    if (f->spec().teacher_only) f->widget()->setEnabled(c.has_teacher());
  const QString text = problem();
  problem_->setText(text.isEmpty() ? text : "Cannot start — " + text);
  problem_->setVisible(!text.isEmpty());
  QString option;
  if (auto p = validate(c))
    option = QString::fromStdString(p->option);
  else if (!text.isEmpty())
    option = "--dataset";
  markInvalid(option);
  if (!loading_) Q_EMIT configEdited();
}

}  // namespace rcmae::ui
