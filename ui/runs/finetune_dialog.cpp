#include "runs/finetune_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <algorithm>
#include <cmath>

#include "local_path.h"
#include "rcmae/eval/finetune_recipe.h"
#include "rcmae/run/csv_tail.h"
#include "rcmae/run/run_files.h"
#include "rcmae/stats/paired_difference.h"
#include "rcmae/stats/proportion_difference.h"
#include "rcmae/stats/verdict.h"
#include "runs/finetune_curve.h"
#include "runs/finetune_job.h"
#include "signed_number.h"

namespace rcmae::ui {
namespace {

constexpr int kFinetuneInitialWidth = 620;

JobDialogTexts texts() {
  JobDialogTexts t;
  t.title = "Fine-tune";
  t.intro =
      "The paper's own metric: the encoder and a linear head trained end to end on labelled "
      "images (AdamW, layer-wise lr decay, warmup + cosine, label smoothing, small shifts and "
      "flips), top-1 on the test split. From scratch runs the same recipe and budget on a "
      "fresh initialisation of the same architecture: pretraining helps only where it beats "
      "that row.";
  t.csv_name = run_files::kFinetune;
  t.verb = "fine-tune";
  return t;
}

// "Full: 25 epochs of 60,000 images, 50 % of the patches a step", from the recipe itself.
QString recipe_item_text(const std::string& name) {
  FinetuneRequest sizes;
  apply_finetune_recipe(name, sizes);
  QString text = QString("%1: %2 epochs of %3 images")
                     .arg(QString::fromStdString(name))
                     .arg(sizes.options.epochs)
                     .arg(QLocale(QLocale::English).toString(qlonglong(sizes.train_images)));
  text[0] = text[0].toUpper();
  if (sizes.options.keep_tokens < 1)
    text += QString(", %1 % of the patches a step").arg(qRound(100 * sizes.options.keep_tokens));
  return text;
}

QString start_label(const QString& init) {
  if (init == "teacher") return "Teacher";
  if (init == "student") return "Student";
  if (init == "scratch") return "From scratch";
  if (init == "weights") return "Weights file";
  return init;
}

// "Teacher +5.00 points (+1.35 to +8.65): better": a start's top-1 over scratch's, with its
// 95 % interval and the verdict when the interval is known.
QString gain_over_scratch(const QString& init, double difference, double ci_low, double ci_high) {
  auto points = [](double fraction) { return signed_number(100 * fraction, 2); };
  QString gain = start_label(init) + " " + points(difference) + " points";
  if (std::isfinite(ci_low) && std::isfinite(ci_high)) {
    const stats::Verdict verdict =
        stats::verdict_for(ci_low, ci_high, stats::Direction::HigherIsBetter);
    gain += QString(" (%1 to %2): %3")
                .arg(points(ci_low), points(ci_high),
                     QString::fromStdString(stats::to_string(verdict)));
  }
  return gain;
}

}  // namespace

FinetuneDialog::FinetuneDialog(const QString& run_folder, QWidget* parent)
    : JobDialog(run_folder, texts(), parent) {
  job_ = new FinetuneJob(this);
  connect(job_, &FinetuneJob::progressed, this, &FinetuneDialog::onProgress);
  connect(job_, &FinetuneJob::finished, this, &FinetuneDialog::onFinished);
  connect(job_, &FinetuneJob::failed, this,
          [this](const QString& message) { endQueue(false, message); });
  startButton()->setToolTip(
      "Fine-tune each ticked starting point in turn; rows go to finetune.csv");
  stopButton()->setToolTip("Stop after the step in progress; a stopped fine-tune is not saved");
  buildSettings();
  curve_ = new FinetuneCurve;
  addFigure(curve_);
  finishLayout({{"Start from"}, {"Test top-1"}, {"Steps"}, {"Training time"}},
               kFinetuneInitialWidth);
}

FinetuneDialog::~FinetuneDialog() = default;

bool FinetuneDialog::isRunning() const { return job_->isRunning(); }

void FinetuneDialog::buildSettings() {
  teacher_ = new QCheckBox("&Teacher");
  teacher_->setChecked(hasTeacher());
  teacher_->setEnabled(hasTeacher());
  teacher_->setToolTip(hasTeacher() ? "The EMA teacher's encoder" : "An MAE run has no teacher");
  student_ = new QCheckBox("St&udent");
  student_->setChecked(!hasTeacher());
  scratch_ = new QCheckBox("From &scratch");
  scratch_->setChecked(true);
  scratch_->setToolTip(
      "A fresh initialisation of the same architecture (the baseline); no "
      "layer-wise lr decay, since its lower layers hold nothing to keep");
  epochs_ = makeSizeBox(1, 100, 1, 5, "Passes over the training images");
  train_images_ = makeSizeBox(100, 60000, 1000, 10000,
                              "Labelled training images, spread evenly over the training split");
  test_images_ = makeSizeBox(100, 10000, 1000, 10000, "Test images scored for top-1");
  save_model_ = new QCheckBox("Save each fine-tuned model for &PyTorch");
  save_model_->setToolTip(
      "Writes RUN/models/finetune-START-TIME.pth, a state dict with MAE models_vit names "
      "that loads with strict=True, and a .json beside it with the shape and normalisation "
      "(rcmae finetune --save-model)");
  recipe_ = new QComboBox;
  for (const std::string& name : finetune_recipe_names())
    recipe_->addItem(recipe_item_text(name), QString::fromStdString(name));
  recipe_->addItem("Custom", "");
  QStringList tips;
  for (const std::string& name : finetune_recipe_names())
    tips << QString::fromStdString(finetune_recipe_description(name));
  recipe_->setToolTip(tips.join("\n") +
                      "\nCustom: the epochs and images set below, on the schedule of the "
                      "recipe chosen last");
  connect(recipe_, &QComboBox::currentIndexChanged, this, &FinetuneDialog::applyRecipe);
  connect(epochs_, &QSpinBox::valueChanged, this, &FinetuneDialog::showRecipeOfBoxes);
  connect(train_images_, &QSpinBox::valueChanged, this, &FinetuneDialog::showRecipeOfBoxes);
  addSettingsRow("Start from", {teacher_, student_, scratch_});
  addSettingsRow("&Recipe", {recipe_});
  addSettingsRow("&Epochs", {epochs_});
  addCountsRow("Training &images", train_images_, "Test i&mages", test_images_);
  addSettingsRow("Keep", {save_model_});
}

void FinetuneDialog::applyRecipe() {
  const std::string name = recipe_->currentData().toString().toStdString();
  FinetuneRequest sizes;
  if (!apply_finetune_recipe(name, sizes)) return;  // Custom: the boxes and schedule stay
  schedule_recipe_ = name;
  const QSignalBlocker quiet_epochs(epochs_), quiet_images(train_images_);
  epochs_->setValue(sizes.options.epochs);
  train_images_->setValue(int(sizes.train_images));
}

void FinetuneDialog::showRecipeOfBoxes() {
  const QString recipe = QString::fromStdString(finetune_recipe_of(request("scratch")));
  const QSignalBlocker quiet_recipe(recipe_);
  recipe_->setCurrentIndex(std::max(0, recipe_->findData(recipe)));
}

void FinetuneDialog::showSavedResults() {
  best_top1_.clear();
  readItems();
  run::CsvTail csv(local_path(csvFile()));
  csv.keep_text({"init"});
  csv.poll();
  if (!csv.exists() || csv.row_count() == 0) {
    updateSummary();
    setProgress(0, 1, "Not started");
    setStatus(
        "No fine-tunes of this run yet. Each finished one is added to "
        "finetune.csv in the run folder.");
    return;
  }
  const auto& init = csv.text("init");
  const auto& top1 = csv.column("top1");
  const auto& steps = csv.column("steps");
  const auto& train_s = csv.column("train_s");
  const auto& test_images = csv.column("test_images");
  for (size_t i = 0; i < size_t(csv.row_count()); ++i)
    addResult(QString::fromStdString(init[i]), top1[i], qint64(steps[i]), train_s[i],
              std::isnan(test_images[i]) ? 0 : qint64(test_images[i]));
  updateSummary();  // once: a paired summary resamples every test image
  setProgress(1, 1, QString("%1 rows from finetune.csv").arg(csv.row_count()));
  setStatus(QString("%1 earlier fine-tune(s) from finetune.csv").arg(csv.row_count()));
}

void FinetuneDialog::addResult(const QString& init, double top1, qint64 steps, double train_s,
                               qint64 test_images) {
  appendRow({start_label(init),
             std::isnan(top1) ? QString("–") : QString::number(100 * top1, 'f', 2) + " %",
             QString::number(steps), std::isnan(train_s) ? QString("–") : durationText(train_s)});
  if (!std::isnan(top1)) {
    Top1& best = best_top1_[init];
    if (best.rows == 0 || top1 > best.top1) {
      best.top1 = top1;
      best.test_images = test_images;
    }
    ++best.rows;
  }
}

// The intro's reading of the table, done: how far each pretrained start is above scratch,
// with a 95 % interval and its verdict. Paired by test image when finetune_items.csv kept
// which images the latest fine-tune of each start got right; otherwise (runs from before it,
// or other test images) from the best top-1 of each start alone: the unpaired interval,
// conservative. One fine-tune per start says nothing of the spread between seeds.
void FinetuneDialog::updateSummary() {
  if (const QString paired = pairedSummary(); !paired.isEmpty()) {
    setSummary(paired);
    return;
  }
  if (!best_top1_.contains("scratch") || best_top1_.size() < 2) {
    setSummary({});
    return;
  }
  const Top1 scratch = best_top1_["scratch"];
  QStringList gains;
  bool picked = false;  // a best of several: the interval does not account for the pick
  for (auto it = best_top1_.cbegin(); it != best_top1_.cend(); ++it) {
    picked = picked || it.value().rows > 1;
    if (it.key() == "scratch") continue;
    const stats::ProportionDifference d = stats::proportion_difference(
        it.value().top1, it.value().test_images, scratch.top1, scratch.test_images);
    gains << gain_over_scratch(it.key(), d.difference, d.ci_low, d.ci_high);
  }
  setSummary("<b>Best top-1 over from scratch:</b> " + gains.join(", ") +
             (picked ? "<br>95 % intervals from the test images, for the best of several "
                       "fine-tunes: picking the best is not in them, nor the seed spread."
                     : "<br>95 % intervals from the test images; one fine-tune per start: no "
                       "seed spread in them."));
}

void FinetuneDialog::readItems() {
  items_.clear();
  const auto file = local_path(runFolder()) / run_files::kFinetuneItems;
  try {
    if (std::filesystem::exists(file)) items_ = run::read_paired_items(file);
  } catch (const std::exception&) {
    items_.clear();  // unreadable: the summary falls back to the rows' top-1 alone
  }
}

QString FinetuneDialog::pairedSummary() const {
  const auto* scratch = run::find_metric(items_, finetune_items_metric("scratch"));
  if (!scratch || best_top1_.size() < 2) return {};
  QStringList gains;
  for (auto it = best_top1_.cbegin(); it != best_top1_.cend(); ++it) {
    if (it.key() == "scratch") continue;
    const auto* start = run::find_metric(items_, finetune_items_metric(it.key().toStdString()));
    if (!start || start->numerator.size() != scratch->numerator.size()) return {};
    const stats::PairedDifference d = stats::paired_difference(
        {{start->numerator, start->denominator}}, {{scratch->numerator, scratch->denominator}},
        stats::Direction::HigherIsBetter);
    gains << gain_over_scratch(it.key(), d.diff, d.ci_low, d.ci_high);
  }
  if (gains.isEmpty()) return {};
  return "<b>Latest top-1 over from scratch:</b> " + gains.join(", ") +
         "<br>95 % intervals paired by test image (each start's latest fine-tune against "
         "scratch's, on the same images); one fine-tune per start: no seed spread in them.";
}

FinetuneRequest FinetuneDialog::request(const std::string& which) const {
  FinetuneRequest r;
  apply_finetune_recipe(schedule_recipe_, r);  // the schedule; the boxes set the sizes
  r.encoder = checkpointEncoder(which);
  r.train_images = train_images_->value();
  r.test_images = test_images_->value();
  r.options.epochs = epochs_->value();
  r.options.layer_decay = default_layer_decay(which);
  if (save_model_->isChecked()) r.save_model = local_path(modelFile(which));
  return r;
}

// RUN/models/finetune-teacher-20261206-153012.pth: one file per fine-tune, never overwritten.
QString FinetuneDialog::modelFile(const std::string& which) const {
  const QString stem =
      QDir(runFolder())
          .filePath(QString("models/finetune-%1-%2")
                        .arg(QString::fromStdString(which))
                        .arg(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
  QString file = stem + ".pth";
  for (int n = 2; QFileInfo::exists(file); ++n) file = QString("%1-%2.pth").arg(stem).arg(n);
  return file;
}

bool FinetuneDialog::begin() {
  queue_.clear();
  if (teacher_->isChecked() && hasTeacher()) queue_.push_back("teacher");
  if (student_->isChecked()) queue_.push_back("student");
  if (scratch_->isChecked()) queue_.push_back("scratch");
  if (queue_.empty()) {
    showError("Tick at least one starting point.");
    return false;
  }
  queue_size_ = int(queue_.size());
  saved_models_.clear();
  startNext();
  return true;
}

QString FinetuneDialog::queueText(const std::string& which) const {
  return QString("%1 (%2 of %3)")
      .arg(start_label(QString::fromStdString(which)))
      .arg(queue_size_ - int(queue_.size()) + 1)
      .arg(queue_size_);
}

void FinetuneDialog::startNext() {
  const std::string which = queue_.front();
  curve_->begin(start_label(QString::fromStdString(which)), epochs_->value());
  setProgress(0, 1, queueText(which) + " · loading the encoder and the images…");
  job_->start(request(which));
}

void FinetuneDialog::requestStop() {
  queue_.clear();
  job_->stop();
  setStatus("Stopping after the step in progress…");
}

void FinetuneDialog::onProgress(const FinetuneProgress& p) {
  if (queue_.empty()) return;  // stopping
  curve_->addProgress(p);
  // Later starting points cost about what this one does.
  const double per_step = p.train_s / double(std::max<int64_t>(1, p.step));
  const double left = per_step * double(p.total_steps - p.step) +
                      per_step * double(p.total_steps) * double(queue_.size() - 1);
  QString text = QString("%1 · step %2 of %3 · epoch %4 of %5 · loss %6 · %7")
                     .arg(queueText(queue_.front()))
                     .arg(p.step)
                     .arg(p.total_steps)
                     .arg(p.epoch)
                     .arg(epochs_->value())
                     .arg(p.loss, 0, 'f', 3)
                     .arg(timeLeftText(left));
  if (p.test_top1)
    text += QString(" · test top-1 %1 % on %2 images")
                .arg(100 * *p.test_top1, 0, 'f', 2)
                .arg(p.test_images);
  setProgress(int(p.step), int(p.total_steps), text);
}

void FinetuneDialog::onFinished(const FinetuneReport& report) {
  if (report.result.stopped) {
    endQueue(false, "Stopped; the interrupted fine-tune was not saved.");
    return;
  }
  addResult(QString::fromStdString(report.init), report.result.top1, report.result.steps,
            report.result.train_s, report.test_images);
  try {
    record_finetune(report, local_path(runFolder()));
  } catch (const std::exception& error) {
    updateSummary();
    endQueue(false, QString::fromUtf8(error.what()));
    return;
  }
  readItems();
  updateSummary();
  if (!report.saved_model.empty())
    saved_models_ << QDir::toNativeSeparators(QString::fromStdString(report.saved_model.string()));
  if (!queue_.empty()) queue_.erase(queue_.begin());
  if (queue_.empty()) {
    QString saved = QString("Saved to %1").arg(QDir::toNativeSeparators(csvFile()));
    if (!saved_models_.isEmpty()) saved += "; models for PyTorch: " + saved_models_.join(", ");
    endQueue(true, saved);
    return;
  }
  startNext();
}

void FinetuneDialog::endQueue(bool ok, const QString& message) {
  queue_.clear();
  if (ok)
    endJob(true, message, "Done", message);
  else
    endJob(false, message, "Not finished",
           "Fine-tunes that finished are in finetune.csv; an unfinished one is not saved.",
           message);
}

}  // namespace rcmae::ui
