#include "presentation/presentation_stage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "controls/control_panel.h"
#include "presentation/lecture_scenes.h"
#include "presentation/tile_zoom.h"
#include "presentation/value_stepper.h"
#include "views/loss_plot_view.h"
#include "views/mask_view.h"
#include "views/reconstruction_view.h"

namespace rcmae::ui {
namespace {

// Key, what it does: the overlay (?) lists exactly these, so it cannot drift from the code.
struct StageKey {
  const char* key;
  const char* what;
};
constexpr StageKey kStageKeys[] = {
    {"Space", "start / pause"},
    {"S  or  →", "one training step"},
    {"R", "reset to step 0"},
    {"M", "MAE ↔ RC-MAE (starts again)"},
    {"[  ]", "mask ratio − / +"},
    {"↓  ↑", "EMA momentum − / +"},
    {"-  =", "consistency γ − / +"},
    {"PgDn  PgUp", "next / previous scene"},
    {"?", "this list"},
    {"Esc  or  F11", "desk layout (every setting, every tab)"},
};

// A stage this tall shows the mask panel next to a scene's caption.
constexpr int kRoomyHeight = 900;

// Values worth showing a room: each step changes something visible.
const QVector<double> kRatioLadder = {0.25, 0.4, 0.5, 0.6, 0.75, 0.85, 0.9};
const QVector<double> kMomentumLadder = {0.9, 0.95, 0.97, 0.99, 0.995, 0.999, 0.9995, 0.9999};
const QVector<double> kGammaLadder = {0, 0.25, 0.5, 1, 2, 4};

// The stage's legend sits under the axes, never over the curves.
void move_legend_below_axes(QCustomPlot* plot) {
  plot->axisRect()->insetLayout()->take(plot->legend);
  plot->axisRect()->insetLayout()->simplify();
  const int row = plot->plotLayout()->rowCount();
  plot->plotLayout()->addElement(row, 0, plot->legend);
  plot->plotLayout()->setRowStretchFactor(row, 0.001);
  plot->legend->setMargins(QMargins(6, 2, 6, 2));
}

QToolButton* transport_button(QAction* action) {
  auto* button = new QToolButton;
  button->setDefaultAction(action);
  button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  button->setFocusPolicy(Qt::NoFocus);
  return button;
}

QAction* stage_key(QWidget* stage, const QKeySequence& key) {
  auto* action = new QAction(stage);
  action->setShortcut(key);
  // Window-wide, but only while the stage is shown: a hidden widget's shortcuts are off.
  action->setShortcutContext(Qt::WindowShortcut);
  stage->addAction(action);
  return action;
}

}  // namespace

QString PresentationStage::keysTable() {
  QString rows;
  for (const StageKey& k : kStageKeys)
    rows += QString("<tr><td align='right'><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>")
                .arg(k.key, k.what);
  return "<table cellspacing='4'>" + rows + "</table>";
}

PresentationStage::PresentationStage(ControlPanel* controls, const WindowActions& actions,
                                     const MetricHistory* history, QWidget* parent)
    : QWidget(parent), controls_(controls) {
  setObjectName("presentationStage");
  grid_ = new ReconstructionView;
  grid_->setShownRows(kRows);
  grid_->setMaxImages(kImages);
  mask_ = new MaskView;
  loss_ = new LossPlotView(history);
  move_legend_below_axes(loss_);
  loss_->yAxis->setLabel("loss (MSE)");  // the desk's longer label does not fit the column's height
  loss_->setLegendInColumn(true);
  keys_hint_ = new QLabel("? keys  ·  Esc desk layout");
  keys_hint_->setObjectName("hint");
  keys_hint_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

  scene_caption_ = new QLabel;
  scene_caption_->setObjectName("sceneCaption");
  scene_caption_->setWordWrap(true);
  scene_caption_->hide();
  auto* side = new QVBoxLayout;
  side->setSpacing(8);
  side->addWidget(mask_);
  side->addWidget(loss_, 1);
  side->addWidget(scene_caption_);
  side->addWidget(keys_hint_);
  auto* top = new QHBoxLayout;
  top->setSpacing(12);
  top->addWidget(grid_, 1);
  top->addLayout(side);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 12, 8);
  layout->setSpacing(8);
  layout->addLayout(top, 1);
  layout->addWidget(buildControlBar(actions));

  overlay_ = new QLabel(this);
  overlay_->setObjectName("keysOverlay");
  overlay_->setTextFormat(Qt::RichText);
  overlay_->setText("<p><b>Keys</b></p>" + keysTable());
  overlay_->setAutoFillBackground(true);
  overlay_->setFrameShape(QFrame::Box);
  overlay_->setMargin(18);
  overlay_->hide();

  zoom_ = new TileZoom(this);
  grid_->setHoverTracking(true);
  connect(grid_, &ReconstructionView::imageHovered, this, &PresentationStage::highlightImage);
  connect(grid_, &ReconstructionView::imageSelected, mask_, &MaskView::setImageIndex);
  connect(controls_, &ControlPanel::configEdited, this, &PresentationStage::showControlValues);
  addKeys(actions);
  showControlValues();
}

QWidget* PresentationStage::buildControlBar(const WindowActions& actions) {
  auto* bar = new QWidget;
  bar->setObjectName("stageControls");
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(4, 0, 4, 0);
  row->setSpacing(10);
  ratio_ = new ValueStepper("Mask ratio", kRatioLadder, 2);
  momentum_ = new ValueStepper("Momentum", kMomentumLadder, 4);
  gamma_ = new ValueStepper("γ", kGammaLadder, 2);
  mode_ = new QToolButton;
  mode_->setFocusPolicy(Qt::NoFocus);
  mode_->setToolTip(
      "M: switch between MAE (no teacher) and RC-MAE (EMA teacher); starts again from step 0");
  for (QWidget* w : {static_cast<QWidget*>(ratio_), static_cast<QWidget*>(momentum_),
                     static_cast<QWidget*>(gamma_), static_cast<QWidget*>(mode_)})
    row->addWidget(w);
  row->addStretch(1);
  for (QAction* action : {actions.play_pause, actions.step, actions.reset})
    row->addWidget(transport_button(action));

  connect(ratio_, &ValueStepper::valueRequested, controls_, &ControlPanel::setMaskRatio);
  connect(momentum_, &ValueStepper::valueRequested, controls_, &ControlPanel::setMomentum);
  connect(gamma_, &ValueStepper::valueRequested, controls_, &ControlPanel::setGamma);
  connect(mode_, &QToolButton::clicked, this, &PresentationStage::teacherModeToggleRequested);
  return bar;
}

void PresentationStage::addKeys(const WindowActions& actions) {
  connect(stage_key(this, Qt::Key_Right), &QAction::triggered, actions.step, &QAction::trigger);
  connect(stage_key(this, Qt::Key_M), &QAction::triggered, this,
          &PresentationStage::teacherModeToggleRequested);
  connect(stage_key(this, Qt::Key_BracketLeft), &QAction::triggered, this,
          [this] { controls_->setMaskRatio(ratio_->previousValue()); });
  connect(stage_key(this, Qt::Key_BracketRight), &QAction::triggered, this,
          [this] { controls_->setMaskRatio(ratio_->nextValue()); });
  connect(stage_key(this, Qt::Key_Down), &QAction::triggered, this,
          [this] { controls_->setMomentum(momentum_->previousValue()); });
  connect(stage_key(this, Qt::Key_Up), &QAction::triggered, this,
          [this] { controls_->setMomentum(momentum_->nextValue()); });
  connect(stage_key(this, Qt::Key_Minus), &QAction::triggered, this,
          [this] { controls_->setGamma(gamma_->previousValue()); });
  connect(stage_key(this, Qt::Key_Equal), &QAction::triggered, this,
          [this] { controls_->setGamma(gamma_->nextValue()); });
  connect(stage_key(this, Qt::Key_PageDown), &QAction::triggered, this,
          [this] { showScene(scene_ + 1); });
  connect(stage_key(this, Qt::Key_PageUp), &QAction::triggered, this,
          [this] { showScene(scene_ - 1); });
  connect(stage_key(this, Qt::Key_Escape), &QAction::triggered, this,
          &PresentationStage::deskLayoutRequested);
}

void PresentationStage::showControlValues() {
  const TrainConfig config = controls_->config();
  ratio_->showValue(config.mask_ratio);
  momentum_->showValue(config.momentum);
  gamma_->showValue(config.gamma);
  mode_->setText(config.has_teacher() ? "RC-MAE"
                                      : "MAE");  // what trains now; M or a click switches
  gamma_->setEnabled(config.has_teacher());
  momentum_->setEnabled(config.has_teacher());
}

void PresentationStage::setSnapshot(const session::SnapshotPtr& snapshot) {
  grid_->setSnapshot(snapshot);
  mask_->setSnapshot(snapshot);
  if (zoom_->isVisible())
    highlightImage(zoom_->imageIndex());  // the enlarged image follows training
}

void PresentationStage::refresh(double live_ratio) {
  loss_->refresh();
  if (live_ratio >= 0) mask_->setLiveRatio(live_ratio);
}

void PresentationStage::clear() {
  setSnapshot(nullptr);
  loss_->rebuild();
}

void PresentationStage::showScene(int index) {
  const QVector<LectureScene>& scenes = lecture_scenes();
  scene_ = std::clamp(index, -1, int(scenes.size()) - 1);
  scene_caption_->setVisible(scene_ >= 0);
  // At 720 lines the side column cannot hold the caption too: the key hint and the mask
  // panel give way (the grid's Masked input row still shows every mask).
  keys_hint_->setVisible(scene_ < 0);
  mask_->setVisible(scene_ < 0 || height() >= kRoomyHeight);
  if (scene_ < 0) return;
  const LectureScene& scene = scenes[scene_];
  scene_caption_->setText(
      QString("<b>%1</b><br>%2").arg(scene.title.toHtmlEscaped(), scene.caption.toHtmlEscaped()));
  if (scene.mask_ratio) controls_->setMaskRatio(*scene.mask_ratio);
  if (scene.momentum) controls_->setMomentum(*scene.momentum);
}

void PresentationStage::highlightImage(int index) {
  if (index < 0 || !grid_->hasSnapshot()) {
    zoom_->hide();
    return;
  }
  zoom_->setGeometry(mask_->geometry().united(loss_->geometry()));
  zoom_->show(grid_->snapshot(), index, grid_->tileImage(SnapshotRow::Original, index),
              grid_->tileImage(SnapshotRow::Masked, index),
              grid_->tileImage(SnapshotRow::Error, index));
}

void PresentationStage::setTheme(ThemeName theme) {
  zoom_->setTheme(view_theme(theme));
  grid_->setTheme(view_theme(theme));
  mask_->setTheme(view_theme(theme));
  loss_->applyTheme(plot_theme(theme));
}

int PresentationStage::bodyPixelSize(int width) { return width >= 1800 ? 24 : 18; }

void PresentationStage::toggleKeysOverlay() {
  overlay_->setVisible(!overlay_->isVisible());
  if (overlay_->isVisible()) {
    placeOverlay();
    overlay_->raise();
  }
}

void PresentationStage::placeOverlay() {
  overlay_->adjustSize();
  overlay_->move((width() - overlay_->width()) / 2, (height() - overlay_->height()) / 2);
}

void PresentationStage::resizeEvent(QResizeEvent* event) {
  mask_->setVisible(scene_ < 0 || height() >= kRoomyHeight);
  const int pixels = bodyPixelSize(width());
  if (font().pixelSize() != pixels) {
    QFont large = font();
    large.setPixelSize(pixels);
    // Set on every child: under the application's style sheet, children do not inherit it.
    setFont(large);
    for (QWidget* child : findChildren<QWidget*>()) child->setFont(large);
    loss_->applyTheme(loss_->theme());  // axis labels and legend take the widget's font
  }
  placeOverlay();
  QWidget::resizeEvent(event);
}

}  // namespace rcmae::ui
