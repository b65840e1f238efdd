#include "runs/run_series_catalogue.h"

#include <cmath>

#include "runs/run_reader.h"

namespace rcmae::ui {
namespace {

RunSeries metric_column(const QString& column) {
  return [column](const RunReader& run, const QString& x_column, QVector<double>& x,
                  QVector<double>& y) {
    x = run.metricsColumn(x_column);
    y = run.metricsColumn(column);
  };
}

// quality.csv's steps on the chosen x axis.
QVector<double> quality_x(const RunReader& run, const QString& x_column) {
  const QVector<double> steps = run.qualityColumn("step");
  return x_column == "step" ? steps : run.metricAtSteps(x_column, steps);
}

// Sparse measurements (kNN and probe are not on every quality row): the points that have a
// value, so each run's line runs through its measurements instead of breaking at the gaps.
void drop_missing(QVector<double>& x, QVector<double>& y) {
  QVector<double> kept_x, kept_y;
  for (qsizetype i = 0; i < x.size() && i < y.size(); ++i)
    if (!std::isnan(x[i]) && !std::isnan(y[i])) {
      kept_x << x[i];
      kept_y << y[i];
    }
  x = kept_x;
  y = kept_y;
}

void held_out_nmse(const RunReader& run, const QString& x_column, QVector<double>& x,
                   QVector<double>& y) {
  x = quality_x(run, x_column);
  y = run.qualitySeries("nmse");
  drop_missing(x, y);
}

QString measure_of(HeldOutAccuracy accuracy) {
  return accuracy == HeldOutAccuracy::Knn ? "knn" : "probe";
}

// Accuracy in percent: quality.csv's measure, or for a run from before quality.csv the
// kNN monitor's knn.csv (it has no probe curve: probe.csv holds the end of the run only).
RunSeries accuracy_percent(HeldOutAccuracy accuracy) {
  return [accuracy](const RunReader& run, const QString& x_column, QVector<double>& x,
                    QVector<double>& y) {
    if (run.hasQuality()) {
      x = quality_x(run, x_column);
      y = run.qualitySeries(measure_of(accuracy));
    } else if (accuracy == HeldOutAccuracy::Knn) {
      x = run.knnColumn("step");
      if (x_column != "step") x = run.metricAtSteps(x_column, x);
      y = run.knnScores();
    } else {
      x.clear();
      y.clear();
    }
    drop_missing(x, y);
    for (double& value : y) value *= 100.0;
  };
}

Qt::PenStyle accuracy_style(HeldOutAccuracy accuracy) {
  return accuracy == HeldOutAccuracy::Knn ? Qt::SolidLine : Qt::DashLine;
}

QVector<OverlayBaseline> pixel_baselines(const RunReader& run) {
  QVector<OverlayBaseline> baselines;
  for (HeldOutAccuracy accuracy : {HeldOutAccuracy::Knn, HeldOutAccuracy::Probe}) {
    const double percent = 100 * run.lastQualityColumn(pixel_baseline_column(accuracy));
    baselines.push_back(
        {pixel_baseline_label(accuracy, percent), percent, accuracy_style(accuracy)});
  }
  return baselines;
}

OverlaySeries accuracy_series(HeldOutAccuracy accuracy) {
  return {accuracy_name(accuracy), accuracy_percent(accuracy), accuracy_style(accuracy)};
}

}  // namespace

RunPlotSpec run_plot_spec(RunPlot plot) {
  const RunBaselines none;
  switch (plot) {
    case RunPlot::HeldOutReconstruction:
      return {"Held-out reconstruction (NMSE)",
              "NMSE (1 = mean fill)",
              {{{}, held_out_nmse}},
              false,
              none};
    case RunPlot::Accuracy:
      return {"Accuracy: kNN (solid), probe (dashed)",
              "top-1 (%)",
              {accuracy_series(HeldOutAccuracy::Knn), accuracy_series(HeldOutAccuracy::Probe)},
              false,
              pixel_baselines};
    case RunPlot::ReconstructionLoss:
      return {"Reconstruction loss", "L_rec", {{{}, metric_column("loss_rec")}}, true, none};
    case RunPlot::ConsistencyLoss:
      return {"Consistency loss", "L_cons", {{{}, metric_column("loss_cons")}}, true, none};
  }
  return {};
}

QString accuracy_name(HeldOutAccuracy accuracy) {
  return accuracy == HeldOutAccuracy::Knn ? "kNN" : "probe";
}

QString pixel_baseline_name(HeldOutAccuracy accuracy) {
  return "raw pixels " + accuracy_name(accuracy);
}

QString pixel_baseline_label(HeldOutAccuracy accuracy, double percent) {
  return pixel_baseline_pattern(accuracy).arg(percent, 0, 'f', 1);
}

QString pixel_baseline_pattern(HeldOutAccuracy accuracy) {
  return pixel_baseline_name(accuracy) + " %1 %";
}

QString pixel_baseline_column(HeldOutAccuracy accuracy) { return "pixel_" + measure_of(accuracy); }

const QVector<RunXAxis>& run_x_axes() {
  static const QVector<RunXAxis> axes = {
      {"step", "step"}, {"images seen", "images_seen"}, {"wall time (s)", "wall_s"}};
  return axes;
}

}  // namespace rcmae::ui
