#include "rcmae/eval/finetune.h"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "rcmae/eval/classifier_replicas.h"
#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/model/drop_path.h"
#include "rcmae/runtime/step_worker_count.h"
#include "rcmae/train/schedules.h"
#include "rcmae/util/elapsed.h"

namespace rcmae {
namespace {

constexpr int64_t kQuickTestImages = 1000;

std::unique_ptr<torch::optim::AdamW> make_optimizer(const std::vector<LayerGroup>& groups,
                                                    const FinetuneOptions& options) {
  std::vector<torch::optim::OptimizerParamGroup> param_groups;
  for (const auto& group : groups)
    param_groups.emplace_back(group.parameters,
                              std::make_unique<torch::optim::AdamWOptions>(
                                  torch::optim::AdamWOptions(options.peak_lr * group.lr_scale)
                                      .weight_decay(group.decays ? options.weight_decay : 0.0)));
  return std::make_unique<torch::optim::AdamW>(param_groups,
                                               torch::optim::AdamWOptions(options.peak_lr));
}

void schedule_learning_rate(torch::optim::AdamW& optimizer, const std::vector<LayerGroup>& groups,
                            double lr) {
  auto& param_groups = optimizer.param_groups();
  for (size_t g = 0; g < groups.size(); ++g)
    static_cast<torch::optim::AdamWOptions&>(param_groups[g].options()).lr(lr * groups[g].lr_scale);
}

// Whether each of the first `limit` test images (they are spread over the split already) is
// classified right: 1.0 or 0.0 (float64, CPU), in their order. Top-1 is the mean.
torch::Tensor test_correct(EncoderClassifier& classifier, const LabelledImages& test,
                           int64_t limit) {
  torch::NoGradGuard no_grad;
  const auto device = classifier->head->weight.device();
  const int64_t n = std::min<int64_t>(limit, test.images.size(0));
  std::vector<torch::Tensor> logits;
  for (int64_t start = 0; start < n; start += 500) {
    const int64_t count = std::min<int64_t>(500, n - start);
    logits.push_back(classifier->forward(test.images.narrow(0, start, count).to(device)).cpu());
  }
  return correct_predictions(torch::cat(logits, 0), test.labels.narrow(0, 0, n)).contiguous();
}

// The batch's mean loss, its gradients added to the classifier's: on the worker threads'
// replicas when there are any, else in one backward here.
double forward_backward(EncoderClassifier& classifier, ClassifierReplicas* replicas,
                        const torch::Tensor& images, const torch::Tensor& labels,
                        const MaskPlan* plan, const torch::Tensor& branch_keep,
                        const torch::nn::functional::CrossEntropyFuncOptions& loss_options) {
  if (replicas) return replicas->forward_backward(images, labels, plan, loss_options, branch_keep);
  const auto logits =
      plan ? classifier->forward(images, *plan, branch_keep)
           : classifier->forward(
                 images,
                 keep_all_patches(images.size(0), classifier->encoder->config().num_patches(),
                                  images.device()),
                 branch_keep);
  auto loss = torch::nn::functional::cross_entropy(logits, labels, loss_options);
  loss.backward();
  return loss.item<double>();
}

void check_data(const LabelledImages& data, const MaeVit& model, int64_t num_classes,
                const char* which) {
  const auto& m = model->config();
  if (!data.images.defined() || data.images.dim() != 4 || data.images.size(0) < 1 ||
      data.images.size(1) != m.channels || data.images.size(2) != m.img_size ||
      data.images.size(3) != m.img_size)
    throw std::invalid_argument(std::string(which) + " images must be [N, " +
                                std::to_string(m.channels) + ", " + std::to_string(m.img_size) +
                                ", " + std::to_string(m.img_size) + "] with N >= 1");
  if (!data.labels.defined() || data.labels.numel() != data.images.size(0))
    throw std::invalid_argument(std::string(which) + " labels must have one entry per image");
  if (data.labels.min().item<int64_t>() < 0 || data.labels.max().item<int64_t>() >= num_classes)
    throw std::invalid_argument(std::string(which) + " labels must lie in [0, " +
                                std::to_string(num_classes) + ")");
}

}  // namespace

int finetune_workers(const FinetuneOptions& options, int64_t batch, torch::Device device) {
  return step_worker_count(options.step_workers, torch::get_num_threads(), batch, device.is_cpu());
}

std::optional<std::string> finetune_options_problem(const FinetuneOptions& o) {
  if (o.epochs < 1) return "--epochs: must be at least 1, got " + std::to_string(o.epochs);
  if (o.batch < 1) return "--batch: must be at least 1, got " + std::to_string(o.batch);
  if (!(o.peak_lr > 0) || !std::isfinite(o.peak_lr)) return "--lr: must be a positive number";
  if (!(o.layer_decay > 0 && o.layer_decay <= 1))
    return "--layer-decay: must be in (0, 1], got " + std::to_string(o.layer_decay);
  if (!(o.weight_decay >= 0) || !std::isfinite(o.weight_decay))
    return "--weight-decay: must be >= 0";
  if (!(o.warmup_epochs >= 0 && o.warmup_epochs <= o.epochs))
    return "--warmup-epochs: must be in [0, --epochs]";
  if (!(o.label_smoothing >= 0 && o.label_smoothing < 1))
    return "--label-smoothing: must be in [0, 1)";
  if (o.max_shift < 0) return "--max-shift: must be >= 0";
  if (!(o.keep_tokens > 0 && o.keep_tokens <= 1))
    return "--keep-tokens: must be in (0, 1], got " + std::to_string(o.keep_tokens);
  if (!(o.drop_path >= 0 && o.drop_path < 1))
    return "--drop-path: must be in [0, 1), got " + std::to_string(o.drop_path);
  if (o.step_workers < 0)
    return "--step-workers: must be >= 0, got " + std::to_string(o.step_workers);
  if (o.pooling != "mean" && o.pooling != "cls")
    return "--pool: must be mean or cls, got '" + o.pooling + "'";
  return std::nullopt;
}

torch::Tensor augment_batch(const torch::Tensor& images, int max_shift, bool flip,
                            at::Generator& generator) {
  torch::Tensor out = images;
  const int64_t n = images.size(0), h = images.size(2), w = images.size(3);
  if (max_shift > 0) {
    namespace F = torch::nn::functional;
    auto padded = F::pad(
        images,
        F::PadFuncOptions({max_shift, max_shift, max_shift, max_shift}).mode(torch::kReplicate));
    auto offsets = torch::randint(0, 2 * max_shift + 1, {n, 2}, generator, torch::kInt64);
    auto at = offsets.accessor<int64_t, 2>();
    out = torch::empty_like(images);
    for (int64_t i = 0; i < n; ++i)
      out[i].copy_(padded[i].narrow(1, at[i][0], h).narrow(2, at[i][1], w));
  }
  if (flip) {
    auto flipped = torch::rand({n}, generator).lt(0.5).view({n, 1, 1, 1}).to(images.device());
    out = torch::where(flipped, out.flip(3), out);
  }
  return out;
}

EncoderClassifier make_classifier(MaeVit& model, int64_t num_classes,
                                  const FinetuneOptions& options) {
  if (auto problem = finetune_options_problem(options)) throw std::invalid_argument(*problem);
  if (num_classes < 2) throw std::invalid_argument("fine-tuning needs at least 2 classes");
  torch::manual_seed(options.seed);  // the head's initialisation
  return EncoderClassifier(model, num_classes, options.pooling == "mean");
}

FinetuneResult finetune(MaeVit& model, const LabelledImages& train, const LabelledImages& test,
                        int64_t num_classes, const FinetuneOptions& options,
                        const FinetuneProgressFn& progress) {
  EncoderClassifier classifier = make_classifier(model, num_classes, options);
  return finetune(classifier, train, test, options, progress);
}

FinetuneResult finetune(EncoderClassifier& classifier, const LabelledImages& train,
                        const LabelledImages& test, const FinetuneOptions& options,
                        const FinetuneProgressFn& progress) {
  if (auto problem = finetune_options_problem(options)) throw std::invalid_argument(*problem);
  const int64_t num_classes = classifier->head->weight.size(0);
  check_data(train, classifier->encoder, num_classes, "training");
  check_data(test, classifier->encoder, num_classes, "test");

  const auto groups = layer_groups(classifier, options.layer_decay);
  auto optimizer = make_optimizer(groups, options);
  auto generator = at::detail::createCPUGenerator(options.seed * 0x9E3779B97F4A7C15ULL + 3);
  const auto device = classifier->head->weight.device();

  const int64_t n = train.images.size(0);
  const int64_t patches = classifier->encoder->config().num_patches();
  const int64_t depth = classifier->encoder->config().enc_depth;
  if (kept_patch_count(patches, 1 - options.keep_tokens) < 1)
    throw std::invalid_argument("--keep-tokens: keeps no patch of " + std::to_string(patches));
  const int64_t batch = std::min<int64_t>(options.batch, n);
  const int64_t steps_per_epoch = (n + batch - 1) / batch;
  const int64_t total = steps_per_epoch * options.epochs;
  const auto warmup = static_cast<int64_t>(std::llround(options.warmup_epochs * steps_per_epoch));
  const auto loss_options =
      torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(options.label_smoothing);
  std::unique_ptr<ClassifierReplicas> replicas;
  if (const int workers = finetune_workers(options, batch, device); workers > 1)
    replicas = std::make_unique<ClassifierReplicas>(classifier, workers);

  FinetuneResult result;
  double train_s = 0;
  for (int epoch = 1; epoch <= options.epochs && !result.stopped; ++epoch) {
    classifier->train();
    const auto order = torch::randperm(n, generator, torch::kInt64);
    double loss_sum = 0;
    int64_t loss_count = 0;
    for (int64_t b = 0; b < steps_per_epoch && !result.stopped; ++b) {
      const auto start = SteadyClock::now();
      const auto ids = order.narrow(0, b * batch, std::min(batch, n - b * batch));
      auto images = augment_batch(train.images.index_select(0, ids), options.max_shift,
                                  options.flip, generator);
      auto labels = train.labels.index_select(0, ids).to(device);
      schedule_learning_rate(*optimizer, groups,
                             learning_rate_at(result.steps, total, warmup, options.peak_lr));
      optimizer->zero_grad();
      images = images.to(device);
      std::optional<MaskPlan> plan;
      if (options.keep_tokens < 1)
        plan = random_masking(images.size(0), patches, 1 - options.keep_tokens, generator, device);
      // Drawn after the token masks, so that without drop path the generator's sequence (and
      // every earlier fine-tune's result for its seed) is what it was.
      torch::Tensor branch_keep;
      if (options.drop_path > 0)
        branch_keep = draw_branch_keep(images.size(0), depth, options.drop_path, generator, device);
      const double value = forward_backward(classifier, replicas.get(), images, labels,
                                            plan ? &*plan : nullptr, branch_keep, loss_options);
      if (!std::isfinite(value))
        throw std::runtime_error("fine-tuning loss is " + std::to_string(value) + " at step " +
                                 std::to_string(result.steps) + "; try a lower --lr");
      optimizer->step();
      train_s += seconds_since(start);
      ++result.steps;
      loss_sum += value;
      ++loss_count;
      FinetuneProgress p{result.steps, total, epoch, loss_sum / loss_count, train_s, {}};
      if (progress && !progress(p)) result.stopped = true;
    }
    classifier->eval();
    // Scoring 10,000 test images costs about a tenth of an epoch of 10,000 training images:
    // epochs before the last get a quick look on at most kQuickTestImages.
    const bool last = epoch == options.epochs || result.stopped;
    const int64_t scored =
        last ? test.images.size(0) : std::min(kQuickTestImages, test.images.size(0));
    const auto correct = test_correct(classifier, test, scored);
    FinetuneEpoch done{epoch,
                       result.steps,
                       loss_sum / std::max<int64_t>(1, loss_count),
                       correct.mean().item<double>(),
                       train_s,
                       scored};
    if (last)
      result.test_correct.assign(correct.data_ptr<double>(),
                                 correct.data_ptr<double>() + correct.numel());
    result.epochs.push_back(done);
    if (progress)
      progress(FinetuneProgress{result.steps, total, epoch, done.train_loss, train_s,
                                done.test_top1, scored});
  }
  result.train_s = train_s;
  result.train_loss = result.epochs.back().train_loss;
  result.top1 = result.epochs.back().test_top1;
  return result;
}

}  // namespace rcmae
