#include "runs/run_reader.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

#include "rcmae/run/run_files.h"
#include "rcmae/run/run_summary.h"

namespace rcmae::ui {
namespace {

QVector<double> to_qvector(const std::vector<double>& values) {
  return QVector<double>(values.begin(), values.end());
}

std::filesystem::path to_path(const QString& folder) {
  return std::filesystem::path(folder.toStdString());
}

}  // namespace

RunReader::RunReader(const QString& folder)
    : folder_(QDir(folder).absolutePath()), record_(to_path(folder_)) {}

bool RunReader::isRunFolder(const QString& folder) {
  return run::RunRecord::is_run_folder(to_path(folder));
}

QString RunReader::name() const { return QFileInfo(folder_).fileName(); }

QString RunReader::metricsFile() const { return QDir(folder_).filePath(run_files::kMetrics); }

bool RunReader::poll() {
  metrics_written_ = QFileInfo(metricsFile()).lastModified();
  const std::string config_before = record_.config_text();
  const bool changed = record_.poll();
  if (record_.config_text() != config_before) {
    config_ = QJsonDocument::fromJson(QByteArray::fromStdString(record_.config_text())).object();
    started_ = QFileInfo(QDir(folder_).filePath(run_files::kConfig)).lastModified();
  }
  if (!started_.isValid()) started_ = metrics_written_;  // metrics.csv comes first
  return changed;
}

bool RunReader::isLive(int seconds) const {
  return metrics_written_.isValid() &&
         metrics_written_.secsTo(QDateTime::currentDateTime()) < seconds;
}

QMap<QString, double> RunReader::finetuneTop1() const {
  QMap<QString, double> top1;
  for (const auto& [init, best] : best_finetune_top1(record_.finetune()))
    top1[QString::fromStdString(init)] = best;
  return top1;
}

double RunReader::finalLoss() const { return run::tail_mean(record_.metrics().column("loss")); }

QVector<double> RunReader::metricsColumn(const QString& column) const {
  return to_qvector(record_.metrics().column(column.toStdString()));
}

QVector<double> RunReader::knnColumn(const QString& column) const {
  return to_qvector(record_.knn().column(column.toStdString()));
}

QVector<double> RunReader::qualityColumn(const QString& column) const {
  return to_qvector(record_.quality().column(column.toStdString()));
}

QVector<double> RunReader::knnScores() const { return to_qvector(run::knn_scores(record_.knn())); }

QVector<double> RunReader::metricAtSteps(const QString& column,
                                         const QVector<double>& steps) const {
  const std::vector<double>& step_column = record_.metrics().column("step");
  const std::vector<double>& values = record_.metrics().column(column.toStdString());
  QVector<double> out;
  out.reserve(steps.size());
  for (double step : steps) {
    // Steps are written in increasing order (a resumed run continues them).
    auto it = std::lower_bound(step_column.begin(), step_column.end(), step);
    const size_t row = size_t(it - step_column.begin());
    out.push_back(it != step_column.end() && *it == step && row < values.size() ? values[row]
                                                                                : std::nan(""));
  }
  return out;
}

double RunReader::bestKnn() const {
  return run::measure(run::knn_scores(record_.knn()), true).best;
}

double RunReader::finalKnn() const {
  const std::vector<double> scores = run::knn_scores(record_.knn());
  return scores.empty() ? std::nan("") : scores.back();
}

double RunReader::probeAccuracy() const {
  return run::last_measured(record_.probe().column("probe_acc"));
}

QVector<double> RunReader::qualitySeries(const QString& measure) const {
  return to_qvector(run::evaluated_series(record_.quality(), measure.toStdString()));
}

double RunReader::lastQuality(const QString& measure) const {
  return run::last_measured(run::evaluated_series(record_.quality(), measure.toStdString()));
}

double RunReader::lastQualityColumn(const QString& column) const {
  return run::last_measured(record_.quality().column(column.toStdString()));
}

qint64 RunReader::qualityStep() const {
  const std::vector<double>& steps = record_.quality().column("step");
  return steps.empty() ? -1 : qint64(steps.back());
}

double RunReader::qualityTrainSeconds() const {
  const std::vector<double>& seconds = record_.quality().column("train_s");
  return seconds.empty() ? std::nan("") : seconds.back();
}

double RunReader::latestKnn() const { return hasQuality() ? lastQuality("knn") : finalKnn(); }

double RunReader::latestProbe() const {
  return hasQuality() ? lastQuality("probe") : probeAccuracy();
}

}  // namespace rcmae::ui
