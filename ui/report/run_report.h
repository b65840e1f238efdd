#pragma once
// A one-page PDF about one run folder, for a lab notebook or a slide appendix: what was
// trained (the configuration), how it went (loss curves, kNN accuracy), what the model
// reconstructs (the newest reconstruction snapshot, if the run saved one), and the
// evaluation tables the run folder holds (robustness.csv, probe results), if any.
// Drawn with QPdfWriter + QPainter; plots go in as vectors through QCustomPlot::toPainter.
#include <QImage>
#include <QString>

namespace rcmae::ui {

// Returns false and says why in `error` when the folder is not a run or the file cannot
// be written.
bool write_run_report(const QString& run_folder, const QString& pdf_path, QString* error = nullptr);
// The same page as an image, `scale` pixels per 1/96 inch (a preview; null if no run).
QImage run_report_image(const QString& run_folder, double scale = 2.0);

}  // namespace rcmae::ui
