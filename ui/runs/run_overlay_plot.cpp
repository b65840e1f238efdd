#include "runs/run_overlay_plot.h"

#include <cmath>

#include "plots/ema_smoother.h"
#include "runs/run_reader.h"

namespace rcmae::ui {
namespace {
constexpr double kSmoothing = 0.8;  // per-step losses of two runs cross constantly without it
// More or longer names than this would cover the curves; the runs browser's legend above
// the plots names the runs in any case.
constexpr int kMaxLegendEntries = 2;
constexpr int kMaxLegendNameLength = 18;

bool legend_fits(const QVector<OverlayRun>& runs) {
  if (runs.isEmpty() || runs.size() > kMaxLegendEntries) return false;
  for (const OverlayRun& run : runs)
    if (run.run->name().size() > kMaxLegendNameLength) return false;
  return true;
}
}

RunOverlayPlot::RunOverlayPlot(const QString& title, const QString& y_label, RunSeries series,
                               bool smoothed, QWidget* parent)
    : ThemedPlot(title, "step", y_label, parent), series_(std::move(series)), smoothed_(smoothed) {
  // Four plots share a row of the tab: wall-time labels such as "2500" need the room.
  xAxis->ticker()->setTickCount(3);
  empty_note_ = new QCPItemText(this);
  empty_note_->position->setType(QCPItemPosition::ptAxisRectRatio);
  empty_note_->position->setCoords(0.5, 0.5);
  empty_note_->setText("no data in the ticked runs");
  empty_note_->setColor(theme().foreground);
  empty_note_->setVisible(false);
}

void RunOverlayPlot::setRuns(const QVector<OverlayRun>& runs) {
  clearGraphs();
  lines_.clear();
  for (const OverlayRun& run : runs) {
    Line line;
    line.run = run;
    if (smoothed_) {
      line.raw = addGraph();
      line.raw->setName(run.run->name());  // "(raw)" in CSV exports; not in the legend
      line.raw->removeFromLegend();
    }
    line.main = addGraph();
    line.main->setName(run.run->name());
    styleLine(line);
    lines_.push_back(line);
  }
  legend->setVisible(legend_fits(runs));
  padLegend();
  refresh();
}

void RunOverlayPlot::setXColumn(const QString& column, const QString& label) {
  if (column == x_column_) return;
  x_column_ = column;
  xAxis->setLabel(label);
  refresh();
}

void RunOverlayPlot::styleLine(Line& line) {
  if (line.raw) {
    QColor faint = line.run.color;
    faint.setAlpha(60);
    line.raw->setPen(QPen(faint, 1.0));
  }
  line.main->setPen(QPen(line.run.color, 2.0));
  if (!smoothed_) line.main->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
}

void RunOverlayPlot::refresh() {
  for (Line& line : lines_) {
    QVector<double> x, y;
    series_(*line.run.run, x_column_, x, y);
    if (line.raw) {
      line.raw->setData(x, y, true);
      EmaSmoother smoother(kSmoothing);
      for (double& value : y) value = smoother.add(value);
    }
    line.main->setData(x, y, true);
  }
  int points = 0;
  for (const Line& line : lines_) points += line.main->dataCount();
  // Ticked runs without this metric (e.g. the kNN monitor was off): say so, rather than
  // leave the previous runs' axes standing.
  empty_note_->setVisible(!lines_.isEmpty() && points == 0);
  if (!userMovedView()) rescaleAxes();
  requestReplot();
}

void RunOverlayPlot::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  empty_note_->setColor(theme.foreground);
  for (Line& line : lines_) styleLine(line);
  requestReplot();
}

int RunOverlayPlot::pointCount(int index) const { return lines_.at(index).main->dataCount(); }

}  // namespace rcmae::ui
