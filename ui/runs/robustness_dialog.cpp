#include "runs/robustness_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShowEvent>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "rcmae/run/run_files.h"
#include "runs/job_dialog_labels.h"
#include "runs/robustness_csv.h"
#include "runs/robustness_job.h"

namespace rcmae::ui {
namespace {

constexpr int kDefaultBankSize = 2000;  // EvalRequest's defaults, as `rcmae eval` uses them
constexpr int kDefaultQuerySize = 1000;
constexpr int kInitialWidth = 600;  // the intro in three lines, the status in two

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

// No-break spaces: a wrapped status line must not leave "3" and "min 02 s" apart.
QString duration_text(qint64 ms) {
  const qint64 seconds = std::max<qint64>(1, (ms + 500) / 1000);
  QString text =
      seconds < 60 ? QString("%1 s").arg(seconds)
                   : QString("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar('0'));
  return text.replace(' ', QChar::Nbsp);
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(alignment | Qt::AlignVCenter);
  return item;
}

std::filesystem::path local_path(const QString& file) {
  return QFile::encodeName(file).toStdString();
}

}  // namespace

RobustnessDialog::RobustnessDialog(const QString& run_folder, QWidget* parent)
    : QDialog(parent), folder_(QDir(run_folder).absolutePath()) {
  setWindowTitle("Robustness · " + QFileInfo(folder_).fileName());
  job_ = new RobustnessJob(this);
  connect(job_, &RobustnessJob::rowDone, this, &RobustnessDialog::onRowDone);
  connect(job_, &RobustnessJob::finished, this, &RobustnessDialog::onFinished);
  connect(job_, &RobustnessJob::failed, this, &RobustnessDialog::onFailed);
  connect(job_, &RobustnessJob::cancelled, this, &RobustnessDialog::onCancelled);

  auto* intro = new QLabel(
      "Accuracy of this run's frozen encoder on the test split: clean, and under Gaussian noise, "
      "Gaussian blur, contrast reduction and JPEG compression at three severities each. The kNN "
      "bank and the probe's training images stay clean.");
  intro->setObjectName("hint");
  intro->setWordWrap(true);
  error_ = make_problem_label();
  buildTable();
  summary_ = new QLabel;
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_ = make_status_label();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(buildSettings());
  layout->addWidget(buildProgress());
  layout->addWidget(error_);
  layout->addWidget(table_, 1);
  layout->addWidget(summary_);
  layout->addWidget(status_);
  layout->addWidget(buttons);
  setRunning(false);
  start_->setDefault(true);
  start_->setFocus();
  resize(kInitialWidth, sizeHint().height());
  showFolderState();
}

// Reopened, the dialog shows the folder as it is now: `rcmae eval --csv` may have replaced
// robustness.csv, or the run may have saved its checkpoint since.
void RobustnessDialog::showEvent(QShowEvent* event) {
  QDialog::showEvent(event);
  if (!event->spontaneous() && !isRunning()) showFolderState();
}

void RobustnessDialog::showFolderState() {
  showError({});
  clearResults();
  progress_->setFormat(QString("0 of %1 rows").arg(kRowCount));
  showExistingCsv();
  if (!QFileInfo::exists(checkpointFile()))
    showError(
        "This run folder has no checkpoint.ckpt, so there is no encoder to evaluate. "
        "rcmae train (also behind Compare and Sweeps) saves one when a run ends, or every N "
        "steps with --checkpoint-every; the window saves one every 5 minutes of training, "
        "when a run ends or is stopped, and on Runs > Save checkpoint now.");
}

RobustnessDialog::~RobustnessDialog() = default;

QWidget* RobustnessDialog::buildSettings() {
  encoder_ = new QComboBox;
  encoder_->addItem("teacher if the run has one", "auto");
  encoder_->addItem("teacher", "teacher");
  encoder_->addItem("student", "student");
  encoder_->setToolTip("Which encoder's features are scored; MAE runs have only a student");
  bank_size_ = new QSpinBox;
  bank_size_->setRange(50, 50000);
  bank_size_->setSingleStep(500);
  bank_size_->setValue(kDefaultBankSize);
  bank_size_->setToolTip("Clean training images: the kNN memory and the probe's training set");
  query_size_ = new QSpinBox;
  query_size_->setRange(10, 10000);
  query_size_->setSingleStep(250);
  query_size_->setValue(kDefaultQuerySize);
  query_size_->setToolTip("Test images scored in each row (clean, then corrupted)");
  probe_ = new QCheckBox("Also fit a linear &probe (slower)");
  probe_->setToolTip("Logistic regression on the clean bank's features, scored on every row");

  auto* form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
  form->addRow("&Encoder", encoder_);
  auto* sizes = new QHBoxLayout;
  sizes->addWidget(bank_size_);
  auto* query_label = new QLabel("Test &images");
  query_label->setBuddy(query_size_);
  sizes->addSpacing(12);
  sizes->addWidget(query_label);
  sizes->addWidget(query_size_);
  sizes->addStretch(1);
  form->addRow("&Bank images", sizes);
  // QFormLayout gives a label's mnemonic to the row's first widget, here the bank size.
  qobject_cast<QLabel*>(form->labelForField(sizes))->setBuddy(bank_size_);
  form->addRow("", probe_);
  auto* settings = new QWidget;
  settings->setLayout(form);
  return settings;
}

QWidget* RobustnessDialog::buildProgress() {
  start_ = new QPushButton("&Start");
  start_->setToolTip("Evaluate the checkpoint; the finished table replaces robustness.csv");
  stop_ = new QPushButton("S&top");
  stop_->setToolTip("Stop after the row being computed; nothing is saved");
  progress_ = new QProgressBar;
  progress_->setRange(0, kRowCount);
  progress_->setValue(0);
  progress_->setFormat(QString("0 of %1 rows").arg(kRowCount));
  connect(start_, &QPushButton::clicked, this, &RobustnessDialog::start);
  connect(stop_, &QPushButton::clicked, this, &RobustnessDialog::stop);
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(start_);
  layout->addWidget(stop_);
  layout->addWidget(progress_, 1);
  return row;
}

void RobustnessDialog::buildTable() {
  table_ = new QTableWidget(0, ColumnCount);
  table_->setHorizontalHeaderLabels({"Corruption", "Severity", "Parameter", "kNN %", "Probe %"});
  table_->horizontalHeaderItem(ParameterColumn)
      ->setToolTip(
          "Noise std (fraction of 255), blur sigma (pixels), contrast factor, JPEG quality");
  table_->horizontalHeaderItem(KnnColumn)->setToolTip("Weighted kNN top-1 accuracy (k 20, T 0.07)");
  table_->horizontalHeaderItem(ProbeColumn)
      ->setToolTip("Linear-probe top-1 accuracy; – when no probe was fitted");
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setAlternatingRowColors(true);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(CorruptionColumn, QHeaderView::Stretch);
  // All thirteen rows in view without scrolling.
  const int rows_height = kRowCount * table_->verticalHeader()->defaultSectionSize();
  table_->setMinimumHeight(table_->horizontalHeader()->sizeHint().height() + rows_height +
                           2 * table_->frameWidth());
  table_->setMinimumWidth(480);
}

QString RobustnessDialog::checkpointFile() const {
  return QDir(folder_).filePath(run_files::kCheckpoint);
}
QString RobustnessDialog::csvFile() const { return QDir(folder_).filePath(run_files::kRobustness); }
bool RobustnessDialog::isRunning() const { return job_->isRunning(); }
QString RobustnessDialog::errorText() const {
  return error_->isHidden() ? QString() : error_->text();
}
QString RobustnessDialog::summaryText() const { return summary_->text(); }
QString RobustnessDialog::progressText() const { return progress_->text(); }
QString RobustnessDialog::statusText() const { return status_->text(); }

EvalRequest RobustnessDialog::request() const {
  EvalRequest request;
  request.checkpoint = local_path(checkpointFile());
  request.which = encoder_->currentData().toString().toStdString();
  request.bank_size = bank_size_->value();
  request.query_size = query_size_->value();
  request.settings.probe = probe_->isChecked();
  return request;
}

bool RobustnessDialog::start() {
  if (isRunning()) return false;
  if (!QFileInfo::exists(checkpointFile())) {
    showError("No checkpoint.ckpt in " + QDir::toNativeSeparators(folder_) +
              ": nothing to evaluate. rcmae train saves one when a run ends.");
    return false;
  }
  showError({});
  clearResults();
  status_->setText("Loading the checkpoint and embedding the bank images" +
                   QString(probe_->isChecked() ? ", then fitting the probe…" : "…"));
  clock_.start();
  job_->start(request());
  setRunning(true);
  updateProgress();
  return true;
}

void RobustnessDialog::stop() {
  if (!isRunning()) return;
  job_->stop();
  stop_->setEnabled(false);
  status_->setText("Stopping after the row being computed…");
}

void RobustnessDialog::setRunning(bool running) {
  start_->setEnabled(!running);
  stop_->setEnabled(running);
  QWidget* const settings[] = {encoder_, bank_size_, query_size_, probe_};
  for (QWidget* setting : settings) setting->setEnabled(!running);
}

void RobustnessDialog::clearResults() {
  rows_.clear();
  table_->setRowCount(0);
  summary_->clear();
  first_row_ms_ = 0;
  progress_->setValue(0);
}

void RobustnessDialog::onRowDone(const RobustnessRow& row) {
  if (rows_.empty()) first_row_ms_ = clock_.elapsed();
  rows_.push_back(row);
  appendRow(row);
  updateSummary();
  updateProgress();
  status_->setText(row.severity == 0 ? QString("Scored the clean test images.")
                                     : QString("Scored %1 at severity %2.")
                                           .arg(corruption_label(row.corruption))
                                           .arg(row.severity));
}

void RobustnessDialog::appendRow(const RobustnessRow& row) {
  const int r = table_->rowCount();
  table_->insertRow(r);
  table_->setItem(r, CorruptionColumn, cell(corruption_label(row.corruption), Qt::AlignLeft));
  table_->setItem(r, SeverityColumn,
                  cell(row.severity > 0 ? QString::number(row.severity) : "–", Qt::AlignCenter));
  table_->setItem(r, ParameterColumn, cell(parameter_text(row), Qt::AlignLeft));
  table_->setItem(r, KnnColumn, cell(percent_text(row.knn_acc), Qt::AlignRight));
  table_->setItem(r, ProbeColumn, cell(percent_text(row.probe_acc), Qt::AlignRight));
  if (row.severity == 0) {
    // The clean row is the reference the corrupted ones fall from.
    for (int column = 0; column < ColumnCount; ++column) {
      QFont font = table_->item(r, column)->font();
      font.setBold(true);
      table_->item(r, column)->setFont(font);
    }
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
    summary_->clear();
    return;
  }
  QString text = QString("<b>Mean over %1 corrupted rows:</b> kNN %2 %")
                     .arg(mean.rows)
                     .arg(percent_text(mean.knn_acc));
  if (!std::isnan(mean.probe_acc))
    text += QString(", probe %1 %").arg(percent_text(mean.probe_acc));
  summary_->setText(text);
}

// Rows after the first take about equally long (corrupt and embed the test images); the
// first also embeds the bank, so it is left out of the estimate.
QString RobustnessDialog::timeLeft() const {
  const int done = int(rows_.size());
  if (done < 2) return "estimating time left…";
  const qint64 per_row = (clock_.elapsed() - first_row_ms_) / (done - 1);
  return "about " + duration_text(per_row * (kRowCount - done)) + " left";
}

void RobustnessDialog::updateProgress() {
  const int done = int(rows_.size());
  progress_->setValue(std::min(done, kRowCount));
  if (done >= kRowCount)
    progress_->setFormat(QString("%1 of %1 rows").arg(kRowCount));
  else if (isRunning())
    progress_->setFormat(QString("row %1 of %2 · %3").arg(done + 1).arg(kRowCount).arg(timeLeft()));
  else
    progress_->setFormat(QString("%1 of %2 rows").arg(done).arg(kRowCount));
}

void RobustnessDialog::onFinished(const EvalReport& report) {
  setRunning(false);
  if (rows_.size() != report.rows.size()) {
    clearResults();
    showRows(report.rows);
  }
  updateProgress();
  const QString what = QString("%1 at step %2 on %3 (%4 bank / %5 test images), %6.")
                           .arg(QString::fromStdString(report.which))
                           .arg(report.step)
                           .arg(QString::fromStdString(report.dataset))
                           .arg(report.bank_size)
                           .arg(report.query_size)
                           .arg(duration_text(clock_.elapsed()));
  try {
    write_robustness_csv(report, local_path(csvFile()));
  } catch (const std::exception& error) {
    const QString message =
        "The table was computed but could not be saved: " + QString::fromUtf8(error.what());
    showError(message);
    status_->setText("Evaluated the " + what);
    Q_EMIT evaluationEnded(false, message);
    return;
  }
  status_->setText("Evaluated the " + what +
                   " Saved as robustness.csv; Export run report… includes it.");
  Q_EMIT evaluationEnded(true, "saved " + QDir::toNativeSeparators(csvFile()));
}

void RobustnessDialog::onFailed(const QString& message) {
  setRunning(false);
  progress_->setFormat(QString("failed after %1 of %2 rows").arg(rows_.size()).arg(kRowCount));
  status_->setText("Nothing was saved.");
  showError("The evaluation failed: " + message);
  Q_EMIT evaluationEnded(false, message);
}

void RobustnessDialog::onCancelled() {
  setRunning(false);
  progress_->setFormat(QString("stopped after %1 of %2 rows").arg(rows_.size()).arg(kRowCount));
  status_->setText("Stopped; nothing was saved.");
  Q_EMIT evaluationEnded(false, "stopped");
}

void RobustnessDialog::showError(const QString& text) {
  error_->setText(text);
  error_->setVisible(!text.isEmpty());
}

void RobustnessDialog::showExistingCsv() {
  if (!QFileInfo::exists(csvFile())) {
    status_->setText("Not evaluated yet: Start computes the table and saves it as robustness.csv.");
    return;
  }
  QString error;
  const std::vector<RobustnessRow> rows = read_robustness_csv(csvFile(), &error);
  if (!error.isEmpty()) {
    showError(error);
    return;
  }
  showRows(rows);
  progress_->setValue(std::min<int>(int(rows_.size()), kRowCount));
  progress_->setFormat(QString("%1 rows from robustness.csv").arg(rows_.size()));
  status_->setText("From robustness.csv, saved " +
                   QFileInfo(csvFile()).lastModified().toString("yyyy-MM-dd HH:mm") +
                   ". Start evaluates again and replaces it.");
}

}  // namespace rcmae::ui
