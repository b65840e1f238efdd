#pragma once
// The Runs tab's four plots of the ticked runs (runs/run_series_catalogue.h: held-out
// reconstruction NMSE, kNN and probe accuracy against the raw-pixel baselines, reconstruction
// and consistency loss) in a 2 x 2 grid under one legend, one colour per run. A run keeps its
// colour while it stays ticked; a newly ticked run takes the lowest colour free, so ticking
// and unticking keeps the colours few.
#include <QHash>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "runs/run_series_catalogue.h"
#include "theme.h"

class QLabel;

namespace rcmae::ui {

class RunOverlayPlot;
class RunReader;

class RunsOverlay : public QWidget {
  Q_OBJECT

 public:
  explicit RunsOverlay(QWidget* parent = nullptr);

  // The runs to draw, in this order.
  void setRuns(const QVector<const RunReader*>& runs);
  QStringList folders() const { return folders_; }
  // Re-reads the runs' data (after their readers saw new rows).
  void refresh();
  // One of run_x_axes().
  void setXAxis(int index);
  void applyTheme(const PlotTheme& theme);
  RunOverlayPlot* plot(RunPlot which) const { return plots_[int(which)]; }

 private:
  QColor colorFor(const QString& folder);

  PlotTheme theme_;
  QVector<const RunReader*> runs_;
  QStringList folders_;
  QHash<QString, int> color_index_;  // folder -> palette index
  RunOverlayPlot* plots_[kRunPlotCount] = {};
  QLabel* legend_ = nullptr;  // one legend for the four plots
};

}  // namespace rcmae::ui
