#include "sweep/sweep_curves_plot.h"

#include <algorithm>

#include "rcmae/sweep/heat_map_render.h"

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

}  // namespace

SweepCurvesPlot::SweepCurvesPlot(QWidget* parent)
    : ThemedPlot("Loss of every point", "optimiser step", "loss", parent) {
  legend->setVisible(true);
}

void SweepCurvesPlot::setCurves(const QVector<SweepCurve>& curves, const QString& colour_axis) {
  clearGraphs();
  graphs_.clear();
  colours_.clear();
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
  restyle();
  if (!userMovedView()) fitView();
  padLegend();
  requestReplot();
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
    it.value()->setPen(QPen(colour, picked ? 3.0 : 1.5));
  }
}

QColor SweepCurvesPlot::curveColour(const QString& point) const { return colours_.value(point); }

int SweepCurvesPlot::curveLength(const QString& point) const {
  return graphs_.contains(point) ? graphs_[point]->dataCount() : 0;
}

}  // namespace rcmae::ui
