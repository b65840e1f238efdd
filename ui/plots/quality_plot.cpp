#include "plots/quality_plot.h"

#include <QHelpEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace rcmae::ui {
namespace {

// The newest finite value of `metric`: a baseline is measured with each kNN measurement
// and stays the same, so the latest one is the one to draw.
double newest(const QVector<QualityRecord>& records, QualityMetric metric) {
  for (auto it = records.rbegin(); it != records.rend(); ++it)
    if (const double v = metric(*it); std::isfinite(v)) return v;
  return std::numeric_limits<double>::quiet_NaN();
}

// Greedy word wrap: as many words on a line as fit in `width` pixels; a word longer than
// that keeps a line of its own.
QString wrapped(const QString& text, const QFontMetrics& metrics, int width) {
  QStringList lines;
  QString line;
  for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
    const QString longer = line.isEmpty() ? word : line + ' ' + word;
    if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
      lines << line;
      line = word;
    } else {
      line = longer;
    }
  }
  if (!line.isEmpty()) lines << line;
  return lines.join('\n');
}

}  // namespace

QualityPlot::QualityPlot(const MetricHistory* history, const QString& title, const QString& y_label,
                         QWidget* parent)
    : ThemedPlot(title, axis_label(XAxis::Step), y_label, parent), history_(history) {
  empty_note_ = new QCPItemText(this);
  empty_note_->position->setType(QCPItemPosition::ptAxisRectRatio);
  empty_note_->position->setCoords(0.5, 0.45);
  empty_note_->setPositionAlignment(Qt::AlignCenter);
  empty_note_->setTextAlignment(Qt::AlignCenter);
  empty_note_->setFont(font());
  setEmptyNote("No measurements yet");
  // QCPItemText never wraps and the axes clip it: the note is wrapped again each time the
  // layout (window size, fonts) has settled, before that replot draws it.
  connect(this, &QCustomPlot::afterLayout, this, &QualityPlot::wrapEmptyNote);
  // The legend leaves the axis rect for a row between the title and the axes: the curves
  // and the lines' labels use the whole plot.
  moveLegendAboveAxes();
  legend->setWrap(2);
  legend->setMargins(QMargins(0, 0, 0, 2));
}

void QualityPlot::setEmptyNote(const QString& note) {
  empty_note_text_ = note;
  wrapEmptyNote();
}

QString QualityPlot::emptyNoteAsDrawn() const { return empty_note_->text(); }

QFont QualityPlot::emptyNoteFont() const { return empty_note_->font(); }

void QualityPlot::wrapEmptyNote() {
  const int margin = 2 * QFontMetrics(empty_note_->font()).averageCharWidth();
  const int width = axisRect()->width() - 2 * margin;
  if (width <= 0) {  // not laid out yet
    empty_note_->setText(empty_note_text_);
    return;
  }
  empty_note_->setText(wrapped(empty_note_text_, QFontMetrics(empty_note_->font()), width));
}

// The note follows the plot's font, as the axes do (presentation mode enlarges it).
void QualityPlot::syncFonts() {
  ThemedPlot::syncFonts();
  if (empty_note_) empty_note_->setFont(font());
}

void QualityPlot::addSeries(const QualitySeriesSpec& spec) {
  Series series;
  series.spec = spec;
  series.graph = addGraph();
  series.graph->setName(spec.name);
  styleSeries(series);
  series_.push_back(series);
  legend->setVisible(series_.size() > 1);
  padLegend();
}

void QualityPlot::addReference(const QualityReference& spec) {
  Reference reference;
  reference.spec = spec;
  reference.graph = addGraph();
  reference.graph->removeFromLegend();  // the label on the line names it
  reference.label = new QCPItemText(this);
  reference.label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
  reference.label->position->setTypeY(QCPItemPosition::ptPlotCoords);
  reference.label->setPadding(QMargins(4, 1, 4, 1));
  styleReference(reference);
  references_.push_back(reference);
}

void QualityPlot::styleSeries(Series& series) {
  const QColor color = theme().series.value(series.spec.color_index, theme().foreground);
  series.graph->setPen(QPen(color, 2.0, series.spec.style));
  // Sparse measurements: a dot on each, so two points never read as a trend of many.
  series.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 5));
}

void QualityPlot::styleReference(Reference& reference) {
  QColor line = theme().foreground;
  line.setAlpha(150);
  reference.graph->setPen(QPen(line, 1.3, reference.spec.style));
  reference.label->setColor(theme().foreground);
}

void QualityPlot::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  for (Series& series : series_) styleSeries(series);
  for (Reference& reference : references_) styleReference(reference);
  empty_note_->setColor(theme.foreground);
  requestReplot();
}

QString QualityPlot::format(double value) const {
  return scale_ == 100 ? QString::number(value, 'f', 1) : QString::number(value, 'g', 3);
}

void QualityPlot::refresh() {
  if (generation_ == history_->generation() && drawn_ == history_->quality().size()) return;
  rebuild();
}

void QualityPlot::rebuild() {
  const QVector<QualityRecord>& records = history_->quality();
  generation_ = history_->generation();
  drawn_ = int(records.size());
  int points = 0;
  for (Series& series : series_) {
    QVector<double> keys, values;
    for (const QualityRecord& r : records) {
      const double v = series.spec.metric(r);
      if (!std::isfinite(v)) continue;
      keys << double(r.step);
      values << v * scale_;
    }
    series.graph->setData(keys, values, true);
    points += int(keys.size());
  }
  empty_note_->setVisible(points == 0);
  placeReferences(records.isEmpty() ? 1.0 : std::max<double>(1.0, double(records.back().step)));
  if (!userMovedView()) fitView();
  requestReplot();
}

// Across the measured steps (from 0: the first measurement is at step 0), labelled above the
// line at one end. A baseline not measured yet is not drawn at all.
void QualityPlot::placeReferences(double x_max) {
  double lowest = INFINITY;
  int shown_count = 0;
  for (Reference& reference : references_) {
    const double raw = reference.spec.value ? newest(history_->quality(), reference.spec.value)
                                            : reference.spec.fixed;
    reference.value = std::isfinite(raw) ? raw * (reference.spec.value ? scale_ : 1.0) : raw;
    const bool shown = std::isfinite(reference.value);
    reference.label->setVisible(shown);
    if (!shown) {
      reference.graph->data()->clear();
      continue;
    }
    reference.graph->setData({0.0, x_max}, {reference.value, reference.value}, true);
    const QString text = reference.spec.label.contains("%1")
                             ? reference.spec.label.arg(format(reference.value))
                             : reference.spec.label;
    reference.label->setText(text);
    reference.graph->setName(text);  // the CSV export names the line as the plot does
    const bool left = reference.spec.side & Qt::AlignLeft;
    reference.label->position->setCoords(left ? 0.01 : 0.99, reference.value);
    lowest = std::min(lowest, reference.value);
    ++shown_count;
  }
  for (Reference& reference : references_) {
    if (!std::isfinite(reference.value)) continue;
    const bool below = (reference.spec.side & Qt::AlignTop) ||
                       (lowest_below_ && shown_count > 1 && reference.value == lowest);
    const bool left = reference.spec.side & Qt::AlignLeft;
    reference.label->setPositionAlignment((left ? Qt::AlignLeft : Qt::AlignRight) |
                                          (below ? Qt::AlignTop : Qt::AlignBottom));
  }
}

// x from 0 to the newest step; y from 0 (errors) or around the data and reference lines
// (accuracies), so a curve and the line it must beat are always both in view.
void QualityPlot::fitView() {
  double lo = INFINITY, hi = -INFINITY, x_hi = 1;
  for (const Series& series : series_) {
    for (auto it = series.graph->data()->constBegin(); it != series.graph->data()->constEnd();
         ++it) {
      lo = std::min(lo, it->value);
      hi = std::max(hi, it->value);
      x_hi = std::max(x_hi, it->key);
    }
  }
  for (const Reference& reference : references_) {
    if (!std::isfinite(reference.value)) continue;
    lo = std::min(lo, reference.value);
    hi = std::max(hi, reference.value);
  }
  // A little room left of step 0: the first measurement is not drawn on the axis line.
  xAxis->setRange(-x_hi * 0.02, x_hi * 1.03);
  if (!std::isfinite(lo)) {
    yAxis->setRange(y_from_zero_ ? 0 : std::max(0.0, y_lo_), std::isfinite(y_hi_) ? y_hi_ : 1);
    return;
  }
  if (y_from_zero_) {
    yAxis->setRange(0, std::max(hi, 1e-6) * 1.1);
    return;
  }
  const double pad = std::max((hi - lo) * 0.12, 2.0);
  yAxis->setRange(std::max(y_lo_, lo - pad), std::min(y_hi_, hi + pad));
}

int QualityPlot::pointCount(int series) const { return series_.at(series).graph->dataCount(); }

QStringList QualityPlot::referenceLabels() const {
  QStringList labels;
  for (const Reference& reference : references_)
    if (std::isfinite(reference.value)) labels << reference.label->text();
  return labels;
}

QVector<double> QualityPlot::referenceValues() const {
  QVector<double> values;
  for (const Reference& reference : references_)
    if (std::isfinite(reference.value)) values << reference.value;
  return values;
}

// The measurement nearest the pointer (within a few pixels), described in full.
bool QualityPlot::event(QEvent* event) {
  if (event->type() != QEvent::ToolTip || !describe_) return ThemedPlot::event(event);
  auto* help = static_cast<QHelpEvent*>(event);
  const QVector<QualityRecord>& records = history_->quality();
  const QualityRecord* nearest = nullptr;
  double best_px = 24;
  for (const QualityRecord& r : records) {
    const double px = std::abs(xAxis->coordToPixel(double(r.step)) - help->pos().x());
    if (px < best_px) {
      best_px = px;
      nearest = &r;
    }
  }
  if (nearest && axisRect()->rect().contains(help->pos()))
    QToolTip::showText(help->globalPos(), describe_(*nearest), this);
  else
    QToolTip::hideText();
  return true;
}

}  // namespace rcmae::ui
