#pragma once
// What can be plotted of a run, named once: the Runs overlay's four plots (title, y axis
// with its unit, the lines each run draws and whether they are noisy per-step values), the
// raw-pixel baselines every accuracy is measured against, and the x axes runs are compared
// on. The Quality tab and the PDF report label their baselines from here too, so that a
// figure, a tab and a printed page call the same reference by the same name.
#include <QString>
#include <QVector>

#include "runs/run_overlay_plot.h"

namespace rcmae::ui {

// The overlay's plots, in the order of its grid: what was learned first (held-out numbers),
// then how training went (losses).
enum class RunPlot { HeldOutReconstruction = 0, Accuracy, ReconstructionLoss, ConsistencyLoss };
constexpr int kRunPlotCount = 4;

struct RunPlotSpec {
  QString title;
  QString y_label;  // the measure and its unit
  QVector<OverlaySeries> series;
  bool smoothed = false;   // noisy per-step values get an EMA line over the raw one
  RunBaselines baselines;  // null: the plot has none
};
RunPlotSpec run_plot_spec(RunPlot plot);

// The accuracies of frozen features on held-out images; each has the same classifier on raw
// pixels as its baseline (quality.csv's pixel_knn, pixel_probe).
enum class HeldOutAccuracy { Knn, Probe };
QString accuracy_name(HeldOutAccuracy accuracy);  // "kNN", "probe"
// "raw pixels kNN": what the features must beat.
QString pixel_baseline_name(HeldOutAccuracy accuracy);
// "raw pixels kNN 64.0 %" for an accuracy in percent.
QString pixel_baseline_label(HeldOutAccuracy accuracy, double percent);
// "raw pixels kNN %1 %": for plots that put the value in themselves (the Quality tab).
QString pixel_baseline_pattern(HeldOutAccuracy accuracy);
// The baseline's quality.csv column: "pixel_knn", "pixel_probe".
QString pixel_baseline_column(HeldOutAccuracy accuracy);

// The x axes the overlay offers: equal steps, equal images (runs with different batches),
// equal time (what the teacher costs). `column` is metrics.csv's.
struct RunXAxis {
  QString label;
  QString column;
};
const QVector<RunXAxis>& run_x_axes();

}  // namespace rcmae::ui
