#include "runs/run_reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

#include "rcmae/io/run_files.h"

namespace rcmae::ui {
namespace {
double last_measured(const QVector<double>& values) {
  for (auto it = values.rbegin(); it != values.rend(); ++it)
    if (!std::isnan(*it)) return *it;
  return std::nan("");
}
}  // namespace

RunReader::RunReader(const QString& folder)
    : folder_(QDir(folder).absolutePath()),
      metrics_(QDir(folder_).filePath(run_files::kMetrics)),
      knn_(QDir(folder_).filePath(run_files::kKnn)),
      probe_(QDir(folder_).filePath(run_files::kProbe)),
      quality_(QDir(folder_).filePath(run_files::kQuality)) {
  // What the table, the overlay and the report use; the rest of metrics.csv stays on disk.
  metrics_.keepOnly({"step", "images_seen", "loss", "loss_rec", "loss_cons", "wall_s"});
}

bool RunReader::isRunFolder(const QString& folder) {
  const QDir dir(folder);
  return dir.exists(run_files::kConfig) || dir.exists(run_files::kMetrics);
}

QString RunReader::name() const { return QFileInfo(folder_).fileName(); }

bool RunReader::poll() {
  metrics_written_ = QFileInfo(metrics_.path()).lastModified();
  bool changed = readConfig();
  changed |= metrics_.poll() != 0;
  changed |= knn_.poll() != 0;
  changed |= probe_.poll() != 0;
  changed |= quality_.poll() != 0;
  changed |= findLatestSnapshot();
  return changed;
}

// config.json is written once (atomically, by rename) at the start; re-read it only when
// its time changes, e.g. a run restarted into the same folder.
bool RunReader::readConfig() {
  const QFileInfo info(QDir(folder_).filePath(run_files::kConfig));
  if (!info.exists()) {
    if (!started_.isValid()) started_ = QFileInfo(metrics_.path()).lastModified();
    return false;
  }
  if (info.lastModified() == config_time_) return false;
  QFile file(info.filePath());
  if (!file.open(QIODevice::ReadOnly)) return false;
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
  if (!document.isObject()) return false;  // caught mid-write by a non-atomic writer: next poll
  config_ = document.object();
  config_time_ = info.lastModified();
  started_ = config_time_;
  return true;
}

bool RunReader::findLatestSnapshot() {
  const QDir dir(QDir(folder_).filePath(run_files::kSnapshots));
  if (!dir.exists()) return false;
  // step_%08d.snap: the newest sorts last by name.
  const QStringList files = dir.entryList({"step_*.snap"}, QDir::Files, QDir::Name);
  const QString latest = files.isEmpty() ? QString() : dir.filePath(files.back());
  if (latest == latest_snapshot_) return false;
  latest_snapshot_ = latest;
  return true;
}

bool RunReader::isLive(int seconds) const {
  return metrics_written_.isValid() && metrics_written_.secsTo(QDateTime::currentDateTime()) < seconds;
}

qint64 RunReader::stepBudget() const { return qint64(config_.value("steps").toDouble(0)); }

double RunReader::finalLoss() const {
  const QVector<double>& loss = metrics_.column("loss");
  if (loss.isEmpty()) return std::nan("");
  const qsizetype count = std::max<qsizetype>(1, loss.size() / 10);
  double sum = 0;
  for (qsizetype i = loss.size() - count; i < loss.size(); ++i) sum += loss[i];
  return sum / double(count);
}

QVector<double> RunReader::knnScores() const {
  const QVector<double>& teacher = knn_.column("teacher_knn");
  QVector<double> scores = knn_.column("student_knn");
  for (qsizetype i = 0; i < scores.size() && i < teacher.size(); ++i)
    if (!std::isnan(teacher[i])) scores[i] = teacher[i];
  return scores;
}

QVector<double> RunReader::metricAtSteps(const QString& column, const QVector<double>& steps) const {
  const QVector<double>& step_column = metrics_.column("step");
  const QVector<double>& values = metrics_.column(column);
  QVector<double> out;
  out.reserve(steps.size());
  for (double step : steps) {
    // Steps are written in increasing order (a resumed run continues them).
    auto it = std::lower_bound(step_column.begin(), step_column.end(), step);
    const qsizetype row = it - step_column.begin();
    out.push_back(it != step_column.end() && *it == step && row < values.size() ? values[row] : std::nan(""));
  }
  return out;
}

double RunReader::bestKnn() const {
  double best = std::nan("");
  for (double score : knnScores())
    if (!std::isnan(score) && (std::isnan(best) || score > best)) best = score;
  return best;
}

double RunReader::probeAccuracy() const {
  const QVector<double>& accuracy = probe_.column("probe_acc");
  return accuracy.isEmpty() ? std::nan("") : accuracy.back();
}

double RunReader::finalKnn() const {
  const QVector<double> scores = knnScores();
  return scores.isEmpty() ? std::nan("") : scores.back();
}

QVector<double> RunReader::qualitySeries(const QString& measure) const {
  const QVector<double>& teacher = quality_.column("teacher_" + measure);
  QVector<double> values = quality_.column("student_" + measure);
  for (qsizetype i = 0; i < values.size() && i < teacher.size(); ++i)
    if (!std::isnan(teacher[i])) values[i] = teacher[i];
  return values;
}

double RunReader::lastQuality(const QString& measure) const { return last_measured(qualitySeries(measure)); }

double RunReader::lastQualityColumn(const QString& column) const { return last_measured(quality_.column(column)); }

qint64 RunReader::qualityStep() const {
  const QVector<double>& steps = quality_.column("step");
  return steps.isEmpty() ? -1 : qint64(steps.back());
}

double RunReader::qualityTrainSeconds() const {
  const QVector<double>& seconds = quality_.column("train_s");
  return seconds.isEmpty() ? std::nan("") : seconds.back();
}

double RunReader::latestKnn() const { return hasQuality() ? lastQuality("knn") : finalKnn(); }

double RunReader::latestProbe() const { return hasQuality() ? lastQuality("probe") : probeAccuracy(); }

}  // namespace rcmae::ui
