#include "runs/job_dialog.h"

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

#include "checkpoint_interval.h"
#include "local_path.h"
#include "rcmae/run/run_files.h"
#include "rcmae/run/run_record.h"
#include "runs/job_dialog_labels.h"

namespace rcmae::ui {

JobDialog::JobDialog(const QString& run_folder, const JobDialogTexts& texts, QWidget* parent)
    : QDialog(parent), folder_(QDir(run_folder).absolutePath()), texts_(texts) {
  setWindowTitle(texts.title + " · " + QFileInfo(folder_).fileName());
  run::RunRecord record(local_path(folder_));
  record.poll();
  has_teacher_ = record.config().mode != "mae";

  auto* intro = new QLabel(texts.intro);
  intro->setObjectName("hint");
  intro->setWordWrap(true);
  form_ = new QFormLayout;
  form_->setContentsMargins(0, 0, 0, 0);
  form_->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
  settings_ = new QWidget;
  settings_->setLayout(form_);
  error_ = make_problem_label();
  table_ = new QTableWidget;
  summary_ = new QLabel;
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // One line kept even while empty, so the dialog does not grow when results arrive.
  summary_->setMinimumHeight(summary_->fontMetrics().lineSpacing());
  status_ = make_status_label();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  layout_ = new QVBoxLayout(this);
  layout_->addWidget(intro);
  layout_->addWidget(settings_);
  layout_->addWidget(buildProgress());
  layout_->addWidget(error_);
  layout_->addWidget(table_, 1);
  layout_->addWidget(summary_);
  layout_->addWidget(status_);
  layout_->addWidget(buttons);
}

void JobDialog::addFigure(QWidget* figure) {
  layout_->insertWidget(layout_->indexOf(table_), figure, 2);
}

JobDialog::~JobDialog() = default;

QWidget* JobDialog::buildProgress() {
  start_ = new QPushButton("&Start");
  stop_ = new QPushButton("S&top");
  progress_ = new QProgressBar;
  progress_->setTextVisible(false);  // the line below says more than a bar's text can
  progress_text_ = new QLabel;
  progress_text_->setObjectName("hint");
  progress_text_->setWordWrap(true);
  connect(start_, &QPushButton::clicked, this, &JobDialog::start);
  connect(stop_, &QPushButton::clicked, this, &JobDialog::stop);
  auto* row = new QHBoxLayout;
  row->addWidget(start_);
  row->addWidget(stop_);
  row->addWidget(progress_, 1);
  auto* box = new QWidget;
  auto* column = new QVBoxLayout(box);
  column->setContentsMargins(0, 0, 0, 0);
  column->addLayout(row);
  column->addWidget(progress_text_);
  return box;
}

void JobDialog::addSettingsRow(const QString& label, const QList<QWidget*>& fields) {
  auto* row = new QHBoxLayout;
  for (QWidget* field : fields) row->addWidget(field);
  row->addStretch(1);
  form_->addRow(label, row);
  // QFormLayout gives a label's mnemonic to no widget of a row that is a layout.
  if (auto* name = qobject_cast<QLabel*>(form_->labelForField(row))) name->setBuddy(fields.front());
}

void JobDialog::addCountsRow(const QString& label, QSpinBox* first, const QString& second_label,
                             QSpinBox* second) {
  auto* name = new QLabel(second_label);
  name->setBuddy(second);
  // A gap that keeps the second label with its box, not with the first.
  name->setContentsMargins(12, 0, 0, 0);
  addSettingsRow(label, {first, name, second});
}

void JobDialog::finishLayout(const std::vector<JobColumn>& columns, int width) {
  table_->setColumnCount(int(columns.size()));
  for (size_t c = 0; c < columns.size(); ++c) {
    auto* header = new QTableWidgetItem(columns[c].title);
    header->setToolTip(columns[c].tip);
    table_->setHorizontalHeaderItem(int(c), header);
    alignments_.push_back(c == 0 ? Qt::AlignLeft : columns[c].alignment);
  }
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setAlternatingRowColors(true);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  setRunning(false);
  start_->setDefault(true);
  start_->setFocus();
  resize(width, sizeHint().height());
  showFolderState();
}

QString JobDialog::checkpointFile() const { return QDir(folder_).filePath(run_files::kCheckpoint); }
QString JobDialog::csvFile() const { return QDir(folder_).filePath(texts_.csv_name); }
QString JobDialog::errorText() const { return error_->isHidden() ? QString() : error_->text(); }
QString JobDialog::progressText() const { return progress_text_->text(); }
QString JobDialog::summaryText() const { return summary_->text(); }
QString JobDialog::statusText() const { return status_->text(); }

QString JobDialog::noCheckpointText(const QString& verb) {
  return QString(
             "This run folder has no checkpoint.ckpt, so there is no encoder to %1. rcmae train "
             "(also behind Compare and Sweeps) saves one as it trains (--checkpoint-every-s) "
             "and when a run ends; the window saves one %2 of training, when a run ends or is "
             "stopped, and on Run > Save checkpoint now.")
      .arg(verb, every_text(window_checkpoint_every_s()));
}

EncoderChoice JobDialog::checkpointEncoder(const std::string& which) const {
  EncoderChoice choice;
  choice.checkpoint = local_path(checkpointFile());
  choice.which = which;
  return choice;
}

bool JobDialog::start() {
  if (isRunning()) return false;
  showError({});
  if (!QFileInfo::exists(checkpointFile())) {
    showError(noCheckpointText(texts_.verb));
    return false;
  }
  if (!begin()) return false;
  setRunning(true);
  return true;
}

void JobDialog::stop() {
  if (!isRunning()) return;
  requestStop();
  stop_->setEnabled(false);
}

void JobDialog::setRunning(bool running) {
  start_->setEnabled(!running);
  stop_->setEnabled(running);
  settings_->setEnabled(!running);
}

void JobDialog::endJob(bool ok, const QString& message, const QString& progress,
                       const QString& status, const QString& error) {
  setRunning(false);
  progress_text_->setText(progress);
  setStatus(status);
  showError(error);
  Q_EMIT jobEnded(ok, message);
}

// Reopened, the dialog shows the folder as it is now: a CLI may have written the results
// file, or the run may have saved its checkpoint since.
void JobDialog::showEvent(QShowEvent* event) {
  QDialog::showEvent(event);
  if (!event->spontaneous() && !isRunning()) showFolderState();
}

void JobDialog::showFolderState() {
  showError({});
  clearResults();
  showSavedResults();
  if (!QFileInfo::exists(checkpointFile())) showError(noCheckpointText(texts_.verb));
}

void JobDialog::clearResults() {
  table_->setRowCount(0);
  summary_->clear();
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_text_->clear();
}

int JobDialog::appendRow(const QStringList& texts) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  for (int c = 0; c < texts.size() && c < int(alignments_.size()); ++c) {
    auto* item = new QTableWidgetItem(texts[c]);
    item->setTextAlignment(alignments_[size_t(c)] | Qt::AlignVCenter);
    table_->setItem(row, c, item);
  }
  return row;
}

void JobDialog::setProgress(int done, int total, const QString& text) {
  progress_->setRange(0, std::max(1, total));
  progress_->setValue(std::min(done, total));
  progress_text_->setText(text);
}

void JobDialog::showError(const QString& text) {
  error_->setText(text);
  error_->setVisible(!text.isEmpty());
}

void JobDialog::setStatus(const QString& text) { status_->setText(text); }
void JobDialog::setSummary(const QString& text) { summary_->setText(text); }

QSpinBox* JobDialog::makeSizeBox(int low, int high, int step, int value, const QString& tip) {
  auto* box = new QSpinBox;
  box->setRange(low, high);
  box->setSingleStep(step);
  box->setValue(value);
  box->setToolTip(tip);
  return box;
}

QString JobDialog::durationText(double seconds) {
  const auto s = std::max<qint64>(1, qint64(std::llround(seconds)));
  QString text = s < 60 ? QString("%1 s").arg(s)
                        : QString("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
  return text.replace(' ', QChar::Nbsp);
}

QString JobDialog::timeLeftText(double seconds) {
  return "about " + durationText(seconds) + " left";
}

}  // namespace rcmae::ui
