#pragma once
// A sweep's metric over two swept axes: one coloured cell per combination with the value
// printed in it (the same grid, colours and best-cell outline as `rcmae sweep --report`).
// Clicking a cell names its point.
#include <QString>
#include <QVector>

#include "plots/themed_plot.h"
#include "rcmae/sweep/sweep_report.h"

namespace rcmae::ui {

class SweepHeatMap : public ThemedPlot {
  Q_OBJECT

 public:
  explicit SweepHeatMap(QWidget* parent = nullptr);

  void setGrid(const HeatMapGrid& grid);
  const HeatMapGrid& grid() const { return grid_; }
  // The text drawn in cell (x, y): the value, "*" when stopped early, "-" when empty.
  QString cellText(int x, int y) const;
  // The point shown in cell (x, y); empty when none.
  QString pointAt(int x, int y) const;
  // The cell at a widget position, or (-1, -1).
  QPoint cellAtPixel(const QPoint& pixel) const;

 Q_SIGNALS:
  void pointClicked(const QString& point);

 protected:
  void fitView() override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  void clearLabels();
  void drawLabels();

  HeatMapGrid grid_;
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QVector<QCPItemText*> labels_;
  QCPItemRect* best_ = nullptr;
};

}  // namespace rcmae::ui
