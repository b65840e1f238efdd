#pragma once
// Per-sample random masking by argsort of uniform noise, as in MAE.
#include <torch/torch.h>

namespace rcmae {

struct MaskPlan {
  torch::Tensor ids_shuffle;  // int64 [N, L]: patch indices, kept ones first
  torch::Tensor ids_restore;  // int64 [N, L]: argsort(ids_shuffle)
  torch::Tensor ids_keep;     // int64 [N, len_keep]
  torch::Tensor mask;         // float [N, L]: 1 = removed, 0 = kept, in original order
  int64_t len_keep = 0;
};

// len_keep = int(L * (1 - ratio)), truncated as Python's int().
int64_t kept_patch_count(int64_t num_patches, double mask_ratio);

// Draws noise ~ U[0,1]^L per sample from `generator` (CPU, so the same seed gives the same
// masks on any device) and builds the plan on `device`.
MaskPlan random_masking(int64_t batch, int64_t num_patches, double mask_ratio,
                        at::Generator& generator, torch::Device device);

// Nothing masked: every patch kept, each in its own place (what evaluations and the
// fine-tune's test see).
MaskPlan keep_all_patches(int64_t batch, int64_t num_patches, torch::Device device);

// Rows [begin, begin + count) of every tensor of a plan (a share of a batch).
MaskPlan mask_rows(const MaskPlan& plan, int64_t begin, int64_t count);

// The plan for a given shuffle (e.g. loaded from a file for a parity check).
MaskPlan mask_from_shuffle(const torch::Tensor& ids_shuffle, int64_t len_keep);

}  // namespace rcmae
