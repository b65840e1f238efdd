#pragma once
// The linear-model lab tab: the teacher-gradient argument of docs/TEACHER_GRADIENTS.md on a
// linear student, recomputed instantly (debounced ~30 ms) on every slider move. Loss of the
// plain, EMA-teacher and heavy-ball models; cos(g_c,t, G_{t-1}) against cos(x_t, x_{t-1})
// with the closed form y = -|x|; the size of the teacher's correction over time.
#include <QMap>
#include <QWidget>

#include "rcmae/lab/linear_lab.h"
#include "theme.h"
#include "views/workbench_tab.h"

class QCPGraph;
class QFormLayout;
class QTimer;

namespace rcmae::ui {

class LabelledSlider;
class ThemedPlot;

class LinearLabTab : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit LinearLabTab(QWidget* parent = nullptr);

  // WorkbenchTab
  void applyTheme(const PlotTheme& plot, const ViewTheme& /*view*/) override { applyTheme(plot); }
  QWidget* currentFigure() const override;

  LinearLabConfig config() const;
  const LinearLabResult& result() const { return result_; }
  // Sliders by parameter: momentum, lr, gamma, mask_ratio, dim, correlation, seed.
  LabelledSlider* slider(const QString& name) const { return sliders_.value(name); }
  ThemedPlot* lossPlot() const { return loss_; }
  ThemedPlot* scatterPlot() const { return scatter_; }
  ThemedPlot* correctionPlot() const { return correction_; }
  ThemedPlot* currentPlot() const { return current_; }
  // The one-history episodes as drawn: (cos(x_1, x_0), cos(g_c,1, G_0)) per point.
  QCPGraph* oneHistoryGraph() const;
  int recomputeCount() const { return recomputes_; }
  void applyTheme(const PlotTheme& theme);

 Q_SIGNALS:
  void recomputed();

 private:
  QWidget* buildControls();
  void addSlider(const QString& name, const QString& label, const QString& tip,
                 LabelledSlider* slider);
  void recompute();
  void plotLosses();
  void plotScatter();
  void plotCorrection();
  void styleData();

  QMap<QString, LabelledSlider*> sliders_;
  QFormLayout* form_ = nullptr;
  ThemedPlot* loss_ = nullptr;
  ThemedPlot* scatter_ = nullptr;
  ThemedPlot* correction_ = nullptr;
  ThemedPlot* current_ = nullptr;
  QTimer* debounce_ = nullptr;
  LinearLabResult result_;
  int recomputes_ = 0;
};

}  // namespace rcmae::ui
