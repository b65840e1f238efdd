#include "runs/compare_runner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>

#include "rcmae/run/run_files.h"
#include "runs/child_process.h"
#include "runs/train_config_file.h"

namespace rcmae::ui {
namespace {
constexpr int kOutputTailBytes = 4000;  // enough for the error message of a failed run
constexpr int kKnnEvaluations = 5;
}  // namespace

CompareRunner::CompareRunner(QObject* parent) : QObject(parent), program_(defaultProgram()) {
  poll_.setInterval(500);
  connect(&poll_, &QTimer::timeout, this, &CompareRunner::reportProgress);
}

CompareRunner::~CompareRunner() { end_child_process(process_, this); }

QString CompareRunner::defaultProgram() {
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath("rcmae");
  if (QFileInfo(beside).isExecutable()) return beside;
  return QStandardPaths::findExecutable("rcmae");
}

QVector<TrainConfig> CompareRunner::comparisonConfigs(const TrainConfig& base) {
  TrainConfig mae = base;
  mae.mode = TeacherMode::Mae;
  if (mae.knn_every <= 0) mae.knn_every = int(std::max<int64_t>(1, base.steps / kKnnEvaluations));
  TrainConfig rcmae = mae;
  rcmae.mode = base.mode == TeacherMode::RcMaeD ? TeacherMode::RcMaeD : TeacherMode::RcMae;
  return {mae, rcmae};
}

QStringList CompareRunner::folders() const {
  QStringList out;
  for (const Job& job : jobs_) out << job.folder;
  return out;
}

bool CompareRunner::start(const TrainConfig& base, const QString& out_root, QString* error) {
  if (isRunning()) {
    if (error) *error = "a comparison is already running";
    return false;
  }
  if (program_.isEmpty() || !QFileInfo(program_).isExecutable()) {
    if (error)
      *error = "the rcmae command-line program was not found next to the workbench or on PATH";
    return false;
  }
  if (!QDir().mkpath(out_root)) {
    if (error) *error = out_root + ": cannot create the folder";
    return false;
  }
  const QString stem = "compare-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
  jobs_.clear();
  for (const TrainConfig& config : comparisonConfigs(base)) {
    const QString label = QString::fromStdString(to_string(config.mode));
    jobs_.push_back({label, config, QDir(out_root).filePath(stem + "-" + label)});
  }
  startJob(0);
  return true;
}

void CompareRunner::startJob(int index) {
  current_ = index;
  const Job& job = jobs_[index];
  config_file_ = std::make_unique<TrainConfigFile>(job.config);
  if (!config_file_->ok()) {
    finish(false, config_file_->error());
    return;
  }
  output_tail_.clear();
  metrics_ = run::CsvTail(QDir(job.folder).filePath(run_files::kMetrics).toStdString());
  metrics_.keep_only({"step"});
  process_ = new QProcess(this);
  process_->setProcessChannelMode(QProcess::MergedChannels);
  connect(process_, &QProcess::readyRead, this, [this] {
    output_tail_ += process_->readAll();
    if (output_tail_.size() > kOutputTailBytes) output_tail_ = output_tail_.right(kOutputTailBytes);
  });
  connect(process_, &QProcess::finished, this, &CompareRunner::onProcessFinished);
  connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart) finish(false, program_ + ": " + process_->errorString());
  });
  process_->start(program_, QStringList{"train"} << config_file_->arguments() << "--out"
                                                 << job.folder << "--quiet");
  poll_.start();
  Q_EMIT runStarted(job.folder);
  reportProgress();
}

void CompareRunner::onProcessFinished(int exit_code, QProcess::ExitStatus status) {
  if (current_ < 0) return;
  reportProgress();
  if (status != QProcess::NormalExit || exit_code != 0) {
    const QString output = QString::fromUtf8(output_tail_).trimmed();
    finish(false, QString("%1 run failed (exit code %2)%3")
                      .arg(jobs_[current_].label)
                      .arg(exit_code)
                      .arg(output.isEmpty() ? QString() : ": " + output.section('\n', -3)));
    return;
  }
  process_->deleteLater();
  process_ = nullptr;
  if (current_ + 1 < jobs_.size()) {
    startJob(current_ + 1);
  } else {
    finish(true, "both runs finished");
  }
}

void CompareRunner::reportProgress() {
  if (current_ < 0) return;
  metrics_.poll();
  qint64 done = 0, total = 0;
  for (int i = 0; i < jobs_.size(); ++i) {
    total += jobs_[i].config.steps;
    if (i < current_) done += jobs_[i].config.steps;
  }
  done += metrics_.row_count();
  Q_EMIT progress(done, total,
                  QString("%1: step %2 of %3")
                      .arg(jobs_[current_].label)
                      .arg(metrics_.row_count())
                      .arg(jobs_[current_].config.steps));
}

void CompareRunner::cancel() {
  if (!isRunning()) return;
  reportProgress();  // the steps the cancelled run got to
  finish(false, "cancelled");
}

void CompareRunner::finish(bool ok, const QString& message) {
  poll_.stop();
  current_ = -1;
  end_child_process(process_, this);
  Q_EMIT finished(ok, message);
}

}  // namespace rcmae::ui
