#pragma once
// The names of the files in a run folder (the layout core/io/run_folder writes), spelled
// once so that every reader (rcmae compare, sweeps, the Runs tab, the PDF report) finds the
// same files. Plain constants: no torch, no Qt, so ui/ includes it too.
namespace rcmae::run_files {

inline constexpr const char* kConfig = "config.json";
inline constexpr const char* kMetrics = "metrics.csv";
inline constexpr const char* kEvents = "events.jsonl";
inline constexpr const char* kKnn = "knn.csv";
inline constexpr const char* kProbe = "probe.csv";
inline constexpr const char* kGradGroups = "grad_groups.csv";
// Held-out reconstruction error, kNN and linear probe against raw-pixel baselines; columns
// in RunFolder::quality_header() (empty cell: not measured in that row).
inline constexpr const char* kQuality = "quality.csv";
inline constexpr const char* kCheckpoint = "checkpoint.ckpt";
inline constexpr const char* kRobustness = "robustness.csv";
inline constexpr const char* kSnapshots = "snapshots";  // a folder of step_*.snap

}  // namespace rcmae::run_files
