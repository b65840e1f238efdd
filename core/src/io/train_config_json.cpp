#include "rcmae/io/train_config_json.h"

namespace rcmae {
namespace {

// Every field and its key, once: writing and reading both walk these lists, so a field
// cannot be written and then forgotten on the way back (tests/core/test_train_config_codec).
template <typename Model, typename Visit>
void each_model_field(Model& m, Visit&& visit) {
  visit("img_size", m.img_size);
  visit("channels", m.channels);
  visit("patch", m.patch);
  visit("enc_dim", m.enc_dim);
  visit("enc_depth", m.enc_depth);
  visit("enc_heads", m.enc_heads);
  visit("dec_dim", m.dec_dim);
  visit("dec_depth", m.dec_depth);
  visit("dec_heads", m.dec_heads);
  visit("mlp_ratio", m.mlp_ratio);
  visit("norm_pix_loss", m.norm_pix_loss);
}

template <typename Config, typename Visit>
void each_field(Config& c, Visit&& visit) {
  visit("preset", c.preset);
  visit("model", c.model);
  visit("dataset", c.dataset);
  visit("mode", c.mode);
  visit("mask_ratio", c.mask_ratio);
  visit("momentum", c.momentum);
  visit("momentum_schedule", c.momentum_schedule);
  visit("gamma", c.gamma);
  visit("base_lr", c.base_lr);
  visit("weight_decay", c.weight_decay);
  visit("warmup_steps", c.warmup_steps);
  visit("steps", c.steps);
  visit("batch", c.batch);
  visit("seed", c.seed);
  visit("threads", c.threads);
  visit("data_workers", c.data_workers);
  visit("step_workers", c.step_workers);
  visit("min_crop_scale", c.min_crop_scale);
  visit("device", c.device);
  visit("grad_sim_every", c.grad_sim_every);
  visit("feature_pooling", c.feature_pooling);
  visit("kernels", c.kernels);
  visit("mask_strategy", c.mask_strategy);
  visit("knn_every", c.knn_every);
  visit("knn_bank", c.knn_bank);
  visit("knn_queries", c.knn_queries);
  visit("init_from", c.init_from);
  visit("recipe", c.recipe);
  visit("time_budget_s", c.time_budget_s);
  visit("quality", c.quality);
  visit("quality_bank", c.quality_bank);
  visit("quality_queries", c.quality_queries);
}

struct JsonWriter {
  nlohmann::json& out;
  template <typename T>
  void operator()(const char* key, const T& value) {
    out[key] = value;
  }
  void operator()(const char* key, const ModelConfig& model) { out[key] = to_json(model); }
  void operator()(const char* key, TeacherMode mode) { out[key] = to_string(mode); }
  void operator()(const char* key, MomentumSchedule schedule) { out[key] = to_string(schedule); }
};

struct JsonReader {
  const nlohmann::json& in;

  template <typename T>
  void operator()(const char* key, T& value) const {
    if (!in.contains(key)) return;
    try {
      value = in.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
      throw ConfigJsonError(std::string(key) + ": unexpected value " + in.at(key).dump());
    }
  }
  void operator()(const char* key, ModelConfig& model) const {
    if (in.contains(key)) each_model_field(model, JsonReader{in.at(key)});
  }
  void operator()(const char* key, TeacherMode& mode) const {
    read_name(key, mode, teacher_mode_from_string);
  }
  void operator()(const char* key, MomentumSchedule& schedule) const {
    read_name(key, schedule, momentum_schedule_from_string);
  }

  // An enum spelled by name: an unknown name is an error, not the default.
  template <typename Enum, typename Parse>
  void read_name(const char* key, Enum& value, Parse parse) const {
    std::string name;
    (*this)(key, name);
    if (name.empty()) return;
    auto parsed = parse(name);
    if (!parsed) throw ConfigJsonError(std::string(key) + ": unknown value '" + name + "'");
    value = *parsed;
  }
};

}  // namespace

nlohmann::json to_json(const ModelConfig& m) {
  nlohmann::json out = nlohmann::json::object();
  each_model_field(m, JsonWriter{out});
  return out;
}

nlohmann::json to_json(const TrainConfig& c) {
  nlohmann::json out = nlohmann::json::object();
  each_field(c, JsonWriter{out});
  out["peak_lr"] = c.peak_lr();
  return out;
}

TrainConfig train_config_from_json(const nlohmann::json& json, TrainConfig base) {
  if (!json.is_object()) throw ConfigJsonError("not a JSON object");
  each_field(base, JsonReader{json});
  return base;
}

}  // namespace rcmae
