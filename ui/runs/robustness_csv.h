#pragma once
// Reads back the robustness.csv that write_robustness_csv() (rcmae/eval/robustness.h) and
// `rcmae eval --csv` write, so the Robustness dialog can show an earlier evaluation of a run.
// The run-record library's CSV reader finds the columns by name: the header is
// corruption,severity,knn_acc,probe_acc,parameter today, and a reordered or extended file
// still reads.
#include <QString>
#include <vector>

#include "rcmae/eval/robustness.h"

namespace rcmae::ui {

// The rows of `file`, accuracies in [0, 1] and NaN where a cell is empty. An empty vector
// with `error` set when the file cannot be read or has no corruption / knn_acc column.
std::vector<RobustnessRow> read_robustness_csv(const QString& file, QString* error = nullptr);

}  // namespace rcmae::ui
