#pragma once
// Data-parallel training over PyTorch's distributed backend (c10d): TCPStore rendezvous,
// a Gloo process group, weights broadcast from rank 0, gradients averaged in ~25 MB
// buckets between backward and the optimiser step. See docs/DISTRIBUTED.md.
//
// Sharding: every rank builds the same global batch of config.batch images (and the same
// global mask) and trains on rows [r*B/W, (r+1)*B/W); so W ranks x B/W rows follow the
// same data order and masks as 1 rank x B rows.
#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>
#include <vector>

namespace rcmae {

class Trainer;
struct StepRecord;

// A rendezvous or collective failed (peer died, cannot connect, timeout, port in use).
class DistributedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DistOptions {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  std::chrono::milliseconds timeout{30000};
  std::string interface;  // Gloo device interface; empty: lo for loopback masters, else hostname
  size_t bucket_bytes = 25u << 20;
};

class DataParallel {
 public:
  // Rendezvous through the TCPStore at master_addr:master_port (rank 0 hosts it) and
  // creates the Gloo process group. Throws DistributedError with a clear message.
  explicit DataParallel(const DistOptions& options);
  ~DataParallel();

  int rank() const { return options_.rank; }
  int world_size() const { return options_.world_size; }
  const DistOptions& options() const { return options_; }

  // Broadcasts the student's and the teacher's parameters and buffers from rank 0 (after
  // a resume: the checkpoint's), shards the trainer's batches and installs the gradient
  // all-reduce hook.
  void attach(Trainer& trainer);
  // Averages the reported losses of a step across ranks (record.loss, loss_rec, loss_cons).
  void average_losses(StepRecord& record);
  // Averages `tensors` in place across ranks, flattened into buckets of ~bucket_bytes.
  void allreduce_mean(const std::vector<torch::Tensor>& tensors);
  // True on every rank when `mine` is true on any rank (a stop request that must end the
  // run at the same step everywhere).
  bool any_rank(bool mine);
  // Throws DistributedError unless every rank passes the same value.
  void check_same(uint64_t value, const std::string& what);
  // Ends the run: every rank reports to the store; rank 0 (the store's host) waits for all.
  void finish();

 private:
  void run(const std::string& what, const std::function<void()>& op);

  DistOptions options_;
  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<c10d::ProcessGroup> group_;
  long long kill_at_step_ = 0;  // RCMAE_DIST_TEST_KILL (tests only)
  long long reductions_ = 0;
};

// FNV-1a over the bytes of the student's (and the teacher's) parameters and buffers.
uint64_t parameter_hash(Trainer& trainer);

}  // namespace rcmae
