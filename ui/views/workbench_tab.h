#pragma once
// What the window asks of every tab, so that it walks one list of tabs instead of naming
// each: forget the last run, redraw for new records, follow the newest step, take the
// colours of a theme, and hand over the figure Ctrl+S saves. A mix-in next to QWidget:
// every tab already is a widget, and one more base keeps the calls plain virtual calls.
// Each default does nothing, so a tab overrides only what it shows.
#include "theme.h"

class QWidget;

namespace rcmae::ui {

class WorkbenchTab {
 public:
  virtual ~WorkbenchTab() = default;

  // A new run starts (or a checkpoint is continued): drop what the last one drew.
  virtual void clearRun() {}
  // The live feed has new records (a frame, a few per second while training).
  virtual void newFrame() {}
  virtual void applyTheme(const PlotTheme& /*plot*/, const ViewTheme& /*view*/) {}
  // F on this tab. False: the tab has no live plots, and the window toggles the Curves tab's.
  virtual bool toggleFollowLive() { return false; }
  // The figure Ctrl+S saves on this tab: the plot last touched, or a painted view. Null when
  // the tab draws none; the window then saves a loss curve from the Curves tab.
  virtual QWidget* currentFigure() const { return nullptr; }
  // Asks for a file name and writes currentFigure(): a plot as PNG, PDF or SVG. A tab whose
  // figure is painted rather than plotted writes it its own way.
  virtual void saveFigureWithDialog(QWidget* parent);
};

}  // namespace rcmae::ui
