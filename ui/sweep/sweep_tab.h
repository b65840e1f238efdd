#pragma once
// The Sweeps tab: a small editor (values per axis, steps per point, other training options,
// early stopping, the sweep folder) that runs `rcmae sweep` as a separate process next to the
// workbench, and views of the sweep folder it watches: the heat map of a metric over two
// axes, every point's loss curve coloured by one parameter, and parallel coordinates over
// all swept parameters. Clicking a cell picks out that point's curve.
#include <QStringList>
#include <QWidget>

#include "views/workbench_tab.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProcess;
class QPushButton;
class QSpinBox;
class QTimer;

namespace rcmae::ui {

class SweepCurvesPlot;
class SweepHeatMap;
class SweepParallelPlot;

class SweepTab : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit SweepTab(QWidget* parent = nullptr);
  ~SweepTab() override;

  // Shows (and from now on watches) a sweep folder; false when it holds no sweep.json.
  bool openSweep(const QString& folder);
  QString sweepFolder() const { return folder_; }
  // The `rcmae` arguments the editor describes (without the program).
  QStringList sweepArguments() const;
  // Where `rcmae` is looked for: next to the workbench executable, else on PATH.
  static QString cliProgram();
  // Picks a point: its curve is drawn thick, the others faded.
  void selectPoint(const QString& point);

  SweepHeatMap* heatMap() const { return heat_map_; }
  SweepCurvesPlot* curves() const { return curves_; }
  SweepParallelPlot* parallelPlot() const { return parallel_; }
  QLineEdit* axisEdit(const QString& axis) const;
  QSpinBox* stepsEdit() const { return steps_; }
  QLineEdit* optionsEdit() const { return extra_options_; }
  QLineEdit* folderEdit() const { return folder_edit_; }
  bool isRunning() const;

 Q_SIGNALS:
  // The `rcmae sweep` process ended (0: every point done); the views show the final state.
  void sweepFinished(int exit_code);

 public Q_SLOTS:
  void startSweep();
  // Asks the running sweep to checkpoint and stop (it can be continued later).
  void stopSweep();
  // Rereads the folder: new points, new steps.
  void reload();

 private:
  QWidget* buildEditor();
  void addViewChoices(QFormLayout* form);
  QWidget* buildViews();
  void refillAxisChoices(const QStringList& axes);
  void appendProcessOutput();

  QVector<QLineEdit*> axis_edits_;
  QSpinBox* steps_ = nullptr;
  QLineEdit* extra_options_ = nullptr;
  QCheckBox* early_stop_ = nullptr;
  QLineEdit* folder_edit_ = nullptr;
  QPushButton* run_button_ = nullptr;
  QPushButton* stop_button_ = nullptr;
  QLabel* status_ = nullptr;
  QComboBox* metric_ = nullptr;
  QComboBox* x_axis_ = nullptr;
  QComboBox* y_axis_ = nullptr;
  QComboBox* colour_axis_ = nullptr;
  SweepHeatMap* heat_map_ = nullptr;
  SweepCurvesPlot* curves_ = nullptr;
  SweepParallelPlot* parallel_ = nullptr;
  QProcess* process_ = nullptr;
  QTimer* watch_ = nullptr;
  QString folder_;
  QString selected_point_;
};

}  // namespace rcmae::ui
