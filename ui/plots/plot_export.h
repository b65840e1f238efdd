#pragma once
// Saving and copying plots: PNG and PDF through QCustomPlot, SVG through QSvgGenerator.
#include <QString>

class QCustomPlot;
class QWidget;

namespace rcmae::ui {

// Format from the file suffix (png, svg, pdf). Returns false and fills `error` on failure.
bool save_plot(QCustomPlot* plot, const QString& path, QString* error = nullptr);
// Asks for a file name (suggested from `title`), saves, and reports failures in a dialog.
void save_plot_with_dialog(QCustomPlot* plot, QWidget* parent, const QString& title,
                           const QString& format = "png");
void copy_plot_to_clipboard(QCustomPlot* plot);

}  // namespace rcmae::ui
