#include "views/workbench_tab.h"

#include "plots/plot_export.h"
#include "plots/themed_plot.h"

namespace rcmae::ui {

void WorkbenchTab::saveFigureWithDialog(QWidget* parent) {
  auto* plot = qobject_cast<ThemedPlot*>(currentFigure());
  if (plot) save_plot_with_dialog(plot, parent, plot->title());
}

}  // namespace rcmae::ui
