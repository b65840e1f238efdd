// Run A vs run B in the Runs tab: from the snapshot files written in two run folders, each
// run shows its newest snapshot at or before the chosen step, says which step that is, and
// says so when it saved none that early; A is drawn left of the divider, B right of it.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "harness/qtest_registry.h"
#include "rcmae/session/snapshot_io.h"
#include "runs/run_snapshots.h"
#include "runs/runs_browser.h"
#include "runs/runs_side_by_side.h"
#include "snapshot_fixture.h"
#include "views/split_compare_view.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

constexpr int kSize = 8;

// A two-image snapshot whose student (and teacher) draw `grey` everywhere.
ReconstructionSnapshot make_snapshot(int64_t step, float grey, bool teacher = true) {
  return rcmae::testing::grey_snapshot(step, 2, kSize, 2, grey,
                                       teacher ? std::optional<float>(grey) : std::nullopt);
}

// A run folder as the Runs tab lists it (metrics.csv) with snapshots at `steps`.
QString write_run(const QString& root, const QString& name, const QVector<int64_t>& steps,
                  float grey, bool teacher = true) {
  const QString folder = QDir(root).filePath(name);
  QDir().mkpath(folder);
  QFile metrics(QDir(folder).filePath("metrics.csv"));
  if (!metrics.open(QIODevice::WriteOnly)) return {};
  metrics.write("step,images_seen,loss,loss_rec,loss_cons,wall_s\n1,64,0.5,0.5,0,0.1\n");
  metrics.close();
  for (int64_t step : steps)
    if (!save_run_snapshot(folder.toStdString(), make_snapshot(step, grey, teacher))) return {};
  return folder;
}

}  // namespace

class TestRunsSideBySide : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void theNewestSnapshotAtOrBeforeTheStepIsChosen() {
    QTemporaryDir root;
    const QString a = write_run(root.path(), "run-a", {100, 200, 300}, 0.0f);
    QVERIFY(!a.isEmpty());
    const QVector<SavedSnapshot> saved = saved_snapshots(a);
    QCOMPARE(saved.size(), 3);
    QCOMPARE(snapshot_at_or_before(saved, 250).step, 200);
    QCOMPARE(snapshot_at_or_before(saved, 200).step, 200);
    QCOMPARE(snapshot_at_or_before(saved, 5000).step, 300);
    QCOMPARE(snapshot_at_or_before(saved, 99).step, -1);
    QVERIFY(snapshot_at_or_before(saved, 99).file.isEmpty());
    QVERIFY(saved_snapshots(QDir(root.path()).filePath("no-such-run")).isEmpty());
  }

  void eachRunShowsItsOwnStepSideBySide() {
    QTemporaryDir root;
    const QString a = write_run(root.path(), "run-a", {100, 200, 300}, 0.0f);  // black
    const QString b = write_run(root.path(), "run-b", {150, 300}, 1.0f);       // white
    RunsSideBySide side_by_side;
    side_by_side.resize(600, 500);
    side_by_side.setRuns({{"run-a", a}, {"run-b", b}});
    QCOMPARE(side_by_side.run(RunsSideBySide::A), a);
    QCOMPARE(side_by_side.run(RunsSideBySide::B), b);
    // At first the newest step either saved: both at 300.
    QCOMPARE(side_by_side.chosenStep(), 300);
    QCOMPARE(side_by_side.shownStep(RunsSideBySide::A), 300);
    QCOMPARE(side_by_side.shownStep(RunsSideBySide::B), 300);

    side_by_side.setStep(250);
    QCOMPARE(side_by_side.shownStep(RunsSideBySide::A), 200);
    QCOMPARE(side_by_side.shownStep(RunsSideBySide::B), 150);
    QVERIFY(side_by_side.caption().contains("run-a at step 200"));
    QVERIFY(side_by_side.caption().contains("run-b at step 150"));
    SplitCompareView* view = side_by_side.view();
    QVERIFY(view->comparable());
    view->setDivider(3);
    QCOMPARE(qGray(view->composite(0).pixel(2, 0)), 0);    // A left of the divider
    QCOMPARE(qGray(view->composite(0).pixel(3, 0)), 255);  // B right of it

    side_by_side.setStep(120);  // B saved nothing that early
    QCOMPARE(side_by_side.shownStep(RunsSideBySide::A), 100);
    QCOMPARE(side_by_side.shownStep(RunsSideBySide::B), -1);
    QVERIFY(!view->comparable());
    QVERIFY2(view->missingMessage().contains(
                 "no snapshot at or before step 120; its first is at step 150"),
             qPrintable(view->missingMessage()));
  }

  void teachersOfAnMaeRunAreMissingAndSaidSo() {
    QTemporaryDir root;
    const QString a = write_run(root.path(), "rcmae-run", {50}, 0.0f);
    const QString b = write_run(root.path(), "mae-run", {50}, 1.0f, /*teacher=*/false);
    RunsSideBySide side_by_side;
    side_by_side.setRuns({{"rcmae-run", a}, {"mae-run", b}});
    QVERIFY(side_by_side.view()->comparable());  // students: both have one
    side_by_side.setCompareTeachers(true);
    QVERIFY(!side_by_side.view()->comparable());
    QVERIFY(side_by_side.view()->missingMessage().contains("MAE run"));
  }

  void theRunsTabOffersTheTickedRunsAsAAndB() {
    QTemporaryDir root;
    write_run(root.path(), "run-a", {100}, 0.0f);
    const QString b = write_run(root.path(), "run-b", {100}, 1.0f);
    const QString c = write_run(root.path(), "run-c", {100}, 0.5f);
    RunsBrowser browser;
    browser.addRoot(root.path());
    browser.setRunChecked(c, true);
    browser.setRunChecked(b, true);
    browser.showSideBySide();
    RunsSideBySide* side_by_side = browser.sideBySide();
    const QString picked_a = side_by_side->run(RunsSideBySide::A),
                  picked_b = side_by_side->run(RunsSideBySide::B);
    QVERIFY(QStringList({picked_a, picked_b}).contains(QDir(b).absolutePath()));
    QVERIFY(QStringList({picked_a, picked_b}).contains(QDir(c).absolutePath()));
    QCOMPARE(side_by_side->shownStep(RunsSideBySide::A), 100);
    QCOMPARE(side_by_side->shownStep(RunsSideBySide::B), 100);
    // A pick in the chooser sticks when the ticks change.
    auto* choice_a = side_by_side->findChild<QComboBox*>("runAChoice");
    QVERIFY(choice_a);
    choice_a->setCurrentIndex(choice_a->findText("run-a"));
    QCOMPARE(side_by_side->run(RunsSideBySide::A),
             QDir(QDir(root.path()).filePath("run-a")).absolutePath());
    browser.setRunChecked(c, false);
    browser.pollNow();
    QCOMPARE(side_by_side->run(RunsSideBySide::A),
             QDir(QDir(root.path()).filePath("run-a")).absolutePath());
  }
};

RCMAE_QTEST(TestRunsSideBySide)
#include "test_runs_side_by_side.moc"
