#pragma once
// Representation quality while training: a weighted kNN classifier on frozen encoder
// features (k = 20, cosine similarity, votes weighted by exp(sim / T), T = 0.07, as in
// DINO / solo-learn), for the student and the teacher, and a collapse gauge.
#include <torch/torch.h>

#include <memory>
#include <string>

#include "rcmae/eval/frozen_features.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/model/mae_vit.h"

namespace rcmae {

struct KnnOptions {
  int k = 20;
  double temperature = 0.07;
  int64_t bank_size = 2000;   // labelled training images (a fixed, evenly spread subset)
  int64_t query_size = 1000;  // test images classified
  bool mean_pooling = false;  // false: cls token; true: mean of the patch tokens
  int batch = 250;
};

struct KnnScore {
  double top1 = std::nan("");      // accuracy in [0, 1]
  double collapse = std::nan("");  // mean per-dim std of l2-normalised features * sqrt(d)
};

// Class scores [Q, C] of the weighted kNN vote; features are l2-normalised here.
torch::Tensor knn_class_scores(const torch::Tensor& query, const torch::Tensor& bank,
                               const torch::Tensor& bank_labels, int64_t num_classes, int k,
                               double temperature);

// ~1 for well spread features, -> 0 when every image maps to the same direction.
double collapse_gauge(const torch::Tensor& features);

class KnnMonitor {
 public:
  // Opens the train and test splits of `spec`; throws DataError when it has no labels.
  KnnMonitor(const std::string& spec, const ModelConfig& model, std::vector<float> mean,
             std::vector<float> std, KnnOptions options = {});
  ~KnnMonitor();

  KnnScore evaluate(MaeVit& model);

  // The bank and queries it scores on (the linear probe at the end of a run reuses them).
  const LabelledEvalSet& data() const { return data_; }
  const KnnOptions& options() const { return options_; }

 private:
  KnnOptions options_;
  LabelledEvalSet data_;
};

}  // namespace rcmae
