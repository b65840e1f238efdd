#include "rcmae/eval/frozen_features.h"

#include <algorithm>
#include <vector>

#include "rcmae/eval/measurement_cancel.h"
#include "rcmae/model/masking.h"

namespace rcmae {

torch::Tensor encoder_features(MaeVit& model, const torch::Tensor& images, bool mean_pooling) {
  torch::InferenceMode inference;
  const int64_t n = images.size(0), patches = model->config().num_patches();
  auto latent = model->forward_encoder(images, keep_all_patches(n, patches, images.device()));
  return mean_pooling ? latent.narrow(1, 1, patches).mean(1) : latent.select(1, 0);
}

torch::Tensor encoder_features_in_batches(MaeVit& model, const torch::Tensor& images,
                                          bool mean_pooling, int64_t batch) {
  const auto device = model->parameters().front().device();
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < images.size(0); start += batch) {
    throw_if_cancelled();  // the run is stopping: the rest of the bank is not worth its minutes
    auto chunk = images.narrow(0, start, std::min<int64_t>(batch, images.size(0) - start));
    parts.push_back(encoder_features(model, chunk.to(device), mean_pooling).to(torch::kCPU));
  }
  return torch::cat(parts, 0);
}

}  // namespace rcmae
