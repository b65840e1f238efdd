#pragma once
// The Fine-tune dialog's live figure: for each starting point of the queue, test top-1 at the
// end of each epoch (left axis, %: a quick look on at most 1,000 test images before the last
// epoch, all of them after it) and the mean training loss of each epoch (right axis, dashed),
// against epochs. The epoch in progress shows as a moving last loss point, so the curve
// grows while the step runs; scratch and the pretrained starts share the axes, which is
// where "does pretraining help" shows before the table has a row.
#include <QMap>
#include <QString>
#include <QVector>

#include "plots/themed_plot.h"
#include "rcmae/eval/finetune_options.h"

namespace rcmae::ui {

class FinetuneCurve : public ThemedPlot {
  Q_OBJECT

 public:
  explicit FinetuneCurve(QWidget* parent = nullptr);

  // A new pair of curves for `start` ("Teacher", "From scratch", ...) over `epochs` epochs;
  // the progress that follows belongs to it. A start begun again replaces its curves.
  void begin(const QString& start, int epochs);
  void addProgress(const FinetuneProgress& progress);

  // What is drawn, for tests: (epoch, value) pairs, top-1 in %.
  QVector<QPointF> top1Points(const QString& start) const;
  QVector<QPointF> lossPoints(const QString& start) const;
  QStringList starts() const { return order_; }

  void applyTheme(const PlotTheme& theme) override;

 protected:
  void fitView() override;

 private:
  struct Curves {
    QCPGraph* top1 = nullptr;
    QCPGraph* loss = nullptr;
    int colour = 0;
    int epochs = 1;
    QVector<QPointF> top1_points, loss_points;  // finished epochs
    QPointF running_loss{-1, 0};                // the epoch in progress (x < 0: none)
  };
  static QVector<QPointF> lossPointsOf(const Curves& curves);  // finished + running
  void style(Curves& curves);
  void redraw(Curves& curves);

  QCPItemText* empty_note_ = nullptr;  // until the first start
  QMap<QString, Curves> curves_;
  QStringList order_;
  QString current_;
};

}  // namespace rcmae::ui
