#include "views/reconstructions_tab.h"

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
  loss_->setMinimumHeight(150);
  loss_->yAxis->setLabel("MSE");  // short: this plot is low, and the Curves tab explains it

  auto* top = new QHBoxLayout;
  top->setSpacing(10);
  top->addWidget(grid_, 1);
  top->addWidget(mask_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 10, 10, 8);
  layout->setSpacing(8);
  layout->addLayout(top, 3);
  layout->addWidget(scrubber_);
  layout->addWidget(loss_, 2);

  connect(scrubber_, &HistoryScrubber::snapshotChosen, this, &ReconstructionsTab::show);
  connect(grid_, &ReconstructionView::imageSelected, mask_, &MaskView::setImageIndex);
}

void ReconstructionsTab::addSnapshot(const session::SnapshotPtr& snapshot) {
  scrubber_->addSnapshot(snapshot);  // emits snapshotChosen while live
}

void ReconstructionsTab::show(const session::SnapshotPtr& snapshot) {
  grid_->setSnapshot(snapshot);
  mask_->setSnapshot(snapshot);
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
