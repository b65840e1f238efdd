#pragma once
// "Try a change" runs `rcmae fork` as a child process: the window's run continued from its
// checkpoint as a control arm (its own settings) and one arm per value tried, all on the
// same random numbers (rcmae/fork/fork_runner.h). Progress comes from the fork folder the
// child writes: fork.json (the arms and their steps) and each arm's metrics.csv, read every
// 500 ms; the result is the folder's comparison.json, one row per arm and metric.
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <vector>

#include "rcmae/run/csv_tail.h"

namespace rcmae::ui {

// One row of comparison.json: an arm against the control on one metric. diff = value -
// control (accuracies as fractions, not points); [lo, hi] its 95 % interval; verdict
// "better", "worse" or "can't tell".
struct ForkComparisonRow {
  QString arm;
  QString metric;
  double control = 0;
  double value = 0;
  double diff = 0;
  double lo = 0;
  double hi = 0;
  QString verdict;
  int replicates = 1;
  int items = 0;
  QString method;
};

// fork.json: the plan `rcmae fork` wrote before training its arms.
struct ForkPlanInfo {
  struct Arm {
    QString name;
    QVector<QPair<QString, QString>> settings;  // ("momentum", "0.999"): as the arm was given
  };
  QString parent;  // the run folder forked
  qint64 parent_step = 0;
  qint64 steps = 0;  // each arm's, after the fork
  int repeats = 1;
  int processes = 1;  // arms trained at once
  QVector<Arm> arms;  // control first
};
bool read_fork_plan(const QString& fork_dir, ForkPlanInfo* plan, QString* error = nullptr);
// An arm's run folder in each replicate of a fork: FORK/ARM, or FORK/r1/ARM ... FORK/rR/ARM
// when the fork has several; fork_arm_folder is the first.
QStringList fork_arm_folders(const QString& fork_dir, const ForkPlanInfo& plan, const QString& arm);
QString fork_arm_folder(const QString& fork_dir, const ForkPlanInfo& plan, const QString& arm);

// comparison.json's rows, the arms that failed ("ARM (replicate K): why") and the fork's
// wall-clock seconds. False, with the reason in `error`, when the file is missing or not a
// comparison.
bool read_fork_comparison(const QString& fork_dir, QVector<ForkComparisonRow>* rows,
                          QStringList* failed, QString* error = nullptr, double* wall_s = nullptr);

// "45 s", "1 min 05 s" (no-break spaces: one line).
QString fork_duration_text(double seconds);

class ForkProcess : public QObject {
  Q_OBJECT

 public:
  explicit ForkProcess(QObject* parent = nullptr);
  ~ForkProcess() override;  // kills a child still running

  void setProgram(const QString& program) { program_ = program; }
  QString program() const { return program_; }
  // Steps per arm instead of seconds (tests: a fixed, fast amount of work); 0: seconds.
  void setStepsPerArm(int steps) { steps_per_arm_ = steps; }
  int stepsPerArm() const { return steps_per_arm_; }

  // The arm that tries `value` of `setting` ("momentum", 0.999 -> "momentum-0.999").
  static QString armName(const QString& setting, double value);
  // A value as the arm's setting is written: the shortest text that reads back the same.
  static QString valueText(double value);

  // Starts `rcmae fork RUN_DIR --arm NAME:SETTING=VALUE ... --time-budget S --out OUT_DIR
  // --quiet`. False (and why in `error`) when it cannot start: already running, no program,
  // no values or a value given twice. A failure later arrives as finished(false, ...).
  bool start(const QString& run_dir, const QString& setting, const QVector<double>& values,
             double seconds_per_arm, const QString& out_dir, QString* error = nullptr);
  // Kills the child; finished(false, "cancelled") follows.
  void cancel();
  bool isRunning() const { return process_ != nullptr; }

  QString outDir() const { return out_dir_; }
  QStringList arms() const;  // control first, as fork.json lists them (empty before)
  // After finished(true, ...): comparison.json's rows, and the arms that failed.
  const QVector<ForkComparisonRow>& rows() const { return rows_; }
  const QStringList& failedArms() const { return failed_; }

 Q_SIGNALS:
  // Steps done over all arms, out of all; text such as "arm 2 of 3 (momentum-0.999) · about
  // 1 min 10 s left".
  void progress(qint64 done, qint64 total, const QString& text);
  // ok: comparison.json was written and read. Otherwise `message` says why: the child's
  // one-line error, "cancelled", or that it could not start.
  void finished(bool ok, const QString& message);

 private:
  struct Arm {
    QString name;
    run::CsvTail metrics;
    bool measured = false;  // paired_items.csv is there: the arm is done
  };
  void readPlan();
  void reportProgress();
  void onProcessFinished(int exit_code, QProcess::ExitStatus status);
  void finish(bool ok, const QString& message);
  QString lastErrorLine() const;

  QString program_;
  int steps_per_arm_ = 0;
  QProcess* process_ = nullptr;
  QString out_dir_;
  QByteArray stderr_tail_;
  QTimer poll_;
  QElapsedTimer clock_;
  QString activeArmsText(const QVector<int>& active) const;
  std::vector<Arm> arms_;
  qint64 steps_ = 0;   // per arm, from fork.json
  int processes_ = 1;  // arms trained at once, from fork.json
  int arms_measured_ = 0;
  double measured_at_s_ = 0;  // when the last arm finished measuring
  QVector<ForkComparisonRow> rows_;
  QStringList failed_;
};

}  // namespace rcmae::ui

Q_DECLARE_METATYPE(rcmae::ui::ForkComparisonRow)
