// A fine-tuning step split over single-threaded workers: each worker really runs with one
// intra-op thread and the caller's count is left alone; a worker's exception reaches the
// caller; the split step's loss and gradients are those of one backward over the whole batch
// (uneven shares, with and without dropped tokens and stochastic depth); a whole fine-tune on 2
// workers ends where it ends on 1; the worker count follows the batch, the threads and the device;
// and a pretraining step (MAE, RC-MAE, RC-MAE-D) split over 2 or 3 workers takes the losses and
// gradients one whole step takes, also across a save / load and beside gradient measurements.
#include <torch/torch.h>

#include <QtTest>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "quadrant_images.h"
#include "rcmae/eval/classifier_replicas.h"
#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/eval/finetune.h"
#include "rcmae/model/drop_path.h"
#include "rcmae/model/masking.h"
#include "rcmae/runtime/single_thread_workers.h"
#include "rcmae/train/trainer.h"

namespace {

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

// The student's (and the teacher's) parameters of a trainer, copied.
std::vector<torch::Tensor> weights_of(rcmae::Trainer& trainer) {
  std::vector<torch::Tensor> out;
  for (const auto& p : trainer.student()->parameters()) out.push_back(p.detach().clone());
  if (trainer.teacher())
    for (const auto& p : trainer.teacher()->model()->parameters())
      out.push_back(p.detach().clone());
  return out;
}

// Sum of |a - b| over every element.
double total_difference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]).abs().sum().item<double>();
  return sum;
}

// Keeps a copy of the gradients the optimiser gets at each step.
void record_gradients(rcmae::Trainer& trainer, std::vector<std::vector<torch::Tensor>>& steps) {
  trainer.set_gradient_hook([&steps](std::vector<torch::Tensor>& grads) {
    std::vector<torch::Tensor> copy;
    for (const auto& g : grads) copy.push_back(g.clone());
    steps.push_back(std::move(copy));
  });
}

rcmae::TrainConfig pretraining_config(rcmae::TeacherMode mode, int step_workers) {
  rcmae::TrainConfig c = rcmae::testing::micro_train_config(1);
  c.mode = mode;
  c.batch = 10;  // 3 workers: 3, 3 and 4 rows
  c.steps = 20;
  c.base_lr = 1e-2;
  c.threads = 2;
  c.step_workers = step_workers;
  return c;
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

  // 10 rows over 4 workers: begins 0, 2, 5, 7 (10 r / 4), so 2, 3, 2, 3 rows; 3 rows over 4:
  // begins 0, 0, 1, 2, so worker 0 has nothing and is not run. Every row exactly once.
  void rowsAreSplitEvenlyAndEmptySharesSkipped() {
    rcmae::SingleThreadWorkers workers(4);
    for (const auto& [total, expected] :
         std::vector<std::pair<int64_t, std::vector<std::pair<int64_t, int64_t>>>>{
             {10, {{0, 2}, {2, 3}, {5, 2}, {7, 3}}}, {3, {{-1, -1}, {0, 1}, {1, 1}, {2, 1}}}}) {
      std::vector<std::pair<int64_t, int64_t>> seen(4, {-1, -1});
      workers.run_over_rows(total, [&](int r, int64_t begin, int64_t rows) {
        seen[size_t(r)] = {begin, rows};
      });
      QCOMPARE(seen, expected);
    }
  }

  void theSplitStepGivesTheWholeBatchsLossAndGradients() {
    for (const int variant : {0, 1, 2}) {
      const bool drop_tokens = variant >= 1, drop_path = variant == 2;
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
      // Stochastic depth's draws, split by rows like the images (3 blocks would do; micro has 2).
      const auto keep =
          drop_path ? rcmae::draw_branch_keep(n, 2, 0.5, generator, torch::kCPU) : torch::Tensor();

      zero_gradients(model);
      const auto logits = drop_tokens ? model->forward(images, plan, keep) : model->forward(images);
      const auto whole = torch::nn::functional::cross_entropy(logits, labels, options);
      whole.backward();
      const auto expected = gradients(model);

      zero_gradients(model);
      rcmae::ClassifierReplicas replicas(model, 3);
      QCOMPARE(replicas.workers(), 3);
      const double split =
          replicas.forward_backward(images, labels, drop_tokens ? &plan : nullptr, options, keep);
      QVERIFY2(std::abs(split - whole.item<double>()) < 1e-6,
               qPrintable(QString("%1 vs %2").arg(split).arg(whole.item<double>())));
      const double difference = gradient_difference(expected, gradients(model));
      QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));

      // A second step starts from the replicas' own zero: the sum is not carried over.
      zero_gradients(model);
      replicas.forward_backward(images, labels, drop_tokens ? &plan : nullptr, options, keep);
      QVERIFY(gradient_difference(expected, gradients(model)) < 1e-5);
      if (drop_path) {  // the draws matter: without them the loss is another one
        zero_gradients(model);
        const double undropped =
            replicas.forward_backward(images, labels, &plan, options, torch::Tensor());
        QVERIFY(std::abs(undropped - split) > 1e-4);
      }
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
    options.drop_path = 0.3;  // the draws are made once per step, whatever the split
    std::vector<torch::Tensor> weights[2];
    double top1[2] = {0, 0}, loss[2] = {0, 0};
    for (int run = 0; run < 2; ++run) {
      options.step_workers = run + 1;
      torch::manual_seed(8);
      rcmae::MaeVit model(micro_grey());
      const auto result =
          rcmae::finetune(model, quadrant_images(96, 9), quadrant_images(64, 10), 4, options);
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

  // Pretraining's automatic count (the default) is one worker per thread of the run, 16
  // images each at least: two on two threads at batch 64, none at batch 31 or one thread.
  void pretrainingSplitsAutomaticallyByTheRunsThreadsAndBatch() {
    ThreadCountGuard guard;
    auto workers_for = [](int threads, int batch, int requested) {
      auto config = pretraining_config(rcmae::TeacherMode::RcMae, requested);
      config.threads = threads;
      config.batch = batch;
      rcmae::Trainer trainer(config, fixed_source(config, 14));
      return trainer.step_worker_count();
    };
    QCOMPARE(rcmae::TrainConfig{}.step_workers, 0);
    QCOMPARE(workers_for(2, 64, 0), 2);
    QCOMPARE(workers_for(2, 31, 0), 1);
    QCOMPARE(workers_for(1, 64, 0), 1);
    QCOMPARE(workers_for(4, 64, 0), 4);
    QCOMPARE(workers_for(2, 64, 1), 1);
    QCOMPARE(workers_for(1, 64, 3), 3);
  }

  // The optimiser gets the whole step's gradients up to float rounding (1e-5 of the largest),
  // and the weights end within 1 % of how far the steps moved them, summed over every weight
  // (not element by element: rounding in a gradient near zero can flip its sign, and AdamW
  // turns that into a whole step of lr for that one weight).
  void aSplitPretrainingStepTakesTheWholeStepsLossesAndGradients() {
    ThreadCountGuard guard;
    for (const auto mode :
         {rcmae::TeacherMode::Mae, rcmae::TeacherMode::RcMae, rcmae::TeacherMode::RcMaeD})
      for (const int workers : {2, 3}) {
        const auto whole_config = pretraining_config(mode, 1);
        const auto split_config = pretraining_config(mode, workers);
        rcmae::Trainer whole(whole_config, fixed_source(whole_config, 12));
        rcmae::Trainer split(split_config, fixed_source(split_config, 12));
        std::vector<std::vector<torch::Tensor>> whole_grads, split_grads;
        record_gradients(whole, whole_grads);
        record_gradients(split, split_grads);
        const auto start = weights_of(whole);
        for (int step = 0; step < 4; ++step) {
          const auto a = whole.step(), b = split.step();
          const QString where =
              QString("mode %1, %2 workers, step %3").arg(int(mode)).arg(workers).arg(step + 1);
          QVERIFY2(std::abs(a.loss - b.loss) < 1e-5 * std::max(1.0, a.loss),
                   qPrintable(where + QString(": %1 vs %2").arg(a.loss).arg(b.loss)));
          QVERIFY(std::abs(a.loss_rec - b.loss_rec) < 1e-5 * std::max(1.0, a.loss_rec));
          QVERIFY(std::abs(a.loss_cons - b.loss_cons) < 1e-5);
          const double gradient = gradient_difference(whole_grads[step], split_grads[step]);
          QVERIFY2(gradient < 1e-5, qPrintable(where + ": gradients " + QString::number(gradient)));
        }
        const double moved = total_difference(weights_of(whole), start);
        const double apart = total_difference(weights_of(whole), weights_of(split));
        QVERIFY(moved > 0);
        QVERIFY2(apart < 0.01 * moved, qPrintable(QString("%1 of %2").arg(apart).arg(moved)));
      }
  }

  void aLoadedStateAndGradientMeasurementsKeepTheSplitStepRight() {
    ThreadCountGuard guard;
    auto config = pretraining_config(rcmae::TeacherMode::RcMae, 2);
    config.grad_sim_every = 2;  // steps 2 and 4 run whole, to measure
    auto whole_config = config;
    whole_config.step_workers = 1;
    rcmae::Trainer whole(whole_config, fixed_source(config, 13));
    rcmae::Trainer split(config, fixed_source(config, 13));
    for (int step = 1; step <= 3; ++step) {
      whole.step();
      split.step();
      QCOMPARE(split.take_grad_similarity().has_value(), step == 2);  // measured whole
    }
    // Another split trainer continues from the split one's state: the load gives its
    // weights new storage, so its replicas must follow.
    torch::serialize::OutputArchive saved;
    split.save_state(saved);
    const auto file = (std::filesystem::temp_directory_path() / "rcmae_step_workers.ckpt").string();
    saved.save_to(file);
    rcmae::Trainer resumed(config, fixed_source(config, 13));
    rcmae::Trainer fresh(config, fixed_source(config, 13));  // where training started
    resumed.step();  // builds replicas on the fresh weights first
    torch::serialize::InputArchive loaded;
    loaded.load_from(file);
    resumed.load_state(loaded);
    std::filesystem::remove(file);
    for (int step = 0; step < 3; ++step) {
      const auto a = whole.step(), b = resumed.step();
      QVERIFY2(std::abs(a.loss - b.loss) < 1e-5 * std::max(1.0, a.loss),
               qPrintable(QString("%1 vs %2").arg(a.loss).arg(b.loss)));
    }
    const double moved = total_difference(weights_of(whole), weights_of(fresh));
    const double apart = total_difference(weights_of(whole), weights_of(resumed));
    QVERIFY2(apart < 0.01 * moved, qPrintable(QString("%1 of %2").arg(apart).arg(moved)));
  }

  void stepWorkersAreRefusedBelowZero() {
    auto config = pretraining_config(rcmae::TeacherMode::RcMae, -1);
    QVERIFY_EXCEPTION_THROWN(rcmae::Trainer(config, fixed_source(config, 1)),
                             std::invalid_argument);
  }
};

RCMAE_QTEST_APPLESS(StepWorkersTest)
#include "test_step_workers.moc"
