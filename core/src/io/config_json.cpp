#include "rcmae/io/config_json.h"

namespace rcmae {

nlohmann::json to_json(const ModelConfig& m) {
  return {{"img_size", m.img_size},   {"channels", m.channels},   {"patch", m.patch},
          {"enc_dim", m.enc_dim},     {"enc_depth", m.enc_depth}, {"enc_heads", m.enc_heads},
          {"dec_dim", m.dec_dim},     {"dec_depth", m.dec_depth}, {"dec_heads", m.dec_heads},
          {"mlp_ratio", m.mlp_ratio}, {"norm_pix_loss", m.norm_pix_loss}};
}

nlohmann::json to_json(const TrainConfig& c) {
  return {{"preset", c.preset},
          {"model", to_json(c.model)},
          {"dataset", c.dataset},
          {"mode", to_string(c.mode)},
          {"mask_ratio", c.mask_ratio},
          {"momentum", c.momentum},
          {"momentum_schedule", to_string(c.momentum_schedule)},
          {"gamma", c.gamma},
          {"base_lr", c.base_lr},
          {"peak_lr", c.peak_lr()},
          {"weight_decay", c.weight_decay},
          {"warmup_steps", c.effective_warmup()},
          {"steps", c.steps},
          {"batch", c.batch},
          {"seed", c.seed},
          {"threads", c.threads},
          {"data_workers", c.data_workers},
          {"device", c.device},
          {"grad_sim_every", c.grad_sim_every},
          {"feature_pooling", c.feature_pooling},
          {"kernels", c.kernels},
          {"mask_strategy", c.mask_strategy},
          {"knn_every", c.knn_every},
          {"knn_bank", c.knn_bank},
          {"knn_queries", c.knn_queries},
          {"min_crop_scale", c.min_crop_scale},
          {"recipe", c.recipe},
          {"time_budget_s", c.time_budget_s},
          {"quality", c.quality},
          {"quality_bank", c.quality_bank},
          {"quality_queries", c.quality_queries}};
}

nlohmann::json to_json(const DatasetInfo& d) {
  return {{"name", d.name},
          {"train_size", d.train_size},
          {"test_size", d.test_size},
          {"channels", d.channels},
          {"native_height", d.native_height},
          {"native_width", d.native_width},
          {"num_classes", d.num_classes},
          {"mean", d.mean},
          {"std", d.std}};
}

namespace {
template <typename T>
void read(const nlohmann::json& json, const char* key, T& value) {
  if (json.contains(key)) value = json.at(key).get<T>();
}
}  // namespace

TrainConfig train_config_from_json(const nlohmann::json& j) {
  TrainConfig c;
  read(j, "preset", c.preset);
  if (j.contains("model")) {
    const auto& m = j.at("model");
    read(m, "img_size", c.model.img_size);
    read(m, "channels", c.model.channels);
    read(m, "patch", c.model.patch);
    read(m, "enc_dim", c.model.enc_dim);
    read(m, "enc_depth", c.model.enc_depth);
    read(m, "enc_heads", c.model.enc_heads);
    read(m, "dec_dim", c.model.dec_dim);
    read(m, "dec_depth", c.model.dec_depth);
    read(m, "dec_heads", c.model.dec_heads);
    read(m, "mlp_ratio", c.model.mlp_ratio);
    read(m, "norm_pix_loss", c.model.norm_pix_loss);
  }
  read(j, "dataset", c.dataset);
  if (j.contains("mode"))
    c.mode = teacher_mode_from_string(j.at("mode").get<std::string>()).value_or(c.mode);
  read(j, "mask_ratio", c.mask_ratio);
  read(j, "momentum", c.momentum);
  if (j.contains("momentum_schedule"))
    c.momentum_schedule =
        momentum_schedule_from_string(j.at("momentum_schedule").get<std::string>())
            .value_or(c.momentum_schedule);
  read(j, "gamma", c.gamma);
  read(j, "base_lr", c.base_lr);
  read(j, "weight_decay", c.weight_decay);
  read(j, "warmup_steps", c.warmup_steps);
  read(j, "steps", c.steps);
  read(j, "batch", c.batch);
  read(j, "seed", c.seed);
  read(j, "threads", c.threads);
  read(j, "data_workers", c.data_workers);
  read(j, "device", c.device);
  read(j, "grad_sim_every", c.grad_sim_every);
  read(j, "feature_pooling", c.feature_pooling);
  read(j, "kernels", c.kernels);
  read(j, "mask_strategy", c.mask_strategy);
  read(j, "knn_every", c.knn_every);
  read(j, "knn_bank", c.knn_bank);
  read(j, "knn_queries", c.knn_queries);
  read(j, "min_crop_scale", c.min_crop_scale);
  read(j, "recipe", c.recipe);
  read(j, "time_budget_s", c.time_budget_s);
  read(j, "quality", c.quality);
  read(j, "quality_bank", c.quality_bank);
  read(j, "quality_queries", c.quality_queries);
  return c;
}

}  // namespace rcmae
