#pragma once
// Robustness of a frozen encoder: kNN (and optionally linear-probe) accuracy on the clean
// test queries and under each corruption x severity of eval/corruptions.h. The bank (kNN
// memory, probe training set) is always clean training images, as in ImageNet-C protocols:
// only what the encoder is asked to recognise is corrupted.
//
// Plain structs in and out, no torch: the GUI session can call evaluate_checkpoint() as is.
//   rcmae::EvalRequest request;
//   request.encoder.checkpoint = "runs/x/checkpoint.ckpt";
//   request.settings.probe = true;
//   auto report = rcmae::evaluate_checkpoint(request);
//   std::puts(rcmae::format_robustness_table(report).c_str());
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "rcmae/eval/encoder_choice.h"

namespace rcmae {

struct RobustnessSettings {
  bool probe = false;       // also fit a linear probe on the clean bank and score it
  bool corruptions = true;  // false: the clean row alone
  uint64_t seed = 0;        // Gaussian noise draws
  double probe_weight_decay = 1e-4;
};

struct RobustnessRow {
  std::string corruption = "clean";  // clean or a name of eval/corruptions.h
  int severity = 0;                  // 0 for clean, else 1-3
  double parameter = std::nan("");   // the corruption's parameter at that severity
  double knn_acc = std::nan("");     // in [0, 1]
  double probe_acc = std::nan("");   // NaN when the probe was not asked for
};

struct EvalRequest {
  EncoderChoice encoder;        // which: teacher | student | auto (no scratch)
  std::string dataset;          // empty: the checkpoint's training dataset
  std::string feature_pooling;  // cls | mean; empty: the checkpoint's setting
  int64_t bank_size = 2000;     // labelled training images (kNN memory, probe training)
  int64_t query_size = 1000;    // test images
  RobustnessSettings settings;
};

struct EvalReport {
  std::string which;  // teacher or student, as evaluated
  std::string dataset, preset, mode, feature_pooling;
  int64_t step = 0;  // the checkpoint's training step
  int64_t bank_size = 0, query_size = 0;
  std::vector<RobustnessRow> rows;  // clean first, then corruption-major, severity 1-3
};

// Called after each row, e.g. to show progress.
using RobustnessRowDone = std::function<void(const RobustnessRow&)>;

// Loads the checkpoint on the CPU and evaluates it. Throws CheckpointError (bad file),
// DataError (unlabelled or missing data), std::invalid_argument (bad request).
EvalReport evaluate_checkpoint(const EvalRequest& request, const RobustnessRowDone& row_done = {});

// The mean accuracies over the corrupted rows (severity > 0): the summary line of the CLI
// table and of the GUI's Robustness dialog. NaN where there is no corrupted row, and a NaN
// probe mean when any corrupted row lacks the probe.
struct CorruptedMean {
  int rows = 0;
  double knn_acc = std::nan("");
  double probe_acc = std::nan("");
};
CorruptedMean mean_over_corrupted(const std::vector<RobustnessRow>& rows);

// A fixed-width text table: one line per row, accuracies in percent, plus the mean
// accuracy over the corrupted rows when there are any.
std::string format_robustness_table(const EvalReport& report);

// CSV: corruption,severity,knn_acc,probe_acc,parameter (accuracies in [0, 1], empty = not
// measured). Throws std::runtime_error when the file cannot be written.
void write_robustness_csv(const EvalReport& report, const std::filesystem::path& file);

}  // namespace rcmae
