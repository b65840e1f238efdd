#include "rcmae/eval/quality_monitor.h"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "rcmae/data/data_error.h"
#include "rcmae/data/image_dataset.h"
#include "rcmae/eval/frozen_features.h"
#include "rcmae/eval/knn_monitor.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/eval/linear_probe.h"
#include "rcmae/eval/reconstruction_quality.h"
#include "rcmae/model/patchify.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/util/elapsed.h"

namespace rcmae {
namespace {

// Fixed for every run on every dataset: the held-out masks do not depend on the run's seed.
constexpr uint64_t kHeldOutMaskSeed = 0x9e3779b97f4a7c15ULL;

// Patches of normalised images -> pixel values in [0, 1] (channel last inside a patch).
torch::Tensor to_pixels(const torch::Tensor& patches, const std::vector<float>& mean,
                        const std::vector<float>& stdev, int channels) {
  const int64_t n = patches.size(0), l = patches.size(1);
  auto m = torch::tensor(std::vector<float>(mean.begin(), mean.begin() + channels));
  auto s = torch::tensor(std::vector<float>(stdev.begin(), stdev.begin() + channels));
  auto x = patches.reshape({n, l, -1, channels}) * s.to(patches.device()) + m.to(patches.device());
  return x.clamp(0, 1).reshape({n, l, -1});
}

std::string baseline_key(const std::string& spec, const ModelConfig& model,
                         const QualityOptions& options) {
  std::ostringstream key;
  key << spec << "|img" << model.img_size << "|c" << model.channels << "|bank" << options.bank_size
      << "|queries" << options.query_size << "|knn20-T0.07|probe-lbfgs200-wd1e-4|v1";
  return key.str();
}

std::vector<double> as_vector(const torch::Tensor& values) {
  auto flat = values.to(torch::kFloat64).contiguous().cpu();
  return std::vector<double>(flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
}

}  // namespace

QualityMonitor::QualityMonitor(const std::string& spec, const ModelConfig& model,
                               std::vector<float> mean, std::vector<float> std,
                               QualityOptions options)
    : spec_(spec), model_(model), mean_(std::move(mean)), std_(std::move(std)), options_(options) {
  if (int(mean_.size()) < model_.channels || int(std_.size()) < model_.channels)
    throw std::invalid_argument("quality monitor: normalisation statistics for " +
                                std::to_string(model_.channels) + " channels needed");
  auto test = open_dataset(spec_, Split::Test, model_.channels, model_.img_size);
  const auto indices = spaced_indices(test->size(), options_.reconstruction_images);
  if (indices.empty()) throw DataError(spec_, "the test split is empty");
  images_ = eval_batch(*test, indices, model_.img_size, mean_, std_);
  auto generator = at::detail::createCPUGenerator(kHeldOutMaskSeed);
  plan_ = random_masking(images_.size(0), model_.num_patches(), options_.mask_ratio, generator,
                         torch::kCPU);
}

QualityMonitor::~QualityMonitor() = default;

// The held-out images and masks on the model's device, with their true pixels.
struct QualityMonitor::HeldOut {
  torch::Tensor images, original, truth;
  MaskPlan plan;
};

QualityMonitor::HeldOut QualityMonitor::held_out_on(const torch::Device& device) const {
  HeldOut held_out;
  held_out.images = images_.to(device);
  held_out.plan = plan_;
  held_out.plan.ids_shuffle = plan_.ids_shuffle.to(device);
  held_out.plan.ids_restore = plan_.ids_restore.to(device);
  held_out.plan.ids_keep = plan_.ids_keep.to(device);
  held_out.plan.mask = plan_.mask.to(device);
  held_out.original = patchify(held_out.images, model_.patch);
  held_out.truth = to_pixels(held_out.original, mean_, std_, model_.channels);
  return held_out;
}

// The model's reconstruction of the held-out images in pixels, placed as every view places it.
torch::Tensor QualityMonitor::reconstructed_pixels(MaeVit& model, const HeldOut& held_out) const {
  auto placed = place_prediction(model->forward(held_out.images, held_out.plan), held_out.original,
                                 held_out.plan.mask, model_.norm_pix_loss);
  return to_pixels(placed, mean_, std_, model_.channels);
}

void QualityMonitor::measure_reconstruction(MaeVit& student, MaeVit* teacher,
                                            QualityRecord& record) {
  torch::InferenceMode inference;
  const auto start = std::chrono::steady_clock::now();
  const HeldOut held_out = held_out_on(student->parameters().front().device());
  auto score = [&](MaeVit& model, const std::string& who) {
    const HiddenPixelErrors errors = hidden_pixel_errors(
        reconstructed_pixels(model, held_out), held_out.truth, held_out.plan.mask, model_.channels);
    keep_items({who + "_rec_nmse", as_vector(errors.prediction), as_vector(errors.mean_fill)});
    return score_reconstruction(errors);
  };
  if (!teacher) forget_items("teacher_rec_nmse");
  const ReconstructionScore s = score(student, "student");
  record.student_mse = s.mse;
  record.student_psnr = s.psnr;
  record.student_nmse = s.nmse;
  if (teacher) {
    const ReconstructionScore t = score(*teacher, "teacher");
    record.teacher_mse = t.mse;
    record.teacher_psnr = t.psnr;
    record.teacher_nmse = t.nmse;
  }
  record.eval_s += seconds_since(start);
}

const LabelledEvalSet* QualityMonitor::labelled() {
  if (labelled_ || unlabelled_) return labelled_.get();
  try {
    labelled_ = std::make_unique<LabelledEvalSet>(spec_, model_, mean_, std_, options_.bank_size,
                                                  options_.query_size);
  } catch (const DataError&) {
    unlabelled_ = true;  // no labels (or no test split): reconstruction metrics only
  }
  return labelled_.get();
}

QualityMonitor::QueryResults QualityMonitor::classify_queries(MaeVit& model,
                                                              const LabelledEvalSet& data) const {
  const KnnOptions knn;
  // One pass over bank and queries per encoder serves the kNN, the probe and the gauge.
  auto bank =
      encoder_features_in_batches(model, data.bank_images(), options_.mean_pooling, options_.batch);
  auto query = encoder_features_in_batches(model, data.query_images(), options_.mean_pooling,
                                           options_.batch);
  const auto labels = data.query_labels().to(query.device());
  QueryResults results;
  results.knn_correct =
      correct_predictions(knn_class_scores(query, bank, data.bank_labels(), data.num_classes(),
                                           knn.k, knn.temperature),
                          labels)
          .cpu();
  results.probe_correct =
      correct_predictions(
          LinearProbe::fit(bank, data.bank_labels(), data.num_classes()).logits(query), labels)
          .cpu();
  results.collapse = collapse_gauge(query);
  return results;
}

bool QualityMonitor::measure_representation(MaeVit& student, MaeVit* teacher,
                                            QualityRecord& record) {
  const auto start = std::chrono::steady_clock::now();
  const LabelledEvalSet* data = labelled();
  if (!data) return false;
  if (!baselines_) {
    const auto dir = options_.cache_dir.empty() ? pixel_baseline_cache_dir() : options_.cache_dir;
    baselines_ = cached_pixel_baselines(dir, baseline_key(spec_, model_, options_), *data);
  }
  record.pixel_knn = baselines_->knn;
  record.pixel_probe = baselines_->probe;
  auto score = [&](MaeVit& model, const std::string& who, double& knn_top1, double& probe_top1,
                   double& collapse) {
    const QueryResults results = classify_queries(model, *data);
    knn_top1 = results.knn_correct.mean().item<double>();
    probe_top1 = results.probe_correct.mean().item<double>();
    collapse = results.collapse;
    const std::vector<double> ones(size_t(results.knn_correct.numel()), 1.0);
    keep_items({who + "_knn", as_vector(results.knn_correct), ones});
    keep_items({who + "_probe", as_vector(results.probe_correct), ones});
  };
  if (!teacher) {
    forget_items("teacher_knn");
    forget_items("teacher_probe");
  }
  score(student, "student", record.student_knn, record.student_probe, record.student_collapse);
  if (teacher)
    score(*teacher, "teacher", record.teacher_knn, record.teacher_probe, record.teacher_collapse);
  record.eval_s += seconds_since(start);
  return true;
}

void QualityMonitor::keep_items(run::MetricItems items) {
  for (auto& kept : items_)
    if (kept.metric == items.metric) {
      kept = std::move(items);
      return;
    }
  items_.push_back(std::move(items));
}

void QualityMonitor::forget_items(const std::string& metric) {
  items_.erase(std::remove_if(items_.begin(), items_.end(),
                              [&](const run::MetricItems& m) { return m.metric == metric; }),
               items_.end());
}

}  // namespace rcmae
