#include "plots/plot_export.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QSvgGenerator>

namespace rcmae::ui {
namespace {

bool save_svg(QCustomPlot* plot, const QString& path) {
  const int w = plot->width(), h = plot->height();
  QSvgGenerator generator;
  generator.setFileName(path);
  generator.setSize(QSize(w, h));
  generator.setViewBox(QRect(0, 0, w, h));
  generator.setTitle(plot->objectName());
  QCPPainter painter;
  if (!painter.begin(&generator)) return false;
  plot->toPainter(&painter, w, h);
  return painter.end();
}

}  // namespace

bool save_plot(QCustomPlot* plot, const QString& path, QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  bool ok = false;
  if (suffix == "png")
    ok = plot->savePng(path, 0, 0, 2.0);  // 2x: crisp on slides and in reports
  else if (suffix == "pdf")
    ok = plot->savePdf(path);
  else if (suffix == "svg")
    ok = save_svg(plot, path);
  else if (error)
    *error = path + ": unknown format '" + suffix + "' (use .png, .svg or .pdf)";
  if (!ok && error && error->isEmpty()) *error = path + ": could not be written";
  return ok;
}

void save_plot_with_dialog(QCustomPlot* plot, QWidget* parent, const QString& title,
                           const QString& format) {
  QString base = title.toLower();
  base.replace(QRegularExpression("[^a-z0-9]+"), "-");
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
  const QString path = QFileDialog::getSaveFileName(
      parent, "Save figure", dir + "/" + base + "." + format,
      "PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)");
  if (path.isEmpty()) return;
  QString error;
  if (!save_plot(plot, path, &error))
    QMessageBox::warning(parent, "Could not save the figure", error);
}

void copy_plot_to_clipboard(QCustomPlot* plot) {
  QApplication::clipboard()->setPixmap(plot->toPixmap());
}

}  // namespace rcmae::ui
