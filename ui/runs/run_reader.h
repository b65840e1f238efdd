#pragma once
// One run folder as the Runs tab and the PDF report see it: rcmae::run::RunRecord (the
// run-record library's incremental, typed reader, so a run another process is still writing
// can be polled cheaply every second) with Qt types for the views, the summary numbers by
// the same rules as `rcmae compare` (rcmae/run/run_summary.h), and when the run was last
// written.
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QVector>

#include "rcmae/run/run_record.h"

namespace rcmae::ui {

class RunReader {
 public:
  explicit RunReader(const QString& folder);

  // Reads whatever changed on disk. Returns true when anything visible changed.
  bool poll();

  // A folder is a run when it has a config.json or a metrics.csv (the CLI creates
  // metrics.csv first, config.json a moment later).
  static bool isRunFolder(const QString& folder);

  QString folder() const { return folder_; }
  QString name() const;
  QString mode() const { return QString::fromStdString(record_.config().mode); }
  QString dataset() const { return QString::fromStdString(record_.config().dataset); }
  QString preset() const { return QString::fromStdString(record_.config().preset); }
  // Every setting of config.json, for views that list them.
  const QJsonObject& config() const { return config_; }
  // When the run started: config.json's (or metrics.csv's) modification time.
  QDateTime started() const { return started_; }
  // Rows in metrics.csv, and the budget from config.json (0 when unknown).
  int stepsDone() const { return int(record_.metrics().row_count()); }
  qint64 stepBudget() const { return record_.config().steps; }
  // Mean of the last 10 % of the steps, as `rcmae compare` reports it (NaN without data).
  double finalLoss() const;
  // Best kNN accuracy (teacher where there is one, student otherwise); NaN without knn.csv.
  double bestKnn() const;
  double finalKnn() const;
  // The last linear-probe accuracy in probe.csv (written at the end of a run); NaN if none.
  double probeAccuracy() const;

  // quality.csv: what the run has learned, measured on held-out images (none in runs from
  // before these measurements). The evaluated encoder is the teacher, the student in MAE
  // mode; "vs pixels" is the same kNN / probe on raw pixels.
  bool hasQuality() const { return record_.quality().row_count() > 0; }
  // The evaluated encoder's `measure` ("nmse", "psnr", "mse", "knn", "probe") in each
  // quality.csv row: teacher_<measure>, else student_<measure>. NaN where not measured.
  QVector<double> qualitySeries(const QString& measure) const;
  // The last measured value of qualitySeries(measure), or of a quality.csv column such as
  // "pixel_knn" (NaN when never measured). Sparse: kNN and probe are not on every row.
  double lastQuality(const QString& measure) const;
  double lastQualityColumn(const QString& column) const;
  // Step and training time of the last quality.csv row (-1 and NaN without one).
  qint64 qualityStep() const;
  double qualityTrainSeconds() const;
  // The accuracy the run is judged by, last measured: quality.csv's, else (older runs)
  // finalKnn() / probeAccuracy().
  double latestKnn() const;
  double latestProbe() const;

  // finetune.csv (`rcmae finetune`, the Fine-tune dialog): the best test top-1 of each start
  // ("teacher", "student", "scratch"), by the summary rule; empty when never fine-tuned.
  QMap<QString, double> finetuneTop1() const;

  const run::CsvTail& metrics() const { return record_.metrics(); }
  const run::CsvTail& knn() const { return record_.knn(); }
  const run::CsvTail& quality() const { return record_.quality(); }
  // A column of metrics.csv, knn.csv or quality.csv for plotting (empty when absent).
  QVector<double> metricsColumn(const QString& column) const;
  QVector<double> knnColumn(const QString& column) const;
  QVector<double> qualityColumn(const QString& column) const;
  // The kNN curve as step -> accuracy, teacher where there is one (what bestKnn() uses).
  QVector<double> knnScores() const;
  // metrics.csv's `column` (e.g. images_seen, wall_s) at each of `steps`: puts sparse
  // measurements such as kNN on the same x axis as the losses. NaN where a step is missing.
  QVector<double> metricAtSteps(const QString& column, const QVector<double>& steps) const;
  // Newest snapshots/step_*.snap; empty if the run left none.
  QString latestSnapshotFile() const {
    return QString::fromStdString(record_.latest_snapshot().string());
  }
  // Another process wrote metrics.csv in the last `seconds` (as of the last poll).
  bool isLive(int seconds = 30) const;

 private:
  QString metricsFile() const;

  QString folder_;
  run::RunRecord record_;
  QJsonObject config_;
  QDateTime started_;
  QDateTime metrics_written_;
};

}  // namespace rcmae::ui
