#pragma once
// One fine-tune as the CLI and the window ask for it, in plain values (no torch): which
// encoder (a run's teacher or student, a state dict, or scratch), which data, the recipe;
// and its row in a run folder's finetune.csv.
//   rcmae::FinetuneRequest request;
//   request.encoder.checkpoint = "runs/x/checkpoint.ckpt";
//   request.encoder.which = "teacher";
//   auto report = rcmae::run_finetune(request);
//   rcmae::record_finetune(report, "runs/x");   // finetune.csv and finetune_items.csv
#include <cstdint>
#include <filesystem>
#include <string>

#include "rcmae/eval/encoder_choice.h"
#include "rcmae/eval/finetune_options.h"

namespace rcmae {

struct FinetuneRequest {
  EncoderChoice encoder;         // which: teacher | student | scratch | auto
  std::string dataset;           // empty: the run's (or shape's) dataset
  int64_t train_images = 10000;  // labelled training images, spread over the split
  int64_t test_images = 10000;   // test images for top-1, spread over the split
  FinetuneOptions options;
  // Non-empty: the fine-tuned classifier is written there for PyTorch, with its settings
  // beside it (eval/finetuned_model_file.h). Checked for writing before any training.
  std::filesystem::path save_model;
};

struct FinetuneReport {
  std::string init;    // teacher | student | scratch | weights
  std::string source;  // the checkpoint or weights file ("" from scratch without one)
  std::string dataset;
  int64_t checkpoint_step = 0;
  int64_t train_images = 0, test_images = 0;
  FinetuneOptions options;
  FinetuneResult result;
  std::filesystem::path saved_model;  // the request's save_model once written
};

// Layer-wise lr decay suits pretrained lower layers; from scratch they hold nothing to keep.
double default_layer_decay(const std::string& which);

// Loads the encoder and the data, fine-tunes, reports. Throws CheckpointError /
// StateDictError / DataError naming the file, std::invalid_argument for a bad request.
FinetuneReport run_finetune(const FinetuneRequest& request,
                            const FinetuneProgressFn& progress = {});

// The columns of finetune.csv, one row per fine-tune:
// init,source,dataset,checkpoint_step,epochs,train_images,test_images,batch,peak_lr,
// layer_decay,steps,train_s,train_loss,top1,seed,pooling,keep_tokens,drop_path (top1 in
// [0, 1]; pooling mean or cls; keep_tokens the fraction of patch tokens training steps saw;
// drop_path stochastic depth's rate at the last block; each empty in rows written before its
// column existed).
extern const char* const kFinetuneCsvHeader;

// Appends the report's row (the header first when the file is new; a file from before the
// pooling, keep_tokens or drop_path column gets them first, see kFinetuneCsvHeader). Throws
// std::runtime_error naming the file when it cannot be written.
void append_finetune_csv(const FinetuneReport& report, const std::filesystem::path& file);

// The metric a fine-tune's per-image results are kept under in finetune_items.csv:
// "<init>_finetune_top1" (teacher_finetune_top1, scratch_finetune_top1, ...).
std::string finetune_items_metric(const std::string& init);

// Keeps which test images the report's fine-tune got right in `file` (run_files::
// kFinetuneItems), replacing an earlier fine-tune of the same start and keeping the others.
// Does nothing for a report without per-image results. Throws
// std::runtime_error naming the file when an existing one cannot be read or the new one
// cannot be written (the existing file is then left as it was).
void write_finetune_items(const FinetuneReport& report, const std::filesystem::path& file);

// Both records of a finished fine-tune in `folder`: its row in finetune.csv and its images in
// finetune_items.csv.
void record_finetune(const FinetuneReport& report, const std::filesystem::path& folder);

}  // namespace rcmae
