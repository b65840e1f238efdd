#pragma once
// What every figure of the workbench shares: a title row, the light/dark plot colours on
// axes, legend and colour scales, and the right-click menu to save (PNG/SVG/PDF), copy, or
// save the data as CSV.
// Specific plots (time series, scatter, heat map) derive from it and add their data.
#include <qcustomplot.h>

#include "theme.h"

class QMenu;

namespace rcmae::ui {

class ThemedPlot : public QCustomPlot {
  Q_OBJECT

 public:
  ThemedPlot(const QString& title, const QString& x_label, const QString& y_label,
             QWidget* parent = nullptr);

  QString title() const { return title_; }
  const PlotTheme& theme() const { return theme_; }
  // A legend placed beside or under the axes (the presentation stage) stays one entry per
  // line at any height, instead of a row that would set the plot's minimum width.
  void setLegendInColumn(bool on) { legend_in_column_ = on; }
  // Colours axes, grid, title and legend; subclasses restyle their own data on top.
  virtual void applyTheme(const PlotTheme& theme);
  // Replots now when visible; otherwise once the plot is shown (hidden tabs cost nothing).
  void requestReplot();
  // A faint line at x = 0 / y = 0: where the sign of a cosine flips.
  void setZeroLinesVisible(bool visible);
  // Call after naming graphs: keeps long legend names from being clipped.
  void padLegend();

 Q_SIGNALS:
  void activated(rcmae::ui::ThemedPlot* plot);  // the user interacted: target of Ctrl+S

 protected:
  // Hook for entries below save/copy in the context menu (e.g. "Follow live").
  virtual void extendContextMenu(QMenu& menu) { Q_UNUSED(menu); }
  // Data plots refit their axes on new data until the user pans or zooms; a double-click
  // hands the view back to the data.
  bool userMovedView() const { return user_moved_view_; }
  virtual void fitView() { rescaleAxes(); }
  void styleAxis(QCPAxis* axis) const;
  // The legend leaves the axis rect for a row of its own under the title, where it never
  // covers a curve, and stays a row at any height.
  void moveLegendAboveAxes();
  bool legendAboveAxes() const { return legend_above_axes_; }
  void showEvent(QShowEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void changeEvent(QEvent* event) override;
  // QCustomPlot copies the widget font into its elements once; presentation mode changes
  // the application font later, so titles, axes and legend follow it here.
  virtual void syncFonts();

 private:
  void showContextMenu(const QPoint& pos);

  QString title_;
  PlotTheme theme_;
  QCPTextElement* title_element_ = nullptr;
  bool dirty_ = false;
  bool legend_in_column_ = false;
  bool legend_above_axes_ = false;
  bool zero_lines_ = false;
  bool user_moved_view_ = false;
};

}  // namespace rcmae::ui
