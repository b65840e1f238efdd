// kNN monitor: the weighted vote by hand, the collapse gauge at its two ends, and a real
// evaluation on the synthetic data that beats chance.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/knn_monitor.h"

class TestKnnMonitor : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void weighted_vote_by_hand() {
    auto bank = torch::tensor({1.0f, 0.0f, 0.0f, 2.0f, 0.0f, -1.0f}).reshape({3, 2});
    auto labels = torch::tensor({0, 1, 1}, torch::kInt64);
    auto query = torch::tensor({0.9f, 0.1f}).reshape({1, 2});
    // k = 2: neighbours (1,0) [class 0] and (0,2) [class 1]; (0,-1) is the farthest.
    auto scores = rcmae::knn_class_scores(query, bank, labels, 2, 2, 0.5);
    const double q = std::sqrt(0.82);
    QVERIFY(std::abs(scores[0][0].item<double>() - std::exp((0.9 / q) / 0.5)) < 1e-4);
    QVERIFY(std::abs(scores[0][1].item<double>() - std::exp((0.1 / q) / 0.5)) < 1e-4);
    // k = 3 adds the third neighbour's vote to class 1.
    auto all = rcmae::knn_class_scores(query, bank, labels, 2, 3, 0.5);
    QVERIFY(std::abs(all[0][1].item<double>() -
                     (std::exp((0.1 / q) / 0.5) + std::exp((-0.1 / q) / 0.5))) < 1e-4);
  }

  void collapse_gauge_ends() {
    QVERIFY(std::abs(rcmae::collapse_gauge(torch::eye(16)) - 1.0) < 1e-9);
    QVERIFY(rcmae::collapse_gauge(torch::ones({32, 16})) < 1e-9);  // everything the same
  }

  void evaluation_on_synthetic_beats_chance() {
    const rcmae::ModelConfig model = rcmae::testing::micro_train_config().model;
    torch::manual_seed(0);
    rcmae::MaeVit vit(model);
    rcmae::KnnOptions options;
    options.bank_size = 500;
    options.query_size = 200;
    options.mean_pooling = true;
    rcmae::KnnMonitor monitor("synthetic", model, {0.5f, 0.5f, 0.5f}, {0.25f, 0.25f, 0.25f},
                              options);
    const auto score = monitor.evaluate(vit);
    qInfo("untrained micro, mean pooling: kNN top-1 %.3f, collapse gauge %.3f", score.top1,
          score.collapse);
    QVERIFY(score.top1 > 0.15);  // 10 classes: chance is 0.10
    QVERIFY(score.top1 <= 1.0);
    QVERIFY(score.collapse > 0 && score.collapse < 2);
    // The same model and data give the same score.
    QCOMPARE(monitor.evaluate(vit).top1, score.top1);
  }
};

RCMAE_QTEST_GUILESS(TestKnnMonitor)
#include "test_knn_monitor.moc"
