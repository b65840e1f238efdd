// "Try a change" (offscreen) with the real `rcmae` built next to this test: a micro parent run
// stopped at step 8 is forked by ForkProcess (steps per arm, not seconds: a fixed, fast
// amount of work) into a control and two momentum arms, each compared on the six metrics;
// the dialog refuses the run's own value (the control) and other bad values before anything
// starts, waits for the run's checkpoint at the step the window reports, forks, shows one
// card per arm (verdict word and interval in words) and adopts an arm's checkpoint; a fork
// reopened from its folder shows its cards and Escape discards it; a run folder without a
// checkpoint ends with the child's one-line error. In the window (Ctrl+Shift+T), the dialog
// pauses the training run and forks it at the step it reached; closing it resumes the run,
// adopting an arm trains on from the arm's checkpoint in the arm's folder. With
// RCMAE_SCREENSHOT_DIR set, a fork's results are saved there as try-a-change.png
// (RCMAE_SCREENSHOT_FORK: that fork folder).
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <utility>

#include "../micro_config.h"
#include "controls/control_panel.h"
#include "harness/qtest_registry.h"
#include "live_feed.h"
#include "main_window.h"
#include "plots/themed_plot.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"
#include "rcmae/session/training_session.h"
#include "runs/fork_live_differences.h"
#include "runs/fork_live_plot.h"
#include "runs/fork_process.h"
#include "runs/fork_result_cards.h"
#include "runs/try_change_dialog.h"
#include "session_spies.h"
#include "theme.h"
#include "views/log_panel.h"
#include "window_actions.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

constexpr int kProcessTimeoutMs = 240000;  // a loaded 2-core machine; usually seconds
constexpr int kStepsPerArm = 4;
const QSet<QString> kMetrics = {"teacher_rec_nmse", "student_rec_nmse", "teacher_knn",
                                "student_knn",      "teacher_probe",    "student_probe"};
const QSet<QString> kVerdicts = {"better", "worse", "can't tell"};

QString rcmae_program() {
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath("rcmae");
  return QFileInfo(beside).isExecutable() ? beside : QString();
}

ForkComparisonRow comparison_row(const QString& metric, double diff, double lo, double hi,
                                 const QString& verdict) {
  ForkComparisonRow row;
  row.arm = "a";
  row.metric = metric;
  row.diff = diff;
  row.lo = lo;
  row.hi = hi;
  row.verdict = verdict;
  return row;
}

QString run_dir_of_spy(const QSignalSpy& started) { return rcmae::testing::run_dir_of(started); }

void select_setting(TryChangeDialog& dialog, const QString& setting) {
  dialog.settingBox()->setCurrentIndex(dialog.settingBox()->findData(setting));
}

}  // namespace

class TestTryChangeDialog : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  QString program_;
  QString parent_;       // a micro run stopped at step 8, with its checkpoint
  double momentum_ = 0;  // the parent's
  QString fork_;         // the fork forkProcessComparesEveryArm made

 private Q_SLOTS:
  void initTestCase() {
    init_resources();
    apply_theme(*qApp, ThemeName::Light, 10);
    program_ = rcmae_program();
    if (program_.isEmpty()) QSKIP("rcmae is not built next to the tests");
    parent_ = dir_.filePath("parent");
    QProcess train;
    train.setProcessChannelMode(QProcess::MergedChannels);
    train.start(program_,
                {"train", "--dataset", "synthetic", "--preset",       "micro", "--img",
                 "16",    "--patch",   "4",         "--batch",        "8",     "--seed",
                 "9",     "--base-lr", "0.05",      "--steps",        "30",    "--stop-at",
                 "8",     "--threads", "1",         "--quality-bank", "200",   "--quality-queries",
                 "100",   "--quiet",   "--out",     parent_});
    QVERIFY(train.waitForFinished(kProcessTimeoutMs));
    QVERIFY2(train.exitCode() == 0, train.readAll().constData());
    QVERIFY(QFile::exists(QDir(parent_).filePath(run_files::kCheckpoint)));
    QFile config(QDir(parent_).filePath(run_files::kConfig));
    QVERIFY(config.open(QIODevice::ReadOnly));
    momentum_ = QJsonDocument::fromJson(config.readAll()).object().value("momentum").toDouble(-1);
    QVERIFY(momentum_ > 0 && momentum_ < 1);
  }

  void describeRowInWords() {
    QCOMPARE(describe_fork_row(comparison_row("teacher_rec_nmse", 0.0624, 0.057, 0.068, "worse")),
             QString("Teacher reconstructs worse by 0.062 (0.057 – 0.068): resolved"));
    QCOMPARE(describe_fork_row(comparison_row("teacher_knn", -0.0065000000000000613,
                                              -0.021499999999999964, 0.008000000000000007,
                                              "can't tell")),
             QString("Teacher kNN accuracy: can't tell (−0.7 points, −2.2 to +0.8)"));
    QCOMPARE(
        describe_fork_row(comparison_row("student_probe", 0.012, 0.004, 0.02, "better")),
        QString("Student linear-probe accuracy is better by 1.2 points (0.4 – 2.0): resolved"));
    QCOMPARE(describe_fork_row(comparison_row("student_rec_nmse", -0.05, -0.06, -0.04, "better")),
             QString("Student reconstructs better by 0.050 (0.040 – 0.060): resolved"));
  }

  void forkProcessComparesEveryArm() {
    ForkProcess fork;
    fork.setProgram(program_);
    fork.setStepsPerArm(kStepsPerArm);
    QSignalSpy progress(&fork, &ForkProcess::progress);
    QSignalSpy finished(&fork, &ForkProcess::finished);
    fork_ = dir_.filePath("fork");
    QString error;
    QVERIFY2(fork.start(parent_, "momentum", {0.5, 0.9}, 0, fork_, &error), qPrintable(error));
    QVERIFY(fork.isRunning());
    QVERIFY(!fork.start(parent_, "momentum", {0.5}, 0, fork_ + "-again", &error));
    QVERIFY(finished.wait(kProcessTimeoutMs));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(!fork.isRunning());
    QCOMPARE(fork.arms(), QStringList({"control", "momentum-0.5", "momentum-0.9"}));
    QVERIFY(!progress.isEmpty());
    const QList<QVariant> last = progress.last();
    QCOMPARE(last.at(1).toLongLong(), qint64(3 * kStepsPerArm));
    QCOMPARE(last.at(0).toLongLong(), last.at(1).toLongLong());
    QVERIFY2(last.at(2).toString().startsWith("arm 3 of 3 (momentum-0.9)"),
             qPrintable(last.at(2).toString()));

    for (const QString arm : {"momentum-0.5", "momentum-0.9"}) {
      QSet<QString> metrics;
      for (const ForkComparisonRow& row : fork.rows()) {
        if (row.arm != arm) continue;
        metrics << row.metric;
        QVERIFY2(kVerdicts.contains(row.verdict), qPrintable(row.verdict));
        QVERIFY(std::isfinite(row.diff) && std::isfinite(row.lo) && std::isfinite(row.hi));
        QVERIFY2(row.lo <= row.hi, qPrintable(row.metric));
        QVERIFY(qAbs(row.value - row.control - row.diff) < 1e-9);
      }
      QCOMPARE(metrics, kMetrics);
    }
    QCOMPARE(fork.rows().size(), 2 * kMetrics.size());
    QVERIFY(fork.failedArms().isEmpty());
  }

  void theCurrentValueAndBadValuesAreRefused() {
    TryChangeDialog dialog(parent_);
    dialog.forkProcess()->setProgram(program_);
    int prepared = 0;
    dialog.setPreparation([&] { ++prepared; }, [] { return qint64(8); });
    QCOMPARE(dialog.currentValue("momentum"), momentum_);
    select_setting(dialog, "momentum");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Enter starts: here the check refuses, and nothing is prepared or started.
    dialog.valuesEdit()->setText("0.5, " + ForkProcess::valueText(momentum_));
    dialog.valuesEdit()->setFocus();
    QTest::keyClick(dialog.valuesEdit(), Qt::Key_Return);
    QVERIFY2(dialog.problemText().contains("current momentum") &&
                 dialog.problemText().contains("control"),
             qPrintable(dialog.problemText()));
    QVERIFY(!dialog.start());
    QCOMPARE(prepared, 0);
    QVERIFY(!dialog.isRunning());
    QVERIFY(!dialog.forkProcess()->isRunning());
    QVERIFY(!QFileInfo::exists(QDir(parent_).filePath("forks")));

    for (const auto& [text, expected] : {std::pair<QString, QString>{"0.5, abc", "not a number"},
                                         {"0.1 0.2 0.3 0.4", "At most 3"},
                                         {"0.9 0.9", "given twice"},
                                         {"1.5", "between 0 and 1"},
                                         {"", "Type one to three values"}}) {
      dialog.valuesEdit()->setText(text);
      QVERIFY(!dialog.start());
      QVERIFY2(dialog.problemText().contains(expected), qPrintable(dialog.problemText()));
    }
    select_setting(dialog, "mask-ratio");
    dialog.valuesEdit()->setText(ForkProcess::valueText(dialog.currentValue("mask-ratio")));
    QVERIFY(!dialog.start());
    QVERIFY2(dialog.problemText().contains("current mask ratio"), qPrintable(dialog.problemText()));
    QCOMPARE(prepared, 0);

    // Every control is on the Tab chain.
    QSet<QWidget*> chain;
    for (QWidget* w = dialog.nextInFocusChain(); w != &dialog; w = w->nextInFocusChain())
      if (w->focusPolicy() & Qt::TabFocus) chain << w;
    for (QWidget* control :
         {static_cast<QWidget*>(dialog.settingBox()), static_cast<QWidget*>(dialog.valuesEdit()),
          static_cast<QWidget*>(dialog.secondsBox()), static_cast<QWidget*>(dialog.startButton()),
          static_cast<QWidget*>(dialog.adoptBox()), static_cast<QWidget*>(dialog.adoptButton()),
          static_cast<QWidget*>(dialog.discardButton())})
      QVERIFY2(chain.contains(control), control->metaObject()->className());
  }

  void aRunWithoutStepsIsNotForked() {
    TryChangeDialog dialog(parent_);
    dialog.setPreparation([] {}, [] { return qint64(0); });
    QSignalSpy ended(&dialog, &TryChangeDialog::forkEnded);
    dialog.valuesEdit()->setText("0.5");
    QVERIFY(dialog.start());
    QCOMPARE(ended.count(), 1);
    QVERIFY(!ended.first().at(0).toBool());
    QVERIFY2(dialog.problemText().contains("not trained a step"), qPrintable(dialog.problemText()));
    QVERIFY(!dialog.isRunning());
  }

  void theDialogForksShowsCardsAndAdopts() {
    TryChangeDialog dialog(parent_);
    dialog.forkProcess()->setProgram(program_);
    dialog.forkProcess()->setStepsPerArm(3);
    int prepared = 0;
    // The window reports step 8: the parent's checkpoint line in events.jsonl.
    dialog.setPreparation([&] { ++prepared; }, [] { return qint64(8); });
    select_setting(dialog, "momentum");
    dialog.valuesEdit()->setText("0.5");
    QSignalSpy ended(&dialog, &TryChangeDialog::forkEnded);
    QSignalSpy adopted(&dialog, &TryChangeDialog::adoptRequested);
    QSignalSpy discarded(&dialog, &TryChangeDialog::discarded);
    QVERIFY(dialog.start());
    QCOMPARE(prepared, 1);
    QVERIFY(dialog.isRunning());
    QVERIFY(!dialog.adoptButton()->isEnabled());
    QVERIFY(ended.wait(kProcessTimeoutMs));
    QVERIFY2(ended.first().at(0).toBool(), qPrintable(ended.first().at(1).toString()));
    QVERIFY(!dialog.isRunning());
    QVERIFY2(dialog.forkDir().startsWith(QDir(parent_).filePath("forks/try-")),
             qPrintable(dialog.forkDir()));

    QCOMPARE(dialog.cardTexts().size(), 1);
    const QString card = dialog.cardTexts().first();
    QVERIFY2(card.startsWith("momentum 0.5 vs " + ForkProcess::valueText(momentum_)),
             qPrintable(card));
    QVector<ForkComparisonRow> rows;
    QStringList failed;
    QVERIFY(read_fork_comparison(dialog.forkDir(), &rows, &failed));
    QCOMPARE(rows.size(), kMetrics.size());
    for (const ForkComparisonRow& row : rows) {
      const QString line = describe_fork_row(row);
      QVERIFY2(card.contains(line), qPrintable(card + "\n-- lacks --\n" + line));
      QVERIFY2(line.contains(row.verdict), qPrintable(line));
      QVERIFY2(line.contains(" – ") || line.contains(" to "), qPrintable(line));  // the interval
    }

    // While it trained, the arm's difference from the control was drawn at every step (3 steps:
    // a stride of 1) from the fork, where both are the same state (0, interval [0, 0]), to
    // the end, where the point is the card's teacher row: the same items, the same statistics.
    const ForkLivePlot* live = dialog.livePlot();
    QVERIFY(!live->isHidden());
    QCOMPARE(live->differences().metric(), QString("teacher_rec_nmse"));
    const QVector<ForkLivePoint> points = live->differences().points("momentum-0.5");
    QCOMPARE(points.size(), 4);
    for (int i = 0; i < points.size(); ++i) QCOMPARE(points[i].steps_after_fork, qint64(i));
    QCOMPARE(points.first().diff, 0.0);
    QCOMPARE(points.first().lo, 0.0);
    QCOMPARE(points.first().hi, 0.0);
    QCOMPARE(points.first().verdict, QString("can't tell"));
    for (const ForkComparisonRow& row : rows)
      if (row.metric == "teacher_rec_nmse") {
        QCOMPARE(points.last().diff, row.diff);
        QCOMPARE(points.last().lo, row.lo);
        QCOMPARE(points.last().hi, row.hi);
        QCOMPARE(points.last().verdict, row.verdict);
      }
    QVERIFY2(live->summaryText().startsWith("After 3 steps:\nmomentum-0.5: reconstructs ") ||
                 live->summaryText().startsWith("After 3 steps:\nmomentum-0.5: reconstruction "
                                                "error: can't tell yet"),
             qPrintable(live->summaryText()));
    QCOMPARE(live->plot()->graphCount(), 3);  // the band's two edges and its middle

    QVERIFY(dialog.adoptButton()->isEnabled());
    QCOMPARE(dialog.adoptBox()->currentData().toString(), QString("momentum-0.5"));
    dialog.adoptButton()->click();
    QCOMPARE(adopted.count(), 1);
    const QString checkpoint = adopted.first().at(0).toString();
    QCOMPARE(checkpoint,
             QDir(dialog.forkDir()).filePath(QString("momentum-0.5/") + run_files::kCheckpoint));
    QVERIFY(QFileInfo::exists(checkpoint));
    QCOMPARE(discarded.count(), 0);
  }

  // Hand-made step files: a point only where both sides kept items, a shift of 0.4 on every
  // image's error (denominators 2) is a difference of exactly 0.2 with a zero-width interval,
  // and a step is computed again when another replicate reaches it.
  void liveDifferencesPairTheStepsBothSidesKept() {
    QTemporaryDir fork;
    QFile plan(fork.filePath(run_files::kForkPlan));
    QVERIFY(plan.open(QIODevice::WriteOnly));
    plan.write(R"({"parent": "p", "parent_step": 10, "steps": 4, "repeats": 2, "arms": [
                   {"name": "control", "settings": {}},
                   {"name": "a", "settings": {"momentum": 0.5}}]})");
    plan.close();
    auto items = [](double shift) {
      return std::vector<run::MetricItems>{
          {"teacher_rec_nmse", {1 + shift, 2 + shift, 3 + shift, 4 + shift}, {2, 2, 2, 2}},
          {"student_rec_nmse", {1, 1, 1, 1}, {1, 1, 1, 1}}};
    };
    auto keep = [&](const QString& folder, int64_t step, double shift) {
      run::write_step_items(fork.filePath(folder).toStdString(), step, items(shift));
    };
    keep("r1/control", 10, 0);
    keep("r1/a", 10, 0);
    keep("r1/control", 12, 0);
    keep("r1/a", 12, 0.4);
    keep("r1/a", 14, 0.8);  // the control has not reached step 14 yet
    ForkLiveDifferences live;
    QVERIFY(live.update(fork.path()));
    QCOMPARE(live.arms(), QStringList({"a"}));
    QCOMPARE(live.metric(), QString("teacher_rec_nmse"));
    QVector<ForkLivePoint> points = live.points("a");
    QCOMPARE(points.size(), 2);
    QCOMPARE(points[0].steps_after_fork, qint64(0));
    QCOMPARE(points[0].diff, 0.0);
    QCOMPARE(points[1].steps_after_fork, qint64(2));
    QVERIFY(qAbs(points[1].diff - 0.2) < 1e-12);
    QVERIFY(qAbs(points[1].lo - 0.2) < 1e-12 && qAbs(points[1].hi - 0.2) < 1e-12);
    QCOMPARE(points[1].verdict, QString("worse"));
    QCOMPARE(points[1].replicates, 1);
    QVERIFY(!live.update(fork.path()));  // nothing new

    keep("r2/control", 12, 0);
    keep("r2/a", 12, 0.4);
    QVERIFY(live.update(fork.path()));
    points = live.points("a");
    QCOMPARE(points.size(), 2);
    QCOMPARE(points[1].replicates, 2);
    QVERIFY(qAbs(points[1].diff - 0.2) < 1e-12);
    keep("r1/control", 14, 0);
    QVERIFY(live.update(fork.path()));
    QCOMPARE(live.points("a").size(), 3);
    QVERIFY(qAbs(live.points("a").last().diff - 0.4) < 1e-12);
  }

  void aForkReopensFromItsFolderAndEscapeDiscards() {
    if (fork_.isEmpty()) QSKIP("needs forkProcessComparesEveryArm");
    TryChangeDialog dialog(parent_);
    QVERIFY(dialog.showResults(fork_));
    QCOMPARE(dialog.cardTexts().size(), 2);
    QCOMPARE(dialog.settingBox()->currentData().toString(), QString("momentum"));
    QCOMPARE(dialog.valuesEdit()->text(), QString("0.5, 0.9"));
    QCOMPARE(dialog.adoptBox()->count(), 3);  // both arms and the control
    QCOMPARE(dialog.adoptBox()->itemData(2).toString(), QString("control"));
    QCOMPARE(dialog.discardButton()->text(), QString("&Discard"));
    QSignalSpy discarded(&dialog, &TryChangeDialog::discarded);
    QSignalSpy adopted(&dialog, &TryChangeDialog::adoptRequested);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(discarded.count(), 1);
    QCOMPARE(adopted.count(), 0);
    QVERIFY(!dialog.isVisible());
  }

  void aFailingChildSaysWhyInOneLine() {
    const QString empty = dir_.filePath("no-checkpoint");
    QVERIFY(QDir().mkpath(empty));
    ForkProcess fork;
    fork.setProgram(program_);
    fork.setStepsPerArm(2);
    QSignalSpy finished(&fork, &ForkProcess::finished);
    QVERIFY(fork.start(empty, "momentum", {0.9}, 0, dir_.filePath("no-fork")));
    QVERIFY(finished.wait(kProcessTimeoutMs));
    QVERIFY(!finished.first().at(0).toBool());
    const QString message = finished.first().at(1).toString();
    QVERIFY2(message.contains("no checkpoint.ckpt"), qPrintable(message));
    QVERIFY2(!message.contains('\n'), qPrintable(message));
    QVERIFY(fork.rows().isEmpty());
  }

  void theWindowPausesForksAndAdopts() {
    MainWindow window(nullptr);
    window.setRunsRoot(dir_.filePath("window-runs"));
    QAction* action = nullptr;
    for (QAction* a : window.actions()) {
      if (a->text() == "Try a change…") action = a;
      if (a->text() != "Try a change…")
        QVERIFY2(a->shortcut() != QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                 qPrintable(a->text()));
    }
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    QVERIFY(!action->isEnabled());  // no run yet

    TrainConfig config = rcmae::testing::micro_train_config(1);
    config.steps = 100000;
    config.threads = 1;
    config.quality_bank = 200;  // the arms' final measurement: small and quick
    config.quality_queries = 100;
    window.controls()->setConfig(config);
    session::TrainingSession& session = *window.session();
    QSignalSpy started(&session, &session::TrainingSession::runStarted);
    window.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(
        !window.feed()->history().empty() && window.feed()->history().last().step >= 5,
        rcmae::testing::kSessionTimeoutMs);
    QVERIFY(action->isEnabled());

    // Closing the dialog once it paused the run resumes it.
    action->trigger();
    TryChangeDialog* dialog = window.tryChangeDialog();
    QVERIFY(dialog);
    dialog->forkProcess()->setProgram(program_);
    dialog->forkProcess()->setStepsPerArm(3);
    dialog->valuesEdit()->setText("0.5");
    QVERIFY(dialog->start());
    QCOMPARE(session.state(), session::SessionState::Paused);
    dialog->reject();
    QCOMPARE(session.state(), session::SessionState::Running);
    QTRY_VERIFY(!window.tryChangeDialog());  // deleted on close

    action->trigger();
    dialog = window.tryChangeDialog();
    QVERIFY(dialog);
    dialog->forkProcess()->setProgram(program_);
    dialog->forkProcess()->setStepsPerArm(3);
    dialog->valuesEdit()->setText("0.5");
    QSignalSpy ended(dialog, &TryChangeDialog::forkEnded);
    QVERIFY(dialog->start());
    QVERIFY(ended.wait(kProcessTimeoutMs));
    QVERIFY2(ended.first().at(0).toBool(), qPrintable(ended.first().at(1).toString()));
    QCOMPARE(session.state(), session::SessionState::Paused);  // waits for the answer
    const QString fork = dialog->forkDir();
    QVERIFY2(fork.startsWith(QDir(run_dir_of_spy(started)).filePath("forks/try-")),
             qPrintable(fork));
    ForkPlanInfo plan;
    QVERIFY(read_fork_plan(fork, &plan));
    QCOMPARE(plan.parent_step, qint64(window.feed()->history().last().step));

    const int runs_before = started.count();
    dialog->adoptButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), runs_before + 1, rcmae::testing::kSessionTimeoutMs);
    const auto info = started.last().at(0).value<session::RunInfo>();
    QCOMPARE(QDir(info.run_dir).absolutePath(), QDir(fork).filePath("momentum-0.5"));
    QCOMPARE(info.resumed_step, plan.parent_step + 3);
    QCOMPARE(session.state(), session::SessionState::Running);  // it was running before
    QVERIFY2(window.logPanel()->plainText().contains("Adopted arm momentum-0.5 from fork"),
             qPrintable(window.logPanel()->plainText()));
    session.stop();
  }

  void screenshot() {
    const QString out = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (out.isEmpty()) QSKIP("set RCMAE_SCREENSHOT_DIR to save the dialog as a PNG");
    const QString fork = qEnvironmentVariable("RCMAE_SCREENSHOT_FORK", fork_);
    ForkPlanInfo plan;
    QVERIFY(read_fork_plan(fork, &plan));
    TryChangeDialog dialog(QFileInfo::exists(plan.parent) ? plan.parent : parent_);
    QVERIFY2(dialog.showResults(fork), qPrintable(dialog.problemText()));
    // RCMAE_SCREENSHOT_PIXELS: the presentation stage's text size (18 or 24).
    dialog.setTextPixelSize(qEnvironmentVariableIntValue("RCMAE_SCREENSHOT_PIXELS"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Tall enough that no card scrolls (the offscreen screen is small).
    auto* scroll = dialog.findChild<QScrollArea*>();
    QVERIFY(scroll && scroll->widget());
    const int hidden = scroll->widget()->sizeHint().height() - scroll->viewport()->height();
    if (hidden > 0) dialog.resize(dialog.width(), dialog.height() + hidden);
    QTest::qWait(100);
    QVERIFY(dialog.grab().save(out + "/try-a-change.png"));
  }
};

RCMAE_QTEST(TestTryChangeDialog)
#include "test_try_change_dialog.moc"
