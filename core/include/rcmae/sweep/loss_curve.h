#pragma once
// A run's loss by step, read from its metrics.csv; and the repair of a metrics.csv that a
// resume appended to (rows written after the last checkpoint, before an interruption, are
// superseded by the resumed run's rows for the same steps).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rcmae {

// loss[step - 1]; NaN where the file has no row for that step.
using LossCurve = std::vector<double>;

// A loss column of `metrics_csv` ("loss", "loss_rec", ...); for a step written twice the
// later row wins. A missing file gives an empty curve.
LossCurve read_loss_curve(const std::filesystem::path& metrics_csv, const std::string& column = "loss");

// Rewrites a CSV whose first column is the step so that each step keeps only its last row
// and rows stay in step order: when a row's step is not above the previous one, the earlier
// rows from that step on are dropped. Returns the number of rows dropped. Atomic (temporary
// file, rename); a missing file is left alone.
int drop_superseded_rows(const std::filesystem::path& csv);

}  // namespace rcmae
