#include "runs/run_row_cells.h"

#include <QDateTime>
#include <QDir>
#include <algorithm>
#include <cmath>
#include <limits>

#include "rcmae/run/run_files.h"
#include "runs/run_lineage.h"
#include "runs/run_reader.h"
#include "runs/run_series_catalogue.h"
#include "runs/runs_model.h"
#include "signed_number.h"

namespace rcmae::ui {
namespace {

// A number to sort by; "no value yet" sorts before every value in ascending order.
QVariant sort_number(double value) {
  return std::isnan(value) ? -std::numeric_limits<double>::infinity() : value;
}

QString number_or_dash(double value, int decimals) {
  return std::isnan(value) ? "–" : QString::number(value, 'f', decimals);
}

// "65.2 % (px 64.0)": an accuracy next to what raw pixels score on the same evaluation.
QString accuracy_text(double value, double pixels) {
  if (std::isnan(value)) return "–";
  const QString text = QString::number(100 * value, 'f', 1) + " %";
  return std::isnan(pixels) ? text : text + QString(" (px %1)").arg(100 * pixels, 0, 'f', 1);
}

QString accuracy_tip(const QString& what, const RunReader& run, double value, double pixels) {
  if (std::isnan(value)) return QString("No %1 measured yet").arg(what);
  if (!run.hasQuality())
    return QString("%1 from the kNN monitor / end-of-run probe (no %2)")
        .arg(what, run_files::kQuality);
  return QString(
             "%1 of the %2: %3 %, raw pixels %4 %: %5 points (%6 as of step %7, %8 s of training)")
      .arg(what, run.mode() == "mae" ? "student" : "teacher")
      .arg(100 * value, 0, 'f', 1)
      .arg(100 * pixels, 0, 'f', 1)
      .arg(signed_number(100 * (value - pixels), 1), run_files::kQuality)
      .arg(run.qualityStep())
      .arg(run.qualityTrainSeconds(), 0, 'f', 0);
}

RunCell steps_cell(const RunReader& run, bool live) {
  const QString budget = run.stepBudget() > 0 ? QString(" / %1").arg(run.stepBudget()) : QString();
  // A run another process is still writing: marked, so "watch" has something to watch.
  return {(live ? "● " : "") + QString::number(run.stepsDone()) + budget, run.stepsDone(),
          live ? "Being written: metrics.csv grew in the last 30 s" : QString()};
}

double pixel_baseline(const RunReader& run, HeldOutAccuracy accuracy) {
  return run.lastQualityColumn(pixel_baseline_column(accuracy));
}

RunCell accuracy_cell(const QString& what, const RunReader& run, double value, double pixels) {
  return {accuracy_text(value, pixels), sort_number(value), accuracy_tip(what, run, value, pixels)};
}

// The encoder the run is judged by (teacher; student in MAE mode) fine-tuned, else the best
// other start named: "91.2 %", "88.0 % (scratch)". Every start in the tooltip.
RunCell finetune_cell(const RunReader& run) {
  const QMap<QString, double> top1 = run.finetuneTop1();
  if (top1.isEmpty()) return {"–", sort_number(NAN), "Not fine-tuned"};
  const QString own = run.mode() == "mae" ? "student" : "teacher";
  auto shown = top1.constFind(own);
  if (shown == top1.cend()) shown = std::max_element(top1.cbegin(), top1.cend());  // by value
  QString text = QString::number(100 * shown.value(), 'f', 1) + " %";
  if (shown.key() != own) text += " (" + shown.key() + ")";
  QStringList tip;
  for (auto it = top1.cbegin(); it != top1.cend(); ++it)
    tip << QString("%1 %2 %").arg(it.key()).arg(100 * it.value(), 0, 'f', 1);
  return {text, sort_number(shown.value()),
          "Best test top-1 after fine-tuning, per start: " + tip.join(", ") + " (" +
              run_files::kFinetune + ")"};
}

}  // namespace

const RunColumnInfo& run_column_info(int column) {
  static const QVector<RunColumnInfo> columns = {
      {"Run", {}},
      {"Fork of",
       "For an arm of `rcmae fork`: the parent run and the step it was forked at, the arm and "
       "what it changed, and which replicate it is"},
      {"Mode", {}},
      {"Dataset", {}},
      {"Preset", {}},
      {"Steps", {}, true},
      {"Final loss", "Mean loss over the last 10 % of the steps", true},
      {"Rec. NMSE",
       "Held-out reconstruction error of the hidden patches relative to filling them with the "
       "mean visible pixel: 1 = no better than that, 0 = perfect (teacher; student in MAE mode)",
       true},
      {"kNN (pixels)",
       "Last kNN top-1 accuracy on held-out images (teacher; student in MAE mode), and in "
       "brackets the same kNN on raw pixels: what the features must beat",
       true},
      {"Probe (pixels)",
       "Last linear-probe accuracy (teacher; student in MAE mode), and in brackets the probe on "
       "raw pixels",
       true},
      {"Fine-tune",
       "Best test top-1 after fine-tuning (rcmae finetune, Evaluate ▸ Fine-tune): of the "
       "teacher (student in MAE mode), else of the start named in brackets; every start in "
       "the tooltip",
       true},
      {"Started", {}},
  };
  return columns[column];
}

RunRowCells run_row_cells(const RunReader& run) {
  RunRowCells row;
  row.live = run.isLive();
  row.cells.resize(RunsModel::ColumnCount);
  auto& cells = row.cells;
  cells[RunsModel::NameColumn] = {run.name(), run.name(), QDir::toNativeSeparators(run.folder())};
  const RunLineage lineage = run_lineage(run.config());
  cells[RunsModel::LineageColumn] = {lineage.text, lineage.text, lineage.tooltip};
  cells[RunsModel::ModeColumn] = {run.mode(), run.mode(), {}};
  cells[RunsModel::DatasetColumn] = {run.dataset(), run.dataset(), {}};
  cells[RunsModel::PresetColumn] = {run.preset(), run.preset(), {}};
  cells[RunsModel::StepsColumn] = steps_cell(run, row.live);
  const double loss = run.finalLoss(), nmse = run.lastQuality("nmse");
  cells[RunsModel::FinalLossColumn] = {number_or_dash(loss, 4), sort_number(loss), {}};
  cells[RunsModel::RecNmseColumn] = {number_or_dash(nmse, 3), sort_number(nmse), {}};
  cells[RunsModel::KnnColumn] = accuracy_cell("kNN accuracy", run, run.latestKnn(),
                                              pixel_baseline(run, HeldOutAccuracy::Knn));
  cells[RunsModel::ProbeColumn] = accuracy_cell("Linear-probe accuracy", run, run.latestProbe(),
                                                pixel_baseline(run, HeldOutAccuracy::Probe));
  cells[RunsModel::FinetuneColumn] = finetune_cell(run);
  cells[RunsModel::StartedColumn] = {
      run.started().toString("yyyy-MM-dd HH:mm"), double(run.started().toSecsSinceEpoch()), {}};
  return row;
}

}  // namespace rcmae::ui
