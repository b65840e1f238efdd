// Data-parallel RC-MAE over c10d: TCPStore + Gloo. See rcmae/dist/data_parallel.h.
#define USE_C10D_GLOO 1
#include "rcmae/dist/data_parallel.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <thread>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "rcmae/train/step_record.h"
#include "rcmae/train/trainer.h"
#include "rcmae/util/error_text.h"

namespace rcmae {
namespace {

std::string endpoint(const DistOptions& o) {
  return o.master_addr + ":" + std::to_string(o.master_port);
}

bool is_loopback(const std::string& addr) {
  return addr == "localhost" || addr.rfind("127.", 0) == 0 || addr == "::1";
}

void fnv1a(uint64_t& h, const torch::Tensor& t) {
  auto c = t.detach().to(torch::kCPU).contiguous();
  const auto* bytes = static_cast<const unsigned char*>(c.data_ptr());
  const size_t size = c.numel() * c.element_size();
  for (size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ULL;
}

void hash_module(uint64_t& h, const torch::nn::Module& module) {
  for (const auto& p : module.named_parameters()) fnv1a(h, p.value());
  for (const auto& b : module.named_buffers()) fnv1a(h, b.value());
}

}  // namespace

DataParallel::DataParallel(const DistOptions& options) : options_(options) {
  const int world = options_.world_size, rank = options_.rank;
  if (world < 1 || rank < 0 || rank >= world)
    throw std::invalid_argument("distributed: rank " + std::to_string(rank) +
                                " must be in [0, world size " + std::to_string(world) + ")");
  if (options_.master_port < 1 || options_.master_port > 65535)
    throw std::invalid_argument("distributed: master port " + std::to_string(options_.master_port) +
                                " is not in 1-65535");
  const double timeout_s = options_.timeout.count() / 1000.0;
  spdlog::info("rendezvous at {} as rank {} of {} (timeout {:.0f} s)", endpoint(options_), rank,
               world, timeout_s);
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<uint16_t>(options_.master_port);
  store_options.isServer = rank == 0;
  store_options.numWorkers = static_cast<size_t>(world);
  store_options.waitWorkers = true;
  store_options.timeout = options_.timeout;
  try {
    store_ = c10::make_intrusive<c10d::TCPStore>(options_.master_addr, store_options);
  } catch (const std::exception& error) {
    const std::string why = first_line(error);
    if (rank == 0 &&
        (why.find("in use") != std::string::npos || why.find("EADDRINUSE") != std::string::npos))
      throw DistributedError("rendezvous: port " + std::to_string(options_.master_port) + " on " +
                             options_.master_addr +
                             " is already in use; pick another --master addr:port "
                             "(MASTER_PORT) (" +
                             why + ")");
    throw DistributedError(
        "rendezvous at " + endpoint(options_) + " as rank " + std::to_string(rank) + " of " +
        std::to_string(world) + " failed within " + std::to_string(int(timeout_s)) + " s: " + why +
        (rank == 0 ? " (did every rank start?)" : " (is rank 0 running and reachable?)"));
  }
  try {
    auto gloo_options = c10d::ProcessGroupGloo::Options::create(options_.timeout);
    if (!options_.interface.empty())
      gloo_options->devices.push_back(
          c10d::ProcessGroupGloo::createDeviceForInterface(options_.interface));
    else if (is_loopback(options_.master_addr))
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface("lo"));
    else
      gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    gloo_options->threads = 1;
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("rcmae", store_);
    group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank, world, gloo_options);
  } catch (const std::exception& error) {
    throw DistributedError("creating the Gloo process group (rank " + std::to_string(rank) +
                           " of " + std::to_string(world) + ") failed: " + first_line(error));
  }
  spdlog::info("process group ready: gloo, {} ranks", world);
  // Fault injection for the tests: RCMAE_DIST_TEST_KILL=R:S kills rank R (SIGKILL, no
  // clean-up) at its S-th gradient all-reduce.
  if (const char* kill = std::getenv("RCMAE_DIST_TEST_KILL")) {
    int kill_rank = -1;
    long long kill_step = 0;
    if (std::sscanf(kill, "%d:%lld", &kill_rank, &kill_step) == 2 && kill_rank == rank)
      kill_at_step_ = kill_step;
  }
}

DataParallel::~DataParallel() = default;

void DataParallel::run(const std::string& what, const std::function<void()>& op) {
  try {
    op();
  } catch (const std::exception& error) {
    throw DistributedError(what + " failed on rank " + std::to_string(rank()) +
                           ": another rank died, hung or lost its connection (timeout " +
                           std::to_string(options_.timeout.count() / 1000) +
                           " s): " + first_line(error));
  }
}

void DataParallel::attach(Trainer& trainer) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> state;
  for (auto& p : trainer.student()->parameters()) state.push_back(p);
  for (auto& b : trainer.student()->buffers()) state.push_back(b);
  // The teacher as rank 0 has it: a copy of the student in a fresh run, the checkpoint's
  // EMA average in a resumed one (copying the student there would throw that average away).
  if (auto* teacher = trainer.teacher()) {
    for (auto& p : teacher->model()->parameters()) state.push_back(p);
    for (auto& b : teacher->model()->buffers()) state.push_back(b);
  }
  run("broadcasting the weights", [&] {
    for (auto& t : state) {
      std::vector<torch::Tensor> one{t};
      group_->broadcast(one)->wait();
    }
  });
  trainer.set_data_shard(rank(), world_size());
  trainer.set_gradient_hook([this](std::vector<torch::Tensor>& grads) { allreduce_mean(grads); });
}

void DataParallel::allreduce_mean(const std::vector<torch::Tensor>& tensors) {
  if (kill_at_step_ > 0 && ++reductions_ == kill_at_step_) {
    spdlog::warn("RCMAE_DIST_TEST_KILL: killing rank {} at step {}", rank(), kill_at_step_);
    spdlog::default_logger()->flush();
    std::raise(SIGKILL);
  }
  const double scale = 1.0 / world_size();
  size_t i = 0;
  run("all-reducing gradients", [&] {
    while (i < tensors.size()) {
      // One bucket: consecutive tensors of one dtype up to bucket_bytes (at least one).
      std::vector<torch::Tensor> bucket{tensors[i]};
      size_t bytes = tensors[i].numel() * tensors[i].element_size();
      size_t j = i + 1;
      for (; j < tensors.size(); ++j) {
        const size_t more = tensors[j].numel() * tensors[j].element_size();
        if (bytes + more > options_.bucket_bytes ||
            tensors[j].scalar_type() != tensors[i].scalar_type())
          break;
        bucket.push_back(tensors[j]);
        bytes += more;
      }
      std::vector<torch::Tensor> flat{torch::cat([&] {
        std::vector<torch::Tensor> views;
        for (auto& t : bucket) views.push_back(t.reshape(-1));
        return views;
      }())};
      group_->allreduce(flat)->wait();
      flat[0].mul_(scale);
      int64_t offset = 0;
      for (auto& t : bucket) {
        t.copy_(flat[0].narrow(0, offset, t.numel()).view_as(t));
        offset += t.numel();
      }
      i = j;
    }
  });
}

void DataParallel::average_losses(StepRecord& record) {
  std::vector<torch::Tensor> losses{
      torch::tensor({record.loss, record.loss_rec, record.loss_cons}, torch::kFloat64)};
  run("averaging the losses", [&] { group_->allreduce(losses)->wait(); });
  auto values = losses[0].div_(world_size());
  record.loss = values[0].item<double>();
  record.loss_rec = values[1].item<double>();
  record.loss_cons = values[2].item<double>();
}

bool DataParallel::any_rank(bool mine) {
  std::vector<torch::Tensor> flag{torch::tensor({mine ? 1 : 0}, torch::kInt32)};
  c10d::AllreduceOptions max_op;
  max_op.reduceOp = c10d::ReduceOp::MAX;
  run("agreeing on a stop", [&] { group_->allreduce(flag, max_op)->wait(); });
  return flag[0].item<int>() != 0;
}

void DataParallel::check_same(uint64_t value, const std::string& what) {
  // Split into 32-bit halves so the values are exact in int64 MIN/MAX reductions.
  auto t = torch::tensor({int64_t(value >> 32), int64_t(value & 0xffffffffULL)}, torch::kInt64);
  std::vector<torch::Tensor> lo{t.clone()}, hi{t.clone()};
  c10d::AllreduceOptions min_op, max_op;
  min_op.reduceOp = c10d::ReduceOp::MIN;
  max_op.reduceOp = c10d::ReduceOp::MAX;
  run("comparing " + what, [&] {
    group_->allreduce(lo, min_op)->wait();
    group_->allreduce(hi, max_op)->wait();
  });
  if (!torch::equal(lo[0], hi[0]))
    throw DistributedError("the ranks disagree: " + what + " differ across ranks");
}

void DataParallel::finish() {
  // Rank 0 hosts the store, so it leaves last: every other rank checks in first.
  run("finishing", [&] {
    store_->add("rcmae/finished", 1);
    if (rank() != 0) return;
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    while (store_->add("rcmae/finished", 0) < world_size()) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("not every rank reported its end");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

uint64_t parameter_hash(Trainer& trainer) {
  uint64_t h = 1469598103934665603ULL;
  hash_module(h, *trainer.student());
  if (auto* teacher = trainer.teacher()) hash_module(h, *teacher->model());
  return h;
}

}  // namespace rcmae
