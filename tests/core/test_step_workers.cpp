// A fine-tuning step split over single-threaded workers: each worker really runs with one
// intra-op thread and the caller's count is left alone; a worker's exception reaches the
// caller; the split step's loss and gradients are those of one backward over the whole batch
// (uneven shares, with and without dropped tokens); a whole fine-tune on 2 workers ends where
// it ends on 1; and the worker count follows the batch, the threads and the device.
#include <torch/torch.h>

#include <QtTest>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/classifier_replicas.h"
#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/eval/finetune.h"
#include "rcmae/model/masking.h"
#include "rcmae/runtime/single_thread_workers.h"

namespace {

rcmae::ModelConfig micro_grey() { return rcmae::testing::micro_train_config(1).model; }

// Restores the process's intra-op thread count when a test ends.
struct ThreadCountGuard {
  int saved = torch::get_num_threads();
  ~ThreadCountGuard() { torch::set_num_threads(saved); }
};

torch::Tensor random_images(int64_t n, uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  return torch::randn({n, 1, 16, 16}, generator);
}

torch::Tensor random_labels(int64_t n) { return torch::arange(n, torch::kInt64).remainder(4); }

std::vector<torch::Tensor> gradients(rcmae::EncoderClassifier& model) {
  std::vector<torch::Tensor> out;
  for (const auto& p : model->parameters())
    if (p.requires_grad()) out.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
  return out;
}

void zero_gradients(rcmae::EncoderClassifier& model) {
  for (auto& p : model->parameters()) p.mutable_grad() = torch::Tensor();
}

// Largest |a - b| over matching gradients, relative to the largest |a|; both undefined or
// both defined, else infinity.
double gradient_difference(const std::vector<torch::Tensor>& a,
                           const std::vector<torch::Tensor>& b) {
  double worst = 0, scale = 1e-12;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].defined() != b[i].defined()) return INFINITY;
    if (!a[i].defined()) continue;
    worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
    scale = std::max(scale, a[i].abs().max().item<double>());
  }
  return worst / scale;
}

rcmae::LabelledImages quadrants(int64_t count, uint64_t seed) {
  auto images = random_images(count, seed) * 0.3;
  auto labels = random_labels(count);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t c = labels[i].item<int64_t>();
    images[i].narrow(1, (c / 2) * 8, 8).narrow(2, (c % 2) * 8, 8).add_(2.0);
  }
  return {images, labels};
}

}  // namespace

class StepWorkersTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyWorkerRunsOnceOnOneThreadAndTheCallerKeepsItsCount() {
    ThreadCountGuard guard;
    torch::set_num_threads(2);
    rcmae::SingleThreadWorkers workers(3);
    QCOMPARE(workers.count(), 3);
    QCOMPARE(torch::get_num_threads(), 2);
    for (int round = 0; round < 4; ++round) {
      std::mutex mutex;
      std::multiset<int> ran;
      std::set<int> threads_seen;
      workers.run_each([&](int worker) {
        // A parallel op first: ATen would reset a fresh thread's count at its first one.
        torch::ones({4096}).sum();
        std::lock_guard<std::mutex> lock(mutex);
        ran.insert(worker);
        threads_seen.insert(torch::get_num_threads());
      });
      QCOMPARE(ran, (std::multiset<int>{0, 1, 2}));
      QCOMPARE(threads_seen, std::set<int>{1});
    }
    QCOMPARE(torch::get_num_threads(), 2);
  }

  void aWorkersExceptionReachesTheCallerAndTheWorkersGoOn() {
    rcmae::SingleThreadWorkers workers(2);
    std::atomic<int> finished{0};
    bool thrown = false;
    try {
      workers.run_each([&](int worker) {
        if (worker == 1) throw std::runtime_error("worker 1 failed");
        ++finished;
      });
    } catch (const std::runtime_error& error) {
      thrown = QString(error.what()) == "worker 1 failed";
    }
    QVERIFY(thrown);
    QCOMPARE(finished.load(), 1);
    workers.run_each([&](int) { ++finished; });
    QCOMPARE(finished.load(), 3);
    QVERIFY_EXCEPTION_THROWN(rcmae::SingleThreadWorkers(0), std::invalid_argument);
  }

  void theSplitStepGivesTheWholeBatchsLossAndGradients() {
    for (const bool drop_tokens : {false, true}) {
      torch::manual_seed(3);
      rcmae::EncoderClassifier model(rcmae::MaeVit(micro_grey()), 4);
      {
        // A head away from ~zero, so every gradient is far from zero.
        torch::NoGradGuard no_grad;
        model->head->weight.normal_(0, 0.5);
      }
      const int64_t n = 10;  // 3 workers: 3, 3 and 4 rows
      const auto images = random_images(n, 4), labels = random_labels(n);
      auto generator = at::detail::createCPUGenerator(5);
      const auto plan = rcmae::random_masking(n, 16, 0.5, generator, torch::kCPU);
      const auto options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(0.1);

      zero_gradients(model);
      const auto logits = drop_tokens ? model->forward(images, plan) : model->forward(images);
      const auto whole = torch::nn::functional::cross_entropy(logits, labels, options);
      whole.backward();
      const auto expected = gradients(model);

      zero_gradients(model);
      rcmae::ClassifierReplicas replicas(model, 3);
      QCOMPARE(replicas.workers(), 3);
      const double split =
          replicas.forward_backward(images, labels, drop_tokens ? &plan : nullptr, options);
      QVERIFY2(std::abs(split - whole.item<double>()) < 1e-6,
               qPrintable(QString("%1 vs %2").arg(split).arg(whole.item<double>())));
      const double difference = gradient_difference(expected, gradients(model));
      QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));

      // A second step starts from the replicas' own zero: the sum is not carried over.
      zero_gradients(model);
      replicas.forward_backward(images, labels, drop_tokens ? &plan : nullptr, options);
      QVERIFY(gradient_difference(expected, gradients(model)) < 1e-5);
    }
  }

  void replicasSeeTheOptimisersUpdateWithoutACopy() {
    torch::manual_seed(6);
    rcmae::EncoderClassifier model(rcmae::MaeVit(micro_grey()), 4);
    rcmae::ClassifierReplicas replicas(model, 2);
    const auto images = random_images(8, 7), labels = random_labels(8);
    const auto options = torch::nn::functional::CrossEntropyFuncOptions();
    const double before = replicas.forward_backward(images, labels, nullptr, options);
    {
      torch::NoGradGuard no_grad;  // what the optimiser does: in place
      model->head->weight.add_(torch::randn_like(model->head->weight));
    }
    zero_gradients(model);
    const double after = replicas.forward_backward(images, labels, nullptr, options);
    zero_gradients(model);
    const double direct =
        torch::nn::functional::cross_entropy(model->forward(images), labels, options)
            .item<double>();
    QVERIFY(std::abs(after - before) > 1e-3);
    QVERIFY2(std::abs(after - direct) < 1e-6,
             qPrintable(QString("%1 vs %2").arg(after).arg(direct)));
  }

  void aFinetuneOnTwoWorkersEndsWhereItEndsOnOne() {
    ThreadCountGuard guard;
    torch::set_num_threads(2);
    rcmae::FinetuneOptions options;
    options.epochs = 2;
    options.batch = 32;
    options.peak_lr = 3e-3;
    options.layer_decay = 1.0;
    options.keep_tokens = 0.5;
    std::vector<torch::Tensor> weights[2];
    double top1[2] = {0, 0}, loss[2] = {0, 0};
    for (int run = 0; run < 2; ++run) {
      options.step_workers = run + 1;
      torch::manual_seed(8);
      rcmae::MaeVit model(micro_grey());
      const auto result = rcmae::finetune(model, quadrants(96, 9), quadrants(64, 10), 4, options);
      for (const auto& p : model->parameters()) weights[run].push_back(p.detach().clone());
      top1[run] = result.top1;
      loss[run] = result.train_loss;
    }
    QCOMPARE(top1[1], top1[0]);
    QVERIFY2(std::abs(loss[1] - loss[0]) < 1e-4,
             qPrintable(QString("%1 vs %2").arg(loss[1]).arg(loss[0])));
    double worst = 0;
    for (size_t i = 0; i < weights[0].size(); ++i)
      worst = std::max(worst, (weights[0][i] - weights[1][i]).abs().max().item<double>());
    QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
  }

  void theWorkerCountFollowsBatchThreadsAndDevice() {
    ThreadCountGuard guard;
    torch::set_num_threads(2);
    rcmae::FinetuneOptions automatic;
    QCOMPARE(rcmae::finetune_workers(automatic, 128, torch::kCPU), 2);
    QCOMPARE(rcmae::finetune_workers(automatic, 31, torch::kCPU), 1);  // 16 images each at least
    QCOMPARE(rcmae::finetune_workers(automatic, 128, torch::Device(torch::kCUDA, 0)), 1);
    torch::set_num_threads(1);
    QCOMPARE(rcmae::finetune_workers(automatic, 128, torch::kCPU), 1);
    rcmae::FinetuneOptions three;
    three.step_workers = 3;
    QCOMPARE(rcmae::finetune_workers(three, 128, torch::kCPU), 3);
    QCOMPARE(rcmae::finetune_workers(three, 2, torch::kCPU), 2);  // one image each at most
    three.step_workers = -1;
    QVERIFY(rcmae::finetune_options_problem(three).has_value());
  }
};

RCMAE_QTEST_APPLESS(StepWorkersTest)
#include "test_step_workers.moc"
