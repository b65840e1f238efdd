#pragma once
// A replicate band on a plot (plots/replicate_band.h computes it): a lower and an upper graph
// with the space between them filled, and the mean line over them. One piece for the Runs
// tab's overlays and the Sweeps tab's curves, so both draw and name bands alike.
#include <QColor>
#include <QString>

#include "plots/replicate_band.h"

class QCPGraph;
class QCustomPlot;

namespace rcmae::ui {

struct BandGraphs {
  QCPGraph* lower = nullptr;
  QCPGraph* upper = nullptr;  // filled down to `lower`
  QCPGraph* mean = nullptr;
};

struct BandStyle {
  QColor colour;
  Qt::PenStyle line = Qt::SolidLine;  // the mean's
  int fill_alpha = 55;
  int edge_alpha = 0;  // 0: the band's edges are not drawn, only its fill
};

// The legend's name of a band: "m999 (mean of 3, 95%)".
QString replicate_band_name(const QString& setting, int runs);

// Adds the three graphs: the edges named EDGE_NAME + " lower" / " upper" and kept out of the
// legend, the mean named `mean_name`.
BandGraphs add_band_graphs(QCustomPlot* plot, const QString& mean_name, const QString& edge_name);
void style_band_graphs(const BandGraphs& graphs, const BandStyle& style);
void set_band_data(const BandGraphs& graphs, const ReplicateBand& band);

}  // namespace rcmae::ui
