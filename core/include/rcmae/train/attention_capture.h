#pragma once
// Reads the encoder's attention for a batch (the demo batch at snapshot time) into the
// torch-free AttentionMaps the snapshot carries.
#include <torch/torch.h>

#include "rcmae/model/mae_vit.h"
#include "rcmae/train/attention_maps.h"

namespace rcmae {

// The cls rows of every block's attention and of the rollout, visible patches reordered
// from the plan's ids_keep order to raster order. Composite math under no-grad
// (MaeVitImpl::encoder_attention): it costs one extra encoder pass over the batch.
AttentionMaps capture_attention_maps(MaeVit& model, const torch::Tensor& images,
                                     const MaskPlan& plan);

}  // namespace rcmae
