#pragma once
// A plot's data as CSV, for analysis outside the workbench: one row per point, in long
// form (series, x, y), so series of different lengths and x values share one file. The
// header names the axes (e.g. "series,step,loss"); heat maps add a "value" column with
// one row per cell.
#include <QString>

class QCustomPlot;
class QWidget;

namespace rcmae::ui {

QString plot_data_csv(QCustomPlot* plot);
bool save_plot_data_csv(QCustomPlot* plot, const QString& path, QString* error = nullptr);
// Asks for a file name (suggested from `title`), saves, and reports failures in a dialog.
void save_plot_data_with_dialog(QCustomPlot* plot, QWidget* parent, const QString& title);

}  // namespace rcmae::ui
