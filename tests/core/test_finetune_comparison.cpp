// Fine-tunes compared over seeds and test images (eval/finetune_comparison.h): the per-image
// record a fine-tune leaves (finetune_items.csv, one metric per start, the latest kept), the
// arms found in a protocol's folder with their budgets, and differences that are paired,
// hand-checkable, "can't tell" for A against A and "better" for a gap far above the noise.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "harness/qtest_registry.h"
#include "rcmae/eval/finetune_comparison.h"
#include "rcmae/eval/finetune_job.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"

namespace fs = std::filesystem;
using rcmae::FinetuneArm;
using rcmae::FinetuneReport;

namespace {

// `count` images, all right except the first `wrong`.
std::vector<double> right_after(int wrong, int count) {
  std::vector<double> right(size_t(count), 1.0);
  for (int i = 0; i < wrong; ++i) right[size_t(i)] = 0.0;
  return right;
}

FinetuneReport report_of(const std::string& init, std::vector<double> right, double train_s = 0,
                         int epochs = 1) {
  FinetuneReport r;
  r.init = init;
  r.dataset = "fashion-mnist";
  r.test_images = int64_t(right.size());
  r.options.epochs = epochs;
  r.result.train_s = train_s;
  r.result.test_correct = std::move(right);
  double sum = 0;
  for (double v : r.result.test_correct) sum += v;
  r.result.top1 = r.result.test_correct.empty() ? 0 : sum / double(r.result.test_correct.size());
  return r;
}

// A pretraining run's metrics.csv whose last row trained for `wall_s`.
void write_pretraining(const fs::path& folder, double wall_s) {
  fs::create_directories(folder);
  std::ofstream(folder / rcmae::run_files::kMetrics)
      << "step,loss,wall_s\n1,0.9,1.5\n2,0.8," << wall_s << "\n";
}

// Arm `name` fine-tuned with `seed`s, each its own right/wrong images.
void write_arm(const fs::path& root, const std::string& arm, const std::string& init,
               const std::map<int, std::vector<double>>& seeds) {
  for (const auto& [seed, right] : seeds)
    rcmae::record_finetune(report_of(init, right, 60.0, 3),
                           root / (arm + "-seed" + std::to_string(seed)));
}

}  // namespace

class TestFinetuneComparison : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void itemsKeepTheLatestFinetuneOfEachStart() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / rcmae::run_files::kFinetuneItems;
    rcmae::write_finetune_items(report_of("teacher", {1, 0, 1}), file);
    rcmae::write_finetune_items(report_of("scratch", {0, 0, 1}), file);
    rcmae::write_finetune_items(report_of("teacher", {1, 1, 0}), file);
    rcmae::write_finetune_items(report_of("student", {}), file);  // stopped: nothing kept
    const auto items = rcmae::run::read_paired_items(file);
    QCOMPARE(items.size(), size_t(2));
    const auto* teacher = rcmae::run::find_metric(items, "teacher_finetune_top1");
    const auto* scratch = rcmae::run::find_metric(items, "scratch_finetune_top1");
    QVERIFY(teacher && scratch);
    QCOMPARE(teacher->numerator, (std::vector<double>{1, 1, 0}));
    QCOMPARE(teacher->denominator, (std::vector<double>{1, 1, 1}));
    QCOMPARE(scratch->numerator, (std::vector<double>{0, 0, 1}));
  }

  void unreadableItemsAreNamedAndKept() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / rcmae::run_files::kFinetuneItems;
    std::ofstream(file) << "not,a,items,file\n";
    try {
      rcmae::write_finetune_items(report_of("teacher", {1}), file);
      QFAIL("a broken finetune_items.csv was overwritten");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find(file.string()) != std::string::npos, e.what());
    }
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    QCOMPARE(first, std::string("not,a,items,file"));
  }

  void armsAreFoundBestFirstWithTheirBudgets() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    write_pretraining(root / "rcmae-seed1", 600.0);
    rcmae::record_finetune(report_of("teacher", right_after(2, 10), 1500.0, 25),
                           root / "rcmae-seed1");
    rcmae::record_finetune(report_of("scratch", right_after(4, 10), 2200.0, 34),
                           root / "scratch-seed1");
    fs::create_directories(root / "notes");           // not an arm
    fs::create_directories(root / "rcmae-seedless");  // not an arm either
    const auto arms = rcmae::find_finetune_arms(root);
    QCOMPARE(arms.size(), size_t(2));
    QCOMPARE(arms[0].name, std::string("rcmae teacher"));
    QCOMPARE(arms[1].name, std::string("scratch"));
    const auto& teacher = arms[0].seeds.at(1);
    QCOMPARE(teacher.top1, 0.8);
    QCOMPARE(teacher.epochs, 25);
    QCOMPARE(teacher.budget_s, 600.0 + 1500.0);  // pretraining + fine-tuning
    QCOMPARE(arms[1].seeds.at(1).budget_s, 2200.0);

    const std::string table =
        rcmae::format_finetune_arms(arms, rcmae::compare_all_finetune_arms(arms));
    QVERIFY2(table.find("| rcmae teacher | 1 | 25 | 35.0 | 80.00 | 80.00 |") != std::string::npos,
             table.c_str());
    QVERIFY2(table.find("rcmae teacher - scratch: +20.00 points") != std::string::npos,
             table.c_str());
  }

  void scratchBesideAPretrainingSpendsNoPretraining() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    write_pretraining(root / "run-seed2", 600.0);
    rcmae::record_finetune(report_of("teacher", right_after(1, 4), 100.0), root / "run-seed2");
    rcmae::record_finetune(report_of("scratch", right_after(2, 4), 100.0), root / "run-seed2");
    const auto arms = rcmae::find_finetune_arms(root);
    QCOMPARE(arms.size(), size_t(2));
    QCOMPARE(arms[0].name, std::string("run teacher"));
    QCOMPARE(arms[0].seeds.at(2).budget_s, 700.0);
    QCOMPARE(arms[1].name, std::string("run scratch"));
    QCOMPARE(arms[1].seeds.at(2).budget_s, 100.0);
  }

  void aAgainstAIsCantTell() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const std::map<int, std::vector<double>> seeds = {
        {1, right_after(30, 100)}, {2, right_after(25, 100)}, {3, right_after(35, 100)}};
    write_arm(root, "a", "teacher", seeds);
    write_arm(root, "b", "teacher", seeds);
    const auto arms = rcmae::find_finetune_arms(root);
    const auto d = rcmae::compare_finetune_arms(arms[0], arms[1]).difference;
    QCOMPARE(d.replicates, 3);
    QCOMPARE(d.items, int64_t(100));
    QCOMPARE(d.diff, 0.0);
    QCOMPARE(d.ci_low, 0.0);
    QCOMPARE(d.ci_high, 0.0);
    QCOMPARE(d.verdict, rcmae::stats::Verdict::CantTell);
  }

  void aGapFarAboveTheNoiseIsBetter() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    // 200 images; the arm misses 20 in every seed, the control 61, 62 and 63: 0.9 against
    // 0.695, 0.69 and 0.685, so the arm is 0.21 above on average.
    write_arm(root, "good", "teacher",
              {{1, right_after(20, 200)}, {2, right_after(20, 200)}, {3, right_after(20, 200)}});
    write_arm(root, "scratch", "scratch",
              {{1, right_after(61, 200)}, {2, right_after(62, 200)}, {3, right_after(63, 200)}});
    const auto arms = rcmae::find_finetune_arms(root);
    QCOMPARE(arms[0].name, std::string("good teacher"));
    QVERIFY(std::abs(arms[1].mean_top1() - 0.69) < 1e-12);
    const auto d = rcmae::compare_finetune_arms(arms[0], arms[1]).difference;
    QVERIFY(std::abs(d.diff - 0.21) < 1e-12);
    QVERIFY(d.ci_low > 0 && d.ci_low < 0.21 && d.ci_high > 0.21);
    QCOMPARE(d.verdict, rcmae::stats::Verdict::Better);
    QVERIFY2(d.method.find("3 replicates") != std::string::npos, d.method.c_str());
    // The other way round it is worse by as much.
    const auto reverse = rcmae::compare_finetune_arms(arms[1], arms[0]).difference;
    QVERIFY(std::abs(reverse.diff + 0.21) < 1e-12);
    QCOMPARE(reverse.verdict, rcmae::stats::Verdict::Worse);
  }

  void oneSeedRestsOnTheImagesAlone() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    write_arm(root, "a", "teacher", {{1, right_after(10, 400)}});
    write_arm(root, "b", "teacher", {{1, right_after(12, 400)}});
    const auto arms = rcmae::find_finetune_arms(root);
    const auto d = rcmae::compare_finetune_arms(arms[0], arms[1]).difference;
    QCOMPARE(d.replicates, 1);
    QVERIFY(std::abs(d.diff - 0.005) < 1e-12);
    QVERIFY2(d.method.find("bootstrap") != std::string::npos, d.method.c_str());
    // Two images of 400: within what the images' sampling allows.
    QCOMPARE(d.verdict, rcmae::stats::Verdict::CantTell);
  }

  void armsWithoutACommonSeedAreNotPaired() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    write_arm(root, "a", "teacher", {{1, right_after(1, 10)}});
    write_arm(root, "b", "teacher", {{2, right_after(5, 10)}});
    const auto arms = rcmae::find_finetune_arms(root);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rcmae::compare_finetune_arms(arms[0], arms[1]));
    const auto pairs = rcmae::compare_all_finetune_arms(arms);
    QCOMPARE(pairs.size(), size_t(1));
    QVERIFY2(pairs[0].not_compared.find("share no seed") != std::string::npos,
             pairs[0].not_compared.c_str());
    const std::string table = rcmae::format_finetune_arms(arms, pairs);
    QVERIFY2(table.find("a teacher vs b teacher: not compared (") != std::string::npos,
             table.c_str());
  }

  void aFolderWithoutFinetunesIsNamed() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    fs::create_directories(root / "rcmae-seed1");
    try {
      rcmae::find_finetune_arms(root);
      QFAIL("an empty protocol folder gave arms");
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      QVERIFY2(what.find(root.string()) != std::string::npos, e.what());
      QVERIFY2(what.find("finetune_items.csv") != std::string::npos, e.what());
    }
  }
};

RCMAE_QTEST_GUILESS(TestFinetuneComparison)
#include "test_finetune_comparison.moc"
