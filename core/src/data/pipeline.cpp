#include "rcmae/data/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "rcmae/data/data_error.h"
#include "rcmae/data/in_memory_dataset.h"
#include "rcmae/data/random.h"

namespace rcmae {

namespace {
// Thrown inside a worker when the source is being destroyed mid-batch.
struct Stopped {};

constexpr int kOrdersKept = 4;        // epochs whose permutation stays cached
constexpr int kSubstituteTries = 16;  // neighbours tried when a streamed image is bad
}  // namespace

PipelineSource::PipelineSource(std::shared_ptr<const ImageDataset> dataset,
                               const PipelineOptions& options)
    : dataset_(std::move(dataset)), options_(options) {
  const std::string& name = dataset_->info().name;
  if (dataset_->size() < 1) throw DataError(name, "the dataset has no images");
  if (options_.batch < 1) {
    throw DataError(name, "batch size must be >= 1, got " + std::to_string(options_.batch));
  }
  if (options_.img_size < 1) {
    throw DataError(name, "image size must be >= 1, got " + std::to_string(options_.img_size));
  }
  const DatasetInfo& info = dataset_->info();
  if (info.mean.size() != static_cast<size_t>(info.channels) ||
      info.std.size() != static_cast<size_t>(info.channels)) {
    throw DataError(name, "dataset info has no mean/std for its channels");
  }
  in_memory_ = dynamic_cast<const InMemoryDataset*>(dataset_.get());
  options_.workers = std::max(1, options_.workers);
  capacity_ = options_.prefetch > 0 ? options_.prefetch : std::max(4, 2 * options_.workers);
  for (int w = 0; w < options_.workers; ++w) workers_.emplace_back([this] { worker_loop(); });
}

PipelineSource::~PipelineSource() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  space_.notify_all();
  ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

Batch PipelineSource::next_batch() {
  Slot slot;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return done_.count(consumed_) > 0; });
    auto it = done_.find(consumed_);
    slot = std::move(it->second);
    done_.erase(it);
    ++consumed_;
  }
  space_.notify_all();
  if (slot.error) std::rethrow_exception(slot.error);
  return std::move(slot.batch);
}

int64_t PipelineSource::batches_delivered() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return consumed_;
}

int PipelineSource::ready_batches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(done_.size());
}

void PipelineSource::worker_loop() {
  for (;;) {
    int64_t index = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Claim only within capacity of what was consumed: this bounds the queue.
      space_.wait(lock, [this] { return stop_ || next_claim_ < consumed_ + capacity_; });
      if (stop_) return;
      index = next_claim_++;
    }
    Slot slot;
    try {
      slot.batch = make_batch(index);
    } catch (const Stopped&) {
      return;
    } catch (...) {
      slot.error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.emplace(index, std::move(slot));
    }
    ready_.notify_all();
  }
}

std::shared_ptr<const std::vector<int64_t>> PipelineSource::epoch_order(int64_t epoch) {
  std::lock_guard<std::mutex> lock(order_mutex_);
  auto it = orders_.find(epoch);
  if (it != orders_.end()) return it->second;
  auto order = std::make_shared<const std::vector<int64_t>>(
      permutation(dataset_->size(), mix_seed(options_.seed, 0x5eed0f0e9ULL, epoch)));
  orders_.emplace(epoch, order);
  // Workers are at most `capacity` batches apart, so old epochs are never needed again.
  while (static_cast<int>(orders_.size()) > kOrdersKept) orders_.erase(orders_.begin());
  return order;
}

cv::Mat PipelineSource::load_image(int64_t& sample) {
  const int64_t n = dataset_->size();
  for (int attempt = 0; attempt < kSubstituteTries; ++attempt) {
    try {
      // The transforms never write to their input, so decoded images need no copy.
      return in_memory_ ? in_memory_->view(sample) : dataset_->image(sample);
    } catch (const DataError& error) {
      // A streamed file went bad: use a neighbour so training goes on, and say so once.
      if (skipped_images_.fetch_add(1) == 0) {
        spdlog::warn("{} (using another image instead; further failures are only counted)",
                     error.what());
      }
      sample = (sample + 1) % n;
    }
  }
  throw DataError(dataset_->info().name,
                  std::to_string(kSubstituteTries) + " images in a row could not be decoded");
}

Batch PipelineSource::make_batch(int64_t index) {
  const int64_t n = dataset_->size();
  const int64_t batch = options_.batch;
  const int size = options_.img_size;
  const DatasetInfo& info = dataset_->info();
  const int64_t first = index * batch;
  Rng rng(mix_seed(options_.seed, first / n, index));
  Batch out;
  out.images = torch::empty({batch, info.channels, size, size}, torch::kFloat32);
  out.labels = torch::empty({batch}, torch::kInt64);
  float* pixels = out.images.data_ptr<float>();
  int64_t* labels = out.labels.data_ptr<int64_t>();
  const int64_t stride = static_cast<int64_t>(info.channels) * size * size;
  std::shared_ptr<const std::vector<int64_t>> order;
  int64_t order_epoch = -1;
  for (int64_t k = 0; k < batch; ++k) {
    if (stop_) throw Stopped{};
    const int64_t position = first + k;
    if (position / n != order_epoch) {
      order_epoch = position / n;
      order = epoch_order(order_epoch);
    }
    int64_t sample = (*order)[static_cast<size_t>(position % n)];
    const cv::Mat image = load_image(sample);  // may move `sample` past a bad file
    const cv::Mat view = options_.augment ? augment_train(image, size, rng, options_.crop)
                                          : eval_transform(image, size);
    normalize_into(view, info.mean, info.std, pixels + k * stride);
    labels[k] = dataset_->label(sample);
  }
  return out;
}

}  // namespace rcmae
