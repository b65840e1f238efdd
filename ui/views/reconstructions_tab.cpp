#include "views/reconstructions_tab.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "views/history_scrubber.h"
#include "views/loss_plot_view.h"
#include "views/mask_view.h"
#include "views/reconstruction_view.h"

namespace rcmae::ui {

ReconstructionsTab::ReconstructionsTab(const MetricHistory* history, QWidget* parent)
    : QWidget(parent) {
  grid_ = new ReconstructionView(this);
  mask_ = new MaskView(this);
  mask_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
  scrubber_ = new HistoryScrubber(this);
  // The loss next to the pictures: students see the curve drop as the images sharpen.
  loss_ = new LossPlotView(history, this);
  loss_->setMinimumHeight(125);  // leaves room for the paper-view toggle at 1280 x 720
  loss_->yAxis->setLabel("MSE");  // short: this plot is low, and the Curves tab explains it

  // The MAE paper's figures un-normalise each hidden prediction with that patch's own
  // mean and std: information the model never had. Off by default, and said so on the box.
  paper_view_ = new QCheckBox("Paper view: true patch statistics (the model never had them)", this);
  paper_view_->setObjectName("paperViewToggle");
  paper_view_->setChecked(false);

  auto* top = new QHBoxLayout;
  top->setSpacing(10);
  top->addWidget(grid_, 1);
  top->addWidget(mask_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 10, 10, 8);
  layout->setSpacing(8);
  layout->addLayout(top, 3);
  layout->addWidget(paper_view_);
  layout->addWidget(scrubber_);
  layout->addWidget(loss_, 2);

  connect(scrubber_, &HistoryScrubber::snapshotChosen, this, &ReconstructionsTab::show);
  connect(grid_, &ReconstructionView::imageSelected, mask_, &MaskView::setImageIndex);
  connect(paper_view_, &QCheckBox::toggled, grid_, &ReconstructionView::setPaperView);
  updatePaperToggle();
}

void ReconstructionsTab::addSnapshot(const session::SnapshotPtr& snapshot) {
  scrubber_->addSnapshot(snapshot);  // emits snapshotChosen while live
}

void ReconstructionsTab::show(const session::SnapshotPtr& snapshot) {
  grid_->setSnapshot(snapshot);
  mask_->setSnapshot(snapshot);
  updatePaperToggle();
}

// Pixel-target runs need no placement, so the toggle has nothing to switch there. It keeps
// its state while disabled: scrubbing back to a norm-pix snapshot shows what was chosen.
void ReconstructionsTab::updatePaperToggle() {
  const bool available = grid_->paperViewAvailable();
  if (paper_view_->isEnabled() == available && !paper_view_->toolTip().isEmpty()) return;
  paper_view_->setEnabled(available);
  paper_view_->setToolTip(
      available ? "Off (default): hidden predictions are placed with the mean and std of the image's\n"
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
  mask_->setTheme(theme);
  loss_->applyTheme(plot);
}

void ReconstructionsTab::refreshPlot() { loss_->refresh(); }

}  // namespace rcmae::ui
