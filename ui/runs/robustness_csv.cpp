#include "runs/robustness_csv.h"

#include <cmath>

#include "rcmae/run/csv_tail.h"

namespace rcmae::ui {
namespace {

std::vector<RobustnessRow> no_rows(QString* error, const QString& text) {
  if (error) *error = text;
  return {};
}

// An empty cell means "not measured" (the probe column without --probe, the clean row's
// parameter); the one CSV reader gives NaN for it, and for a column the file lacks.
double cell(const std::vector<double>& column, size_t row) {
  return row < column.size() ? column[row] : std::nan("");
}

}  // namespace

std::vector<RobustnessRow> read_robustness_csv(const QString& file, QString* error) {
  run::CsvTail csv(file.toStdString());
  csv.keep_text({"corruption"});
  csv.poll();
  if (!csv.exists()) return no_rows(error, file + ": cannot be read");
  if (!csv.has_column("corruption") || !csv.has_column("knn_acc"))
    return no_rows(error, file + ": not a robustness table (no corruption and knn_acc columns)");
  const auto& corruption = csv.text("corruption");
  std::vector<RobustnessRow> rows(corruption.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].corruption = corruption[i];
    const double level = cell(csv.column("severity"), i);
    rows[i].severity = std::isnan(level) ? 0 : int(level);
    rows[i].knn_acc = cell(csv.column("knn_acc"), i);
    rows[i].probe_acc = cell(csv.column("probe_acc"), i);
    rows[i].parameter = cell(csv.column("parameter"), i);
  }
  if (error) error->clear();
  return rows;
}

}  // namespace rcmae::ui
