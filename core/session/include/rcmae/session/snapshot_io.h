#pragma once
// Reconstruction snapshots on disk, so the history scrubber can spill old ones to the run
// folder and read them back. A small versioned binary format (QDataStream).
#include <QString>

#include <optional>

#include "rcmae/train/reconstruction.h"

namespace rcmae::session {

// Writes atomically (temp file + rename). Returns false and fills `error` on failure.
bool save_snapshot(const QString& path, const ReconstructionSnapshot& snapshot,
                   QString* error = nullptr);
// nullopt when the file is missing, truncated or of another format.
std::optional<ReconstructionSnapshot> load_snapshot(const QString& path);

// Bytes the snapshot holds in memory (for the scrubber's budget).
qint64 snapshot_bytes(const ReconstructionSnapshot& snapshot);

}  // namespace rcmae::session
