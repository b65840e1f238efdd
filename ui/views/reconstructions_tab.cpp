#include "views/reconstructions_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "views/compare_sides.h"
#include "views/history_scrubber.h"
#include "views/loss_plot_view.h"
#include "views/mask_view.h"
#include "views/reconstruction_view.h"
#include "views/split_compare_view.h"

namespace rcmae::ui {

ReconstructionsTab::ReconstructionsTab(const MetricHistory* history, QWidget* parent)
    : QWidget(parent), history_(history) {
  grid_ = new ReconstructionView(this);
  mask_ = new MaskView(this);
  mask_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
  scrubber_ = new HistoryScrubber(this);
  // The loss next to the pictures: students see the curve drop as the images sharpen.
  loss_ = new LossPlotView(history, this);
  loss_->setMinimumHeight(125);   // leaves room for the paper-view toggle at 1280 x 720
  loss_->yAxis->setLabel("MSE");  // short: this plot is low, and the Curves tab explains it

  // The MAE paper's figures un-normalise each hidden prediction with that patch's own
  // mean and std: information the model never had. Off by default, and said so on the box.
  paper_view_ = new QCheckBox("Paper view: true patch statistics (the model never had them)", this);
  paper_view_->setObjectName("paperViewToggle");
  paper_view_->setChecked(false);

  split_ = new SplitCompareView(this);
  split_->setPlaceholder(
      "Press Start (Space) to train.\nThe student's and the teacher's reconstructions of the "
      "demo batch appear here, split by a divider you can drag.");
  views_ = new QStackedWidget(this);
  views_->addWidget(grid_);
  views_->addWidget(split_);
  view_choice_ = new QComboBox(this);
  view_choice_->setObjectName("reconstructionViewChoice");
  view_choice_->addItem("Grid: every stage");
  view_choice_->addItem("Split: student | teacher");
  view_choice_->addItem("Difference: |student − teacher|");
  view_choice_->setToolTip(
      "Grid: all stages of every demo image.\n"
      "Split: the student's reconstruction left of a divider, the teacher's right of it,\n"
      "for the same images and step; drag the divider or use the arrow keys.\n"
      "Difference: how far apart the two are, pixel by pixel.");
  auto* view_label = new QLabel("View:", this);
  view_label->setBuddy(view_choice_);

  auto* top = new QHBoxLayout;
  top->setSpacing(10);
  top->addWidget(views_, 1);
  top->addWidget(mask_);
  auto* options = new QHBoxLayout;
  options->setSpacing(8);
  options->addWidget(view_label);
  options->addWidget(view_choice_);
  options->addSpacing(16);
  options->addWidget(paper_view_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 10, 10, 8);
  layout->setSpacing(8);
  layout->addLayout(top, 3);
  layout->addLayout(options);
  layout->addWidget(scrubber_);
  layout->addWidget(loss_, 2);

  connect(scrubber_, &HistoryScrubber::snapshotChosen, this, &ReconstructionsTab::show);
  connect(grid_, &ReconstructionView::imageSelected, mask_, &MaskView::setImageIndex);
  connect(paper_view_, &QCheckBox::toggled, grid_, &ReconstructionView::setPaperView);
  connect(paper_view_, &QCheckBox::toggled, this, &ReconstructionsTab::updateSplit);
  connect(view_choice_, &QComboBox::currentIndexChanged, this,
          [this](int index) { setView(View(index)); });
  updatePaperToggle();
}

void ReconstructionsTab::setView(View view) {
  if (view_choice_->currentIndex() != int(view))
    view_choice_->setCurrentIndex(int(view));  // comes back here
  views_->setCurrentWidget(view == View::Grid ? static_cast<QWidget*>(grid_) : split_);
  split_->setMode(view == View::Difference ? SplitCompareView::Mode::Difference
                                           : SplitCompareView::Mode::Split);
  updateSplit();
}

ReconstructionsTab::View ReconstructionsTab::view() const {
  return View(view_choice_->currentIndex());
}

// The split view shows the grid's snapshot with the grid's placement. Rendered only while
// it is shown: the grid is what most people look at.
void ReconstructionsTab::updateSplit() {
  if (view() == View::Grid) return;
  const session::SnapshotPtr& snapshot = grid_->snapshot();
  if (!snapshot) {
    split_->clear();
    split_->setTitle({});
    return;
  }
  const auto [student, teacher] = student_teacher_sides(*snapshot, grid_->placement());
  split_->setTitle(QString("Step %1  ·  mask ratio %2%3")
                       .arg(snapshot->step)
                       .arg(snapshot->mask_ratio, 0, 'f', 2)
                       .arg(grid_->placement() == Placement::Paper ? "  ·  paper view" : ""));
  split_->setSides(student, teacher);
}

void ReconstructionsTab::addSnapshot(const session::SnapshotPtr& snapshot) {
  scrubber_->addSnapshot(snapshot);  // emits snapshotChosen while live
}

void ReconstructionsTab::show(const session::SnapshotPtr& snapshot) {
  grid_->setSnapshot(snapshot);
  mask_->setSnapshot(snapshot);
  updatePaperToggle();
  updateSplit();
}

// Pixel-target runs need no placement, so the toggle has nothing to switch there. It keeps
// its state while disabled: scrubbing back to a norm-pix snapshot shows what was chosen.
void ReconstructionsTab::updatePaperToggle() {
  const bool available = grid_->paperViewAvailable();
  if (paper_view_->isEnabled() == available && !paper_view_->toolTip().isEmpty()) return;
  paper_view_->setEnabled(available);
  paper_view_->setToolTip(
      available
          ? "Off (default): hidden predictions are placed with the mean and std of the image's\n"
            "VISIBLE patches, which the model knows. On: each hidden patch is un-normalised with\n"
            "its own TRUE mean and std, as in the MAE paper's figures. That looks sharper, but\n"
            "the brightness and contrast come from the answer, not from the model."
          : "Only for norm-pix runs: pixel-target predictions are drawn as predicted, so there\n"
            "is no placement to choose.");
}

void ReconstructionsTab::setRunDir(const QString& run_dir) { scrubber_->setRunDir(run_dir); }

void ReconstructionsTab::setLiveRatio(double ratio) { mask_->setLiveRatio(ratio); }

void ReconstructionsTab::clear() {
  scrubber_->clear();
  loss_->rebuild();
  show(nullptr);
}

void ReconstructionsTab::setTheme(const ViewTheme& theme, const PlotTheme& plot) {
  grid_->setTheme(theme);
  split_->setTheme(theme);
  mask_->setTheme(theme);
  loss_->applyTheme(plot);
}

void ReconstructionsTab::refreshPlot() { loss_->refresh(); }

void ReconstructionsTab::newFrame() {
  refreshPlot();
  if (!history_->empty() && history_->last().mask_ratio >= 0)
    setLiveRatio(history_->last().mask_ratio);
}

}  // namespace rcmae::ui
