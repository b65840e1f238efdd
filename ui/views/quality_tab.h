#pragma once
// The Quality tab: what the run has learned, measured on a fixed held-out set while it
// trains (TrainingSession::qualityMeasured, through LiveFeed into MetricHistory). Left, the
// held-out reconstruction error of the hidden patches (NMSE: 1 = mean fill of the visible
// pixels); right, kNN and linear-probe accuracy of the frozen encoders against the same
// classifiers on raw pixels. The latest numbers sit in a small table of fixed-size labels.
#include <QHash>
#include <QWidget>

#include "metric_history.h"
#include "theme.h"
#include "views/workbench_tab.h"

class QLabel;

namespace rcmae::ui {

class QualityPlot;
class ThemedPlot;

class QualityTab : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit QualityTab(const MetricHistory* history, QWidget* parent = nullptr);

  // WorkbenchTab
  void clearRun() override { rebuild(); }
  void newFrame() override { refresh(); }
  void applyTheme(const PlotTheme& plot, const ViewTheme& /*view*/) override { applyTheme(plot); }
  QWidget* currentFigure() const override;

  // Bank and query sizes for the explanation; whether this run measures at all.
  void setRunConfig(const TrainConfig& config);
  void refresh();
  void rebuild();
  void applyTheme(const PlotTheme& theme);

  // The plot Ctrl+S saves: the last one the user touched, else the reconstruction plot.
  ThemedPlot* currentPlot() const { return current_; }
  QualityPlot* reconstructionPlot() const { return reconstruction_; }
  QualityPlot* accuracyPlot() const { return accuracy_; }
  // The latest-values table, by row ("nmse", "psnr", "knn", "probe") and column
  // ("teacher", "student", "pixels"): tests read what it says.
  QString latestValue(const QString& row, const QString& column) const;

 private:
  QWidget* buildLatestTable();
  void updateLatest();
  void updateTexts();

  const MetricHistory* history_;
  QualityPlot* reconstruction_ = nullptr;
  QualityPlot* accuracy_ = nullptr;
  ThemedPlot* current_ = nullptr;
  QLabel* status_ = nullptr;       // word-wrapped: set only when the message changes
  QLabel* measured_at_ = nullptr;  // counts and the latest step, a SteadyLabel
  QLabel* explanation_ = nullptr;
  QHash<QString, QLabel*> cells_;  // "row/column" -> SteadyLabel
  TrainConfig config_;
  bool has_config_ = false;
  int shown_ = -1;
  int generation_ = -1;
};

}  // namespace rcmae::ui
