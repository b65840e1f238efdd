#pragma once
// The layout of a run folder: every file name the writers (core/io/run_folder, the window's
// worker, `rcmae eval`, `rcmae finetune`) and the readers (rcmae/run/run_record.h: `rcmae
// compare`, sweeps, the Runs tab, the PDF report) use, spelled here and nowhere else.
// Plain constants and one formatter: no torch, no Qt, so every layer includes it.
#include <cstdint>
#include <cstdio>
#include <string>

namespace rcmae::run_files {

inline constexpr const char* kConfig = "config.json";
inline constexpr const char* kMetrics = "metrics.csv";  // one row per step
inline constexpr const char* kEvents = "events.jsonl";  // live changes, checkpoints, errors
inline constexpr const char* kKnn = "knn.csv";          // the --knn-every monitor
inline constexpr const char* kProbe = "probe.csv";      // the linear probe at the end
inline constexpr const char* kGradGroups = "grad_groups.csv";
// Held-out reconstruction error, kNN and linear probe against raw-pixel baselines; columns
// in RunFolder::quality_header() (empty cell: not measured in that row).
inline constexpr const char* kQuality = "quality.csv";
inline constexpr const char* kCheckpoint = "checkpoint.ckpt";
inline constexpr const char* kRobustness = "robustness.csv";  // `rcmae eval`, the Robustness dialog
// `rcmae finetune`: one row per fine-tuning (which encoder, its init, epochs, top-1, ...).
inline constexpr const char* kFinetune = "finetune.csv";
// Which test images the latest fine-tune of each start (teacher, student, scratch, ...) got
// right, in paired_items.h's format (metric `<init>_finetune_top1`): what `rcmae compare
// --finetune` pairs fine-tunes on.
inline constexpr const char* kFinetuneItems = "finetune_items.csv";
// Item by item results of a run's final measurement (paired_items.h): what `rcmae fork` and
// `rcmae compare --paired` compare two runs on.
inline constexpr const char* kPairedItems = "paired_items.csv";
// A fork arm's held-out reconstruction item by item at each step it measured while training
// (the same steps in every arm): kStepItems/step_00000320.csv, written by step_items_name.
inline constexpr const char* kStepItems = "items_by_step";
// A fork's folder: the plan (fork.json) and the paired statistics of its arms.
inline constexpr const char* kForkPlan = "fork.json";
inline constexpr const char* kComparison = "comparison.json";
inline constexpr const char* kSnapshots = "snapshots";  // a folder of step_*.snap
inline constexpr const char* kSnapshotPattern = "step_*.snap";

// The snapshot file of `step` inside kSnapshots: zero-padded, so the newest sorts last by name.
inline std::string snapshot_name(int64_t step) {
  char name[32];
  std::snprintf(name, sizeof name, "step_%08lld.snap", static_cast<long long>(step));
  return name;
}

// The file of `step` inside kStepItems: zero-padded, so the steps sort by name.
inline std::string step_items_name(int64_t step) {
  char name[32];
  std::snprintf(name, sizeof name, "step_%08lld.csv", static_cast<long long>(step));
  return name;
}

}  // namespace rcmae::run_files
