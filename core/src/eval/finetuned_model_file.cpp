#include "rcmae/eval/finetuned_model_file.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "rcmae/io/mae_state_dict.h"

namespace rcmae {
namespace {

namespace fs = std::filesystem;

fs::path temporary_beside(const fs::path& file) {
  return file.string() + ".tmp" + std::to_string(::getpid());
}

// models_vit.VisionTransformer's constructor arguments, so that
// VisionTransformer(**info["model"], norm_layer=...) rebuilds this classifier.
nlohmann::json constructor_arguments(const EncoderClassifier& classifier) {
  const ModelConfig& m = classifier->encoder->config();
  return {{"img_size", m.img_size},   {"patch_size", m.patch},
          {"in_chans", m.channels},   {"num_classes", classifier->head->weight.size(0)},
          {"embed_dim", m.enc_dim},   {"depth", m.enc_depth},
          {"num_heads", m.enc_heads}, {"mlp_ratio", m.mlp_ratio},
          {"qkv_bias", true},         {"global_pool", classifier->global_pool}};
}

nlohmann::json info_json(const EncoderClassifier& classifier, const FinetunedModelInfo& info,
                         const fs::path& model) {
  return {
      {"format",
       "PyTorch state dict of MAE's models_vit.VisionTransformer (load_state_dict strict=True)"},
      {"state_dict", model.filename().string()},
      {"model", constructor_arguments(classifier)},
      {"pooling", classifier->global_pool ? "mean" : "cls"},
      {"layer_norm_eps", 1e-6},
      {"activation", "gelu (exact, erf)"},
      {"preprocess",
       {{"img_size", classifier->encoder->config().img_size},
        {"channels", info.mean.size() == 1   ? "grey"
                     : info.mean.size() == 3 ? "RGB"
                                             : "RGBA"},
        {"mean", info.mean},
        {"std", info.std},
        {"steps",
         "pixels / 255; shorter side resized to img_size (bicubic) and centre-cropped when "
         "the image is another size; then (x - mean) / std per channel"}}},
      {"dataset", info.dataset},
      {"class_names", info.class_names},
      {"top1", info.top1},
      {"test_images", info.test_images},
      {"steps", info.steps},
      {"init", info.init},
      {"source", info.source}};
}

void write_text_atomically(const std::string& text, const fs::path& file) {
  const fs::path temporary = temporary_beside(file);
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw std::runtime_error(file.string() + ": cannot write the file");
    }
  }
  std::error_code error;
  fs::rename(temporary, file, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw std::runtime_error(file.string() + ": cannot replace the file (" + error.message() + ")");
  }
}

}  // namespace

fs::path model_info_path(const fs::path& model) {
  return fs::path(model).replace_extension(".json");
}

void check_model_file_writable(const fs::path& model) {
  if (model.filename().empty() || model_info_path(model) == model)
    throw std::runtime_error(model.string() +
                             ": --save-model needs a file name such as model.pth (the .json "
                             "with the settings goes beside it)");
  std::error_code error;
  if (model.has_parent_path()) fs::create_directories(model.parent_path(), error);
  if (error)
    throw std::runtime_error(model.string() + ": cannot create its folder (" + error.message() +
                             ")");
  if (fs::is_directory(model, error)) throw std::runtime_error(model.string() + ": is a folder");
  const fs::path probe = temporary_beside(model);
  const bool writable = static_cast<bool>(std::ofstream(probe));
  fs::remove(probe, error);
  if (!writable) throw std::runtime_error(model.string() + ": cannot write the model file here");
}

void save_finetuned_model(const EncoderClassifier& classifier, const FinetunedModelInfo& info,
                          const fs::path& model) {
  save_tensor_dict(
      vit_classifier_state_dict(classifier->encoder, classifier->fc_norm, classifier->head),
      model.string());
  write_text_atomically(info_json(classifier, info, model).dump(2) + "\n", model_info_path(model));
}

}  // namespace rcmae
