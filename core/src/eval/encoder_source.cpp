#include "rcmae/eval/encoder_source.h"

#include <memory>
#include <stdexcept>

#include "rcmae/data/batch_source.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/io/mae_state_dict.h"
#include "rcmae/train/ema_teacher.h"
#include "rcmae/train/trainer.h"

namespace rcmae {
namespace {

// The Trainer is only the container load_checkpoint fills; evaluation never trains, so a
// source that has no images is enough (asking it for a batch is a bug).
class NoTrainingImages : public BatchSource {
 public:
  explicit NoTrainingImages(int channels) {
    info_.name = "evaluation";
    info_.channels = channels;
  }
  Batch next_batch() override {
    throw std::logic_error("evaluation asked its placeholder data source for a batch");
  }
  const DatasetInfo& info() const override { return info_; }
  void skip_batches(int64_t) override {}  // the saved data position means nothing here

 private:
  DatasetInfo info_;
};

LoadedEncoder fresh_encoder(const TrainConfig& config) {
  torch::manual_seed(config.seed);  // the same initialisation a training run of this seed has
  return LoadedEncoder{MaeVit(config.model), config, "scratch", 0};
}

LoadedEncoder from_weights(const EncoderChoice& choice) {
  LoadedEncoder loaded{MaeVit(choice.shape.model), choice.shape, "weights", 0};
  // Evaluation and fine-tuning use the encoder only: an encoder-only file serves.
  import_state_dict(loaded.model, choice.init_from.string(), DecoderWeights::Optional);
  return loaded;
}

LoadedEncoder from_checkpoint(const EncoderChoice& choice) {
  TrainConfig config = read_checkpoint_config(choice.checkpoint);
  config.device = "cpu";
  if (choice.which == "scratch") {
    config.seed = choice.shape.seed;
    return fresh_encoder(config);
  }
  Trainer trainer(config, std::make_unique<NoTrainingImages>(config.model.channels));
  load_checkpoint(trainer, choice.checkpoint);
  LoadedEncoder loaded;
  loaded.config = config;
  loaded.step = trainer.steps_done();
  loaded.which =
      choice.which == "auto" ? (trainer.teacher() ? "teacher" : "student") : choice.which;
  if (loaded.which == "teacher" && !trainer.teacher())
    throw std::invalid_argument(choice.checkpoint.string() +
                                " is an MAE run without a teacher; use the student");
  // A copy that outlives the Trainer.
  loaded.model = MaeVit(config.model);
  copy_weights(loaded.model,
               loaded.which == "teacher" ? trainer.teacher()->model() : trainer.student());
  return loaded;
}

}  // namespace

LoadedEncoder load_encoder(const EncoderChoice& choice) {
  const auto& which = choice.which;
  if (which != "teacher" && which != "student" && which != "auto" && which != "scratch")
    throw std::invalid_argument("which: expected teacher, student, scratch or auto, got '" + which +
                                "'");
  LoadedEncoder loaded;
  if (!choice.init_from.empty())
    loaded = from_weights(choice);
  else if (!choice.checkpoint.empty())
    loaded = from_checkpoint(choice);
  else if (which == "scratch")
    loaded = fresh_encoder(choice.shape);
  else
    throw std::invalid_argument("an encoder needs a checkpoint, a weights file or scratch");
  loaded.model->to(torch::kCPU);
  loaded.model->eval();
  return loaded;
}

}  // namespace rcmae
