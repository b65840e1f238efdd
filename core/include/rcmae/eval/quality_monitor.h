#pragma once
// Measures what a run has learned on a fixed held-out set, the same for every run on a
// dataset: reconstruction of hidden patches (fixed images, fixed masks) and the kNN and
// linear probe of the frozen encoders, next to the same kNN and probe on raw pixels.
#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "rcmae/eval/pixel_baselines.h"
#include "rcmae/model/mae_vit.h"
#include "rcmae/model/masking.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/train/quality_record.h"

namespace rcmae {

class LabelledEvalSet;

struct QualityOptions {
  int64_t reconstruction_images = 500;  // evenly spaced test images
  double mask_ratio = 0.75;   // fixed, so runs trained at other ratios compare on one task
  int64_t bank_size = 10000;  // labelled training images: kNN memory, probe training set
  int64_t query_size = 2000;  // test images classified
  bool mean_pooling = false;  // encoder features: cls token (false) or mean of the patches
  int batch = 250;
  std::filesystem::path cache_dir;  // raw-pixel baselines; empty: pixel_baseline_cache_dir()
};

class QualityMonitor {
 public:
  // Loads the held-out reconstruction images (the test split of `spec`) and draws their
  // masks; the labelled bank and queries are loaded on the first representation measurement.
  // Throws DataError when the dataset has no test split.
  QualityMonitor(const std::string& spec, const ModelConfig& model, std::vector<float> mean,
                 std::vector<float> std, QualityOptions options = {});
  ~QualityMonitor();

  // Fills the reconstruction columns of `record` (teacher ones only with a teacher).
  void measure_reconstruction(MaeVit& student, MaeVit* teacher, QualityRecord& record);
  // Fills kNN, probe and collapse of both encoders and the raw-pixel baselines. Returns false
  // (and fills nothing) when the dataset has no class labels.
  bool measure_representation(MaeVit& student, MaeVit* teacher, QualityRecord& record);

  // The latest measurements item by item, for paired comparisons between runs
  // (run/paired_items.h): student_ / teacher_ rec_nmse per held-out image, knn / probe per query
  // (1 = right), each from the last call that measured it; nothing for what was never measured
  // (no labels, no teacher). After both calls at one step they describe that step.
  const std::vector<run::MetricItems>& items() const { return items_; }

  int64_t reconstruction_images() const { return images_.size(0); }

 private:
  struct HeldOut;
  struct QueryResults {
    torch::Tensor knn_correct, probe_correct;  // [Q] float64, 1 = classified right
    double collapse = 0;
  };
  const LabelledEvalSet* labelled();
  HeldOut held_out_on(const torch::Device& device) const;
  torch::Tensor reconstructed_pixels(MaeVit& model, const HeldOut& held_out) const;
  QueryResults classify_queries(MaeVit& model, const LabelledEvalSet& data) const;
  void keep_items(run::MetricItems items);
  void forget_items(const std::string& metric);

  std::string spec_;
  ModelConfig model_;
  std::vector<float> mean_, std_;
  QualityOptions options_;
  torch::Tensor images_;  // [R, C, H, W] normalised
  MaskPlan plan_;
  std::unique_ptr<LabelledEvalSet> labelled_;
  bool unlabelled_ = false;
  std::optional<PixelBaselines> baselines_;
  std::vector<run::MetricItems> items_;
};

}  // namespace rcmae
