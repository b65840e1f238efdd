// Quality measurements: the raw-pixel baseline against a kNN vote written out by hand, its
// cache (read back, corrupt file ignored), the cost schedule's arithmetic, the held-out
// monitor on real (synthetic) data, and a time budget that refits and ends the run.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/eval/linear_probe.h"
#include "rcmae/eval/pixel_baselines.h"
#include "rcmae/eval/quality_monitor.h"
#include "rcmae/eval/quality_schedule.h"
#include "rcmae/fork/fork_runner.h"
#include "rcmae/train/trainer.h"

namespace {

const std::vector<float> kMean = {0.5f, 0.5f, 0.5f}, kStd = {0.25f, 0.25f, 0.25f};

rcmae::LabelledEvalSet small_set() {
  return rcmae::LabelledEvalSet("synthetic", rcmae::testing::micro_train_config().model, kMean,
                                kStd, 300, 120);
}

// A monitor of the micro model on the synthetic held-out set at these sizes; its raw-pixel
// baselines are cached in `cache`, not in the user's cache folder.
std::unique_ptr<rcmae::QualityMonitor> synthetic_monitor(const QTemporaryDir& cache, int64_t images,
                                                         int64_t bank, int64_t queries) {
  rcmae::QualityOptions options;
  options.reconstruction_images = images;
  options.bank_size = bank;
  options.query_size = queries;
  options.cache_dir = cache.path().toStdString();
  return std::make_unique<rcmae::QualityMonitor>(
      "synthetic", rcmae::testing::micro_train_config().model, kMean, kStd, options);
}

// Weighted kNN top-1 (k 20, T 0.07, cosine) with loops: no shared code with the engine.
double knn_by_hand(const rcmae::LabelledEvalSet& data) {
  auto bank = data.bank_images().flatten(1).to(torch::kFloat64);
  auto query = data.query_images().flatten(1).to(torch::kFloat64);
  const auto bank_labels = data.bank_labels();
  const auto query_labels = data.query_labels();
  int correct = 0;
  for (int64_t q = 0; q < query.size(0); ++q) {
    std::vector<std::pair<double, int64_t>> neighbours;
    const double qn = query[q].norm().item<double>();
    for (int64_t b = 0; b < bank.size(0); ++b) {
      const double cosine =
          (query[q] * bank[b]).sum().item<double>() / (qn * bank[b].norm().item<double>());
      neighbours.push_back({cosine, bank_labels[b].item<int64_t>()});
    }
    std::partial_sort(neighbours.begin(), neighbours.begin() + 20, neighbours.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<double> votes(size_t(data.num_classes()), 0.0);
    for (int i = 0; i < 20; ++i)
      votes[size_t(neighbours[size_t(i)].second)] += std::exp(neighbours[size_t(i)].first / 0.07);
    const auto best = std::max_element(votes.begin(), votes.end()) - votes.begin();
    correct += best == query_labels[q].item<int64_t>();
  }
  return double(correct) / double(query.size(0));
}

}  // namespace

class TestQualityMonitor : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void pixel_baseline_equals_a_direct_computation() {
    const auto data = small_set();
    const auto baselines = rcmae::compute_pixel_baselines(data);
    const double by_hand = knn_by_hand(data);
    qInfo("synthetic 16 px, bank 300 / queries 120: pixel kNN %.3f (by hand %.3f), probe %.3f",
          baselines.knn, by_hand, baselines.probe);
    QVERIFY(std::abs(baselines.knn - by_hand) < 1e-9);
    auto bank = data.bank_images().flatten(1), query = data.query_images().flatten(1);
    const double probe = rcmae::LinearProbe::fit(bank, data.bank_labels(), data.num_classes())
                             .accuracy(query, data.query_labels());
    QCOMPARE(baselines.probe, probe);
    QVERIFY(baselines.knn > 0.15 && baselines.probe > 0.15);  // 10 classes: chance 0.1
  }

  void baselines_are_cached_and_a_corrupt_cache_is_ignored() {
    QTemporaryDir dir;
    const std::filesystem::path cache = dir.path().toStdString();
    const auto data = small_set();
    const auto first = rcmae::cached_pixel_baselines(cache, "key-a", data);
    QVERIFY(std::filesystem::exists(cache / "pixel-baselines.json"));
    // A value planted in the file comes back: the second call read the cache.
    {
      std::ifstream in(cache / "pixel-baselines.json");
      auto json = nlohmann::json::parse(in);
      QCOMPARE(json["key-a"]["knn"].get<double>(), first.knn);
      json["key-a"]["knn"] = 0.123;
      std::ofstream(cache / "pixel-baselines.json") << json.dump();
    }
    QCOMPARE(rcmae::cached_pixel_baselines(cache, "key-a", data).knn, 0.123);
    std::ofstream(cache / "pixel-baselines.json") << "{ not json";
    const auto again = rcmae::cached_pixel_baselines(cache, "key-a", data);
    QCOMPARE(again.knn, first.knn);
    QCOMPARE(again.probe, first.probe);
  }

  // Reconstruction: due at the start, then after max(2 s, cost / 2 %); representation: first
  // after 30 x the reconstruction cost / 3 %, then after its own cost / 3 %.
  void schedule_keeps_each_tier_within_its_share() {
    rcmae::QualitySchedule schedule;
    QVERIFY(schedule.reconstruction_due(0));
    QVERIFY(!schedule.representation_due(0));
    schedule.reconstruction_done(0, 0.1);
    QVERIFY(!schedule.reconstruction_due(4.9));
    QVERIFY(schedule.reconstruction_due(5.0));
    QVERIFY(!schedule.representation_due(99.9));
    QVERIFY(schedule.representation_due(100.0));
    schedule.representation_done(100, 6.0);
    QVERIFY(!schedule.representation_due(299.9));
    QVERIFY(schedule.representation_due(300.0));
    schedule.reconstruction_done(10, 0.01);  // cheap: the 2 s floor applies
    QVERIFY(!schedule.reconstruction_due(11.9));
    QVERIFY(schedule.reconstruction_due(12.0));
    auto fixed = rcmae::QualitySchedule::every(5, 60);
    fixed.reconstruction_done(0, 100);  // cost does not matter
    QVERIFY(fixed.reconstruction_due(5));
    QVERIFY(!fixed.representation_due(59));
    QVERIFY(fixed.representation_due(60));
  }

  // A fork arm's schedule: the start, then every step that is a multiple of the stride,
  // whatever the time; kNN and probe never while training. The stride is the smallest round
  // number giving at most ten measurements.
  void schedule_by_steps_measures_at_the_same_steps_in_every_arm() {
    auto by_steps = rcmae::QualitySchedule::every_steps(20);
    QVERIFY(by_steps.reconstruction_due(36.5, 307));  // the step the arm starts from
    by_steps.reconstruction_done(36.5, 0.5);
    QVERIFY(!by_steps.reconstruction_due(1000, 319));
    QVERIFY(by_steps.reconstruction_due(38, 320));
    QVERIFY(!by_steps.reconstruction_due(38.1, 321));
    QVERIFY(!by_steps.representation_due(1e9));
    QCOMPARE(rcmae::live_measurement_stride(200), int64_t(20));  // 10 measurements
    QCOMPARE(rcmae::live_measurement_stride(207), int64_t(25));  // 8
    QCOMPARE(rcmae::live_measurement_stride(356), int64_t(50));  // 7
    QCOMPARE(rcmae::live_measurement_stride(49), int64_t(5));
    QCOMPARE(rcmae::live_measurement_stride(50), int64_t(5));
    QCOMPARE(rcmae::live_measurement_stride(3000), int64_t(500));
    QCOMPARE(rcmae::live_measurement_stride(2400), int64_t(250));
    QCOMPARE(rcmae::live_measurement_stride(30), int64_t(5));
    QCOMPARE(rcmae::live_measurement_stride(6), int64_t(1));
    QCOMPARE(rcmae::live_measurement_stride(0), int64_t(1));
  }

  void monitor_measures_an_untrained_model() {
    const auto config = rcmae::testing::micro_train_config();
    QTemporaryDir dir;
    auto monitor_owner = synthetic_monitor(dir, 64, 300, 120);
    rcmae::QualityMonitor& monitor = *monitor_owner;
    QCOMPARE(monitor.reconstruction_images(), int64_t(64));
    torch::manual_seed(0);
    rcmae::MaeVit student(config.model), teacher(config.model);
    rcmae::QualityRecord record;
    monitor.measure_reconstruction(student, &teacher, record);
    qInfo("untrained micro: rec_nmse %.3f, psnr %.2f dB", record.student_nmse, record.student_psnr);
    QVERIFY(record.student_nmse > 0.5);  // an untrained decoder is no better than the mean fill
    QVERIFY(std::isfinite(record.teacher_nmse));
    QVERIFY(std::abs(record.student_psnr + 10 * std::log10(record.student_mse)) < 1e-6);
    QVERIFY(monitor.measure_representation(student, &teacher, record));
    QVERIFY(record.has_representation());
    QVERIFY(record.student_knn > 0.1 && record.student_knn <= 1.0);
    QVERIFY(record.pixel_knn > 0.15);
    // Same masks, same images: measuring twice gives the same numbers.
    rcmae::QualityRecord again;
    monitor.measure_reconstruction(student, nullptr, again);
    QCOMPARE(again.student_mse, record.student_mse);
    QVERIFY(std::isnan(again.teacher_mse));
  }

  // The item-by-item results a fork compares are the same measurement the averages come from:
  // rec_nmse is their ratio of sums, kNN and probe the mean of the per-query 0/1.
  void items_add_up_to_the_measured_averages() {
    const auto config = rcmae::testing::micro_train_config();
    QTemporaryDir dir;
    auto monitor_owner = synthetic_monitor(dir, 40, 200, 90);
    rcmae::QualityMonitor& monitor = *monitor_owner;
    QVERIFY(monitor.items().empty());
    torch::manual_seed(1);
    rcmae::MaeVit student(config.model), teacher(config.model);
    rcmae::QualityRecord record;
    monitor.measure_reconstruction(student, &teacher, record);
    QVERIFY(monitor.measure_representation(student, &teacher, record));
    auto ratio = [&](const std::string& name) {
      const auto* items = rcmae::run::find_metric(monitor.items(), name);
      if (!items) return std::nan("");
      double numerator = 0, denominator = 0;
      for (size_t i = 0; i < items->numerator.size(); ++i) {
        numerator += items->numerator[i];
        denominator += items->denominator[i];
      }
      return numerator / denominator;
    };
    QCOMPARE(rcmae::run::find_metric(monitor.items(), "student_rec_nmse")->numerator.size(),
             size_t(40));
    QCOMPARE(rcmae::run::find_metric(monitor.items(), "teacher_knn")->numerator.size(), size_t(90));
    QVERIFY(std::abs(ratio("student_rec_nmse") - record.student_nmse) < 1e-9);
    QVERIFY(std::abs(ratio("teacher_rec_nmse") - record.teacher_nmse) < 1e-9);
    QCOMPARE(ratio("student_knn"), record.student_knn);
    QCOMPARE(ratio("teacher_probe"), record.teacher_probe);
    for (double correct : rcmae::run::find_metric(monitor.items(), "student_probe")->numerator)
      QVERIFY(correct == 0.0 || correct == 1.0);
    // Without a teacher the teacher's items go: they would describe other weights.
    rcmae::QualityRecord alone;
    monitor.measure_reconstruction(student, nullptr, alone);
    QVERIFY(monitor.measure_representation(student, nullptr, alone));
    QVERIFY(!rcmae::run::find_metric(monitor.items(), "teacher_rec_nmse"));
    QVERIFY(!rcmae::run::find_metric(monitor.items(), "teacher_knn"));
    QCOMPARE(monitor.items().size(), size_t(3));
  }

  void time_budget_refits_the_steps_and_ends_the_run() {
    auto config = rcmae::testing::micro_train_config();
    config.steps = 1000000;  // the first guess; the budget decides
    config.time_budget_s = 0.5;
    rcmae::Trainer trainer(config, std::make_unique<FixedBatchSource>(8, 3, 16));
    while (trainer.steps_done() < trainer.config().steps) trainer.step();
    qInfo("0.5 s budget: %lld steps, %.3f s of training",
          static_cast<long long>(trainer.steps_done()), trainer.train_time_s());
    // It ends when the budget is spent or the refitted steps are done, whichever is first; the
    // refits aim the second at the budget (loose bounds: this machine's speed varies).
    QVERIFY(trainer.train_time_s() >= 0.25);
    QVERIFY(trainer.train_time_s() < 5.0);
    QVERIFY(trainer.steps_done() < 1000000);
    QCOMPARE(trainer.config().steps, trainer.steps_done());
  }
};

RCMAE_QTEST_GUILESS(TestQualityMonitor)
#include "test_quality_monitor.moc"
