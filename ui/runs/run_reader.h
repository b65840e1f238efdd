#pragma once
// One run folder as the runs browser sees it, read without torch: config.json (through
// QJsonDocument), metrics.csv, knn.csv, probe.csv and quality.csv (tailed incrementally, so
// a run that another process is still writing can be polled cheaply every second), and the
// newest spilled reconstruction snapshot in snapshots/. The layout is the one
// core/io/run_folder writes; the file names come from rcmae/io/run_files.h.
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include "runs/csv_tail.h"

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
  QString mode() const { return config_.value("mode").toString(); }
  QString dataset() const { return config_.value("dataset").toString(); }
  QString preset() const { return config_.value("preset").toString(); }
  const QJsonObject& config() const { return config_; }
  // When the run started: config.json's (or metrics.csv's) modification time.
  QDateTime started() const { return started_; }
  // Rows in metrics.csv, and the budget from config.json (0 when unknown).
  int stepsDone() const { return metrics_.rowCount(); }
  qint64 stepBudget() const;
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
  bool hasQuality() const { return quality_.rowCount() > 0; }
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

  const CsvTail& metrics() const { return metrics_; }
  const CsvTail& knn() const { return knn_; }
  const CsvTail& quality() const { return quality_; }
  // The kNN curve as step -> accuracy, teacher where there is one (what bestKnn() uses).
  QVector<double> knnScores() const;
  // metrics.csv's `column` (e.g. images_seen, wall_s) at each of `steps`: puts sparse
  // measurements such as kNN on the same x axis as the losses. NaN where a step is missing.
  QVector<double> metricAtSteps(const QString& column, const QVector<double>& steps) const;
  // Newest snapshots/step_*.snap; empty if the run spilled none.
  QString latestSnapshotFile() const { return latest_snapshot_; }
  // Another process wrote metrics.csv in the last `seconds` (as of the last poll).
  bool isLive(int seconds = 30) const;

 private:
  bool readConfig();
  bool findLatestSnapshot();

  QString folder_;
  QJsonObject config_;
  QDateTime config_time_;
  QDateTime started_;
  CsvTail metrics_;
  CsvTail knn_;
  CsvTail probe_;
  CsvTail quality_;
  QString latest_snapshot_;
  QDateTime metrics_written_;
};

}  // namespace rcmae::ui
