#pragma once
// Fine-tuning's settings, progress and result as plain values (no torch), so the window can
// start a fine-tune and show its progress (eval/finetune.h runs it).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rcmae {

struct FinetuneOptions {
  int epochs = 5;
  int batch = 128;
  double peak_lr = 1e-3;
  // Lower layers change less: lr * layer_decay^(depth + 1 - layer). 1 = off (the default
  // from scratch, where lower layers hold nothing worth keeping).
  double layer_decay = 0.75;
  double weight_decay = 0.05;
  double warmup_epochs = 1.0;
  double label_smoothing = 0.1;
  int max_shift = 2;  // augmentation: shift by up to this many pixels (edges replicated)
  bool flip = true;   // augmentation: horizontal flip with probability 0.5
  // Training steps see this fraction of each image's patch tokens, a fresh random choice per
  // image and step (as MAE's encoder does in pretraining); the test always sees them all.
  // Below 1 a step costs about that fraction. 1 = every token (MAE's fine-tuning).
  double keep_tokens = 1.0;
  // Stochastic depth (model/drop_path.h): in training, the last block's residual branches
  // are skipped for an image with this probability, earlier blocks' with linearly less, the
  // first block's never. 0 = off.
  double drop_path = 0.0;
  uint64_t seed = 0;  // head, batch order and augmentation
  // Worker threads a CPU step is split over, each with one intra-op thread and its share of
  // the batch (eval/classifier_replicas.h). 0: one per intra-op thread in use (at least 16
  // images each); 1: the whole batch on the process's intra-op threads. The result is the
  // same up to float rounding; only the speed differs (docs/PERFORMANCE.md).
  int step_workers = 0;
  // What the head sees, as MAE's models_vit: "mean" (global_pool: the average of the patch
  // tokens, normalised by a fresh fc_norm) or "cls" (the final norm's cls token).
  std::string pooling = "mean";
};

struct FinetuneProgress {
  int64_t step = 0, total_steps = 0;
  int epoch = 0;                    // 1-based epoch the step belongs to
  double loss = 0;                  // mean training loss of the epoch so far
  double train_s = 0;               // training time so far (test evaluations excluded)
  std::optional<double> test_top1;  // set at the end of each epoch
  int64_t test_images = 0;          // how many it scored: all after the last epoch, at
                                    // most 1,000 after the others (a quick look)
};
// Return false to stop after the current step (the result then covers the steps done).
using FinetuneProgressFn = std::function<bool(const FinetuneProgress&)>;

struct FinetuneEpoch {
  int epoch = 0;
  int64_t step = 0;
  double train_loss = 0, test_top1 = 0, train_s = 0;
  int64_t test_images = 0;  // scored for test_top1 (see FinetuneProgress)
};

struct FinetuneResult {
  std::vector<FinetuneEpoch> epochs;
  int64_t steps = 0;
  double train_s = 0;
  double train_loss = 0;  // of the last epoch
  double top1 = 0;        // on the test images after the last step
  // Per test image after the last step, in the test set's order: 1 when it was classified
  // right, else 0 (top1 is their mean). Kept so that two fine-tunes scored on the same images
  // can be compared image by image (finetune_items.csv, eval/finetune_comparison.h).
  std::vector<double> test_correct;
  bool stopped = false;  // progress asked to stop early
};

// Problems with the options, in words naming the flag; nullopt when they are usable.
std::optional<std::string> finetune_options_problem(const FinetuneOptions& options);

}  // namespace rcmae
