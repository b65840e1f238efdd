#include "runs/run_overlay_plot.h"

#include <QHash>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "plots/band_graphs.h"
#include "plots/ema_smoother.h"
#include "runs/replicate_group.h"
#include "runs/run_reader.h"

namespace rcmae::ui {
namespace {
constexpr double kOverlaySmoothing =
    0.8;  // per-step losses of two runs cross constantly without it
// More or longer names than this would cover the curves; the runs browser's legend above
// the plots names the runs in any case.
constexpr int kMaxLegendEntries = 2;
constexpr int kMaxLegendNameLength = 18;

bool legend_fits(const QStringList& names) {
  if (names.isEmpty() || names.size() > kMaxLegendEntries) return false;
  for (const QString& name : names)
    if (name.size() > kMaxLegendNameLength) return false;
  return true;
}

}  // namespace

RunOverlayPlot::RunOverlayPlot(const QString& title, const QString& y_label, RunSeries series,
                               bool smoothed, QWidget* parent)
    : RunOverlayPlot(title, y_label, QVector<OverlaySeries>{{QString(), std::move(series)}},
                     smoothed, parent) {}

RunOverlayPlot::RunOverlayPlot(const QString& title, const QString& y_label,
                               QVector<OverlaySeries> series, bool smoothed, QWidget* parent)
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

void RunOverlayPlot::setBaselines(RunBaselines baselines) {
  baselines_fn_ = std::move(baselines);
  refresh();
}

void RunOverlayPlot::setRuns(const QVector<OverlayRun>& runs) {
  clearBaselines();
  clearGraphs();
  lines_.clear();
  bands_.clear();
  // Replicate groups with at least two ticked runs become bands.
  QVector<QString> groups, labels;
  QHash<QString, int> members;
  for (const OverlayRun& run : runs) {
    const ReplicateGroup group = replicate_group(*run.run);
    groups << group.key;
    labels << group.label;
    if (!group.key.isEmpty()) ++members[group.key];
  }
  for (QString& group : groups)
    if (members.value(group) < 2) group.clear();
  QStringList legend_names;
  for (int r = 0; r < runs.size(); ++r) {
    const OverlayRun& run = runs[r];
    for (int s = 0; s < series_.size(); ++s) {
      Line line;
      line.run = run;
      line.series = s;
      line.replicate = !groups[r].isEmpty();
      const QString name =
          series_.size() > 1 ? run.run->name() + " " + series_[s].name : run.run->name();
      if (smoothed_ && !line.replicate) {
        line.raw = addGraph();
        line.raw->setName(name);  // "(raw)" in CSV exports; not in the legend
        line.raw->removeFromLegend();
      }
      line.main = addGraph();
      line.main->setName(name);
      // Several series per run: the title names the line styles; a legend would double.
      if (series_.size() > 1 || line.replicate) line.main->removeFromLegend();
      styleLine(line);
      lines_.push_back(line);
    }
    if (groups[r].isEmpty()) legend_names << run.run->name();
  }
  addBands(runs, groups, labels);
  // A band's entry is its setting's name plus "(mean of N, 95%)": the name is what must fit.
  for (const Band& band : bands_)
    if (band.series == 0) legend_names << band.label;
  legend->setVisible(series_.size() == 1 && legend_fits(legend_names));
  padLegend();
  refresh();
}

void RunOverlayPlot::addBands(const QVector<OverlayRun>& runs, const QVector<QString>& groups,
                              const QVector<QString>& labels) {
  QStringList done;
  for (int r = 0; r < runs.size(); ++r) {
    if (groups[r].isEmpty() || done.contains(groups[r])) continue;
    done << groups[r];
    QVector<int> group_runs;
    for (int other = r; other < runs.size(); ++other)
      if (groups[other] == groups[r]) group_runs << other;
    for (int s = 0; s < series_.size(); ++s) {
      Band band;
      band.series = s;
      band.label = labels[r];
      band.color = runs[r].color;  // the group's first run's colour
      for (int member : group_runs) band.lines << member * int(series_.size()) + s;
      const QString name = replicate_band_name(labels[r], int(group_runs.size()));
      band.graphs =
          add_band_graphs(this, series_.size() > 1 ? name + " " + series_[s].name : name, name);
      if (series_.size() > 1) band.graphs.mean->removeFromLegend();
      styleBand(band);
      bands_.push_back(band);
    }
  }
}

void RunOverlayPlot::styleBand(Band& band) {
  style_band_graphs(band.graphs, {band.color, series_[band.series].style, 55, 90});
  if (!smoothed_) band.graphs.mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
}

void RunOverlayPlot::refreshBands() {
  for (Band& band : bands_) {
    std::vector<std::vector<double>> xs, ys;
    for (int index : band.lines) {
      xs.push_back(lines_[index].x);
      ys.push_back(lines_[index].y);
    }
    band.values = replicate_band(xs, ys);
    set_band_data(band.graphs, band.values);
  }
}

QStringList RunOverlayPlot::bandNames() const {
  QStringList names;
  for (const Band& band : bands_)
    if (band.series == 0) names << band.graphs.mean->name();
  return names;
}

ReplicateBand RunOverlayPlot::band(int index) const {
  int seen = 0;
  for (const Band& band : bands_)
    if (band.series == 0 && seen++ == index) return band.values;
  return {};
}

void RunOverlayPlot::setXColumn(const QString& column, const QString& label) {
  if (column == x_column_) return;
  x_column_ = column;
  xAxis->setLabel(label);
  refresh();
}

void RunOverlayPlot::styleLine(Line& line) {
  if (line.replicate) {  // its group's band carries the colour; the run stays visible beneath
    QColor faint = line.run.color;
    faint.setAlpha(70);
    line.main->setPen(QPen(faint, 1.0, series_[line.series].style));
    return;
  }
  if (line.raw) {
    QColor faint = line.run.color;
    faint.setAlpha(60);
    line.raw->setPen(QPen(faint, 1.0));
  }
  line.main->setPen(QPen(line.run.color, 2.0, series_[line.series].style));
  if (!smoothed_) line.main->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
}

void RunOverlayPlot::refresh() {
  for (Line& line : lines_) {
    QVector<double> x, y;
    series_[line.series].series(*line.run.run, x_column_, x, y);
    if (line.raw) {
      line.raw->setData(x, y, true);
      EmaSmoother smoother(kOverlaySmoothing);
      for (double& value : y) value = smoother.add(value);
    }
    if (line.replicate && smoothed_) {
      EmaSmoother smoother(kOverlaySmoothing);
      for (double& value : y) value = smoother.add(value);
    }
    line.main->setData(x, y, true);
    line.x.assign(x.begin(), x.end());
    line.y.assign(y.begin(), y.end());
  }
  refreshBands();
  int points = 0;
  for (const Line& line : lines_) points += line.main->dataCount();
  // Ticked runs without this metric (e.g. the kNN monitor was off): say so, rather than
  // leave the previous runs' axes standing.
  empty_note_->setVisible(!lines_.isEmpty() && points == 0);
  drawBaselines();
  if (!userMovedView()) fitView();
  requestReplot();
}

void RunOverlayPlot::clearBaselines() {
  for (const Baseline& baseline : baselines_) {
    removeGraph(baseline.graph);
    removeItem(baseline.label);
  }
  baselines_.clear();
  baseline_values_.clear();
}

// Across the x range of the runs' data, so the line ends where the curves do and the
// rescale includes the baseline in the y range: a curve far below it is plainly below.
void RunOverlayPlot::drawBaselines() {
  clearBaselines();
  if (!baselines_fn_) return;
  double lo = INFINITY, hi = -INFINITY;
  for (const Line& line : lines_) {
    bool found = false;
    const QCPRange range = line.main->getKeyRange(found);
    if (!found) continue;
    lo = std::min(lo, range.lower);
    hi = std::max(hi, range.upper);
  }
  if (!std::isfinite(lo)) return;
  for (const Line& line : lines_) {
    if (line.series != 0) continue;  // once per run
    for (const OverlayBaseline& b : baselines_fn_(*line.run.run)) {
      if (std::isnan(b.value)) continue;
      const bool drawn = std::any_of(
          baseline_values_.begin(), baseline_values_.end(), [&](const OverlayBaseline& d) {
            return d.label == b.label && std::abs(d.value - b.value) < 1e-9;
          });
      if (drawn) continue;
      Baseline baseline;
      baseline.graph = addGraph();
      baseline.graph->setName(b.label);
      baseline.graph->removeFromLegend();
      baseline.graph->setData({lo, hi}, {b.value, b.value}, true);
      QColor color = theme().foreground;
      color.setAlpha(170);
      baseline.graph->setPen(QPen(color, 1.3, b.style));
      // At the plot's right edge rather than at the data's last step: when every run was
      // measured at one step only, the x range is a few steps wide and a label anchored to
      // the data would run off the plot's left edge.
      baseline.label = new QCPItemText(this);
      baseline.label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
      baseline.label->position->setTypeY(QCPItemPosition::ptPlotCoords);
      baseline.label->position->setCoords(0.99, b.value);
      baseline.label->setText(b.label);
      baseline.label->setColor(theme().foreground);
      baselines_.push_back(baseline);
      baseline_values_.push_back(b);
    }
  }
  placeLabels();
}

// Baselines are often close (raw-pixel kNN 80.9 %, probe 80.0 %): from the highest down,
// labels go above and below their lines by turns, so neighbours never share a line of text.
void RunOverlayPlot::placeLabels() {
  QVector<int> order(baselines_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return baseline_values_[a].value > baseline_values_[b].value; });
  for (int rank = 0; rank < order.size(); ++rank)
    baselines_[order[rank]].label->setPositionAlignment(
        Qt::AlignRight | (rank % 2 == 0 ? Qt::AlignBottom : Qt::AlignTop));
}

// Room above the highest baseline and below the lowest for their labels (placeLabels).
void RunOverlayPlot::fitView() {
  rescaleAxes();
  if (baselines_.isEmpty()) return;
  const QCPRange range = yAxis->range();
  const double span = range.size() > 0 ? range.size() : std::max(1.0, std::abs(range.upper));
  yAxis->setRange(range.lower - 0.12 * span, range.upper + 0.12 * span);
  // Sparse measurements sit at the ends of the steps: keep their dots off the frame.
  const QCPRange x = xAxis->range();
  const double x_span = x.size() > 0 ? x.size() : 1.0;
  xAxis->setRange(x.lower - 0.04 * x_span, x.upper + 0.04 * x_span);
  // Runs measured at one step only: a line from their first to their last measurement has
  // no length; it goes across the view instead.
  for (int i = 0; i < baselines_.size(); ++i) {
    bool found = false;
    if (baselines_[i].graph->getKeyRange(found).size() > 0 || !found) continue;
    const double value = baseline_values_[i].value;
    baselines_[i].graph->setData({xAxis->range().lower, xAxis->range().upper}, {value, value},
                                 true);
  }
}

QStringList RunOverlayPlot::baselineLabels() const {
  QStringList labels;
  for (const OverlayBaseline& b : baseline_values_) labels << b.label;
  return labels;
}

QVector<double> RunOverlayPlot::baselineValues() const {
  QVector<double> values;
  for (const OverlayBaseline& b : baseline_values_) values << b.value;
  return values;
}

void RunOverlayPlot::applyTheme(const PlotTheme& theme) {
  ThemedPlot::applyTheme(theme);
  empty_note_->setColor(theme.foreground);
  for (Line& line : lines_) styleLine(line);
  for (Band& band : bands_) styleBand(band);
  drawBaselines();
  requestReplot();
}

int RunOverlayPlot::pointCount(int index, int series) const {
  return lines_.at(index * int(series_.size()) + series).main->dataCount();
}

}  // namespace rcmae::ui
