#include "report/run_report.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QPageLayout>
#include <QPdfWriter>
#include <algorithm>
#include <cmath>
#include <tuple>

#include "plots/ema_smoother.h"
#include "plots/themed_plot.h"
#include "rcmae/session/snapshot_io.h"
#include "runs/csv_tail.h"
#include "runs/run_reader.h"
#include "views/reconstruction_view.h"

namespace rcmae::ui {
namespace {

// The page is laid out in 1/96 inch units: an A4 page is 794 x 1123 of them, and a point
// size font prints at its true size.
constexpr int kDpi = 96;
constexpr int kMargin = 40;
constexpr int kGap = 14;
constexpr int kMaxTableRows = 14;
constexpr double kSmoothing = 0.8;

QString format_number(double value, int decimals) {
  return std::isnan(value) ? "–" : QString::number(value, 'f', decimals);
}

QString json_text(const QJsonValue& value) {
  if (value.isDouble()) return QString::number(value.toDouble(), 'g', 6);
  if (value.isBool()) return value.toBool() ? "yes" : "no";
  return value.toString("–");
}

// Draws `text` at the top of `area` and returns the height used.
int draw_text(QPainter& painter, const QRect& area, const QString& text, int point_size,
              bool bold = false, const QColor& color = Qt::black) {
  QFont font = painter.font();
  font.setPointSize(point_size);
  font.setBold(bold);
  painter.setFont(font);
  painter.setPen(color);
  const QRect used = painter.boundingRect(area, Qt::AlignLeft | Qt::TextWordWrap, text);
  painter.drawText(area, Qt::AlignLeft | Qt::TextWordWrap, text);
  return used.height();
}

// key: value pairs in `columns` columns; returns the height used.
int draw_pairs(QPainter& painter, const QRect& area, const QList<QPair<QString, QString>>& pairs,
               int columns) {
  QFont font = painter.font();
  font.setPointSize(8);
  font.setBold(false);
  painter.setFont(font);
  const int row_height = QFontMetrics(font).height() + 3;
  const int rows = int(std::ceil(double(pairs.size()) / columns));
  const int column_width = area.width() / columns;
  for (int i = 0; i < pairs.size(); ++i) {
    const QRect cell(area.left() + (i / rows) * column_width, area.top() + (i % rows) * row_height,
                     column_width - 8, row_height);
    painter.setPen(QColor("#57606a"));
    painter.drawText(cell, Qt::AlignLeft | Qt::AlignVCenter, pairs[i].first);
    painter.setPen(Qt::black);
    painter.drawText(cell, Qt::AlignRight | Qt::AlignVCenter, pairs[i].second);
  }
  return rows * row_height;
}

QList<QPair<QString, QString>> config_pairs(const QJsonObject& config) {
  const QJsonObject model = config.value("model").toObject();
  QList<QPair<QString, QString>> pairs;
  for (const char* key : {"mode", "dataset", "preset", "steps", "batch", "mask_ratio", "momentum",
                          "momentum_schedule", "gamma", "base_lr", "peak_lr", "weight_decay",
                          "warmup_steps", "seed", "threads_in_use", "knn_every"})
    if (config.contains(key)) pairs.append({key, json_text(config.value(key))});
  if (!model.isEmpty()) {
    pairs.append({"image / patch", QString("%1 px, %2 ch / %3").arg(json_text(model["img_size"]),
                                                                   json_text(model["channels"]),
                                                                   json_text(model["patch"]))});
    pairs.append({"encoder", QString("%1 d, %2 blocks, %3 heads").arg(json_text(model["enc_dim"]),
                                                                     json_text(model["enc_depth"]),
                                                                     json_text(model["enc_heads"]))});
    pairs.append({"decoder", QString("%1 d, %2 blocks, %3 heads").arg(json_text(model["dec_dim"]),
                                                                     json_text(model["dec_depth"]),
                                                                     json_text(model["dec_heads"]))});
  }
  return pairs;
}

void add_line(ThemedPlot& plot, const QVector<double>& x, QVector<double> y, const QString& name,
              const QColor& color, bool smooth) {
  if (smooth) {
    EmaSmoother smoother(kSmoothing);
    for (double& value : y) value = smoother.add(value);
  }
  QCPGraph* graph = plot.addGraph();
  graph->setName(name);
  graph->setPen(QPen(color, 1.6));
  graph->setData(x, y, true);
  if (!smooth) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
}

void draw_plot(QCPPainter& painter, ThemedPlot& plot, const QRect& area) {
  plot.legend->setVisible(plot.graphCount() > 1);
  plot.padLegend();
  plot.rescaleAxes();
  painter.save();
  painter.translate(area.topLeft());
  plot.toPainter(&painter, area.width(), area.height());
  painter.restore();
}

void draw_loss_plot(QCPPainter& painter, const RunReader& run, const QRect& area) {
  const PlotTheme theme = plot_theme(ThemeName::Light);
  ThemedPlot plot("Loss (smoothed)", "step", "loss");
  const QVector<double>& steps = run.metrics().column("step");
  add_line(plot, steps, run.metrics().column("loss"), "total", theme.series[0], true);
  add_line(plot, steps, run.metrics().column("loss_rec"), "reconstruction", theme.series[1], true);
  if (run.mode() != "mae")
    add_line(plot, steps, run.metrics().column("loss_cons"), "consistency", theme.series[2], true);
  draw_plot(painter, plot, area);
}

void draw_knn_plot(QCPPainter& painter, const RunReader& run, const QRect& area) {
  const PlotTheme theme = plot_theme(ThemeName::Light);
  ThemedPlot plot("kNN accuracy", "step", "top-1 (%)");
  plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  const QVector<double>& steps = run.knn().column("step");
  for (const auto& [column, name, color] :
       {std::tuple{"student_knn", "student", theme.series[0]}, std::tuple{"teacher_knn", "teacher", theme.series[3]}}) {
    QVector<double> percent = run.knn().column(column);
    if (std::all_of(percent.begin(), percent.end(), [](double v) { return std::isnan(v); })) continue;
    for (double& value : percent) value *= 100.0;
    add_line(plot, steps, percent, name, color, false);
  }
  draw_plot(painter, plot, area);
}

// The newest reconstruction snapshot, painted by the same view the workbench uses.
bool draw_reconstructions(QPainter& painter, const RunReader& run, const QRect& area) {
  if (run.latestSnapshotFile().isEmpty()) return false;
  auto snapshot = session::load_snapshot(run.latestSnapshotFile());
  if (!snapshot) return false;
  ReconstructionView view;
  view.setTheme(view_theme(ThemeName::Light));
  view.setSnapshot(std::make_shared<const ReconstructionSnapshot>(std::move(*snapshot)));
  view.resize(area.size());
  QImage image(area.size() * 2, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(2.0);  // crisp in print
  image.fill(Qt::white);
  view.render(&image);
  painter.drawImage(area, image);
  return true;
}

// A CSV table (robustness.csv, probe results) as printed rows; returns the height used.
int draw_csv_table(QPainter& painter, const QRect& area, const QString& title, const QString& file) {
  CsvTail csv(file);
  csv.poll();
  if (csv.header().isEmpty()) return 0;
  int y = area.top() + draw_text(painter, area, title, 10, true) + 4;
  QFont font = painter.font();
  font.setPointSize(8);
  font.setBold(false);
  painter.setFont(font);
  const int row_height = QFontMetrics(font).height() + 3;
  const QStringList& header = csv.header();
  const int column_width = area.width() / std::max<int>(1, int(header.size()));
  const int rows = std::min(csv.rowCount(), kMaxTableRows);
  // Text cells (corruption names) are NaN as numbers; read those rows as text instead.
  QFile text_file(file);
  if (!text_file.open(QIODevice::ReadOnly)) return 0;
  const QList<QByteArray> lines = text_file.readAll().split('\n');
  for (int r = -1; r < rows && r + 1 < lines.size(); ++r) {
    const QStringList cells = r < 0 ? header : QString::fromUtf8(lines[r + 1]).split(',');
    painter.setPen(r < 0 ? QColor("#57606a") : Qt::black);
    for (int c = 0; c < header.size(); ++c) {
      QString cell = cells.value(c).trimmed();
      bool ok = false;
      const double value = cell.toDouble(&ok);
      if (ok && r >= 0 && cell.contains('.')) cell = QString::number(value, 'g', 4);
      painter.drawText(QRect(area.left() + c * column_width, y, column_width - 4, row_height),
                       Qt::AlignLeft | Qt::AlignVCenter, cell);
    }
    y += row_height;
    if (r < 0) painter.drawLine(area.left(), y - 1, area.right(), y - 1);
  }
  if (csv.rowCount() > rows) {
    painter.drawText(QRect(area.left(), y, area.width(), row_height), Qt::AlignLeft,
                     QString("… %1 more rows in %2").arg(csv.rowCount() - rows).arg(QFileInfo(file).fileName()));
    y += row_height;
  }
  return y - area.top();
}

QString summary_line(const RunReader& run) {
  const QVector<double>& rec = run.metrics().column("loss_rec");
  const QString knn = std::isnan(run.finalKnn())
                          ? QString("no kNN yet")
                          : QString("kNN %1 % (best %2 %)").arg(format_number(100 * run.finalKnn(), 1),
                                                                format_number(100 * run.bestKnn(), 1));
  const QString probe = std::isnan(run.probeAccuracy())
                            ? QString()
                            : QString("   ·   linear probe %1 %").arg(format_number(100 * run.probeAccuracy(), 1));
  return QString("Steps %1%2   ·   final loss %3   ·   final reconstruction loss %4   ·   %5%6")
      .arg(run.stepsDone())
      .arg(run.stepBudget() > 0 ? QString(" of %1").arg(run.stepBudget()) : QString())
      .arg(format_number(run.finalLoss(), 4))
      .arg(rec.isEmpty() ? "–" : format_number(rec.back(), 4))
      .arg(knn, probe);
}

// Says what the page could not show, and why, so an empty area is not a mystery.
QString missing_note(const RunReader& run, bool has_knn, bool has_grid) {
  QStringList missing;
  if (!has_knn) {
    const int every = run.config().value("knn_every").toInt(0);
    missing << (every > 0 ? QString("kNN accuracy (measured every %1 steps; not reached yet)").arg(every)
                          : QString("kNN accuracy (the run had the kNN monitor off)"));
  }
  if (!has_grid) missing << "reconstructions (only runs of the window save snapshots)";
  return missing.isEmpty() ? QString() : "Not in this run folder: " + missing.join("; ") + ".";
}

// The whole page, into any paint device laid out at kDpi (the PDF, or a preview image).
void paint_report(QCPPainter& painter, const QSize& page_size, const RunReader& run) {
  painter.setRenderHint(QPainter::Antialiasing);
  const QRect page = QRect(QPoint(0, 0), page_size).adjusted(kMargin, kMargin, -kMargin, -kMargin);
  int y = page.top();
  auto below = [&](int height) { return QRect(page.left(), y, page.width(), height); };
  y += draw_text(painter, below(40), "RC-MAE run report — " + run.name(), 17, true);
  y += draw_text(painter, below(40),
                 QString("%1   ·   started %2   ·   report %3")
                     .arg(QDir::toNativeSeparators(run.folder()), run.started().toString("yyyy-MM-dd HH:mm"),
                          QDateTime::currentDateTime().toString("yyyy-MM-dd HH:mm")),
                 8, false, QColor("#57606a")) + kGap;
  y += draw_text(painter, below(40), summary_line(run), 9, true) + kGap;
  y += draw_text(painter, below(30), "Configuration", 11, true) + 4;
  y += draw_pairs(painter, below(200), config_pairs(run.config()), 3) + kGap;

  // Curves side by side (the loss alone takes the row), the reconstruction grid below.
  const bool has_knn = run.knn().rowCount() > 0;
  const bool has_snapshot = !run.latestSnapshotFile().isEmpty();
  const int plot_height = has_knn || has_snapshot ? 250 : 360;
  const int half = (page.width() - kGap) / 2;
  if (has_knn) {
    draw_loss_plot(painter, run, QRect(page.left(), y, half, plot_height));
    draw_knn_plot(painter, run, QRect(page.left() + half + kGap, y, half, plot_height));
  } else {
    draw_loss_plot(painter, run, below(plot_height));
  }
  y += plot_height + kGap;
  const int grid_height = 300;
  // The view centres its tiles: a narrower area keeps them next to their row labels.
  const int grid_width = std::min(page.width(), 560);
  const bool has_grid = draw_reconstructions(painter, run, QRect(page.left(), y, grid_width, grid_height));
  if (has_grid) y += grid_height + kGap;

  const QDir dir(run.folder());
  for (const auto& [file, title] : {std::pair{"robustness.csv", "Robustness (accuracy on corrupted test images)"},
                                    std::pair{"probe.csv", "Linear probe"}}) {
    if (!dir.exists(file) || y > page.bottom() - 60) continue;
    y += draw_csv_table(painter, QRect(page.left(), y, page.width(), page.bottom() - y), title,
                        dir.filePath(file)) + kGap;
  }
  const QString note = missing_note(run, has_knn, has_grid);
  if (!note.isEmpty()) draw_text(painter, below(40), note, 8, false, QColor("#57606a"));
}

const QPageLayout& a4_layout() {
  static const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF());
  return layout;
}

bool check_run_folder(const QString& run_folder, QString* error) {
  if (RunReader::isRunFolder(run_folder)) return true;
  if (error) *error = run_folder + ": not a run folder (no config.json or metrics.csv)";
  return false;
}

}  // namespace

bool write_run_report(const QString& run_folder, const QString& pdf_path, QString* error) {
  if (!check_run_folder(run_folder, error)) return false;
  RunReader run(run_folder);
  run.poll();
  QPdfWriter writer(pdf_path);
  writer.setResolution(kDpi);
  writer.setPageLayout(a4_layout());
  writer.setTitle("RC-MAE run report: " + run.name());
  writer.setCreator("RC-MAE Workbench");
  QCPPainter painter;
  if (!painter.begin(&writer)) {
    if (error) *error = pdf_path + ": cannot be written";
    return false;
  }
  paint_report(painter, writer.pageLayout().paintRectPixels(kDpi).size(), run);
  if (!painter.end()) {
    if (error) *error = pdf_path + ": cannot be written";
    return false;
  }
  return true;
}

QImage run_report_image(const QString& run_folder, double scale) {
  if (!RunReader::isRunFolder(run_folder)) return {};
  RunReader run(run_folder);
  run.poll();
  const QSize page = a4_layout().paintRectPixels(kDpi).size();
  QImage image(page * scale, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(Qt::white);
  QCPPainter painter(&image);
  paint_report(painter, page, run);
  painter.end();
  return image;
}

}  // namespace rcmae::ui
