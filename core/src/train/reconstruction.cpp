// Trainer::reconstruct: turns predictions into display images for the GUI.
#include "rcmae/train/reconstruction.h"

#include "rcmae/eval/reconstruction_quality.h"
#include "rcmae/model/loss.h"
#include "rcmae/model/mask_strategy.h"
#include "rcmae/model/patchify.h"
#include "rcmae/train/attention_capture.h"
#include "rcmae/train/trainer.h"

namespace rcmae {
namespace {

std::vector<float> to_vector(const torch::Tensor& t) {
  auto flat = t.to(torch::kCPU, torch::kFloat32).contiguous().reshape({-1});
  return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

}  // namespace

ReconstructionSnapshot Trainer::reconstruct(const torch::Tensor& images_in, uint64_t mask_seed) {
  torch::InferenceMode inference;
  const ModelConfig& m = config_.model;
  auto images = images_in.to(device_);
  const int64_t n = images.size(0);
  auto generator = at::detail::createCPUGenerator(mask_seed);
  MaskPlan plan = make_masks(*mask_strategy_from_string(config_.mask_strategy), n, m.grid(),
                             config_.mask_ratio, generator, device_);

  auto original = patchify(images, m.patch);
  auto target = patch_targets(images, m.patch, m.norm_pix_loss);
  auto student_pred = student_->forward(images, plan);
  auto keep = (1 - plan.mask).unsqueeze(-1);

  // Back from normalised pixels to [0,1] with the dataset's per-channel statistics.
  const auto& info = data_->info();
  auto mean = torch::full({1, m.channels, 1, 1}, 0.0f);
  auto stdev = torch::full({1, m.channels, 1, 1}, 1.0f);
  for (int c = 0; c < m.channels; ++c) {
    if (c < int(info.mean.size())) mean[0][c] = info.mean[c];
    if (c < int(info.std.size())) stdev[0][c] = info.std[c];
  }
  mean = mean.to(device_);
  stdev = stdev.to(device_);
  auto display = [&](const torch::Tensor& patches) {
    return (unpatchify(patches, m.patch, m.channels) * stdev + mean).clamp(0, 1);
  };
  auto grey_patches = patchify(((0.5 - mean) / stdev).expand_as(images).contiguous(), m.patch);

  ReconstructionSnapshot snap;
  snap.step = step_;
  snap.count = int(n);
  snap.channels = m.channels;
  snap.size = m.img_size;
  snap.patch = m.patch;
  snap.grid = m.grid();
  snap.norm_pix = m.norm_pix_loss;
  snap.mask_ratio = config_.mask_ratio;
  // Placed with what the model had (visible patches only); the oracle placement exists for
  // the labelled paper-figure toggle alone.
  auto student_patches = place_prediction(student_pred, original, plan.mask, m.norm_pix_loss);
  snap.original = to_vector(display(original));
  snap.masked = to_vector(display(original * keep + grey_patches * (1 - keep)));
  snap.student = to_vector(display(student_patches));
  snap.pasted = to_vector(display(original * keep + student_patches * (1 - keep)));
  snap.patch_error = to_vector(patch_mse(student_pred, target));
  if (m.norm_pix_loss)
    snap.student_oracle =
        to_vector(display(place_prediction_with_true_stats(student_pred, original, true)));
  auto mask_u8 = plan.mask.to(torch::kCPU).to(torch::kUInt8).contiguous();
  snap.mask.assign(mask_u8.data_ptr<uint8_t>(), mask_u8.data_ptr<uint8_t>() + mask_u8.numel());
  snap.student_attention = capture_attention_maps(student_, images, plan);
  if (teacher_) {
    auto teacher_pred = teacher_->model()->forward(images, plan);
    snap.teacher_attention = capture_attention_maps(teacher_->model(), images, plan);
    snap.teacher =
        to_vector(display(place_prediction(teacher_pred, original, plan.mask, m.norm_pix_loss)));
    if (m.norm_pix_loss)
      snap.teacher_oracle =
          to_vector(display(place_prediction_with_true_stats(teacher_pred, original, true)));
  }
  return snap;
}

}  // namespace rcmae
