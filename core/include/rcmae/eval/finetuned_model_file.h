#pragma once
// rcmae finetune --save-model FILE: the fine-tuned classifier for plain PyTorch. FILE is a
// state dict (a dict name -> tensor) with the names of MAE's models_vit.VisionTransformer,
// which loads it with strict=True; FILE with the extension .json holds what rebuilding the
// model and preparing its inputs takes (the constructor's arguments, the LayerNorm eps, the
// per-channel normalisation, the image size) and the top-1 the C++ side measured.
//   model = models_vit.VisionTransformer(**info["model"],
//       norm_layer=partial(nn.LayerNorm, eps=info["layer_norm_eps"]))
//   model.load_state_dict(torch.load(FILE), strict=True)
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "rcmae/eval/encoder_classifier.h"

namespace rcmae {

// What the .json says besides the architecture (which the classifier itself gives).
struct FinetunedModelInfo {
  std::string dataset;
  std::vector<std::string> class_names;  // may be empty
  std::vector<float> mean, std;          // per channel, of pixels in [0, 1]
  int64_t test_images = 0;               // scored for top1
  double top1 = 0;                       // in [0, 1]
  int64_t steps = 0;
  std::string init, source;  // as finetune.csv: teacher | student | scratch | weights, file
};

// FILE.json beside FILE.pth (FILE.pth.json would hide it from a glob on *.json).
std::filesystem::path model_info_path(const std::filesystem::path& model);

// Checked before any training, so a long fine-tune never ends on an unwritable path: makes
// the parent folders and writes and removes a probe file there. Throws std::runtime_error
// with one line naming the file.
void check_model_file_writable(const std::filesystem::path& model);

// Writes FILE and FILE.json, each through a temporary file renamed into place. Throws
// StateDictError / std::runtime_error naming the file.
void save_finetuned_model(const EncoderClassifier& classifier, const FinetunedModelInfo& info,
                          const std::filesystem::path& model);

}  // namespace rcmae
