#pragma once
// A run's loss by step, read from its metrics.csv. (A resumed run's metrics.csv holds each
// step once: RunFolder::continue_from drops the rows logged past the checkpoint.)
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rcmae {

// loss[step - 1]; NaN where the file has no row for that step.
using LossCurve = std::vector<double>;

// A loss column of `metrics_csv` ("loss", "loss_rec", ...); for a step written twice the
// later row wins. A missing file gives an empty curve.
LossCurve read_loss_curve(const std::filesystem::path& metrics_csv,
                          const std::string& column = "loss");

}  // namespace rcmae
