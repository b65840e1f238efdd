#include "controls/control_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "controls/momentum_control.h"
#include "gui_defaults.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/model/model_config.h"

namespace rcmae::ui {
namespace {

QFormLayout* make_form(QGroupBox* box) {
  auto* form = new QFormLayout(box);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  form->setHorizontalSpacing(12);
  form->setVerticalSpacing(8);
  // Narrow docks put the field under its label instead of clipping it.
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  return form;
}

// Tooltip on the field and its label alike: students hover the words, not the boxes.
// The label's mnemonic (Alt+underlined letter) moves the keyboard focus to the field; a
// composite field (slider + spin box) hands the focus to its first focusable child.
void add_row(QFormLayout* form, const QString& label, QWidget* field, const QString& tip) {
  auto* text = new QLabel(label);
  text->setToolTip(tip);
  field->setToolTip(tip);
  if (field->focusPolicy() == Qt::NoFocus && !field->focusProxy()) {
    for (QWidget* child : field->findChildren<QWidget*>()) {
      if (child->focusPolicy() & Qt::TabFocus) {
        field->setFocusProxy(child);
        break;
      }
    }
  }
  text->setBuddy(field);
  form->addRow(text, field);
}

}  // namespace

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("controlPanel");
  live_timer_ = new QTimer(this);
  live_timer_->setSingleShot(true);
  live_timer_->setInterval(250);  // a slider drag becomes one change, not fifty
  connect(live_timer_, &QTimer::timeout, this, &ControlPanel::sendLive);

  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(12, 12, 12, 12);
  column->setSpacing(12);
  column->addWidget(buildLiveGroup());
  column->addWidget(buildDataGroup());
  column->addWidget(buildModelGroup());
  column->addWidget(buildOptimisationGroup());
  column->addWidget(buildComputeGroup());
  column->addWidget(buildDiagnosticsGroup());
  problem_ = new QLabel(this);
  problem_->setObjectName("problem");
  problem_->setWordWrap(true);
  problem_->hide();
  column->addWidget(problem_);
  column->addStretch(1);
  setConfig(gui_default_config());
}

QGroupBox* ControlPanel::buildLiveGroup() {
  auto* box = new QGroupBox("Masking and teacher");
  box->setObjectName("liveGroup");
  auto* form = make_form(box);
  live_badge_ = new QLabel("Changes apply at the next step while training runs.");
  live_badge_->setObjectName("hint");
  live_badge_->setWordWrap(true);
  form->addRow(live_badge_);

  mask_slider_ = new QSlider(Qt::Horizontal);
  mask_slider_->setRange(5, 95);
  mask_ratio_ = new QDoubleSpinBox;
  mask_ratio_->setRange(0.05, 0.95);
  mask_ratio_->setSingleStep(0.05);
  mask_ratio_->setDecimals(2);
  auto* mask_row = new QWidget;
  auto* mask_layout = new QHBoxLayout(mask_row);
  mask_layout->setContentsMargins(0, 0, 0, 0);
  mask_layout->addWidget(mask_slider_, 1);
  mask_layout->addWidget(mask_ratio_);
  add_row(form, "&Mask ratio", mask_row,
          "Fraction of patches hidden from the encoder. MAE works best with a lot hidden\n"
          "(0.75): the task is hard enough that the model must learn shapes, not copy pixels.");
  connect(mask_slider_, &QSlider::valueChanged, this, [this](int v) {
    if (!loading_) mask_ratio_->setValue(v / 100.0);
  });
  connect(mask_ratio_, &QDoubleSpinBox::valueChanged, this, [this](double r) {
    const bool was = loading_;
    loading_ = true;
    mask_slider_->setValue(int(std::lround(r * 100)));
    loading_ = was;
    if (!loading_) queueLive({r, {}, {}, {}});
  });

  momentum_ = new MomentumControl;
  add_row(form, "&EMA momentum", momentum_,
          "How slowly the teacher follows the student: teacher = m·teacher + (1−m)·student\n"
          "after every step. Close to 1 means a slow, stable teacher. Only used by RC-MAE modes.");
  connect(momentum_, &MomentumControl::valueChanged, this, [this](double m) {
    if (!loading_) queueLive({{}, m, {}, {}});
  });

  gamma_ = new QDoubleSpinBox;
  gamma_->setRange(0.0, 10.0);
  gamma_->setSingleStep(0.1);
  gamma_->setDecimals(2);
  add_row(form, "&Consistency γ", gamma_,
          "Weight of the consistency loss (student vs. teacher prediction on hidden patches).\n"
          "0 turns RC-MAE into plain MAE with an idle teacher.");
  connect(gamma_, &QDoubleSpinBox::valueChanged, this, [this](double g) {
    if (!loading_) queueLive({{}, {}, g, {}});
  });

  base_lr_ = new QDoubleSpinBox;
  base_lr_->setDecimals(6);
  base_lr_->setRange(1e-6, 0.1);
  base_lr_->setSingleStep(1e-4);
  add_row(form, "&Base learning rate", base_lr_,
          "AdamW learning rate per 256 images: the peak rate is base × batch / 256.\n"
          "It warms up linearly, then follows a cosine down to 0 at the last step.");
  connect(base_lr_, &QDoubleSpinBox::valueChanged, this, [this](double lr) {
    updateDerived();
    if (!loading_) queueLive({{}, {}, {}, lr});
  });
  peak_lr_ = new QLabel;
  peak_lr_->setObjectName("hint");
  peak_lr_->setWordWrap(true);  // presentation fonts: wrap rather than clip
  form->addRow(QString(), peak_lr_);
  return box;
}

QGroupBox* ControlPanel::buildDataGroup() {
  auto* box = new QGroupBox("Data");
  auto* form = make_form(box);
  dataset_ = new QComboBox;
  dataset_->setEditable(true);
  dataset_->addItems({"fashion-mnist", "synthetic", "mnist", "cifar10"});
  dataset_->setMinimumContentsLength(8);
  dataset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  auto* browse = new QPushButton("…");
  browse->setObjectName("browseButton");
  browse->setToolTip("Choose a folder of images (class sub-folders allowed)");
  browse->setFixedWidth(34);
  connect(browse, &QPushButton::clicked, this, &ControlPanel::browseDataset);
  auto* dataset_row = new QWidget;
  auto* dataset_layout = new QHBoxLayout(dataset_row);
  dataset_layout->setContentsMargins(0, 0, 0, 0);
  dataset_layout->addWidget(dataset_, 1);
  dataset_layout->addWidget(browse);
  add_row(form, "&Dataset", dataset_row,
          "synthetic | fashion-mnist[:DIR] | mnist[:DIR] | cifar10[:DIR] | folder:DIR\n"
          "Synthetic images need no download; Fashion-MNIST shows recognisable clothes.");
  connect(dataset_, &QComboBox::currentTextChanged, this, &ControlPanel::updateDerived);

  img_ = new QSpinBox;
  img_->setRange(8, 224);
  img_->setSuffix(" px");
  add_row(form, "&Image size", img_, "Side of the square images the model sees; the data is resized to it.");
  channels_ = new QComboBox;
  channels_->addItem("1 (grey)", 1);
  channels_->addItem("3 (RGB)", 3);
  add_row(form, "Cha&nnels", channels_, "Colour channels the model sees; the data is converted.");
  patch_ = new QSpinBox;
  patch_->setRange(2, 32);
  patch_->setSuffix(" px");
  add_row(form, "&Patch size", patch_,
          "Side of one patch (token). Must divide the image size. Smaller patches: more\n"
          "tokens, finer reconstructions, slower steps.");
  shape_hint_ = new QLabel;
  shape_hint_->setObjectName("hint");
  shape_hint_->setWordWrap(true);
  form->addRow(QString(), shape_hint_);
  for (QWidget* w : {static_cast<QWidget*>(img_), static_cast<QWidget*>(patch_)})
    connect(static_cast<QSpinBox*>(w), &QSpinBox::valueChanged, this, &ControlPanel::updateDerived);
  connect(channels_, &QComboBox::currentIndexChanged, this, &ControlPanel::updateDerived);
  return box;
}

QGroupBox* ControlPanel::buildModelGroup() {
  auto* box = new QGroupBox("Model");
  auto* form = make_form(box);
  preset_ = new QComboBox;
  for (const auto& name : preset_names()) preset_->addItem(QString::fromStdString(name));
  add_row(form, "P&reset", preset_,
          "Width and depth of the ViT encoder and decoder.\n"
          "micro: tests only · tiny: ViT-Ti (good on a laptop) · small · base: slow on a CPU.");
  mode_ = new QComboBox;
  mode_->addItem("MAE", int(TeacherMode::Mae));
  mode_->addItem("RC-MAE", int(TeacherMode::RcMae));
  mode_->addItem("RC-MAE-D", int(TeacherMode::RcMaeD));
  add_row(form, "M&ode", mode_,
          "MAE: reconstruct hidden patches, no teacher.\n"
          "RC-MAE: an EMA teacher sees the same mask; the student also matches its prediction.\n"
          "RC-MAE-D: the teacher sees its own, independently drawn mask.");
  connect(preset_, &QComboBox::currentIndexChanged, this, &ControlPanel::updateDerived);
  connect(mode_, &QComboBox::currentIndexChanged, this, &ControlPanel::updateDerived);
  return box;
}

QGroupBox* ControlPanel::buildOptimisationGroup() {
  auto* box = new QGroupBox("Schedule");
  auto* form = make_form(box);
  schedule_ = new QComboBox;
  schedule_->addItem("constant", int(MomentumSchedule::Constant));
  schedule_->addItem("cosine → 1", int(MomentumSchedule::Cosine));
  add_row(form, "Momentum schedu&le", schedule_,
          "constant: m stays as set. cosine: m rises from the set value to 1 by the last step,\n"
          "so the teacher freezes as training ends.");
  batch_ = new QSpinBox;
  batch_->setRange(1, 4096);
  add_row(form, "B&atch size", batch_, "Images per optimiser step. Larger batches: smoother loss, slower steps.");
  connect(batch_, &QSpinBox::valueChanged, this, &ControlPanel::updateDerived);
  steps_ = new QSpinBox;
  steps_->setRange(1, 10'000'000);
  add_row(form, "S&teps", steps_, "Length of the run. The learning-rate cosine ends at 0 here.");
  warmup_ = new QSpinBox;
  warmup_->setRange(-1, 1'000'000);
  warmup_->setSpecialValueText("auto (2.5 %)");
  add_row(form, "&Warmup steps", warmup_,
          "Steps over which the learning rate rises linearly from 0. Too short a warmup can\n"
          "make a transformer diverge in its first steps.");
  advanced_ << box;
  return box;
}

QGroupBox* ControlPanel::buildComputeGroup() {
  auto* box = new QGroupBox("Reproducibility and compute");
  auto* form = make_form(box);
  seed_ = new QSpinBox;
  seed_->setRange(0, 1'000'000);
  add_row(form, "&Seed", seed_, "Same seed, same settings: same weights, masks and data order.");
  threads_ = new QSpinBox;
  threads_->setRange(0, 256);
  threads_->setSpecialValueText("auto (all cores)");
  add_row(form, "T&hreads", threads_, "CPU threads LibTorch uses for one step.");
  snapshot_every_ = new QSpinBox;
  snapshot_every_->setRange(1, 100000);
  snapshot_every_->setSuffix(" steps");
  add_row(form, "Snapshot e&very", snapshot_every_,
          "How often the demo batch is reconstructed (also at least every 2 s).\n"
          "Each snapshot costs about one forward pass of the demo images.");
  connect(snapshot_every_, &QSpinBox::valueChanged, this, &ControlPanel::snapshotIntervalChanged);
  advanced_ << box;
  return box;
}

QGroupBox* ControlPanel::buildDiagnosticsGroup() {
  auto* box = new QGroupBox("Diagnostics");
  auto* form = make_form(box);
  grad_every_ = new QSpinBox;
  grad_every_->setRange(0, 100000);
  grad_every_->setSpecialValueText("off");
  grad_every_->setSuffix(" steps");
  add_row(form, "Measure &gradients every", grad_every_,
          "Every k steps, measure the reconstruction gradient g_r and the teacher's consistency\n"
          "gradient g_c separately and compare them (Teacher gradients tab). 0 = off.\n"
          "A measuring step costs about one extra backward pass. RC-MAE modes only.");
  feature_pooling_ = new QComboBox;
  feature_pooling_->addItem("cls token", "cls");
  feature_pooling_->addItem("mean of tokens", "mean");
  add_row(form, "&Feature pooling", feature_pooling_,
          "How a batch becomes one feature vector for the similarity s(t) of consecutive\n"
          "batches: the encoder's cls token, or the mean over its visible patch tokens.");
  advanced_ << box;
  return box;
}

void ControlPanel::browseDataset() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Choose an image folder");
  if (!dir.isEmpty()) dataset_->setCurrentText("folder:" + dir);
}

TrainConfig ControlPanel::config() const {
  TrainConfig c;
  c.preset = preset_->currentText().toStdString();
  ModelConfig shape;
  shape.img_size = img_->value();
  shape.channels = channels_->currentData().toInt();
  shape.patch = patch_->value();
  c.model = apply_preset(c.preset, shape).value_or(shape);
  c.dataset = dataset_->currentText().trimmed().toStdString();
  c.mode = TeacherMode(mode_->currentData().toInt());
  c.mask_ratio = mask_ratio_->value();
  c.momentum = momentum_->value();
  c.momentum_schedule = MomentumSchedule(schedule_->currentData().toInt());
  c.gamma = gamma_->value();
  c.base_lr = base_lr_->value();
  c.warmup_steps = warmup_->value();
  c.batch = batch_->value();
  c.steps = steps_->value();
  c.seed = uint64_t(seed_->value());
  c.threads = threads_->value();
  c.grad_sim_every = grad_every_->value();
  c.feature_pooling = feature_pooling_->currentData().toString().toStdString();
  return c;
}

void ControlPanel::setConfig(const TrainConfig& c) {
  loading_ = true;
  preset_->setCurrentText(QString::fromStdString(c.preset));
  img_->setValue(c.model.img_size);
  channels_->setCurrentIndex(channels_->findData(c.model.channels == 1 ? 1 : 3));
  patch_->setValue(c.model.patch);
  dataset_->setCurrentText(QString::fromStdString(c.dataset));
  mode_->setCurrentIndex(mode_->findData(int(c.mode)));
  mask_ratio_->setValue(c.mask_ratio);
  momentum_->setValue(c.momentum);
  schedule_->setCurrentIndex(schedule_->findData(int(c.momentum_schedule)));
  gamma_->setValue(c.gamma);
  base_lr_->setValue(c.base_lr);
  warmup_->setValue(int(c.warmup_steps));
  batch_->setValue(c.batch);
  steps_->setValue(int(c.steps));
  seed_->setValue(int(c.seed));
  threads_->setValue(c.threads);
  grad_every_->setValue(c.grad_sim_every);
  feature_pooling_->setCurrentIndex(
      std::max(0, feature_pooling_->findData(QString::fromStdString(c.feature_pooling))));
  loading_ = false;
  pending_ = {};
  updateDerived();
}

void ControlPanel::setRunActive(bool active) {
  run_active_ = active;
  live_badge_->setText(active ? "● Live: changes apply at the next step and are marked on the plots."
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

void ControlPanel::setMaskRatio(double ratio) { mask_ratio_->setValue(ratio); }

QString ControlPanel::problem() const {
  try {
    parse_dataset_spec(dataset_->currentText().trimmed().toStdString());
  } catch (const DataError& error) {
    return QString("Dataset: %1").arg(QString::fromStdString(error.problem()));
  }
  if (auto problem = validate(config())) return QString::fromStdString(problem->to_string());
  return {};
}

void ControlPanel::queueLive(const LiveChanges& change) {
  if (change.mask_ratio) pending_.mask_ratio = change.mask_ratio;
  if (change.momentum) pending_.momentum = change.momentum;
  if (change.gamma) pending_.gamma = change.gamma;
  if (change.base_lr) pending_.base_lr = change.base_lr;
  live_timer_->start();
  Q_EMIT configEdited();
}

void ControlPanel::sendLive() {
  if (run_active_ && !pending_.empty()) Q_EMIT liveChangesRequested(pending_);
  pending_ = {};
}

void ControlPanel::updateDerived() {
  const TrainConfig c = config();
  peak_lr_->setText(QString("peak lr = %1 × %2 / 256 = %3")
                        .arg(c.base_lr, 0, 'g', 3).arg(c.batch).arg(c.peak_lr(), 0, 'g', 3));
  const int grid = c.model.patch > 0 ? c.model.img_size / c.model.patch : 0;
  const int hidden = int(std::lround(grid * grid * c.mask_ratio));
  shape_hint_->setText(QString("%1 × %1 = %2 patches, ~%3 hidden").arg(grid).arg(grid * grid).arg(hidden));
  // Without a teacher there is no consistency gradient to measure.
  grad_every_->setEnabled(c.has_teacher());
  feature_pooling_->setEnabled(c.has_teacher());
  const QString text = problem();
  problem_->setText(text);
  problem_->setVisible(!text.isEmpty());
  if (!loading_) Q_EMIT configEdited();
}

}  // namespace rcmae::ui
