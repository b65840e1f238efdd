#pragma once
// Reconstruction snapshots on disk: the history scrubber spills old ones to the run folder
// and reads them back; every run leaves its last one there for the Runs tab and the PDF
// report. A small versioned binary format (QDataStream). No torch: ui/ reads them.
#include <QString>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "rcmae/train/reconstruction.h"

namespace rcmae {

// Writes atomically (temp file + rename). Returns false and fills `error` on failure.
bool save_snapshot(const QString& path, const ReconstructionSnapshot& snapshot,
                   QString* error = nullptr);
// nullopt when the file is missing, truncated or of another format.
std::optional<ReconstructionSnapshot> load_snapshot(const QString& path);

// Bytes the snapshot holds in memory (for the scrubber's budget).
qint64 snapshot_bytes(const ReconstructionSnapshot& snapshot);

// RUN_DIR/snapshots/step_%08d.snap: the newest sorts last by name.
std::filesystem::path snapshot_file(const std::filesystem::path& run_dir, int64_t step);
// Writes `snapshot` as snapshot_file(run_dir, snapshot.step), creating the folder: a run's
// last snapshot, which the Runs tab and the PDF report show.
bool save_run_snapshot(const std::filesystem::path& run_dir, const ReconstructionSnapshot& snapshot,
                       QString* error = nullptr);

}  // namespace rcmae
