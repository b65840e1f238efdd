#pragma once
// "Compare MAE vs RC-MAE": the same configuration trained twice, once without a teacher and
// once with the EMA teacher, on the same data, seed and step budget. The two runs are
// `rcmae train` child processes started one after the other (a 2-core machine gains
// nothing from running them side by side), each into its own run folder, so the runs
// browser can overlay them live while they train and after.
#include <QObject>
#include <QProcess>
#include <QTimer>
#include <memory>

#include "rcmae/run/csv_tail.h"
#include "rcmae/train/train_config.h"
#include "runs/train_config_file.h"

namespace rcmae::ui {

class CompareRunner : public QObject {
  Q_OBJECT

 public:
  explicit CompareRunner(QObject* parent = nullptr);
  ~CompareRunner() override;

  // The `rcmae` executable next to the running one, or on PATH.
  static QString defaultProgram();
  void setProgram(const QString& program) { program_ = program; }

  // The two configurations: `base` with mode MAE, and with an EMA teacher (RC-MAE-S, or
  // RC-MAE-D if that is what `base` asks for). kNN is turned on (5 evaluations) if off:
  // it is the number the comparison is about.
  static QVector<TrainConfig> comparisonConfigs(const TrainConfig& base);

  // Starts the MAE run into <out_root>/compare-<time>-mae, then the RC-MAE one. Returns
  // false (and says why in `error`) if it cannot start; a failure later comes as finished().
  bool start(const TrainConfig& base, const QString& out_root, QString* error = nullptr);
  void cancel();
  bool isRunning() const { return current_ >= 0; }
  QStringList folders() const;

 Q_SIGNALS:
  void runStarted(const QString& folder);
  // Steps done of both runs together, out of both budgets.
  void progress(qint64 done, qint64 total, const QString& text);
  void finished(bool ok, const QString& message);

 private:
  struct Job {
    QString label;
    TrainConfig config;
    QString folder;
  };
  void startJob(int index);
  void onProcessFinished(int exit_code, QProcess::ExitStatus status);
  void reportProgress();
  void finish(bool ok, const QString& message);

  QString program_;
  QVector<Job> jobs_;
  int current_ = -1;
  QProcess* process_ = nullptr;
  std::unique_ptr<TrainConfigFile> config_file_;  // the running child's --config
  QByteArray output_tail_;
  run::CsvTail metrics_;
  QTimer poll_;
};

}  // namespace rcmae::ui
