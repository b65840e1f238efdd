#pragma once
// The training stream: worker threads decode and augment batches of an ImageDataset into a
// bounded queue, delivered strictly in order.
//
// Determinism: batch b holds stream positions b*B .. b*B+B-1; position p is sample
// perm_e[p mod N] with e = p / N and perm_e a permutation seeded from (seed, e). Its
// augmentation draws from an RNG seeded from (seed, epoch, b). So a seed gives the same
// batches whatever the worker count or thread timing.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "rcmae/data/augment.h"
#include "rcmae/data/batch_source.h"
#include "rcmae/data/image_dataset.h"

namespace rcmae {

struct PipelineOptions {
  int img_size = 32;
  int batch = 128;
  int workers = 1;
  int prefetch = 0;  // ready batches kept ahead; 0: max(4, 2 * workers)
  uint64_t seed = 0;
  bool augment = true;  // false: eval transform (still shuffled)
  CropParams crop;
};

class InMemoryDataset;

class PipelineSource : public BatchSource {
 public:
  PipelineSource(std::shared_ptr<const ImageDataset> dataset, const PipelineOptions& options);
  // Stops and joins the workers; returns promptly even when the queue is full.
  ~PipelineSource() override;
  PipelineSource(const PipelineSource&) = delete;
  PipelineSource& operator=(const PipelineSource&) = delete;

  // Blocks until the next batch in order is ready. Rethrows a worker's DataError.
  Batch next_batch() override;
  const DatasetInfo& info() const override { return dataset_->info(); }

  int64_t batches_delivered() const;
  int ready_batches() const;  // finished and waiting, for tests and the GUI's queue gauge
  int capacity() const { return capacity_; }
  int64_t skipped_images() const { return skipped_images_.load(); }

 private:
  struct Slot {
    Batch batch;
    std::exception_ptr error;
  };

  void worker_loop();
  Batch make_batch(int64_t index);
  cv::Mat load_image(int64_t& sample);
  std::shared_ptr<const std::vector<int64_t>> epoch_order(int64_t epoch);

  std::shared_ptr<const ImageDataset> dataset_;
  const InMemoryDataset* in_memory_ = nullptr;  // set when images can be read without a copy
  PipelineOptions options_;
  int capacity_ = 4;

  mutable std::mutex mutex_;
  std::condition_variable space_;  // workers wait here for room in the queue
  std::condition_variable ready_;  // the consumer waits here for the next batch
  std::map<int64_t, Slot> done_;
  int64_t next_claim_ = 0;
  int64_t consumed_ = 0;
  std::atomic<bool> stop_{false};

  std::mutex order_mutex_;
  std::map<int64_t, std::shared_ptr<const std::vector<int64_t>>> orders_;

  std::atomic<int64_t> skipped_images_{0};
  std::vector<std::thread> workers_;
};

}  // namespace rcmae
