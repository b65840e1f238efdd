#pragma once
// One metric of several runs on the same axes (the runs browser's overlay): one colour per
// run, named in the legend (up to two short names; the browser shows a shared legend too).
// Noisy per-step metrics get an EMA-smoothed line over a faint raw one, as on the Curves
// tab; sparse ones (kNN) are drawn as lines with dots. The x axis is a metrics.csv column:
// step, images seen or wall time. A plot may draw several series per run (kNN solid, probe
// dashed) and reference values as labelled horizontal lines (the raw-pixel baselines).
// Replicates of one setting (runs/replicate_group.h) are drawn as their mean with a shaded
// 95 % band, the individual runs faint beneath, the legend saying how many runs.
#include <functional>

#include "plots/band_graphs.h"
#include "plots/replicate_band.h"
#include "plots/themed_plot.h"

namespace rcmae::ui {

class RunReader;

struct OverlayRun {
  const RunReader* run = nullptr;
  QColor color;
};

// The x and y values a plot takes from a run (e.g. loss_rec from metrics.csv), with x from
// the metrics.csv column `x_column`.
using RunSeries = std::function<void(const RunReader& run, const QString& x_column,
                                     QVector<double>& x, QVector<double>& y)>;

// One line per run: `name` tells the series of one run apart ("kNN", "probe").
struct OverlaySeries {
  QString name;
  RunSeries series;
  Qt::PenStyle style = Qt::SolidLine;
};

// A value a run is measured against, drawn across the plot with its label.
struct OverlayBaseline {
  QString label;  // e.g. "raw pixels: kNN"
  double value = 0;
  Qt::PenStyle style = Qt::DashLine;
};
using RunBaselines = std::function<QVector<OverlayBaseline>(const RunReader& run)>;

class RunOverlayPlot : public ThemedPlot {
  Q_OBJECT

 public:
  RunOverlayPlot(const QString& title, const QString& y_label, RunSeries series, bool smoothed,
                 QWidget* parent = nullptr);
  RunOverlayPlot(const QString& title, const QString& y_label, QVector<OverlaySeries> series,
                 bool smoothed, QWidget* parent = nullptr);

  // Baselines of the plotted runs; equal ones (same dataset and evaluation) are drawn once.
  void setBaselines(RunBaselines baselines);
  void setRuns(const QVector<OverlayRun>& runs);
  // "step", "images_seen" or "wall_s", and the axis label to show.
  void setXColumn(const QString& column, const QString& label);
  // Re-reads every run's data (call after the runs' readers saw new rows).
  void refresh();
  void applyTheme(const PlotTheme& theme) override;
  // Points drawn for run `index` (its solid line), of its `series`-th series.
  int pointCount(int index, int series = 0) const;
  int runCount() const { return int(lines_.size()) / int(series_.size()); }
  // The replicate groups drawn as bands (of the first series): legend names and bands.
  QStringList bandNames() const;
  ReplicateBand band(int index) const;
  // The baselines drawn now: their labels and values.
  QStringList baselineLabels() const;
  QVector<double> baselineValues() const;

 protected:
  void fitView() override;

 private:
  struct Line {
    OverlayRun run;
    int series = 0;
    bool replicate = false;   // drawn faint under its group's band
    QCPGraph* raw = nullptr;  // null when not smoothed or a replicate
    QCPGraph* main = nullptr;
    std::vector<double> x, y;  // as drawn (smoothed), for the band
  };
  struct Band {
    QVector<int> lines;  // indices into lines_
    int series = 0;
    QString label;  // the setting, e.g. "m999"
    QColor color;
    BandGraphs graphs;
    ReplicateBand values;
  };
  void addBands(const QVector<OverlayRun>& runs, const QVector<QString>& groups,
                const QVector<QString>& labels);
  void styleBand(Band& band);
  void refreshBands();
  struct Baseline {
    QCPGraph* graph = nullptr;  // two points across the runs' x range (so CSV exports have it)
    QCPItemText* label = nullptr;
  };
  void styleLine(Line& line);
  void clearBaselines();
  void drawBaselines();
  void placeLabels();

  QVector<OverlaySeries> series_;
  RunBaselines baselines_fn_;
  QString x_column_ = "step";
  bool smoothed_;
  QVector<Line> lines_;
  QVector<Band> bands_;
  QVector<Baseline> baselines_;
  QVector<OverlayBaseline> baseline_values_;
  QCPItemText* empty_note_ = nullptr;
};

}  // namespace rcmae::ui
