#pragma once
// Where one sweep point stands, read from its run folder. A point is done only when its
// marker file says so (written after the run returned), never because its folder exists:
// a folder with a checkpoint and no marker is a point interrupted mid-way.
#include <cstdint>
#include <filesystem>
#include <string>

namespace rcmae {

enum class PointState { Pending, InProgress, Finished, StoppedEarly };

std::string to_string(PointState state);

struct PointStatus {
  PointState state = PointState::Pending;
  int64_t steps_done = 0;    // from the marker; for InProgress, the rows in metrics.csv
  double smoothed_loss = 0;  // StoppedEarly: the loss that lost to the median
  double median_loss = 0;    // StoppedEarly: the references' median at that step
  bool done() const { return state == PointState::Finished || state == PointState::StoppedEarly; }
};

// The marker's file name inside a point's run folder.
const char* point_marker_name();

// Pending: no checkpoint and no marker. InProgress: a checkpoint without a marker.
// Throws std::runtime_error for an unreadable marker.
PointStatus read_point_status(const std::filesystem::path& point_folder);

// Writes the marker atomically (temporary file, rename).
void write_point_status(const std::filesystem::path& point_folder, const PointStatus& status);

}  // namespace rcmae
