#pragma once
// One metric of several runs on the same axes (the runs browser's overlay): one colour per
// run, named in the legend (up to two runs; with more, the browser shows a shared legend). Noisy per-step metrics get an EMA-smoothed line over a faint
// raw one, as on the Curves tab; sparse ones (kNN) are drawn as lines with dots.
#include <functional>

#include "plots/themed_plot.h"

namespace rcmae::ui {

class RunReader;

struct OverlayRun {
  const RunReader* run = nullptr;
  QColor color;
};

// The x and y values a plot takes from a run (e.g. step and loss_rec from metrics.csv).
using RunSeries = std::function<void(const RunReader& run, QVector<double>& x, QVector<double>& y)>;

class RunOverlayPlot : public ThemedPlot {
  Q_OBJECT

 public:
  RunOverlayPlot(const QString& title, const QString& y_label, RunSeries series, bool smoothed,
                 QWidget* parent = nullptr);

  void setRuns(const QVector<OverlayRun>& runs);
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
  bool smoothed_;
  QVector<Line> lines_;
};

}  // namespace rcmae::ui
