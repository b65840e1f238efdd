#include "runs/fork_live_plot.h"

#include <QDir>
#include <QLabel>
#include <QVBoxLayout>

#include "plots/band_graphs.h"
#include "plots/themed_plot.h"
#include "runs/fork_result_cards.h"

namespace rcmae::ui {
namespace {

// The arms' colours: the theme's series without green and red, which the verdicts use.
QColor arm_colour(const PlotTheme& theme, int arm) {
  static const int order[] = {0, 1, 3, 5, 2, 4};
  return theme.series.value(order[arm % 6], theme.foreground);
}

ForkComparisonRow row_of(const ForkLivePoint& point, const QString& arm, const QString& metric) {
  ForkComparisonRow row;
  row.arm = arm;
  row.metric = metric;
  row.diff = point.diff;
  row.lo = point.lo;
  row.hi = point.hi;
  row.verdict = point.verdict;
  row.replicates = point.replicates;
  return row;
}

}  // namespace

ForkLivePlot::ForkLivePlot(QWidget* parent) : QWidget(parent) {
  plot_ = new ThemedPlot("Held-out error", "steps after the fork", "arm − control (95% band)");
  plot_->setZeroLinesVisible(true);
  plot_->setMinimumSize(fontMetrics().averageCharWidth() * 44, fontMetrics().height() * 14);
  // The lines under the plot name the arms in their colours: no legend over the bands.
  summary_ = new QLabel;
  summary_->setTextFormat(Qt::RichText);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addWidget(summary_);
  setVisible(false);
}

void ForkLivePlot::follow(const QString& fork_dir) {
  clear();
  fork_dir_ = QDir(fork_dir).absolutePath();
}

bool ForkLivePlot::refresh() {
  if (fork_dir_.isEmpty() || !differences_.update(fork_dir_)) return false;
  redraw();
  return true;
}

void ForkLivePlot::clear() {
  fork_dir_.clear();
  differences_.clear();
  plot_->clearGraphs();
  summary_->clear();
  setVisible(false);
}

void ForkLivePlot::redraw() {
  plot_->applyTheme(plot_theme(theme_of(this)));
  plot_->clearGraphs();
  const QString metric = differences_.metric();
  if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
    title->setText(
        QString("%1's held-out error").arg(metric.startsWith("teacher") ? "Teacher" : "Student"));
  const QStringList arms = differences_.arms();
  for (int i = 0; i < arms.size(); ++i) {
    const QVector<ForkLivePoint> points = differences_.points(arms[i]);
    if (points.isEmpty()) continue;
    ReplicateBand band;
    for (const ForkLivePoint& p : points) {
      band.x.push_back(double(p.steps_after_fork));
      band.mean.push_back(p.diff);
      band.lower.push_back(p.lo);
      band.upper.push_back(p.hi);
    }
    band.runs = points.back().replicates;
    const BandGraphs graphs = add_band_graphs(plot_, arms[i], arms[i]);
    style_band_graphs(graphs, {arm_colour(plot_->theme(), i)});
    set_band_data(graphs, band);
  }
  plot_->rescaleAxes();
  plot_->xAxis->setRangeLower(0);
  plot_->xAxis->setRangeUpper(
      std::max<double>(plot_->xAxis->range().upper, double(differences_.plan().steps)));
  plot_->yAxis->scaleRange(1.15, plot_->yAxis->range().center());
  plot_->requestReplot();
  summary_->setText(summaryHtml());
  setVisible(!differences_.empty());
}

// "momentum-0.999: reconstructs worse by 0.087 (0.080 – 0.093): resolved", in the words of
// the cards (describe_fork_row), for the arm's newest step.
QString ForkLivePlot::armSummary(const QString& arm) const {
  const QVector<ForkLivePoint> points = differences_.points(arm);
  if (points.isEmpty()) return QString("%1: not measured yet").arg(arm);
  // "rec_nmse": the card's words without the subject, which the title names.
  QString line = describe_fork_row(row_of(points.back(), arm, "rec_nmse"));
  line[0] = line[0].toLower();
  line.replace("can't tell", "can't tell yet");
  return QString("%1: %2").arg(arm, line);
}

qint64 ForkLivePlot::newestStep() const {
  qint64 newest = 0;
  for (const QString& arm : differences_.arms()) {
    const QVector<ForkLivePoint> points = differences_.points(arm);
    if (!points.isEmpty()) newest = std::max(newest, points.back().steps_after_fork);
  }
  return newest;
}

QString ForkLivePlot::summaryText() const {
  QStringList lines = {QString("After %1 steps:").arg(newestStep())};
  for (const QString& arm : differences_.arms()) lines << armSummary(arm);
  return lines.join('\n');
}

QString ForkLivePlot::summaryHtml() const {
  const QStringList arms = differences_.arms();
  QString html = QString("<b>After %1 steps</b>").arg(newestStep());
  for (int i = 0; i < arms.size(); ++i)
    html += QString("<br><span style=\"color:%1\">&#9632;</span> %2")
                .arg(arm_colour(plot_->theme(), i).name(), armSummary(arms[i]).toHtmlEscaped());
  const QString muted = view_theme(theme_of(this)).muted.name();
  html += QString(
              "<br><span style=\"color:%1\">Below 0 the arm reconstructs better than the "
              "control; a band across 0: can't tell yet.<br>kNN and probe accuracy are "
              "measured at the end.</span>")
              .arg(muted);
  return html;
}

}  // namespace rcmae::ui
