#include "runs/robustness_csv.h"

#include <QFile>
#include <QStringList>
#include <cmath>

namespace rcmae::ui {
namespace {

// An empty cell means "not measured" (the probe column without --probe, the clean row's
// parameter); anything that is not a number reads the same way.
double number_or_nan(const QStringList& cells, qsizetype column) {
  if (column < 0 || column >= cells.size()) return std::nan("");
  bool ok = false;
  const double value = cells[column].trimmed().toDouble(&ok);
  return ok ? value : std::nan("");
}

std::vector<RobustnessRow> no_rows(QString* error, const QString& text) {
  if (error) *error = text;
  return {};
}

}  // namespace

std::vector<RobustnessRow> read_robustness_csv(const QString& file, QString* error) {
  QFile input(file);
  if (!input.open(QIODevice::ReadOnly | QIODevice::Text))
    return no_rows(error, file + ": " + input.errorString());
  const QStringList header = QString::fromUtf8(input.readLine()).trimmed().split(',');
  const qsizetype corruption = header.indexOf("corruption"), severity = header.indexOf("severity"),
                  knn = header.indexOf("knn_acc"), probe = header.indexOf("probe_acc"),
                  parameter = header.indexOf("parameter");
  if (corruption < 0 || knn < 0)
    return no_rows(error, file + ": not a robustness table (no corruption and knn_acc columns)");
  std::vector<RobustnessRow> rows;
  while (!input.atEnd()) {
    const QString line = QString::fromUtf8(input.readLine()).trimmed();
    if (line.isEmpty()) continue;
    const QStringList cells = line.split(',');
    RobustnessRow row;
    row.corruption = cells.value(corruption).trimmed().toStdString();
    const double level = number_or_nan(cells, severity);
    row.severity = std::isnan(level) ? 0 : int(level);
    row.knn_acc = number_or_nan(cells, knn);
    row.probe_acc = number_or_nan(cells, probe);
    row.parameter = number_or_nan(cells, parameter);
    rows.push_back(std::move(row));
  }
  if (error) error->clear();
  return rows;
}

}  // namespace rcmae::ui
