#include "runs/fork_process.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

#include "local_path.h"
#include "rcmae/run/fork_plan_file.h"
#include "rcmae/run/run_files.h"
#include "runs/child_process.h"
#include "runs/compare_runner.h"
#include "runs/json_file.h"

namespace rcmae::ui {
namespace {

constexpr int kForkPollMs = 500;
constexpr int kStderrTailBytes = 8000;  // the error line, and the log lines before it

// No-break spaces keep "1 min 05 s" on one line.
QString duration_text(double seconds) {
  const auto s = std::max<qint64>(1, qint64(std::llround(seconds)));
  QString text = s < 60 ? QString("%1 s").arg(s)
                        : QString("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
  return text.replace(' ', QChar::Nbsp);
}

}  // namespace

bool read_fork_plan(const QString& fork_dir, ForkPlanInfo* plan, QString* error) {
  run::ForkPlanFile file;
  try {
    file = run::read_fork_plan_file(local_path(fork_dir));
  } catch (const std::exception& problem) {
    if (error) *error = QString::fromLocal8Bit(problem.what());
    return false;
  }
  ForkPlanInfo out;
  out.parent = QString::fromStdString(file.parent);
  out.parent_step = file.parent_step;
  out.steps = file.steps;
  out.repeats = file.repeats;
  out.processes = file.processes;
  for (const run::ForkPlanFile::Arm& planned : file.arms) {
    ForkPlanInfo::Arm arm;
    arm.name = QString::fromStdString(planned.name);
    for (const auto& [key, value] : planned.settings)
      arm.settings.push_back({QString::fromStdString(key), QString::fromStdString(value)});
    out.arms.push_back(arm);
  }
  if (plan) *plan = out;
  return true;
}

QStringList fork_arm_folders(const QString& fork_dir, const ForkPlanInfo& plan,
                             const QString& arm) {
  const QDir fork(fork_dir);
  if (plan.repeats <= 1) return {fork.filePath(arm)};
  QStringList folders;
  for (int r = 1; r <= plan.repeats; ++r)
    folders << fork.filePath(QString("r%1/%2").arg(r).arg(arm));
  return folders;
}

QString fork_arm_folder(const QString& fork_dir, const ForkPlanInfo& plan, const QString& arm) {
  return fork_arm_folders(fork_dir, plan, arm).front();
}

bool read_fork_comparison(const QString& fork_dir, QVector<ForkComparisonRow>* rows,
                          QStringList* failed, QString* error, double* wall_s) {
  const QJsonObject json = read_json_object(QDir(fork_dir).filePath(run_files::kComparison), error);
  if (json.isEmpty()) return false;
  if (!json.value("metrics").isArray()) {
    if (error) *error = QString("%1 has no \"metrics\" list").arg(run_files::kComparison);
    return false;
  }
  QVector<ForkComparisonRow> out;
  for (const QJsonValue& value : json.value("metrics").toArray()) {
    const QJsonObject o = value.toObject();
    ForkComparisonRow row;
    row.arm = o.value("arm").toString();
    row.metric = o.value("metric").toString();
    row.control = o.value("control").toDouble(NAN);
    row.value = o.value("value").toDouble(NAN);
    row.diff = o.value("diff").toDouble(NAN);
    const QJsonArray ci = o.value("ci95").toArray();
    row.lo = ci.size() == 2 ? ci.at(0).toDouble(NAN) : NAN;
    row.hi = ci.size() == 2 ? ci.at(1).toDouble(NAN) : NAN;
    row.verdict = o.value("verdict").toString();
    row.replicates = o.value("replicates").toInt(1);
    row.items = o.value("items").toInt(0);
    row.method = o.value("method").toString();
    if (!row.arm.isEmpty() && !row.metric.isEmpty()) out.push_back(row);
  }
  if (rows) *rows = out;
  if (wall_s) *wall_s = json.value("wall_s").toDouble(NAN);
  if (failed) {
    failed->clear();
    for (const QJsonValue& value : json.value("failed").toArray()) *failed << value.toString();
  }
  return true;
}

QString fork_duration_text(double seconds) { return duration_text(seconds); }

ForkProcess::ForkProcess(QObject* parent)
    : QObject(parent), program_(CompareRunner::defaultProgram()) {
  poll_.setInterval(kForkPollMs);
  connect(&poll_, &QTimer::timeout, this, &ForkProcess::reportProgress);
}

ForkProcess::~ForkProcess() { end_child_process(process_, this); }

QString ForkProcess::valueText(double value) {
  for (int digits = 1; digits <= 17; ++digits) {
    const QString text = QString::number(value, 'g', digits);
    if (text.toDouble() == value) return text;
  }
  return QString::number(value, 'g', 17);
}

QString ForkProcess::armName(const QString& setting, double value) {
  return setting + "-" + valueText(value);
}

QStringList ForkProcess::arms() const {
  QStringList names;
  for (const Arm& arm : arms_) names << arm.name;
  return names;
}

bool ForkProcess::start(const QString& run_dir, const QString& setting,
                        const QVector<double>& values, double seconds_per_arm,
                        const QString& out_dir, QString* error) {
  auto refuse = [error](const QString& why) {
    if (error) *error = why;
    return false;
  };
  if (isRunning()) return refuse("a fork is already running");
  if (program_.isEmpty() || !QFileInfo(program_).isExecutable())
    return refuse("the rcmae command-line program was not found next to the workbench or on PATH");
  if (values.isEmpty()) return refuse("give at least one value to try");
  if (steps_per_arm_ <= 0 && !(seconds_per_arm > 0))
    return refuse("the time per arm must be more than 0 seconds");
  QStringList args{"fork", run_dir};
  QStringList names;
  for (double value : values) {
    const QString name = armName(setting, value);
    if (names.contains(name)) return refuse(valueText(value) + " is given twice");
    names << name;
    args << "--arm" << QString("%1:%2=%3").arg(name, setting, valueText(value));
  }
  if (steps_per_arm_ > 0)
    args << "--steps" << QString::number(steps_per_arm_);
  else
    args << "--time-budget" << QString::number(seconds_per_arm, 'g', 10);
  args << "--out" << out_dir << "--quiet";

  out_dir_ = out_dir;
  arms_.clear();
  steps_ = 0;
  arms_measured_ = 0;
  measured_at_s_ = 0;
  rows_.clear();
  failed_.clear();
  stderr_tail_.clear();
  process_ = new QProcess(this);
  process_->setStandardOutputFile(QProcess::nullDevice());  // the table: comparison.json has it
  connect(process_, &QProcess::readyReadStandardError, this, [this] {
    stderr_tail_ += process_->readAllStandardError();
    if (stderr_tail_.size() > kStderrTailBytes) stderr_tail_ = stderr_tail_.right(kStderrTailBytes);
  });
  connect(process_, &QProcess::finished, this, &ForkProcess::onProcessFinished);
  connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart) finish(false, program_ + ": " + process_->errorString());
  });
  clock_.start();
  process_->start(program_, args);
  poll_.start();
  reportProgress();
  return true;
}

void ForkProcess::readPlan() {
  if (!arms_.empty()) return;
  if (!QFileInfo::exists(QDir(out_dir_).filePath(run_files::kForkPlan))) return;
  ForkPlanInfo plan;  // written atomically: whole or not at all
  if (!read_fork_plan(out_dir_, &plan)) return;
  steps_ = plan.steps;
  processes_ = plan.processes;
  for (const ForkPlanInfo::Arm& planned : plan.arms) {
    Arm arm;
    arm.name = planned.name;
    arm.metrics =
        run::CsvTail(local_path(QDir(out_dir_).filePath(arm.name + "/" + run_files::kMetrics)));
    arm.metrics.keep_only({"step"});
    arms_.push_back(std::move(arm));
  }
}

void ForkProcess::reportProgress() {
  if (!process_) return;
  readPlan();
  if (arms_.empty() || steps_ <= 0) {
    Q_EMIT progress(0, 0, "loading the run's checkpoint…");
    return;
  }
  const double elapsed = double(clock_.elapsed()) / 1000.0;
  const qint64 total = steps_ * qint64(arms_.size());
  qint64 done = 0;
  QVector<int> active;  // arms under way: started or next, not yet measured
  for (size_t i = 0; i < arms_.size(); ++i) {
    Arm& arm = arms_[i];
    arm.metrics.poll();
    done += std::min<qint64>(arm.metrics.row_count(), steps_);
    if (!arm.measured &&
        QFileInfo::exists(QDir(out_dir_).filePath(arm.name + "/" + run_files::kPairedItems))) {
      arm.measured = true;
      ++arms_measured_;
      measured_at_s_ = elapsed;
    }
    if (!arm.measured && active.size() < processes_) active << int(i);
  }
  if (active.isEmpty()) active << int(arms_.size()) - 1;
  QString text = activeArmsText(active);
  // Once arms are done, whole rounds of arms trained side by side (training and measuring)
  // are the unit; before, steps.
  double left = -1;
  const auto rounds = [this](qint64 arms) { return (arms + processes_ - 1) / processes_; };
  if (arms_measured_ > 0) {
    const double per_round = measured_at_s_ / double(rounds(arms_measured_));
    left = per_round * double(rounds(qint64(arms_.size()) - arms_measured_)) -
           (elapsed - measured_at_s_);
  } else if (done > 0) {
    left = elapsed / double(done) * double(total - done) / double(processes_);
  }
  if (left >= 0 && arms_measured_ < int(arms_.size()))
    text += " · about " + duration_text(std::max(1.0, left)) + " left";
  Q_EMIT progress(done, total, text);
}

// "arm 2 of 4 (momentum-0.9)", or with arms side by side "arms 1–2 of 4 (control,
// momentum-0.999)", and "· measuring" while an arm has all its steps but no results yet.
QString ForkProcess::activeArmsText(const QVector<int>& active) const {
  QStringList names;
  bool measuring = false;
  for (int i : active) {
    names << arms_[size_t(i)].name;
    measuring = measuring || arms_[size_t(i)].metrics.row_count() >= steps_;
  }
  QString text = active.size() == 1
                     ? QString("arm %1 of %2").arg(active.front() + 1).arg(arms_.size())
                     : QString("arms %1–%2 of %3")
                           .arg(active.front() + 1)
                           .arg(active.back() + 1)
                           .arg(arms_.size());
  text += " (" + names.join(", ") + ")";
  if (measuring) text += " · measuring";
  return text;
}

QString ForkProcess::lastErrorLine() const {
  const QStringList lines = QString::fromUtf8(stderr_tail_).split('\n', Qt::SkipEmptyParts);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->startsWith("rcmae") && it->contains(": error: ")) return it->trimmed();
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (!it->trimmed().isEmpty()) return it->trimmed();
  return {};
}

void ForkProcess::onProcessFinished(int exit_code, QProcess::ExitStatus status) {
  if (!process_) return;
  stderr_tail_ += process_->readAllStandardError();
  reportProgress();
  // An arm that failed while training leaves the others compared (exit code 1 and a
  // comparison.json that lists it); any other failure leaves no comparison.
  QString read_error;
  const bool compared = status == QProcess::NormalExit &&
                        QFileInfo::exists(QDir(out_dir_).filePath(run_files::kComparison)) &&
                        read_fork_comparison(out_dir_, &rows_, &failed_, &read_error) &&
                        !rows_.isEmpty();
  if (compared) {
    finish(true,
           failed_.isEmpty()
               ? QString("%1 arm(s) compared with the control").arg(qMax(0, int(arms_.size()) - 1))
               : "failed: " + failed_.join("; "));
    return;
  }
  QString message = lastErrorLine();
  if (message.isEmpty())
    message = status == QProcess::NormalExit
                  ? QString("rcmae fork stopped with exit code %1").arg(exit_code)
                  : QString("rcmae fork crashed");
  if (!read_error.isEmpty() && exit_code == 0) message = read_error;
  finish(false, message);
}

void ForkProcess::cancel() {
  if (!isRunning()) return;
  finish(false, "cancelled");
}

void ForkProcess::finish(bool ok, const QString& message) {
  poll_.stop();
  end_child_process(process_, this);
  Q_EMIT finished(ok, message);
}

}  // namespace rcmae::ui
