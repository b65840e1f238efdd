#include "rcmae/runtime/single_thread_workers.h"

#include <torch/torch.h>

#include <stdexcept>

namespace rcmae {

SingleThreadWorkers::SingleThreadWorkers(int count) {
  if (count < 1) throw std::invalid_argument("SingleThreadWorkers: count must be at least 1");
  const int caller_threads = torch::get_num_threads();
  pending_ = count;
  for (int i = 0; i < count; ++i) threads_.emplace_back([this, i] { work(i); });
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return pending_ == 0; });
  // at::set_num_threads also stores the count new threads start from; put the caller's back.
  torch::set_num_threads(caller_threads);
}

SingleThreadWorkers::~SingleThreadWorkers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void SingleThreadWorkers::run_each(const std::function<void(int)>& task) {
  std::unique_lock<std::mutex> lock(mutex_);
  task_ = &task;
  error_ = nullptr;
  pending_ = count();
  ++round_;
  start_.notify_all();
  done_.wait(lock, [this] { return pending_ == 0; });
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

void SingleThreadWorkers::run_over_rows(
    int64_t total, const std::function<void(int worker, int64_t begin, int64_t rows)>& task) {
  const int n = count();
  run_each([&](int r) {
    const int64_t begin = total * r / n, rows = total * (r + 1) / n - begin;
    if (rows > 0) task(r, begin, rows);
  });
}

void SingleThreadWorkers::work(int worker) {
  // OpenMP keeps the thread count per thread. ATen sets a new thread's count from the
  // process-wide one at the thread's first parallel op, so run one first (inside libtorch),
  // then make this thread's parallel regions (ATen's and OpenBLAS's) run inline.
  at::internal::lazy_init_num_threads();
  torch::ones({64}).sum();
  torch::set_num_threads(1);
  long long seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  if (--pending_ == 0) done_.notify_all();
  for (;;) {
    start_.wait(lock, [&] { return stopping_ || round_ != seen; });
    if (stopping_) return;
    seen = round_;
    const auto* task = task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*task)(worker);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !error_) error_ = error;
    if (--pending_ == 0) done_.notify_all();
  }
}

}  // namespace rcmae
