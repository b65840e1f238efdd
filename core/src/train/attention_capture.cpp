#include "rcmae/train/attention_capture.h"

#include "rcmae/model/attention_rollout.h"

namespace rcmae {
namespace {

std::vector<float> to_floats(const torch::Tensor& t) {
  auto flat = t.to(torch::kCPU, torch::kFloat32).contiguous().reshape({-1});
  return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

// Token order [cls, visible patches in raster order]: index 0 stays, 1 + argsort(ids_keep)
// follows: [N, T].
torch::Tensor raster_token_order(const MaskPlan& plan) {
  auto order = plan.ids_keep.argsort(/*dim=*/1, /*descending=*/false) + 1;
  auto cls = torch::zeros({order.size(0), 1}, order.options());
  return torch::cat({cls, order}, 1);
}

// rows [N, ..., T] with the last axis put in `order` ([N, T]).
torch::Tensor reorder_tokens(const torch::Tensor& rows, const torch::Tensor& order) {
  auto index = order;
  while (index.dim() < rows.dim()) index = index.unsqueeze(1);
  return torch::gather(rows, -1, index.expand_as(rows));
}

}  // namespace

AttentionMaps capture_attention_maps(MaeVit& model, const torch::Tensor& images,
                                     const MaskPlan& plan) {
  torch::NoGradGuard no_grad;
  const std::vector<torch::Tensor> layers = model->encoder_attention(images, plan);
  const auto order = raster_token_order(plan).to(images.device());
  std::vector<torch::Tensor> cls_rows;
  for (const auto& weights : layers) cls_rows.push_back(weights.select(2, 0));  // [N, H, T]
  AttentionMaps maps;
  maps.layers = int(layers.size());
  maps.heads = int(layers.front().size(1));
  maps.tokens = int(layers.front().size(-1));
  maps.cls_attention = to_floats(reorder_tokens(torch::stack(cls_rows, 1), order));  // [N, L, H, T]
  maps.rollout =
      to_floats(reorder_tokens(attention_rollout(layers).select(1, 0), order));  // [N, T]
  return maps;
}

}  // namespace rcmae
