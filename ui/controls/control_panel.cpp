#include "controls/control_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
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
#include "controls/recipe_choice.h"
#include "gui_defaults.h"
#include "rcmae/data/data_error.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/model/model_config.h"
#include "rcmae/train/recipe.h"

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

QSpinBox* make_width_spin(int lo, int hi, int step, const QString& tip) {
  auto* spin = new QSpinBox;
  spin->setRange(lo, hi);
  spin->setSingleStep(step);
  spin->setToolTip(tip);
  return spin;
}

// Problems are reported with the command-line option that causes them; the panel names
// the setting as it is labelled here.
QString setting_name(const QString& option) {
  static const QHash<QString, QString> names = {{"--img", "Image size"},
                                                {"--channels", "Channels"},
                                                {"--patch", "Patch size"},
                                                {"--enc-dim", "Encoder dim"},
                                                {"--enc-depth", "Encoder depth"},
                                                {"--enc-heads", "Encoder heads"},
                                                {"--dec-dim", "Decoder dim"},
                                                {"--dec-depth", "Decoder depth"},
                                                {"--dec-heads", "Decoder heads"},
                                                {"--mask-ratio", "Mask ratio"},
                                                {"--momentum", "EMA momentum"},
                                                {"--gamma", "Consistency γ"},
                                                {"--base-lr", "Base learning rate"},
                                                {"--weight-decay", "Weight decay"},
                                                {"--steps", "Steps"},
                                                {"--warmup-steps", "Warmup"},
                                                {"--batch", "Batch size"},
                                                {"--threads", "Threads"},
                                                {"--time-budget", "Time budget"},
                                                {"--grad-sim-every", "Measure gradients every"}};
  return names.value(option, option);
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
  column->addWidget(buildRecipeGroup());
  // At the top, where it is seen: the settings below may be scrolled out of view.
  problem_ = new QLabel(this);
  problem_->setObjectName("problem");
  problem_->setWordWrap(true);
  problem_->hide();
  column->addWidget(problem_);
  column->addWidget(buildLiveGroup());
  column->addWidget(buildDataGroup());
  column->addWidget(buildModelGroup());
  column->addWidget(buildOptimisationGroup());
  column->addWidget(buildComputeGroup());
  column->addWidget(buildDiagnosticsGroup());
  column->addStretch(1);
  // Any edit of a run setting may leave the chosen recipe (the selector and the snapshot
  // interval, a view setting, excepted).
  for (auto* spin : findChildren<QAbstractSpinBox*>()) {
    if (spin == snapshot_every_) continue;
    if (auto* box = qobject_cast<QSpinBox*>(spin))
      connect(box, &QSpinBox::valueChanged, this, &ControlPanel::onEdited);
    if (auto* box = qobject_cast<QDoubleSpinBox*>(spin))
      connect(box, &QDoubleSpinBox::valueChanged, this, &ControlPanel::onEdited);
  }
  for (auto* combo : findChildren<QComboBox*>())
    if (combo != recipe_)
      connect(combo, &QComboBox::currentTextChanged, this, &ControlPanel::onEdited);
  connect(momentum_, &MomentumControl::valueChanged, this, &ControlPanel::onEdited);
  setConfig(gui_default_config());
}

QGroupBox* ControlPanel::buildRecipeGroup() {
  auto* box = new QGroupBox("Recipe");
  box->setObjectName("recipeGroup");
  auto* form = make_form(box);
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
  recipe_hint_ = new QLabel;
  recipe_hint_->setObjectName("hint");
  recipe_hint_->setWordWrap(true);
  form->addRow(recipe_hint_);
  connect(recipe_, &QComboBox::activated, this,
          [this](int index) { chooseRecipe(recipe_->itemData(index).toString()); });
  return box;
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
    if (loading_) return;
    LiveChanges change;
    change.mask_ratio = r;
    queueLive(change);
  });

  mask_strategy_ = new QComboBox;
  mask_strategy_->addItem("Random (MAE)", "random");
  mask_strategy_->addItem("Blocks (contiguous)", "block");
  mask_strategy_->addItem("Grid (regular)", "grid");
  add_row(form, "Mask techni&que", mask_strategy_,
          "Which patches are hidden, at the same ratio: random (MAE), contiguous blocks\n"
          "(BEiT-style: whole regions to imagine) or a regular grid (neighbours always visible,\n"
          "the easiest task). Applies at the next step.");
  connect(mask_strategy_, &QComboBox::currentIndexChanged, this, [this] {
    if (loading_) return;
    LiveChanges change;
    change.mask_strategy = mask_strategy_->currentData().toString().toStdString();
    queueLive(change);
  });

  momentum_ = new MomentumControl;
  add_row(form, "&EMA momentum", momentum_,
          "How slowly the teacher follows the student: teacher = m·teacher + (1−m)·student\n"
          "after every step. Close to 1 means a slow, stable teacher. Only used by RC-MAE modes.");
  connect(momentum_, &MomentumControl::valueChanged, this, [this](double m) {
    if (loading_) return;
    LiveChanges change;
    change.momentum = m;
    queueLive(change);
  });

  gamma_ = new QDoubleSpinBox;
  gamma_->setRange(0.0, 10.0);
  gamma_->setSingleStep(0.1);
  gamma_->setDecimals(2);
  add_row(form, "&Consistency γ", gamma_,
          "Weight of the consistency loss (student vs. teacher prediction on hidden patches).\n"
          "0 turns RC-MAE into plain MAE with an idle teacher.");
  connect(gamma_, &QDoubleSpinBox::valueChanged, this, [this](double g) {
    if (loading_) return;
    LiveChanges change;
    change.gamma = g;
    queueLive(change);
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
    if (loading_) return;
    LiveChanges change;
    change.base_lr = lr;
    queueLive(change);
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
  add_row(form, "Image si&ze", img_,
          "Side of the square images the model sees; the data is resized to it.");
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
  mode_ = new QComboBox;
  mode_->addItem("MAE", int(TeacherMode::Mae));
  mode_->addItem("RC-MAE", int(TeacherMode::RcMae));
  mode_->addItem("RC-MAE-D", int(TeacherMode::RcMaeD));
  add_row(form, "M&ode", mode_,
          "MAE: reconstruct hidden patches, no teacher.\n"
          "RC-MAE: an EMA teacher sees the same mask; the student also matches its prediction.\n"
          "RC-MAE-D: the teacher sees its own, independently drawn mask.");
  target_ = new QComboBox;
  target_->addItem("Pixels", false);
  target_->addItem("Norm-pix", true);
  add_row(
      form, "Ta&rget", target_,
      "What the decoder predicts for each hidden patch.\n"
      "Pixels: the pixel values; what the Reconstructions tab draws is what was predicted.\n"
      "Norm-pix (MAE's default): each patch normalised by its own mean and std, which tends to\n"
      "give better features; the drawings place predictions with the visible patches' mean and "
      "std.");
  add_row(form, "Networ&k", buildWidthsField(),
          "Width (dim), depth (blocks) and attention heads of the ViT encoder and decoder.\n"
          "A preset fills all six; dims must be divisible by 4 and by their heads.\n"
          "micro: tests only · tiny: ViT-Ti · small · base: slow on a CPU.");
  connect(mode_, &QComboBox::currentIndexChanged, this, &ControlPanel::updateDerived);
  connect(target_, &QComboBox::currentIndexChanged, this, &ControlPanel::updateDerived);
  return box;
}

// A preset menu over a 3 x 2 grid: dim, depth and heads of the encoder and the decoder
// (columns, so the field stays narrow enough for the dock at presentation fonts).
QWidget* ControlPanel::buildWidthsField() {
  auto* field = new QWidget;
  auto* grid = new QGridLayout(field);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(6);
  grid->setVerticalSpacing(4);
  preset_ = new QComboBox;
  for (const auto& name : preset_names()) preset_->addItem(QString::fromStdString(name));
  preset_->addItem("custom");
  preset_->setToolTip("Fill the six widths from a named preset; editing a width makes it custom.");
  grid->addWidget(preset_, 0, 0, 1, 3);
  const QStringList headers = {"encoder", "decoder"};
  for (int c = 0; c < headers.size(); ++c) {
    auto* header = new QLabel(headers[c]);
    header->setObjectName("hint");
    grid->addWidget(header, 1, c + 1, Qt::AlignHCenter);
  }
  enc_dim_ =
      make_width_spin(4, 4096, 16, "Encoder width: the size of every token's feature vector");
  enc_depth_ = make_width_spin(1, 48, 1, "Encoder depth: transformer blocks");
  enc_heads_ = make_width_spin(1, 64, 1, "Encoder attention heads (must divide the encoder dim)");
  dec_dim_ = make_width_spin(4, 4096, 16, "Decoder width");
  dec_depth_ = make_width_spin(1, 48, 1, "Decoder depth: transformer blocks");
  dec_heads_ = make_width_spin(1, 64, 1, "Decoder attention heads (must divide the decoder dim)");
  const QList<QList<QSpinBox*>> rows = {
      {enc_dim_, dec_dim_}, {enc_depth_, dec_depth_}, {enc_heads_, dec_heads_}};
  const QStringList titles = {"dim", "depth", "heads"};
  for (int r = 0; r < rows.size(); ++r) {
    auto* title = new QLabel(titles[r]);
    title->setObjectName("hint");
    grid->addWidget(title, r + 2, 0);
    for (int c = 0; c < rows[r].size(); ++c) {
      grid->addWidget(rows[r][c], r + 2, c + 1);
      connect(rows[r][c], &QSpinBox::valueChanged, this, &ControlPanel::onWidthEdited);
    }
  }
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(2, 1);
  connect(preset_, &QComboBox::activated, this, &ControlPanel::onPresetChosen);
  return field;
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
  add_row(form, "B&atch size", batch_,
          "Images per optimiser step. Larger batches: smoother loss, slower steps.");
  connect(batch_, &QSpinBox::valueChanged, this, &ControlPanel::updateDerived);
  add_row(form, "S&teps", buildLengthField(),
          "Length of the run: a number of steps, or a time budget of training time (pauses and\n"
          "quality measurements do not count). With a budget, the steps are refitted to the\n"
          "measured step time as the run goes, so the learning-rate cosine ends with the budget.\n"
          "Time budget off (0): the run trains exactly the steps. Warmup: the first steps,\n"
          "over which the learning rate rises from 0.");
  weight_decay_ = new QDoubleSpinBox;
  weight_decay_->setRange(0.0, 1.0);
  weight_decay_->setDecimals(4);
  weight_decay_->setSingleStep(0.01);
  add_row(form, "&Weight decay", weight_decay_,
          "AdamW weight decay (biases and norm layers excepted). MAE uses 0.05.");
  advanced_ << box;
  return box;
}

// Steps, and under them the optional time budget with its unit (0 = train the steps).
// Steps, with the optional time budget (0 = train the steps) and the warmup under them:
// one labelled row, because every letter of the alphabet is some setting's Alt+key.
QWidget* ControlPanel::buildLengthField() {
  auto* field = new QWidget;
  auto* grid = new QGridLayout(field);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(6);
  grid->setVerticalSpacing(4);
  steps_ = new QSpinBox;
  steps_->setRange(1, 10'000'000);
  steps_->setSuffix(" steps");
  grid->addWidget(steps_, 0, 0, 1, 3);
  auto caption = [](const QString& text) {
    auto* label = new QLabel(text);
    label->setObjectName("hint");
    return label;
  };
  time_budget_ = new QDoubleSpinBox;
  time_budget_->setRange(0, 99999);
  time_budget_->setDecimals(1);
  time_budget_->setSpecialValueText("off");
  time_budget_->setToolTip(
      "Training time to train for (time budget); off (0): train the steps above");
  budget_unit_ = new QComboBox;
  budget_unit_->addItem("min", 60.0);
  budget_unit_->addItem("s", 1.0);
  budget_unit_->setToolTip("Unit of the time budget");
  grid->addWidget(caption("budget"), 1, 0);
  grid->addWidget(time_budget_, 1, 1);
  grid->addWidget(budget_unit_, 1, 2);
  warmup_ = new QSpinBox;
  warmup_->setRange(-1, 1'000'000);
  warmup_->setSpecialValueText("auto (2.5 %)");
  warmup_->setSuffix(" steps");
  warmup_->setToolTip(
      "Warmup: steps over which the learning rate rises linearly from 0. Too short a\n"
      "warmup can make a transformer diverge in its first steps. auto: 2.5 % of the steps.");
  grid->addWidget(caption("warmup"), 2, 0);
  grid->addWidget(warmup_, 2, 1, 1, 2);
  grid->setColumnStretch(1, 1);
  return field;
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

ModelConfig ControlPanel::widths() const {
  ModelConfig m = base_.model;
  m.img_size = img_->value();
  m.channels = channels_->currentData().toInt();
  m.patch = patch_->value();
  m.enc_dim = enc_dim_->value();
  m.enc_depth = enc_depth_->value();
  m.enc_heads = enc_heads_->value();
  m.dec_dim = dec_dim_->value();
  m.dec_depth = dec_depth_->value();
  m.dec_heads = dec_heads_->value();
  m.norm_pix_loss = target_->currentData().toBool();
  return m;
}

TrainConfig ControlPanel::config() const {
  TrainConfig c = base_;  // what the panel does not show passes through
  c.recipe = recipe().toStdString();
  c.model = widths();
  c.preset =
      preset_->currentText() == "custom" ? unnamed_preset_ : preset_->currentText().toStdString();
  c.weight_decay = weight_decay_->value();
  c.time_budget_s = time_budget_->value() * budget_unit_->currentData().toDouble();
  c.dataset = dataset_->currentText().trimmed().toStdString();
  c.mode = TeacherMode(mode_->currentData().toInt());
  c.mask_ratio = mask_ratio_->value();
  c.mask_strategy = mask_strategy_->currentData().toString().toStdString();
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
  base_ = c;
  img_->setValue(c.model.img_size);
  enc_dim_->setValue(c.model.enc_dim);
  enc_depth_->setValue(c.model.enc_depth);
  enc_heads_->setValue(c.model.enc_heads);
  dec_dim_->setValue(c.model.dec_dim);
  dec_depth_->setValue(c.model.dec_depth);
  dec_heads_->setValue(c.model.dec_heads);
  target_->setCurrentIndex(target_->findData(c.model.norm_pix_loss));
  // A named preset whose widths these are; anything else ("recipe", "custom") shows custom.
  const auto named = apply_preset(c.preset, c.model);
  const bool matches =
      named && named->enc_dim == c.model.enc_dim && named->enc_depth == c.model.enc_depth &&
      named->enc_heads == c.model.enc_heads && named->dec_dim == c.model.dec_dim &&
      named->dec_depth == c.model.dec_depth && named->dec_heads == c.model.dec_heads;
  preset_->setCurrentText(matches ? QString::fromStdString(c.preset) : "custom");
  unnamed_preset_ = matches || c.preset.empty() ? "custom" : c.preset;
  weight_decay_->setValue(c.weight_decay);
  // Whole minutes read as minutes; anything else in seconds.
  const bool minutes = c.time_budget_s <= 0 || std::fmod(c.time_budget_s, 60.0) == 0;
  budget_unit_->setCurrentIndex(budget_unit_->findData(minutes ? 60.0 : 1.0));
  time_budget_->setValue(c.time_budget_s / (minutes ? 60.0 : 1.0));
  channels_->setCurrentIndex(channels_->findData(c.model.channels == 1 ? 1 : 3));
  patch_->setValue(c.model.patch);
  dataset_->setCurrentText(QString::fromStdString(c.dataset));
  mode_->setCurrentIndex(mode_->findData(int(c.mode)));
  mask_ratio_->setValue(c.mask_ratio);
  mask_strategy_->setCurrentIndex(
      std::max(0, mask_strategy_->findData(QString::fromStdString(c.mask_strategy))));
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

void ControlPanel::onEdited() {
  if (loading_ || recipe().isEmpty()) return;
  if (!follows_recipe(config())) showRecipe({});
}

void ControlPanel::onPresetChosen() {
  const auto named = apply_preset(preset_->currentText().toStdString(), widths());
  if (!named) return;  // "custom": the widths stay
  const bool was = loading_;
  loading_ = true;  // six width edits are one preset choice
  enc_dim_->setValue(named->enc_dim);
  enc_depth_->setValue(named->enc_depth);
  enc_heads_->setValue(named->enc_heads);
  dec_dim_->setValue(named->dec_dim);
  dec_depth_->setValue(named->dec_depth);
  dec_heads_->setValue(named->dec_heads);
  loading_ = was;
  updateDerived();
  onEdited();
}

// The preset menu follows the widths: a named preset while they match one, else custom.
void ControlPanel::onWidthEdited() {
  if (loading_) return;
  unnamed_preset_ = "custom";
  const ModelConfig m = widths();
  QString shown = "custom";
  for (const auto& name : preset_names()) {
    const auto p = apply_preset(name, m);
    if (p && p->enc_dim == m.enc_dim && p->enc_depth == m.enc_depth &&
        p->enc_heads == m.enc_heads && p->dec_dim == m.dec_dim && p->dec_depth == m.dec_depth &&
        p->dec_heads == m.dec_heads)
      shown = QString::fromStdString(name);
  }
  const QSignalBlocker block(preset_);
  preset_->setCurrentText(shown);
  updateDerived();
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

void ControlPanel::setMaskRatio(double ratio) { mask_ratio_->setValue(ratio); }
void ControlPanel::setMomentum(double momentum) { momentum_->setValue(momentum); }
void ControlPanel::setGamma(double gamma) { gamma_->setValue(gamma); }
void ControlPanel::setTeacherMode(TeacherMode mode) {
  mode_->setCurrentIndex(mode_->findData(int(mode)));
}

QString ControlPanel::problem() const {
  try {
    parse_dataset_spec(dataset_->currentText().trimmed().toStdString());
  } catch (const DataError& error) {
    return QString("Dataset: %1").arg(QString::fromStdString(error.problem()));
  }
  if (auto problem = validate(config()))
    return QString("%1: %2").arg(setting_name(QString::fromStdString(problem->option)),
                                 QString::fromStdString(problem->message));
  return {};
}

// Outlines the field a problem names (QSS: [invalid="true"]), so it is found at a glance.
void ControlPanel::markInvalid(const QString& option) {
  const QHash<QString, QWidget*> fields = {{"--img", img_},
                                           {"--patch", patch_},
                                           {"--enc-dim", enc_dim_},
                                           {"--enc-depth", enc_depth_},
                                           {"--enc-heads", enc_heads_},
                                           {"--dec-dim", dec_dim_},
                                           {"--dec-depth", dec_depth_},
                                           {"--dec-heads", dec_heads_},
                                           {"--mask-ratio", mask_ratio_},
                                           {"--weight-decay", weight_decay_},
                                           {"--steps", steps_},
                                           {"--warmup-steps", warmup_},
                                           {"--batch", batch_},
                                           {"--base-lr", base_lr_},
                                           {"--time-budget", time_budget_},
                                           {"--dataset", dataset_}};
  QWidget* field = fields.value(option, nullptr);
  if (field == invalid_) return;
  for (QWidget* w : {invalid_, field}) {
    if (!w) continue;
    w->setProperty("invalid", w == field);
    w->style()->unpolish(w);
    w->style()->polish(w);
  }
  invalid_ = field;
}

void ControlPanel::queueLive(const LiveChanges& change) {
  pending_.merge(change);
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
                        .arg(c.base_lr, 0, 'g', 3)
                        .arg(c.batch)
                        .arg(c.peak_lr(), 0, 'g', 3));
  const int grid = c.model.patch > 0 ? c.model.img_size / c.model.patch : 0;
  const int hidden = int(std::lround(grid * grid * c.mask_ratio));
  shape_hint_->setText(
      QString("%1 × %1 = %2 patches, ~%3 hidden").arg(grid).arg(grid * grid).arg(hidden));
  // Without a teacher there is no consistency gradient to measure.
  grad_every_->setEnabled(c.has_teacher());
  feature_pooling_->setEnabled(c.has_teacher());
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
