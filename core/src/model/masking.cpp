#include "rcmae/model/masking.h"

namespace rcmae {

int64_t kept_patch_count(int64_t num_patches, double mask_ratio) {
  return static_cast<int64_t>(num_patches * (1.0 - mask_ratio));
}

MaskPlan mask_from_shuffle(const torch::Tensor& ids_shuffle, int64_t len_keep) {
  MaskPlan plan;
  plan.len_keep = len_keep;
  plan.ids_shuffle = ids_shuffle;
  plan.ids_restore = torch::argsort(ids_shuffle, /*dim=*/1, /*descending=*/false);
  plan.ids_keep = ids_shuffle.narrow(1, 0, len_keep);
  // 0 for the first len_keep positions of the shuffled order, 1 after; then unshuffle.
  auto shuffled = torch::ones(ids_shuffle.sizes(), ids_shuffle.options().dtype(torch::kFloat32));
  shuffled.narrow(1, 0, len_keep).zero_();
  plan.mask = torch::gather(shuffled, 1, plan.ids_restore);
  return plan;
}

MaskPlan random_masking(int64_t batch, int64_t num_patches, double mask_ratio,
                        at::Generator& generator, torch::Device device) {
  auto noise = torch::rand({batch, num_patches}, generator, torch::kFloat32);
  auto ids_shuffle = torch::argsort(noise, /*dim=*/1, /*descending=*/false).to(device);
  return mask_from_shuffle(ids_shuffle, kept_patch_count(num_patches, mask_ratio));
}

MaskPlan keep_all_patches(int64_t batch, int64_t num_patches, torch::Device device) {
  const auto ids =
      torch::arange(num_patches, torch::TensorOptions().dtype(torch::kInt64).device(device))
          .unsqueeze(0)
          .expand({batch, num_patches})
          .contiguous();
  return mask_from_shuffle(ids, num_patches);
}

MaskPlan mask_rows(const MaskPlan& plan, int64_t begin, int64_t count) {
  return MaskPlan{plan.ids_shuffle.narrow(0, begin, count),
                  plan.ids_restore.narrow(0, begin, count), plan.ids_keep.narrow(0, begin, count),
                  plan.mask.narrow(0, begin, count), plan.len_keep};
}

}  // namespace rcmae
