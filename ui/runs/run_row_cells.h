#pragma once
// What the Runs table shows of a run: each column's title and tip, and a run's cells (text,
// the number it sorts by, tooltip), by the summary rules of run_reader.h. The model formats
// a row when its run changes; painting and sorting only read these.
#include <QString>
#include <QVariant>
#include <QVector>

namespace rcmae::ui {

class RunReader;

struct RunColumnInfo {
  QString title;
  QString tip;
  bool numeric = false;  // right-aligned, sorted by number
};
// `column`: a RunsModel::Column.
const RunColumnInfo& run_column_info(int column);

struct RunCell {
  QString text;
  QVariant sort_key;  // a number for numeric columns (no value: -inf, first when ascending)
  QString tooltip;
};

struct RunRowCells {
  QVector<RunCell> cells;  // one per RunsModel::Column
  bool live = false;       // another process wrote metrics.csv lately (as of the poll)
};
RunRowCells run_row_cells(const RunReader& run);

}  // namespace rcmae::ui
