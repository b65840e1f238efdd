#include "runs/robustness_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableWidget>
#include <cmath>

#include "local_path.h"
#include "rcmae/run/run_files.h"
#include "runs/robustness_csv.h"
#include "runs/robustness_job.h"

namespace rcmae::ui {
namespace {

constexpr int kDefaultBankSize = 2000;  // EvalRequest's defaults, as `rcmae eval` uses them
constexpr int kDefaultQuerySize = 1000;
constexpr int kRobustnessInitialWidth = 600;  // the intro in three lines, the status in two

JobDialogTexts texts() {
  JobDialogTexts t;
  t.title = "Robustness";
  t.intro =
      "Accuracy of this run's frozen encoder on the test split: clean, and under Gaussian noise, "
      "Gaussian blur, contrast reduction and JPEG compression at three severities each. The kNN "
      "bank and the probe's training images stay clean.";
  t.csv_name = run_files::kRobustness;
  t.verb = "evaluate";
  return t;
}

// The engine's names (corruptions.h) as a table shows them.
QString corruption_label(const std::string& name) {
  if (name == "clean") return "Clean";
  if (name == "gaussian_noise") return "Gaussian noise";
  if (name == "gaussian_blur") return "Gaussian blur";
  if (name == "contrast") return "Contrast";
  if (name == "jpeg") return "JPEG";
  return QString::fromStdString(name);
}

// What the number in the parameter column means differs per corruption (corruptions.h).
QString parameter_text(const RobustnessRow& row) {
  if (row.severity == 0 || std::isnan(row.parameter)) return "–";
  const QString value = QString::number(row.parameter, 'g', 3);
  if (row.corruption == "gaussian_noise") return "σ " + value + " × 255";
  if (row.corruption == "gaussian_blur") return "σ " + value + " px";
  if (row.corruption == "contrast") return "× " + value;
  if (row.corruption == "jpeg") return "quality " + value;
  return value;
}

QString percent_text(double accuracy) {
  return std::isnan(accuracy) ? QString("–") : QString::number(100 * accuracy, 'f', 1);
}

}  // namespace

RobustnessDialog::RobustnessDialog(const QString& run_folder, QWidget* parent)
    : JobDialog(run_folder, texts(), parent) {
  job_ = new RobustnessJob(this);
  connect(job_, &RobustnessJob::rowDone, this, &RobustnessDialog::onRowDone);
  connect(job_, &RobustnessJob::finished, this, &RobustnessDialog::onFinished);
  connect(job_, &RobustnessJob::failed, this, [this](const QString& message) {
    endJob(false, message, rowsText("failed after"), "Nothing was saved.",
           "The evaluation failed: " + message);
  });
  connect(job_, &RobustnessJob::cancelled, this, [this] {
    endJob(false, "stopped", rowsText("stopped after"), "Stopped; nothing was saved.");
  });
  startButton()->setToolTip("Evaluate the checkpoint; the finished table replaces robustness.csv");
  stopButton()->setToolTip("Stop after the row being computed; nothing is saved");
  buildSettings();
  finishLayout(
      {{"Corruption"},
       {"Severity", Qt::AlignCenter},
       {"Parameter", Qt::AlignLeft,
        "Noise std (fraction of 255), blur sigma (pixels), contrast factor, JPEG quality"},
       {"kNN %", Qt::AlignRight, "Weighted kNN top-1 accuracy (k 20, T 0.07)"},
       {"Probe %", Qt::AlignRight, "Linear-probe top-1 accuracy; – when no probe was fitted"}},
      kRobustnessInitialWidth);
  fitTableToRows();
}

RobustnessDialog::~RobustnessDialog() = default;

bool RobustnessDialog::isRunning() const { return job_->isRunning(); }

void RobustnessDialog::buildSettings() {
  encoder_ = new QComboBox;
  encoder_->addItem("teacher if the run has one", "auto");
  encoder_->addItem("teacher", "teacher");
  encoder_->addItem("student", "student");
  encoder_->setToolTip("Which encoder's features are scored; MAE runs have only a student");
  if (!hasTeacher())
    qobject_cast<QStandardItemModel*>(encoder_->model())->item(1)->setEnabled(false);
  bank_size_ = makeSizeBox(50, 50000, 500, kDefaultBankSize,
                           "Clean training images: the kNN memory and the probe's training set");
  query_size_ = makeSizeBox(10, 10000, 250, kDefaultQuerySize,
                            "Test images scored in each row (clean, then corrupted)");
  probe_ = new QCheckBox("Also fit a linear &probe (slower)");
  probe_->setToolTip("Logistic regression on the clean bank's features, scored on every row");

  addSettingsRow("&Encoder", {encoder_});
  addCountsRow("&Bank images", bank_size_, "Test &images", query_size_);
  addSettingsRow("", {probe_});
}

// All thirteen rows in view without scrolling.
void RobustnessDialog::fitTableToRows() {
  QTableWidget* t = table();
  const int rows_height = kRowCount * t->verticalHeader()->defaultSectionSize();
  t->setMinimumHeight(t->horizontalHeader()->sizeHint().height() + rows_height +
                      2 * t->frameWidth());
  t->setMinimumWidth(480);
  resize(width(), sizeHint().height());
}

EvalRequest RobustnessDialog::request() const {
  EvalRequest request;
  request.encoder = checkpointEncoder(encoder_->currentData().toString().toStdString());
  request.bank_size = bank_size_->value();
  request.query_size = query_size_->value();
  request.settings.probe = probe_->isChecked();
  return request;
}

bool RobustnessDialog::begin() {
  clearResults();
  rows_.clear();
  first_row_ms_ = 0;
  setStatus("Loading the checkpoint and embedding the bank images" +
            QString(probe_->isChecked() ? ", then fitting the probe…" : "…"));
  clock_.start();
  job_->start(request());
  updateProgress();
  return true;
}

void RobustnessDialog::requestStop() {
  job_->stop();
  setStatus("Stopping after the row being computed…");
}

void RobustnessDialog::onRowDone(const RobustnessRow& row) {
  if (rows_.empty()) first_row_ms_ = clock_.elapsed();
  rows_.push_back(row);
  appendRow(row);
  updateSummary();
  updateProgress();
  setStatus(row.severity == 0 ? QString("Scored the clean test images.")
                              : QString("Scored %1 at severity %2.")
                                    .arg(corruption_label(row.corruption))
                                    .arg(row.severity));
}

void RobustnessDialog::appendRow(const RobustnessRow& row) {
  const int r = JobDialog::appendRow(
      {corruption_label(row.corruption), row.severity > 0 ? QString::number(row.severity) : "–",
       parameter_text(row), percent_text(row.knn_acc), percent_text(row.probe_acc)});
  if (row.severity > 0) return;
  // The clean row is the reference the corrupted ones fall from.
  for (int column = 0; column < ColumnCount; ++column) {
    QFont font = table()->item(r, column)->font();
    font.setBold(true);
    table()->item(r, column)->setFont(font);
  }
}

// Rows computed elsewhere (the final report, a saved robustness.csv) shown at once.
void RobustnessDialog::showRows(const std::vector<RobustnessRow>& rows) {
  for (const RobustnessRow& row : rows) {
    rows_.push_back(row);
    appendRow(row);
  }
  updateSummary();
}

void RobustnessDialog::updateSummary() {
  const CorruptedMean mean = mean_over_corrupted(rows_);
  if (mean.rows == 0) {
    setSummary({});
    return;
  }
  QString text = QString("<b>Mean over %1 corrupted rows:</b> kNN %2 %")
                     .arg(mean.rows)
                     .arg(percent_text(mean.knn_acc));
  if (!std::isnan(mean.probe_acc))
    text += QString(", probe %1 %").arg(percent_text(mean.probe_acc));
  setSummary(text);
}

// Rows after the first take about equally long (corrupt and embed the test images); the
// first also embeds the bank, so it is left out of the estimate.
void RobustnessDialog::updateProgress() {
  const int done = int(rows_.size());
  QString text = rowsText("");
  if (done < kRowCount && isRunning()) {
    const qint64 per_row = done < 2 ? 0 : (clock_.elapsed() - first_row_ms_) / (done - 1);
    text = QString("row %1 of %2 · %3")
               .arg(done + 1)
               .arg(kRowCount)
               .arg(done < 2 ? QString("estimating time left…")
                             : timeLeftText(per_row * (kRowCount - done) / 1000.0));
  }
  setProgress(done, kRowCount, text);
}

QString RobustnessDialog::rowsText(const QString& what) const {
  const QString rows = QString("%1 of %2 rows").arg(rows_.size()).arg(kRowCount);
  return what.isEmpty() ? rows : what + " " + rows;
}

void RobustnessDialog::onFinished(const EvalReport& report) {
  if (rows_.size() != report.rows.size()) {
    clearResults();
    rows_.clear();
    showRows(report.rows);
  }
  const QString what = QString("Evaluated the %1 at step %2 on %3 (%4 bank / %5 test images), %6.")
                           .arg(QString::fromStdString(report.which))
                           .arg(report.step)
                           .arg(QString::fromStdString(report.dataset))
                           .arg(report.bank_size)
                           .arg(report.query_size)
                           .arg(durationText(clock_.elapsed() / 1000.0));
  setProgress(int(rows_.size()), kRowCount, rowsText(""));
  try {
    write_robustness_csv(report, local_path(csvFile()));
  } catch (const std::exception& error) {
    const QString message =
        "The table was computed but could not be saved: " + QString::fromUtf8(error.what());
    endJob(false, message, rowsText(""), what, message);
    return;
  }
  endJob(true, "saved " + QDir::toNativeSeparators(csvFile()), rowsText(""),
         what + " Saved as robustness.csv; Export run report… includes it.");
}

void RobustnessDialog::showSavedResults() {
  rows_.clear();
  setProgress(0, kRowCount, rowsText(""));
  if (!QFileInfo::exists(csvFile())) {
    setStatus("Not evaluated yet: Start computes the table and saves it as robustness.csv.");
    return;
  }
  QString error;
  const std::vector<RobustnessRow> rows = read_robustness_csv(csvFile(), &error);
  if (!error.isEmpty()) {
    showError(error);
    return;
  }
  showRows(rows);
  setProgress(int(rows_.size()), kRowCount,
              QString("%1 rows from robustness.csv").arg(rows_.size()));
  setStatus("From robustness.csv, saved " +
            QFileInfo(csvFile()).lastModified().toString("yyyy-MM-dd HH:mm") +
            ". Start evaluates again and replaces it.");
}

}  // namespace rcmae::ui
