#include "plots/band_graphs.h"

#include <qcustomplot.h>

namespace rcmae::ui {
namespace {

QVector<double> as_qvector(const std::vector<double>& values) {
  return QVector<double>(values.begin(), values.end());
}

}  // namespace

QString replicate_band_name(const QString& setting, int runs) {
  return QString("%1 (mean of %2, 95%)").arg(setting).arg(runs);
}

BandGraphs add_band_graphs(QCustomPlot* plot, const QString& mean_name, const QString& edge_name) {
  BandGraphs graphs;
  graphs.lower = plot->addGraph();
  graphs.lower->setName(edge_name + " lower");
  graphs.lower->removeFromLegend();
  graphs.upper = plot->addGraph();
  graphs.upper->setName(edge_name + " upper");
  graphs.upper->removeFromLegend();
  graphs.upper->setChannelFillGraph(graphs.lower);
  graphs.mean = plot->addGraph();
  graphs.mean->setName(mean_name);
  return graphs;
}

void style_band_graphs(const BandGraphs& graphs, const BandStyle& style) {
  QColor fill = style.colour;
  fill.setAlpha(style.fill_alpha);
  QColor edge = style.colour;
  edge.setAlpha(style.edge_alpha);
  const QPen edge_pen = style.edge_alpha > 0 ? QPen(edge, 0.8) : QPen(Qt::NoPen);
  graphs.lower->setPen(edge_pen);
  graphs.upper->setPen(edge_pen);
  graphs.upper->setBrush(fill);
  graphs.mean->setPen(QPen(style.colour, 2.4, style.line));
}

void set_band_data(const BandGraphs& graphs, const ReplicateBand& band) {
  const QVector<double> x = as_qvector(band.x);
  graphs.lower->setData(x, as_qvector(band.lower), true);
  graphs.upper->setData(x, as_qvector(band.upper), true);
  graphs.mean->setData(x, as_qvector(band.mean), true);
}

}  // namespace rcmae::ui
