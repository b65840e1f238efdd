#pragma once
// Fine-tuning: the paper's own metric. The encoder and a linear head are trained end to end
// on labelled images with MAE's fine-tuning recipe scaled to small data and two CPU cores:
// AdamW, layer-wise lr decay, linear warmup + cosine, label smoothing, global-average-pooled
// features and light augmentation (random shifts of up to 2 px and horizontal flips). Top-1
// on held-out test images is the result. The same recipe from a fresh initialisation is the
// from-scratch baseline (docs/LEARNING.md has the table).
#include <torch/torch.h>

#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/eval/finetune_options.h"
#include "rcmae/model/mae_vit.h"

namespace rcmae {

// Labelled images, already normalised as the encoder was trained: float [N, C, H, W] and
// int64 labels [N] on the CPU.
struct LabelledImages {
  torch::Tensor images, labels;
};

// The classifier fine-tuning trains: `model`'s encoder (shared, changed in place) with the
// options' pooling and a new head of `num_classes` outputs drawn from the options' seed.
EncoderClassifier make_classifier(MaeVit& model, int64_t num_classes,
                                  const FinetuneOptions& options);

// Fine-tunes `classifier` in place (its encoder's decoder is untouched). Throws
// std::invalid_argument for unusable options or data, and std::runtime_error when the loss
// stops being finite.
FinetuneResult finetune(EncoderClassifier& classifier, const LabelledImages& train,
                        const LabelledImages& test, const FinetuneOptions& options,
                        const FinetuneProgressFn& progress = {});

// make_classifier + finetune, for callers that keep the encoder only.
FinetuneResult finetune(MaeVit& model, const LabelledImages& train, const LabelledImages& test,
                        int64_t num_classes, const FinetuneOptions& options,
                        const FinetuneProgressFn& progress = {});

// How many worker threads a step is split over (FinetuneOptions::workers resolved for this
// batch size, device and the process's intra-op threads); 1: no split.
int finetune_workers(const FinetuneOptions& options, int64_t batch, torch::Device device);

// Random shifts (edges replicated) and flips of a batch, drawn from `generator`.
torch::Tensor augment_batch(const torch::Tensor& images, int max_shift, bool flip,
                            at::Generator& generator);

}  // namespace rcmae
