#include "views/gradients_tab.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "plots/group_heat_map.h"
#include "plots/time_series_plot.h"
#include "plots/trend_scatter_plot.h"
#include "steady_label.h"
#include "views/explanation_label.h"
#include "views/plot_control_bar.h"

namespace rcmae::ui {
namespace {

TimeSeriesPlot* make_cosine_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot =
      new TimeSeriesPlot(history, "Teacher vs. student gradients", "cosine (whole model)", parent);
  plot->setObjectName("gradCosinePlot");
  plot->addSeries({"cos(g_c(t), g_r(t))", 0, [](const StepRecord& r) { return r.cos_c_r; }, true});
  plot->addSeries(
      {"cos(g_c(t), g_r(t−k))", 4, [](const StepRecord& r) { return r.cos_c_r_prev; }, true});
  plot->setZeroLinesVisible(true);  // the sign is the message
  return plot;
}

TimeSeriesPlot* make_ratio_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot = new TimeSeriesPlot(history, "Size of the teacher's pull", "‖g_c‖ / ‖g_r‖", parent);
  plot->setObjectName("gradRatioPlot");
  plot->addSeries(
      {"‖g_c‖ / ‖g_r‖", 3, [](const StepRecord& r) { return r.grad_norm_ratio; }, true});
  return plot;
}

// Measurements where both the previous gradient and the previous batch exist.
QVector<ScatterPoint> scatter_points(const QVector<GradSimilarityRecord>& records) {
  QVector<ScatterPoint> points;
  for (const GradSimilarityRecord& r : records) {
    if (std::isfinite(r.feature_similarity) && std::isfinite(r.cos_c_r_prev))
      points.push_back({r.feature_similarity, r.cos_c_r_prev, double(r.step)});
  }
  return points;
}

const char* kGradientsExplanation =
    "<b>How to read this.</b> g<sub>r</sub> is the gradient of the reconstruction loss, "
    "g<sub>c</sub> the gradient of the consistency loss that pulls the student towards its "
    "EMA teacher. A <b>negative</b> cos(g<sub>c</sub>(t), g<sub>r</sub>(t−k)) means the "
    "teacher's pull points against the direction the student moved in before: it removes "
    "part of the previous gradient. It does so more strongly when consecutive batches look "
    "alike (feature similarity s(t) near 1), so the scatter's trend slope should be "
    "negative. The teacher acts as a <i>conditional momentum regulariser</i>: it damps "
    "repeated steps in the same direction only when the data gives no new information.";

}  // namespace

GradientsTab::GradientsTab(const MetricHistory* history, QWidget* parent)
    : QWidget(parent), history_(history) {
  cosines_ = make_cosine_plot(history, this);
  ratio_ = make_ratio_plot(history, this);
  scatter_ = new TrendScatterPlot("Opposition vs. feature similarity",
                                  "feature similarity s(t) of consecutive batches",
                                  "cos(g_c(t), g_r(t−k))", this);
  scatter_->setObjectName("gradScatter");
  scatter_->setToolTip(
      "One point per measurement, coloured by step. The dashed line is the\n"
      "least-squares fit; a negative slope means more opposition for more\n"
      "similar batches. Drag/wheel to zoom, double-click to fit, right-click to save.");
  heat_map_ = new GroupHeatMap(this);
  heat_map_->setObjectName("gradHeatMap");
  heat_map_->setToolTip(
      "cos(g_c(t), g_r(t−k)) per module group: red opposes the previous\n"
      "gradient, blue follows it. Wheel zooms in time, double-click fits.");
  current_ = cosines_;

  status_ = new QLabel(this);
  status_->setObjectName("hint");
  status_->setWordWrap(true);
  // The count changes with every measurement; in its own fixed-size label it does not make
  // the window re-lay (and re-wrap) every explanation on the tab.
  count_ = new SteadyLabel("888888 measurements so far", this);
  count_->setObjectName("hint");
  count_->setAlignment(Qt::AlignRight | Qt::AlignTop);
  controls_ = new PlotControlBar(
      {{cosines_, ratio_}, {cosines_, ratio_}, {ratio_}},
      "Logarithmic axis for the norm ratio (the cosines are signed and stay linear).", this);
  controls_->setSmoothing(0.3);  // measurements are sparse: smooth less than the loss

  auto* grid = new QGridLayout;
  grid->setSpacing(10);
  grid->addWidget(cosines_, 0, 0);
  grid->addWidget(ratio_, 0, 1);
  grid->addWidget(scatter_, 1, 0);
  grid->addWidget(heat_map_, 1, 1);
  grid->setColumnStretch(0, 1);
  grid->setColumnStretch(1, 1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 12);
  layout->setSpacing(8);
  layout->addWidget(controls_);
  auto* status_row = new QHBoxLayout;
  status_row->addWidget(status_, 1);
  status_row->addWidget(count_, 0, Qt::AlignTop);
  layout->addLayout(status_row);
  layout->addLayout(grid, 1);
  layout->addWidget(make_explanation(kGradientsExplanation, this));

  for (ThemedPlot* plot : {static_cast<ThemedPlot*>(cosines_), static_cast<ThemedPlot*>(ratio_),
                           static_cast<ThemedPlot*>(scatter_), static_cast<ThemedPlot*>(heat_map_)})
    connect(plot, &ThemedPlot::activated, this, [this, plot] { current_ = plot; });
  updateStatus();
}

void GradientsTab::setRunConfig(const TrainConfig& config) {
  config_ = config;
  has_config_ = true;
  updateStatus();
}

void GradientsTab::refresh() {
  cosines_->refresh();
  ratio_->refresh();
  if (generation_ != history_->generation() || drawn_measurements_ != history_->gradients().size())
    updateMeasurementViews();
}

void GradientsTab::rebuild() {
  cosines_->rebuild();
  ratio_->rebuild();
  updateMeasurementViews();
}

void GradientsTab::updateMeasurementViews() {
  const QVector<GradSimilarityRecord>& records = history_->gradients();
  generation_ = history_->generation();
  drawn_measurements_ = int(records.size());
  scatter_->setPoints(scatter_points(records));
  heat_map_->setRecords(records);
  updateStatus();
}

void GradientsTab::updateStatus() {
  const bool measuring = has_config_ && config_.has_teacher() && config_.grad_sim_every > 0;
  QString message;
  if (has_config_ && !config_.has_teacher()) {
    message =
        "MAE has no teacher, so there is no consistency gradient to measure. "
        "Choose RC-MAE or RC-MAE-D in Settings → Model.";
  } else if (has_config_ && config_.grad_sim_every <= 0) {
    message =
        "Gradient measurements are off for this run. Set “Measure gradients every” "
        "in Settings → Diagnostics and start a new run.";
  } else if (has_config_) {
    message = QString("Measured every %1 steps (%2 features)")
                  .arg(config_.grad_sim_every)
                  .arg(QString::fromStdString(config_.feature_pooling));
  } else {
    message = "Start an RC-MAE run to measure the teacher's gradients.";
  }
  if (status_->text() != message) status_->setText(message);
  const int count = int(history_->gradients().size());
  count_->setText(measuring ? QString("%1 measurements so far").arg(count) : QString());
}

void GradientsTab::applyTheme(const PlotTheme& theme) {
  for (ThemedPlot* plot : {static_cast<ThemedPlot*>(cosines_), static_cast<ThemedPlot*>(ratio_),
                           static_cast<ThemedPlot*>(scatter_), static_cast<ThemedPlot*>(heat_map_)})
    plot->applyTheme(theme);
}

void GradientsTab::setFollowLive(bool follow) { controls_->setFollowLive(follow); }

bool GradientsTab::toggleFollowLive() {
  setFollowLive(!controls_->followLive());
  return true;
}

QWidget* GradientsTab::currentFigure() const { return current_; }

}  // namespace rcmae::ui
