#include "runs/finetune_dialog.h"

#include <QCheckBox>
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
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "rcmae/run/csv_tail.h"
#include "rcmae/run/run_files.h"
#include "rcmae/run/run_record.h"
#include "runs/finetune_job.h"
#include "runs/job_dialog_labels.h"

namespace rcmae::ui {
namespace {

constexpr int kInitialWidth = 620;

std::filesystem::path local_path(const QString& file) {
  return QFile::encodeName(file).toStdString();
}

QString start_label(const QString& init) {
  if (init == "teacher") return "Teacher";
  if (init == "student") return "Student";
  if (init == "scratch") return "From scratch";
  if (init == "weights") return "Weights file";
  return init;
}

// No-break spaces keep "1 min 05 s" on one line.
QString duration_text(double seconds) {
  const auto s = std::max<qint64>(1, qint64(std::llround(seconds)));
  QString text = s < 60 ? QString("%1 s").arg(s)
                        : QString("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
  return text.replace(' ', QChar::Nbsp);
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(alignment | Qt::AlignVCenter);
  return item;
}

QSpinBox* spin_box(int low, int high, int step, int value, const QString& tip) {
  auto* box = new QSpinBox;
  box->setRange(low, high);
  box->setSingleStep(step);
  box->setValue(value);
  box->setToolTip(tip);
  return box;
}

}  // namespace

FinetuneDialog::FinetuneDialog(const QString& run_folder, QWidget* parent)
    : QDialog(parent), folder_(QDir(run_folder).absolutePath()) {
  setWindowTitle("Fine-tune · " + QFileInfo(folder_).fileName());
  job_ = new FinetuneJob(this);
  connect(job_, &FinetuneJob::progressed, this, &FinetuneDialog::onProgress);
  connect(job_, &FinetuneJob::finished, this, &FinetuneDialog::onFinished);
  connect(job_, &FinetuneJob::failed, this, &FinetuneDialog::onFailed);
  run::RunRecord record(local_path(folder_));
  record.poll();
  has_teacher_ = record.config().mode != "mae";

  auto* intro = new QLabel(
      "The paper's own metric: the encoder and a linear head trained end to end on labelled "
      "images (AdamW, layer-wise lr decay, warmup + cosine, label smoothing, small shifts and "
      "flips), top-1 on the test split. From scratch runs the same recipe and budget on a "
      "fresh initialisation of the same architecture: pretraining helps only where it beats "
      "that row.");
  intro->setObjectName("hint");
  intro->setWordWrap(true);
  error_ = make_problem_label();
  buildTable();
  status_ = make_status_label();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(buildSettings());
  layout->addWidget(buildProgress());
  layout->addWidget(error_);
  layout->addWidget(table_, 1);
  layout->addWidget(status_);
  layout->addWidget(buttons);
  setRunning(false);
  start_->setDefault(true);
  resize(kInitialWidth, sizeHint().height());
  showExistingRows();
  if (!QFileInfo::exists(checkpointFile()))
    showError(
        "This run folder has no checkpoint.ckpt, so there is no encoder to fine-tune. "
        "Runs save one when they end or are stopped.");
}

FinetuneDialog::~FinetuneDialog() = default;

QString FinetuneDialog::checkpointFile() const {
  return QDir(folder_).filePath(run_files::kCheckpoint);
}
QString FinetuneDialog::csvFile() const { return QDir(folder_).filePath(run_files::kFinetune); }
bool FinetuneDialog::isRunning() const { return job_->isRunning(); }
QString FinetuneDialog::errorText() const {
  return error_->isHidden() ? QString() : error_->text();
}
QString FinetuneDialog::progressText() const { return progress_text_->text(); }
QString FinetuneDialog::statusText() const { return status_->text(); }

QWidget* FinetuneDialog::buildSettings() {
  teacher_ = new QCheckBox("&Teacher");
  teacher_->setChecked(has_teacher_);
  teacher_->setEnabled(has_teacher_);
  teacher_->setToolTip(has_teacher_ ? "The EMA teacher's encoder" : "An MAE run has no teacher");
  student_ = new QCheckBox("St&udent");
  student_->setChecked(!has_teacher_);
  scratch_ = new QCheckBox("From &scratch");
  scratch_->setChecked(true);
  scratch_->setToolTip(
      "A fresh initialisation of the same architecture (the baseline); no "
      "layer-wise lr decay, since its lower layers hold nothing to keep");
  auto* starts = new QHBoxLayout;
  starts->addWidget(teacher_);
  starts->addWidget(student_);
  starts->addWidget(scratch_);
  starts->addStretch(1);

  epochs_ = spin_box(1, 100, 1, 5, "Passes over the training images");
  train_images_ = spin_box(100, 60000, 1000, 10000,
                           "Labelled training images, spread evenly over the training split");
  test_images_ = spin_box(100, 10000, 1000, 10000, "Test images scored for top-1");
  auto* sizes = new QHBoxLayout;
  sizes->addWidget(train_images_);
  auto* test_label = new QLabel("Test i&mages");
  test_label->setBuddy(test_images_);
  sizes->addSpacing(12);
  sizes->addWidget(test_label);
  sizes->addWidget(test_images_);
  sizes->addStretch(1);

  auto* form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
  form->addRow("Start from", starts);
  form->addRow("&Epochs", epochs_);
  form->addRow("Training &images", sizes);
  qobject_cast<QLabel*>(form->labelForField(sizes))->setBuddy(train_images_);
  auto* settings = new QWidget;
  settings->setLayout(form);
  return settings;
}

QWidget* FinetuneDialog::buildProgress() {
  start_ = new QPushButton("&Start");
  start_->setToolTip("Fine-tune each ticked starting point in turn; rows go to finetune.csv");
  stop_ = new QPushButton("S&top");
  stop_->setToolTip("Stop after the step in progress; a stopped fine-tune is not saved");
  progress_ = new QProgressBar;
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setTextVisible(false);
  progress_text_ = new QLabel("Not started");
  progress_text_->setObjectName("hint");
  connect(start_, &QPushButton::clicked, this, &FinetuneDialog::start);
  connect(stop_, &QPushButton::clicked, this, &FinetuneDialog::stop);
  auto* row = new QHBoxLayout;
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(start_);
  row->addWidget(stop_);
  row->addWidget(progress_, 1);
  auto* column = new QVBoxLayout;
  column->setContentsMargins(0, 0, 0, 0);
  column->addLayout(row);
  column->addWidget(progress_text_);
  auto* box = new QWidget;
  box->setLayout(column);
  return box;
}

void FinetuneDialog::buildTable() {
  table_ = new QTableWidget(0, ColumnCount);
  table_->setHorizontalHeaderLabels({"Start from", "Test top-1", "Steps", "Training time"});
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->horizontalHeader()->setSectionResizeMode(StartColumn, QHeaderView::Stretch);
  for (int c = Top1Column; c < ColumnCount; ++c)
    table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

void FinetuneDialog::showExistingRows() {
  run::CsvTail csv(local_path(csvFile()));
  csv.keep_text({"init"});
  csv.poll();
  if (!csv.exists() || csv.row_count() == 0) {
    status_->setText(
        "No fine-tunes of this run yet. Each finished one is added to "
        "finetune.csv in the run folder.");
    return;
  }
  const auto& init = csv.text("init");
  const auto& top1 = csv.column("top1");
  const auto& steps = csv.column("steps");
  const auto& train_s = csv.column("train_s");
  for (int64_t i = 0; i < csv.row_count(); ++i)
    appendRow(start_label(QString::fromStdString(init[size_t(i)])), top1[size_t(i)],
              qint64(steps[size_t(i)]), train_s[size_t(i)]);
  status_->setText(QString("%1 earlier fine-tune(s) from finetune.csv").arg(csv.row_count()));
}

void FinetuneDialog::appendRow(const QString& start, double top1, qint64 steps, double train_s) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  table_->setItem(row, StartColumn, cell(start, Qt::AlignLeft));
  table_->setItem(row, Top1Column,
                  cell(std::isnan(top1) ? QString("–") : QString::number(100 * top1, 'f', 2) + " %",
                       Qt::AlignRight));
  table_->setItem(row, StepsColumn, cell(QString::number(steps), Qt::AlignRight));
  table_->setItem(
      row, TimeColumn,
      cell(std::isnan(train_s) ? QString("–") : duration_text(train_s), Qt::AlignRight));
}

FinetuneRequest FinetuneDialog::request(const std::string& which) const {
  FinetuneRequest r;
  r.checkpoint = local_path(checkpointFile());
  r.which = which;
  r.train_images = train_images_->value();
  r.test_images = test_images_->value();
  r.options.epochs = epochs_->value();
  r.options.layer_decay = default_layer_decay(which);
  return r;
}

bool FinetuneDialog::start() {
  if (isRunning()) return false;
  showError({});
  if (!QFileInfo::exists(checkpointFile())) {
    showError("There is no checkpoint.ckpt in this run folder to fine-tune.");
    return false;
  }
  queue_.clear();
  if (teacher_->isChecked() && has_teacher_) queue_.push_back("teacher");
  if (student_->isChecked()) queue_.push_back("student");
  if (scratch_->isChecked()) queue_.push_back("scratch");
  if (queue_.empty()) {
    showError("Tick at least one starting point.");
    return false;
  }
  queue_size_ = int(queue_.size());
  failed_ = false;
  setRunning(true);
  startNext();
  return true;
}

void FinetuneDialog::startNext() {
  const std::string which = queue_.front();
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_text_->setText(QString("%1 (%2 of %3) · loading the encoder and the images…")
                              .arg(start_label(QString::fromStdString(which)))
                              .arg(queue_size_ - int(queue_.size()) + 1)
                              .arg(queue_size_));
  job_->start(request(which));
}

void FinetuneDialog::stop() {
  queue_.clear();
  job_->stop();
}

void FinetuneDialog::onProgress(const FinetuneProgress& p) {
  progress_->setRange(0, int(p.total_steps));
  progress_->setValue(int(p.step));
  if (queue_.empty()) return;  // stopping
  const int done = queue_size_ - int(queue_.size());
  // Later starting points cost about what this one does.
  const double per_step = p.train_s / double(std::max<int64_t>(1, p.step));
  const double left = per_step * double(p.total_steps - p.step) +
                      per_step * double(p.total_steps) * double(queue_.size() - 1);
  QString text = QString("%1 (%2 of %3) · step %4 of %5 · epoch %6 of %7 · loss %8 · about %9 left")
                     .arg(start_label(QString::fromStdString(queue_.front())))
                     .arg(done + 1)
                     .arg(queue_size_)
                     .arg(p.step)
                     .arg(p.total_steps)
                     .arg(p.epoch)
                     .arg(epochs_->value())
                     .arg(p.loss, 0, 'f', 3)
                     .arg(duration_text(left));
  if (p.test_top1)
    text += QString(" · test top-1 %1 % on %2 images")
                .arg(100 * *p.test_top1, 0, 'f', 2)
                .arg(p.test_images);
  progress_text_->setText(text);
}

void FinetuneDialog::onFinished(const FinetuneReport& report) {
  if (report.result.stopped) {
    endQueue(false, "Stopped; the interrupted fine-tune was not saved.");
    return;
  }
  appendRow(start_label(QString::fromStdString(report.init)), report.result.top1,
            report.result.steps, report.result.train_s);
  try {
    append_finetune_csv(report, local_path(csvFile()));
  } catch (const std::exception& error) {
    endQueue(false, QString::fromUtf8(error.what()));
    return;
  }
  if (!queue_.empty()) queue_.erase(queue_.begin());
  if (queue_.empty()) {
    endQueue(true, QString("Saved to %1").arg(QDir::toNativeSeparators(csvFile())));
    return;
  }
  startNext();
}

void FinetuneDialog::onFailed(const QString& message) { endQueue(false, message); }

void FinetuneDialog::endQueue(bool ok, const QString& message) {
  queue_.clear();
  setRunning(false);
  progress_text_->setText(ok ? "Done" : "Not finished");
  if (ok)
    status_->setText(message);
  else
    showError(message);
  Q_EMIT finetuningEnded(ok, message);
}

void FinetuneDialog::setRunning(bool running) {
  start_->setEnabled(!running);
  stop_->setEnabled(running);
  for (QWidget* w : {static_cast<QWidget*>(student_), static_cast<QWidget*>(scratch_),
                     static_cast<QWidget*>(epochs_), static_cast<QWidget*>(train_images_),
                     static_cast<QWidget*>(test_images_)})
    w->setEnabled(!running);
  teacher_->setEnabled(!running && has_teacher_);
}

void FinetuneDialog::showError(const QString& text) {
  error_->setText(text);
  error_->setVisible(!text.isEmpty());
}

}  // namespace rcmae::ui
