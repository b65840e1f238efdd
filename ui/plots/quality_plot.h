#pragma once
// Held-out quality measurements of the current run (MetricHistory::quality) against step:
// a few sparse points per minute, so lines with dots and no smoothing. Reference values
// (mean fill, target, raw-pixel baselines) are labelled dashed horizontal lines; they are
// graphs, so "Save data as CSV" exports them with the curves. The legend sits in a row of
// its own above the axes, where it never covers a curve or a line's label. Hovering shows
// the whole measurement nearest the pointer (PSNR included).
#include <QVector>
#include <functional>
#include <limits>

#include "metric_history.h"
#include "plots/themed_plot.h"

namespace rcmae::ui {

using QualityMetric = double (*)(const QualityRecord&);

struct QualitySeriesSpec {
  QString name;
  int color_index = 0;             // into PlotTheme::series
  QualityMetric metric = nullptr;  // NaN: not measured at this point (skipped)
  Qt::PenStyle style = Qt::SolidLine;
};

// A horizontal line with its label. `value` null: the line is at `fixed`; otherwise at the
// newest measured value (the raw-pixel baselines arrive with the first kNN measurement).
// `label` may hold "%1" for the value (formatted as the plot's values are).
struct QualityReference {
  QString label;
  double fixed = 0;
  QualityMetric value = nullptr;
  Qt::PenStyle style = Qt::DashLine;
  // Where the label sits: AlignLeft / AlignRight along the line, AlignBottom above it
  // (its bottom on the line) or AlignTop below it.
  Qt::Alignment side = Qt::AlignLeft | Qt::AlignBottom;
};

class QualityPlot : public ThemedPlot {
  Q_OBJECT

 public:
  QualityPlot(const MetricHistory* history, const QString& title, const QString& y_label,
              QWidget* parent = nullptr);

  void addSeries(const QualitySeriesSpec& spec);
  void addReference(const QualityReference& reference);
  // Values are multiplied by this when drawn (1 for NMSE, 100 for accuracies in %).
  void setScale(double scale) { scale_ = scale; }
  // true: the y axis starts at 0 (errors); false: fitted to the data and lines, within [lo, hi].
  void setYFromZero(bool from_zero) { y_from_zero_ = from_zero; }
  void setYLimits(double lo, double hi) {
    y_lo_ = lo;
    y_hi_ = hi;
  }
  // The tooltip text for one measurement (hover).
  void setDescribe(std::function<QString(const QualityRecord&)> describe) {
    describe_ = std::move(describe);
  }
  // Two reference lines close together (the pixel kNN and probe): the lower one's label
  // goes under its line whatever its `side`, so the two labels never overprint.
  void setLowestLabelBelow(bool below) { lowest_below_ = below; }
  // Said in the middle of the plot while it has no points (why, and when they come); one
  // paragraph, wrapped to the axes' width at the plot's font whenever the layout changes.
  void setEmptyNote(const QString& note);
  QString emptyNoteAsDrawn() const;  // with its line breaks
  QFont emptyNoteFont() const;
  void applyTheme(const PlotTheme& theme) override;

  // Redraws when measurements arrived since the last call (or a new run began).
  void refresh();
  void rebuild();

  int pointCount(int series) const;
  // The reference lines drawn now: labels as shown, and their values (scaled).
  QStringList referenceLabels() const;
  QVector<double> referenceValues() const;

 protected:
  void fitView() override;
  bool event(QEvent* event) override;
  void syncFonts() override;

 private:
  struct Series {
    QualitySeriesSpec spec;
    QCPGraph* graph = nullptr;
  };
  struct Reference {
    QualityReference spec;
    QCPGraph* graph = nullptr;
    QCPItemText* label = nullptr;
    double value = std::numeric_limits<double>::quiet_NaN();
  };
  void styleSeries(Series& series);
  void styleReference(Reference& reference);
  void placeReferences(double x_max);
  void wrapEmptyNote();
  QString format(double value) const;

  const MetricHistory* history_;
  QCPItemText* empty_note_ = nullptr;
  QString empty_note_text_;  // unwrapped
  QVector<Series> series_;
  QVector<Reference> references_;
  std::function<QString(const QualityRecord&)> describe_;
  double scale_ = 1;
  bool y_from_zero_ = true;
  bool lowest_below_ = false;
  double y_lo_ = 0, y_hi_ = std::numeric_limits<double>::infinity();
  int drawn_ = -1;
  int generation_ = -1;
};

}  // namespace rcmae::ui
