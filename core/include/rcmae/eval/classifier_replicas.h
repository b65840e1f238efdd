#pragma once
// A fine-tuning step split over single-threaded workers (runtime/single_thread_workers.h):
// worker r runs the forward and backward of its share of the batch on its own replica of the
// classifier, and the replicas' gradients, each weighted by its share of the rows, are summed
// into the classifier's own. The sum is the gradient one backward of the whole batch gives
// (the loss is a mean over rows), up to the order of float additions.
//
// The replicas' parameters and buffers share storage with the classifier's, so the
// optimiser's in-place update reaches every replica with nothing copied; each replica keeps
// its own gradients, so the workers never write the same tensor.
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/model/masking.h"
#include "rcmae/runtime/single_thread_workers.h"

namespace rcmae {

class ClassifierReplicas {
 public:
  // `classifier` is worker 0's model; workers - 1 replicas are built beside it (on the CPU;
  // the global random state is left as it was).
  ClassifierReplicas(EncoderClassifier classifier, int workers);

  int workers() const { return workers_.count(); }

  // Cross-entropy (with `loss`'s options, a mean over rows) of the batch, split by rows over
  // the workers; gradients are added to the classifier's (as backward() would). `plan`:
  // the patches each image keeps (nullptr: all of them); branch_keep: stochastic depth's
  // draws, [N, depth, 2] (undefined: none), split by rows like the images. Returns the
  // batch's mean loss.
  double forward_backward(const torch::Tensor& images, const torch::Tensor& labels,
                          const MaskPlan* plan,
                          const torch::nn::functional::CrossEntropyFuncOptions& loss,
                          const torch::Tensor& branch_keep = {});

 private:
  std::vector<EncoderClassifier> models_;              // models_[0] is the classifier
  std::vector<std::vector<torch::Tensor>> trainable_;  // per model, the same order
  SingleThreadWorkers workers_;
};

}  // namespace rcmae
