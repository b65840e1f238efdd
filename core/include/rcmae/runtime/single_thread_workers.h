#pragma once
// A fixed set of worker threads, each running LibTorch with ONE intra-op thread, that run a
// task for every worker index and return when all are done.
//
// Why: on this project's 2-core machines one process with two intra-op threads keeps both
// cores only about 65 % busy at the fine-tuning shape (every op is a short OpenMP region
// whose threads must meet); two single-threaded workers on halves of the batch keep both
// busy (docs/PERFORMANCE.md, "Fine-tuning on worker threads"). The threads live as long as
// the object, so their thread count is set once.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rcmae {

class SingleThreadWorkers {
 public:
  // Starts `count` (>= 1) threads. The caller's own intra-op thread count is unchanged.
  explicit SingleThreadWorkers(int count);
  ~SingleThreadWorkers();
  SingleThreadWorkers(const SingleThreadWorkers&) = delete;
  SingleThreadWorkers& operator=(const SingleThreadWorkers&) = delete;

  int count() const { return static_cast<int>(threads_.size()); }
  // Runs task(0) ... task(count - 1), one per worker, and waits for all of them. The first
  // exception a task throws is rethrown here (after every task has finished).
  void run_each(const std::function<void(int worker)>& task);
  // run_each over the rows of a batch: worker r gets rows [begin, begin + rows) with
  // begin = total * r / count(), the even split every step splitter uses (fine-tuning and
  // pretraining alike); a worker whose share is empty (fewer rows than workers) does not
  // run the task.
  void run_over_rows(int64_t total,
                     const std::function<void(int worker, int64_t begin, int64_t rows)>& task);

 private:
  void work(int worker);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* task_ = nullptr;
  long long round_ = 0;  // bumped for each run_each; a worker runs each round once
  int pending_ = 0;      // workers still busy in this round (or still starting)
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace rcmae
