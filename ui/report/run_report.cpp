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
#include "rcmae/run/run_files.h"
#include "rcmae/session/snapshot_io.h"
#include "report/what_it_learned.h"
#include "runs/run_reader.h"
#include "runs/run_series_catalogue.h"
#include "views/reconstruction_view.h"

namespace rcmae::ui {
namespace {

// The page is laid out in 1/96 inch units: an A4 page is 794 x 1123 of them, and a point
// size font prints at its true size.
constexpr int kDpi = 96;
constexpr int kMargin = 40;
constexpr int kGap = 14;
constexpr int kMaxTableRows = 14;
constexpr double kReportSmoothing = 0.8;

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
  for (const char* key :
       {"mode", "dataset", "preset", "steps", "batch", "mask_ratio", "momentum",
        "momentum_schedule", "gamma", "base_lr", "peak_lr", "weight_decay", "warmup_steps", "seed",
        "threads_in_use", "knn_every", "recipe", "time_budget_s"})
    if (config.contains(key) && config.value(key) != QJsonValue(""))  // e.g. no recipe
      pairs.append({key, json_text(config.value(key))});
  if (!model.isEmpty()) {
    pairs.append(
        {"image / patch", QString("%1 px, %2 ch / %3")
                              .arg(json_text(model["img_size"]), json_text(model["channels"]),
                                   json_text(model["patch"]))});
    pairs.append({"encoder", QString("%1 d, %2 blocks, %3 heads")
                                 .arg(json_text(model["enc_dim"]), json_text(model["enc_depth"]),
                                      json_text(model["enc_heads"]))});
    pairs.append({"decoder", QString("%1 d, %2 blocks, %3 heads")
                                 .arg(json_text(model["dec_dim"]), json_text(model["dec_depth"]),
                                      json_text(model["dec_heads"]))});
  }
  return pairs;
}

void add_line(ThemedPlot& plot, const QVector<double>& x, QVector<double> y, const QString& name,
              const QColor& color, bool smooth) {
  if (smooth) {
    EmaSmoother smoother(kReportSmoothing);
    for (double& value : y) value = smoother.add(value);
  }
  QCPGraph* graph = plot.addGraph();
  graph->setName(name);
  graph->setPen(QPen(color, 1.6));
  if (!smooth) {
    // Sparse measurements (kNN, probe): a line through the measured points, not broken
    // at the rows that did not measure them.
    QVector<double> kept_x, kept_y;
    for (qsizetype i = 0; i < x.size() && i < y.size(); ++i)
      if (!std::isnan(y[i])) {
        kept_x << x[i];
        kept_y << y[i];
      }
    graph->setData(kept_x, kept_y, true);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
  } else {
    graph->setData(x, y, true);
  }
}

// `legend_corner`: where the curves are not (falling losses leave the top right empty,
// rising accuracies the bottom right). `pad_below` / `pad_above`: room under and over the
// data (fractions of its range) for the legend and the baselines' labels.
void draw_plot(QCPPainter& painter, ThemedPlot& plot, const QRect& area,
               Qt::Alignment legend_corner = Qt::AlignTop | Qt::AlignRight, double pad_below = 0.0,
               double pad_above = 0.0) {
  plot.axisRect()->insetLayout()->setInsetAlignment(0, legend_corner);
  plot.legend->setVisible(plot.graphCount() > 1);
  plot.padLegend();
  plot.rescaleAxes();
  if (pad_below > 0 || pad_above > 0) {
    const QCPRange range = plot.yAxis->range();
    const double span = range.size() > 0 ? range.size() : 1.0;
    plot.yAxis->setRange(range.lower - pad_below * span, range.upper + pad_above * span);
  }
  painter.save();
  painter.translate(area.topLeft());
  plot.toPainter(&painter, area.width(), area.height());
  painter.restore();
}

void draw_loss_plot(QCPPainter& painter, const RunReader& run, const QRect& area) {
  const PlotTheme theme = plot_theme(ThemeName::Light);
  ThemedPlot plot("Loss (smoothed)", "step", "loss");
  const QVector<double> steps = run.metricsColumn("step");
  add_line(plot, steps, run.metricsColumn("loss"), "total", theme.series[0], true);
  add_line(plot, steps, run.metricsColumn("loss_rec"), "reconstruction", theme.series[1], true);
  if (run.mode() != "mae")
    add_line(plot, steps, run.metricsColumn("loss_cons"), "consistency", theme.series[2], true);
  draw_plot(painter, plot, area);
}

// The raw-pixel baseline across the plot's steps, its label just above its right end:
// what the features must beat.
void add_baseline(ThemedPlot& plot, const QVector<double>& steps, const RunReader& run,
                  HeldOutAccuracy accuracy, Qt::PenStyle style) {
  const double percent = 100 * run.lastQualityColumn(pixel_baseline_column(accuracy));
  if (std::isnan(percent) || steps.isEmpty()) return;
  QCPGraph* graph = plot.addGraph();
  graph->setName(pixel_baseline_name(accuracy));
  graph->removeFromLegend();
  graph->setPen(QPen(QColor("#57606a"), 1.2, style));
  graph->setData({steps.front(), steps.back()}, {percent, percent}, true);
  auto* text = new QCPItemText(&plot);
  text->position->setCoords(steps.back(), percent);
  text->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
  text->setText(pixel_baseline_label(accuracy, percent));
  text->setColor(QColor("#57606a"));
}

QVector<double> percent_of(QVector<double> values) {
  for (double& value : values) value *= 100.0;
  return values;
}

bool all_nan(const QVector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

// quality.csv: the evaluated encoder's kNN and probe against the raw-pixel baselines.
void draw_quality_accuracy_plot(QCPPainter& painter, const RunReader& run, const QRect& area) {
  const PlotTheme theme = plot_theme(ThemeName::Light);
  ThemedPlot plot(run.mode() == "mae" ? "Student accuracy" : "Teacher accuracy", "step",
                  "top-1 (%)");
  const QVector<double> steps = run.qualityColumn("step");
  for (const auto& [measure, name, color] :
       {std::tuple{"knn", "kNN", theme.series[3]}, std::tuple{"probe", "probe", theme.series[0]}}) {
    const QVector<double> values = run.qualitySeries(measure);
    if (all_nan(values)) continue;
    add_line(plot, steps, percent_of(values), name, color, false);
  }
  add_baseline(plot, steps, run, HeldOutAccuracy::Knn, Qt::SolidLine);
  add_baseline(plot, steps, run, HeldOutAccuracy::Probe, Qt::DashLine);
  draw_plot(painter, plot, area, Qt::AlignBottom | Qt::AlignRight, 0.9, 0.15);
}

void draw_nmse_plot(QCPPainter& painter, const RunReader& run, const QRect& area) {
  const PlotTheme theme = plot_theme(ThemeName::Light);
  ThemedPlot plot("Held-out reconstruction", "step", "NMSE (1 = mean fill)");
  const QVector<double> steps = run.qualityColumn("step");
  add_line(plot, steps, run.qualityColumn("student_nmse"), "student", theme.series[0], false);
  if (!all_nan(run.qualityColumn("teacher_nmse")))
    add_line(plot, steps, run.qualityColumn("teacher_nmse"), "teacher", theme.series[3], false);
  draw_plot(painter, plot, area);
}

// knn.csv, the kNN monitor of runs from before quality.csv.
void draw_knn_plot(QCPPainter& painter, const RunReader& run, const QRect& area) {
  const PlotTheme theme = plot_theme(ThemeName::Light);
  ThemedPlot plot("kNN accuracy", "step", "top-1 (%)");
  const QVector<double> steps = run.knnColumn("step");
  for (const auto& [column, name, color] :
       {std::tuple{"student_knn", "student", theme.series[0]},
        std::tuple{"teacher_knn", "teacher", theme.series[3]}}) {
    const QVector<double> values = run.knnColumn(column);
    if (all_nan(values)) continue;
    add_line(plot, steps, percent_of(values), name, color, false);
  }
  draw_plot(painter, plot, area, Qt::AlignBottom | Qt::AlignRight);
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

// A CSV table (robustness.csv, probe results) as printed rows, cells as written; returns
// the height used. `columns` picks and orders the columns shown (empty: all of them).
int draw_csv_table(QPainter& painter, const QRect& area, const QString& title, const QString& file,
                   const std::vector<std::string>& columns = {}) {
  run::CsvTail csv(std::filesystem::path(file.toStdString()));
  csv.keep_all_text();
  csv.poll();
  if (csv.header().empty()) return 0;
  std::vector<std::string> header;
  for (const auto& name : columns.empty() ? csv.header() : columns)
    if (csv.has_column(name)) header.push_back(name);
  int y = area.top() + draw_text(painter, area, title, 10, true) + 4;
  QFont font = painter.font();
  font.setPointSize(8);
  font.setBold(false);
  painter.setFont(font);
  const int row_height = QFontMetrics(font).height() + 3;
  const int column_width = area.width() / std::max<int>(1, int(header.size()));
  const int rows = int(std::min<int64_t>(csv.row_count(), kMaxTableRows));
  for (int r = -1; r < rows; ++r) {
    painter.setPen(r < 0 ? QColor("#57606a") : Qt::black);
    for (size_t c = 0; c < header.size(); ++c) {
      QString cell = QString::fromStdString(r < 0 ? header[c] : csv.text(header[c])[size_t(r)]);
      bool ok = false;
      const double value = cell.toDouble(&ok);
      if (ok && r >= 0 && cell.contains('.')) cell = QString::number(value, 'g', 4);
      painter.drawText(QRect(area.left() + int(c) * column_width, y, column_width - 4, row_height),
                       Qt::AlignLeft | Qt::AlignVCenter, cell);
    }
    y += row_height;
    if (r < 0) painter.drawLine(area.left(), y - 1, area.right(), y - 1);
  }
  if (csv.row_count() > rows) {
    painter.drawText(QRect(area.left(), y, area.width(), row_height), Qt::AlignLeft,
                     QString("… %1 more rows in %2")
                         .arg(csv.row_count() - rows)
                         .arg(QFileInfo(file).fileName()));
    y += row_height;
  }
  return y - area.top();
}

QString summary_line(const RunReader& run) {
  const QVector<double> rec = run.metricsColumn("loss_rec");
  const QString knn = std::isnan(run.latestKnn())
                          ? QString("no kNN yet")
                          : QString("kNN %1 %").arg(format_number(100 * run.latestKnn(), 1));
  const QString probe =
      std::isnan(run.latestProbe())
          ? QString()
          : QString("   ·   linear probe %1 %").arg(format_number(100 * run.latestProbe(), 1));
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
    const bool quality = run.config().value("quality").toBool(false);
    missing << (quality ? QString("quality measurements (none written yet)")
                : every > 0
                    ? QString("kNN accuracy (measured every %1 steps; not reached yet)").arg(every)
                    : QString("accuracy curves (the run measured no kNN or quality)"));
  }
  if (!has_grid) missing << "reconstructions (a run saves its last snapshot when it ends or stops)";
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
                     .arg(QDir::toNativeSeparators(run.folder()),
                          run.started().toString("yyyy-MM-dd HH:mm"),
                          QDateTime::currentDateTime().toString("yyyy-MM-dd HH:mm")),
                 8, false, QColor("#57606a")) +
       kGap;
  y += draw_text(painter, below(40), summary_line(run), 9, true) + kGap;
  const auto learned = what_it_learned(run);
  if (!learned.isEmpty()) {
    y += draw_text(painter, below(30), "What it learned", 11, true) + 4;
    // One column, narrow enough that each value stays next to its label.
    y += draw_pairs(painter, QRect(page.left(), y, std::min(page.width(), 540), 120), learned, 1) +
         2;
    y += draw_text(painter, below(60), what_it_learned_note(), 7, false, QColor("#57606a")) + kGap;
  }
  y += draw_text(painter, below(30), "Configuration", 11, true) + 4;
  y += draw_pairs(painter, below(200), config_pairs(run.config()), 3) + kGap;

  // Curves side by side (the loss alone takes the row), the reconstruction grid below.
  const bool has_knn = run.hasQuality() || run.knn().row_count() > 0;
  const bool has_snapshot = !run.latestSnapshotFile().isEmpty();
  const int plot_height = has_knn || has_snapshot ? 250 : 360;
  if (run.hasQuality()) {
    const int third = (page.width() - 2 * kGap) / 3;
    draw_loss_plot(painter, run, QRect(page.left(), y, third, plot_height));
    draw_nmse_plot(painter, run, QRect(page.left() + third + kGap, y, third, plot_height));
    draw_quality_accuracy_plot(painter, run,
                               QRect(page.left() + 2 * (third + kGap), y, third, plot_height));
  } else if (has_knn) {
    const int half = (page.width() - kGap) / 2;
    draw_loss_plot(painter, run, QRect(page.left(), y, half, plot_height));
    draw_knn_plot(painter, run, QRect(page.left() + half + kGap, y, half, plot_height));
  } else {
    draw_loss_plot(painter, run, below(plot_height));
  }
  y += plot_height + kGap;
  const int grid_height = 300;
  // The view centres its tiles: a narrower area keeps them next to their row labels.
  const int grid_width = std::min(page.width(), 560);
  const bool has_grid =
      draw_reconstructions(painter, run, QRect(page.left(), y, grid_width, grid_height));
  if (has_grid) y += grid_height + kGap;

  const QDir dir(run.folder());
  for (const auto& [file, title] :
       {std::pair{run_files::kRobustness, "Robustness (accuracy on corrupted test images)"},
        std::pair{run_files::kProbe, "Linear probe"}}) {
    if (!dir.exists(file) || y > page.bottom() - 60) continue;
    y += draw_csv_table(painter, QRect(page.left(), y, page.width(), page.bottom() - y), title,
                        dir.filePath(file)) +
         kGap;
  }
  // The fine-tunes without their long source paths: what started, how long, how well.
  if (dir.exists(run_files::kFinetune) && y <= page.bottom() - 60)
    y += draw_csv_table(painter, QRect(page.left(), y, page.width(), page.bottom() - y),
                        "Fine-tuning (encoder + linear head on labelled images; test top-1)",
                        dir.filePath(run_files::kFinetune),
                        {"init", "epochs", "train_images", "test_images", "steps", "train_s",
                         "train_loss", "top1"}) +
         kGap;
  const QString note = missing_note(run, has_knn, has_grid);
  if (!note.isEmpty()) draw_text(painter, below(40), note, 8, false, QColor("#57606a"));
}

const QPageLayout& a4_layout() {
  static const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF());
  return layout;
}

bool check_run_folder(const QString& run_folder, QString* error) {
  if (RunReader::isRunFolder(run_folder)) return true;
  if (error)
    *error =
        run_folder +
        QString(": not a run folder (no %1 or %2)").arg(run_files::kConfig, run_files::kMetrics);
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
