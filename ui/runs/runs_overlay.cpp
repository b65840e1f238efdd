#include "runs/runs_overlay.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "runs/run_overlay_plot.h"
#include "runs/run_reader.h"

namespace rcmae::ui {
namespace {

QColor palette_color(const PlotTheme& theme, int index) {
  if (index < theme.series.size()) return theme.series[index];
  // Past the theme's palette: hues spread by the golden angle stay distinguishable.
  return QColor::fromHsv(int(index * 137.508) % 360, 170, 210);
}

RunOverlayPlot* make_plot(RunPlot which) {
  RunPlotSpec spec = run_plot_spec(which);
  auto* plot = new RunOverlayPlot(spec.title, spec.y_label, spec.series, spec.smoothed);
  if (spec.baselines) plot->setBaselines(spec.baselines);
  return plot;
}

}  // namespace

RunsOverlay::RunsOverlay(QWidget* parent) : QWidget(parent), theme_(plot_theme(ThemeName::Light)) {
  auto* grid = new QGridLayout;
  grid->setSpacing(6);
  for (int i = 0; i < kRunPlotCount; ++i) {
    plots_[i] = make_plot(RunPlot(i));
    grid->addWidget(plots_[i], i / 2, i % 2);
  }
  legend_ = new QLabel;
  legend_->setWordWrap(true);
  legend_->setTextFormat(Qt::RichText);
  legend_->hide();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(legend_);
  layout->addLayout(grid, 1);
}

void RunsOverlay::setRuns(const QVector<const RunReader*>& runs) {
  runs_ = runs;
  folders_.clear();
  for (const RunReader* run : runs) folders_ << run->folder();
  for (const QString& folder : color_index_.keys())
    if (!folders_.contains(folder)) color_index_.remove(folder);
  QVector<OverlayRun> overlay;
  QStringList entries;
  for (const RunReader* run : runs) {
    overlay.push_back({run, colorFor(run->folder())});
    entries << QString("<span style=\"color:%1; font-weight:bold\">&#9632;</span>&nbsp;%2")
                   .arg(overlay.back().color.name(), run->name().toHtmlEscaped());
  }
  for (RunOverlayPlot* plot : plots_) plot->setRuns(overlay);
  legend_->setText(entries.join("&nbsp;&nbsp;&nbsp; "));
  legend_->setVisible(!entries.isEmpty());
}

void RunsOverlay::refresh() {
  for (RunOverlayPlot* plot : plots_) plot->refresh();
}

void RunsOverlay::setXAxis(int index) {
  const RunXAxis& axis = run_x_axes()[index];
  for (RunOverlayPlot* plot : plots_) plot->setXColumn(axis.column, axis.label);
}

void RunsOverlay::applyTheme(const PlotTheme& theme) {
  theme_ = theme;
  for (RunOverlayPlot* plot : plots_) plot->applyTheme(theme);
  setRuns(runs_);  // run colours come from the theme's palette
}

QColor RunsOverlay::colorFor(const QString& folder) {
  if (!color_index_.contains(folder)) {
    int index = 0;
    const QList<int> used = color_index_.values();
    while (used.contains(index)) ++index;
    color_index_.insert(folder, index);
  }
  return palette_color(theme_, color_index_.value(folder));
}

}  // namespace rcmae::ui
