#include "sweep/sweep_curves_plot.h"

#include <algorithm>

#include "plots/band_graphs.h"
#include "plots/ema_smoother.h"
#include "plots/replicate_band.h"
#include "rcmae/sweep/heat_map_render.h"
#include "runs/replicate_group.h"

namespace rcmae::ui {

namespace {

// The distinct values, numbers ascending (words as they come): their rank picks the colour.
QStringList ordered_values(const QVector<SweepCurve>& curves) {
  QStringList values;
  for (const SweepCurve& c : curves)
    if (!values.contains(c.colour_value)) values << c.colour_value;
  bool all_numbers = true;
  for (const QString& v : values) {
    bool ok = false;
    v.toDouble(&ok);
    all_numbers = all_numbers && ok;
  }
  if (all_numbers)
    std::sort(values.begin(), values.end(),
              [](const QString& a, const QString& b) { return a.toDouble() < b.toDouble(); });
  return values;
}

// Per-step losses are noisy: the band is over curves smoothed as the Curves tab smooths them.
constexpr double kSweepCurveSmoothing = 0.9;

std::vector<double> smoothed(const QVector<double>& values) {
  EmaSmoother smoother(kSweepCurveSmoothing);
  std::vector<double> out;
  for (double v : values) out.push_back(smoother.add(v));
  return out;
}

}  // namespace

SweepCurvesPlot::SweepCurvesPlot(QWidget* parent)
    : ThemedPlot("Loss of every point", "optimiser step", "loss", parent) {
  legend->setVisible(true);
}

void SweepCurvesPlot::setCurves(const QVector<SweepCurve>& curves, const QString& colour_axis) {
  clearGraphs();
  graphs_.clear();
  colours_.clear();
  replicate_of_.clear();
  band_means_.clear();
  const QStringList values = ordered_values(curves);
  for (const SweepCurve& curve : curves) {
    const int rank = int(values.indexOf(curve.colour_value));
    // Viridis without its last, pale-yellow stretch: every curve stays visible on white.
    const double t = values.size() > 1 ? double(rank) / (values.size() - 1) : 1.0;
    const Rgb c = heat_map_color(0.85 * t);
    QCPGraph* graph = addGraph();
    graph->setData(curve.steps, curve.losses, true);
    graph->setName(curve.point + (colour_axis.isEmpty()
                                      ? QString()
                                      : "  (" + colour_axis + " " + curve.colour_value + ")"));
    graphs_[curve.point] = graph;
    colours_[curve.point] = QColor(c.r, c.g, c.b);
  }
  addBands(curves);
  restyle();
  if (!userMovedView()) fitView();
  padLegend();
  requestReplot();
}

void SweepCurvesPlot::addBands(const QVector<SweepCurve>& curves) {
  QMap<QString, QVector<const SweepCurve*>> settings;
  for (const SweepCurve& curve : curves) {
    const QString setting = point_without_seed(curve.point);
    if (!setting.isEmpty()) settings[setting] << &curve;
  }
  for (auto it = settings.begin(); it != settings.end(); ++it) {
    if (it.value().size() < 2) continue;
    std::vector<std::vector<double>> xs, ys;
    for (const SweepCurve* curve : it.value()) {
      replicate_of_[curve->point] = it.key();
      graphs_[curve->point]->removeFromLegend();
      xs.emplace_back(curve->steps.begin(), curve->steps.end());
      ys.push_back(smoothed(curve->losses));
    }
    const ReplicateBand band = replicate_band(xs, ys);
    const BandGraphs graphs =
        add_band_graphs(this, replicate_band_name(it.key(), band.runs), it.key());
    style_band_graphs(graphs, {colours_.value(it.value().front()->point), Qt::SolidLine, 60, 0});
    set_band_data(graphs, band);
    band_means_[it.key()] = graphs.mean;
  }
}

QStringList SweepCurvesPlot::bandNames() const {
  QStringList names;
  for (const QCPGraph* mean : band_means_) names << mean->name();
  return names;
}

void SweepCurvesPlot::highlight(const QString& point) {
  highlighted_ = graphs_.contains(point) ? point : QString();
  restyle();
  requestReplot();
}

void SweepCurvesPlot::restyle() {
  for (auto it = graphs_.begin(); it != graphs_.end(); ++it) {
    QColor colour = colours_.value(it.key());
    const bool picked = it.key() == highlighted_;
    if (!highlighted_.isEmpty() && !picked) colour.setAlpha(60);
    // A seed of a setting drawn as a band stays faint unless picked out.
    if (replicate_of_.contains(it.key()) && !picked) colour.setAlpha(50);
    it.value()->setPen(QPen(colour, picked ? 3.0 : replicate_of_.contains(it.key()) ? 1.0 : 1.5));
  }
}

QColor SweepCurvesPlot::curveColour(const QString& point) const { return colours_.value(point); }

int SweepCurvesPlot::curveLength(const QString& point) const {
  return graphs_.contains(point) ? graphs_[point]->dataCount() : 0;
}

}  // namespace rcmae::ui
