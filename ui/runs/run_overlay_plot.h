#pragma once
// One metric of several runs on the same axes (the runs browser's overlay): one colour per
// run, named in the legend (up to two short names; the browser shows a shared legend too).
// Noisy per-step metrics get an EMA-smoothed line over a faint raw one, as on the Curves
// tab; sparse ones (kNN) are drawn as lines with dots. The x axis is a metrics.csv column:
// step, images seen or wall time.
#include <functional>

#include "plots/themed_plot.h"

namespace rcmae::ui {

class RunReader;

struct OverlayRun {
  const RunReader* run = nullptr;
  QColor color;
};

// The x and y values a plot takes from a run (e.g. loss_rec from metrics.csv), with x from
// the metrics.csv column `x_column`.
using RunSeries = std::function<void(const RunReader& run, const QString& x_column, QVector<double>& x,
                                     QVector<double>& y)>;

class RunOverlayPlot : public ThemedPlot {
  Q_OBJECT

 public:
  RunOverlayPlot(const QString& title, const QString& y_label, RunSeries series, bool smoothed,
                 QWidget* parent = nullptr);

  void setRuns(const QVector<OverlayRun>& runs);
  // "step", "images_seen" or "wall_s", and the axis label to show.
  void setXColumn(const QString& column, const QString& label);
  // Re-reads every run's data (call after the runs' readers saw new rows).
  void refresh();
  void applyTheme(const PlotTheme& theme) override;
  // Points drawn for run `index` (its solid line).
  int pointCount(int index) const;
  int runCount() const { return int(lines_.size()); }

 private:
  struct Line {
    OverlayRun run;
    QCPGraph* raw = nullptr;  // null when not smoothed
    QCPGraph* main = nullptr;
  };
  void styleLine(Line& line);

  RunSeries series_;
  QString x_column_ = "step";
  bool smoothed_;
  QVector<Line> lines_;
  QCPItemText* empty_note_ = nullptr;
};

}  // namespace rcmae::ui
