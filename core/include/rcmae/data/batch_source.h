#pragma once
// Where the trainer gets its images. A source yields normalised float batches.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rcmae {

struct Batch {
  torch::Tensor images;  // float32 [B, C, H, W], normalised per channel
  torch::Tensor labels;  // int64 [B], -1 where unlabelled
};

struct DatasetInfo {
  std::string name;  // e.g. "fashion-mnist", "synthetic", "folder:/path"
  int64_t train_size = 0;
  int64_t test_size = 0;
  int channels = 0;  // channels delivered to the model
  int native_height = 0;
  int native_width = 0;
  int num_classes = 0;
  std::vector<std::string> class_names;
  std::vector<float> mean;  // per channel, in [0,1] units, used for normalisation
  std::vector<float> std;
};

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  virtual Batch next_batch() = 0;
  virtual const DatasetInfo& info() const = 0;
  // Moves the stream forward as if `count` batches had been taken (used to resume a run at
  // its data position). Sources that can jump override this.
  virtual void skip_batches(int64_t count) {
    for (int64_t i = 0; i < count; ++i) next_batch();
  }
};

}  // namespace rcmae
