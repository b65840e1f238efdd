#include "views/quality_tab.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "plots/quality_plot.h"
#include "runs/run_series_catalogue.h"
#include "status_bar_metrics.h"
#include "steady_label.h"
#include "views/explanation_label.h"

namespace rcmae::ui {
namespace {

constexpr int kStudent = 0;  // PlotTheme::series colours, as in the run report
constexpr int kTeacher = 3;

QString nmse_text(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : "–"; }
QString psnr_text(double v) { return std::isfinite(v) ? QString("%1 dB").arg(v, 0, 'f', 1) : "–"; }
QString percent_text(double v) {
  return std::isfinite(v) ? QString("%1 %").arg(100 * v, 0, 'f', 1) : "–";
}

// One measurement in full, for the hover tooltip of either plot.
QString describe(const QualityRecord& r) {
  QString text = QString("Step %1 (%2 of training)\n").arg(r.step).arg(format_duration(r.train_s));
  text += QString("Held-out NMSE: teacher %1, student %2\n")
              .arg(nmse_text(r.teacher_nmse), nmse_text(r.student_nmse));
  text += QString("PSNR: teacher %1, student %2")
              .arg(psnr_text(r.teacher_psnr), psnr_text(r.student_psnr));
  if (r.has_representation()) {
    text += QString("\nkNN top-1: teacher %1, student %2, raw pixels %3")
                .arg(percent_text(r.teacher_knn), percent_text(r.student_knn),
                     percent_text(r.pixel_knn));
    text += QString("\nLinear probe: teacher %1, student %2, raw pixels %3")
                .arg(percent_text(r.teacher_probe), percent_text(r.student_probe),
                     percent_text(r.pixel_probe));
  }
  return text + QString("\nMeasuring took %1").arg(format_duration(r.eval_s));
}

QualityPlot* make_reconstruction_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot =
      new QualityPlot(history, "Held-out reconstruction", "NMSE of hidden patches", parent);
  plot->setObjectName("qualityNmsePlot");
  plot->addSeries({"teacher", kTeacher, [](const QualityRecord& r) { return r.teacher_nmse; }});
  plot->addSeries({"student", kStudent, [](const QualityRecord& r) { return r.student_nmse; }});
  // Labels under their lines at the left, where the curves start high above them.
  plot->addReference({"1 = mean fill of visible pixels", 1.0, nullptr, Qt::DashLine,
                      Qt::AlignLeft | Qt::AlignTop});
  plot->addReference({"target 0.5: half the mean-fill error", 0.5, nullptr, Qt::DotLine,
                      Qt::AlignLeft | Qt::AlignTop});
  plot->setYFromZero(true);
  plot->setDescribe(describe);
  plot->setEmptyNote("The first measurement is taken at step 0, as the run starts.");
  plot->setToolTip(
      "Hover a point for the whole measurement (PSNR included).\n"
      "Drag/wheel to zoom, double-click to fit, right-click to save the figure or its data.");
  return plot;
}

QualityPlot* make_accuracy_plot(const MetricHistory* history, QWidget* parent) {
  auto* plot =
      new QualityPlot(history, "Frozen features vs raw pixels", "top-1 accuracy (%)", parent);
  plot->setObjectName("qualityAccuracyPlot");
  plot->setScale(100);
  plot->addSeries({"teacher kNN", kTeacher, [](const QualityRecord& r) { return r.teacher_knn; }});
  plot->addSeries({"student kNN", kStudent, [](const QualityRecord& r) { return r.student_knn; }});
  plot->addSeries({"teacher probe", kTeacher,
                   [](const QualityRecord& r) { return r.teacher_probe; }, Qt::DashLine});
  plot->addSeries({"student probe", kStudent,
                   [](const QualityRecord& r) { return r.student_probe; }, Qt::DashLine});
  // Labels at the left, where the curves start low; the lower line's label under it.
  plot->addReference({pixel_baseline_pattern(HeldOutAccuracy::Knn), 0,
                      [](const QualityRecord& r) { return r.pixel_knn; }, Qt::DashLine,
                      Qt::AlignLeft | Qt::AlignBottom});
  plot->addReference({pixel_baseline_pattern(HeldOutAccuracy::Probe), 0,
                      [](const QualityRecord& r) { return r.pixel_probe; }, Qt::DashDotLine,
                      Qt::AlignLeft | Qt::AlignBottom});
  plot->setLowestLabelBelow(true);
  plot->setYFromZero(false);
  plot->setYLimits(0, 100);
  plot->setDescribe(describe);
  plot->setEmptyNote(
      "kNN and probe cost more than a reconstruction, so they are measured less often "
      "(within 3 % of training time): the first point comes later.");
  plot->setToolTip(
      "Solid: kNN (k 20). Dashed: linear probe. Hover a point for the whole measurement.\n"
      "Drag/wheel to zoom, double-click to fit, right-click to save the figure or its data.");
  return plot;
}

QString explanation_html(const TrainConfig* config) {
  const QString bank = config ? QString::number(config->quality_bank) : "10,000";
  const QString queries = config ? QString::number(config->quality_queries) : "2,000";
  return QString(
             "<b>What these numbers are.</b> While the run trains, it is measured on a fixed "
             "held-out set: the dataset's test images (Fashion-MNIST's test split in the recipes), "
             "never trained on. <b>Held-out NMSE</b>: 500 test images with fixed masks at ratio "
             "0.75 "
             "(whatever the training ratio), error of the hidden patches in pixels divided by the "
             "error "
             "of filling each with the image's mean visible pixel: 1 = no better than that, 0 = "
             "perfect. "
             "<b>kNN</b> (k 20) and <b>linear probe</b>: %1 test images classified from frozen "
             "encoder "
             "features, with %2 labelled training images as memory bank and probe training set; "
             "the "
             "dashed lines are the same classifiers on raw pixels. <b>A curve above its pixel line "
             "= "
             "the encoder learned something the pixels don't give.</b> Measuring stays within 5 % "
             "of "
             "training time and does not count as training time.")
      .arg(queries, bank);
}

}  // namespace

QualityTab::QualityTab(const MetricHistory* history, QWidget* parent)
    : QWidget(parent), history_(history) {
  reconstruction_ = make_reconstruction_plot(history, this);
  accuracy_ = make_accuracy_plot(history, this);
  current_ = reconstruction_;

  status_ = new QLabel(this);
  status_->setObjectName("hint");
  status_->setWordWrap(true);
  // Changes with every measurement: fixed size, so the window is not laid out again.
  measured_at_ = new SteadyLabel("8888 measurements · latest at step 8888888 (888 h 88 min)", this);
  measured_at_->setToolTip("Measurements so far, and the step and training time of the newest");
  measured_at_->setObjectName("hint");
  measured_at_->setAlignment(Qt::AlignRight | Qt::AlignTop);
  explanation_ = make_explanation(explanation_html(nullptr), this);

  auto* status_row = new QHBoxLayout;
  status_row->addWidget(status_, 1);
  status_row->addWidget(measured_at_, 0, Qt::AlignTop);
  auto* plots = new QHBoxLayout;
  plots->setSpacing(10);
  plots->addWidget(reconstruction_, 1);
  plots->addWidget(accuracy_, 1);
  auto* bottom = new QHBoxLayout;
  bottom->setSpacing(12);
  bottom->addWidget(buildLatestTable(), 0, Qt::AlignTop);
  bottom->addWidget(explanation_, 1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 12);
  layout->setSpacing(8);
  layout->addLayout(status_row);
  layout->addLayout(plots, 1);
  layout->addLayout(bottom);

  for (ThemedPlot* plot :
       {static_cast<ThemedPlot*>(reconstruction_), static_cast<ThemedPlot*>(accuracy_)})
    connect(plot, &ThemedPlot::activated, this, [this, plot] { current_ = plot; });
  updateTexts();
  updateLatest();
}

// Rows: the four measures; columns: teacher, student and what raw pixels (or mean fill) give.
QWidget* QualityTab::buildLatestTable() {
  auto* box = new QWidget(this);
  box->setObjectName("qualityLatest");
  auto* grid = new QGridLayout(box);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(14);
  grid->setVerticalSpacing(3);
  const QStringList columns = {"teacher", "student", "pixels"};
  const QStringList headers = {"Teacher", "Student", "Raw pixels"};
  auto* corner = new QLabel("Latest", box);
  corner->setObjectName("sectionTitle");
  grid->addWidget(corner, 0, 0);
  for (int c = 0; c < columns.size(); ++c) {
    auto* header = new QLabel(headers[c], box);
    header->setObjectName("sectionTitle");
    grid->addWidget(header, 0, c + 1, Qt::AlignRight);
  }
  const QStringList rows = {"nmse", "psnr", "knn", "probe"};
  const QStringList titles = {"Held-out NMSE", "PSNR", "kNN top-1", "Linear probe"};
  const QStringList tips = {
      "Error of the hidden patches of the held-out images over the error of mean fill (1 = mean "
      "fill, 0 = perfect)",
      "Peak signal-to-noise ratio of the hidden patches, pixels in [0, 1] (higher is better)",
      "Weighted kNN (k 20, cosine) on frozen encoder features; raw pixels: the same kNN on the "
      "pixels",
      "Logistic regression on frozen, standardised encoder features; raw pixels: the same probe on "
      "the pixels"};
  for (int r = 0; r < rows.size(); ++r) {
    auto* title = new QLabel(titles[r], box);
    title->setToolTip(tips[r]);
    grid->addWidget(title, r + 1, 0);
    for (int c = 0; c < columns.size(); ++c) {
      auto* cell = new SteadyLabel("888.8 dB", box);
      cell->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
      cell->setToolTip(tips[r]);
      cells_.insert(rows[r] + "/" + columns[c], cell);
      grid->addWidget(cell, r + 1, c + 1);
    }
  }
  // Fixed by definition: NMSE 1 is mean fill; PSNR has no pixel counterpart.
  cells_["nmse/pixels"]->setText("1.000");
  cells_["nmse/pixels"]->setToolTip("Mean fill of the visible pixels scores 1 by definition");
  cells_["psnr/pixels"]->setText("–");
  return box;
}

void QualityTab::setRunConfig(const TrainConfig& config) {
  config_ = config;
  has_config_ = true;
  explanation_->setText(explanation_html(&config_));
  updateTexts();
}

void QualityTab::refresh() {
  if (generation_ == history_->generation() && shown_ == history_->quality().size()) return;
  reconstruction_->refresh();
  accuracy_->refresh();
  updateLatest();
}

void QualityTab::rebuild() {
  reconstruction_->rebuild();
  accuracy_->rebuild();
  updateLatest();
}

void QualityTab::updateLatest() {
  const QVector<QualityRecord>& records = history_->quality();
  generation_ = history_->generation();
  shown_ = int(records.size());
  const QualityRecord none;
  const QualityRecord& last = records.isEmpty() ? none : records.back();
  // kNN and probe are measured less often: show the newest measurement that has them.
  const QualityRecord* representation = nullptr;
  for (auto it = records.rbegin(); it != records.rend() && !representation; ++it)
    if (it->has_representation()) representation = &*it;
  const QualityRecord& rep = representation ? *representation : none;
  cells_["nmse/teacher"]->setText(nmse_text(last.teacher_nmse));
  cells_["nmse/student"]->setText(nmse_text(last.student_nmse));
  cells_["psnr/teacher"]->setText(psnr_text(last.teacher_psnr));
  cells_["psnr/student"]->setText(psnr_text(last.student_psnr));
  cells_["knn/teacher"]->setText(percent_text(rep.teacher_knn));
  cells_["knn/student"]->setText(percent_text(rep.student_knn));
  cells_["knn/pixels"]->setText(percent_text(rep.pixel_knn));
  cells_["probe/teacher"]->setText(percent_text(rep.teacher_probe));
  cells_["probe/student"]->setText(percent_text(rep.student_probe));
  cells_["probe/pixels"]->setText(percent_text(rep.pixel_probe));
  measured_at_->setText(records.isEmpty() ? QString()
                                          : QString("%1 measurements · latest at step %2 (%3)")
                                                .arg(records.size())
                                                .arg(last.step)
                                                .arg(format_duration(last.train_s)));
  updateTexts();
}

void QualityTab::updateTexts() {
  QString message;
  if (has_config_ && !config_.quality)
    message = "Quality measurements are off for this run.";
  else if (!history_->quality().isEmpty())
    message =
        "Measured on held-out images while the run trains. Hover a point for the whole "
        "measurement.";
  else if (has_config_)
    message = "Waiting for the first measurement (taken as the run starts).";
  else
    message = "Start a run: it is measured on held-out images while it trains.";
  if (has_config_ && !config_.has_teacher()) message += " MAE has no teacher: student values only.";
  if (status_->text() != message) status_->setText(message);
}

void QualityTab::applyTheme(const PlotTheme& theme) {
  reconstruction_->applyTheme(theme);
  accuracy_->applyTheme(theme);
}

QString QualityTab::latestValue(const QString& row, const QString& column) const {
  const QLabel* cell = cells_.value(row + "/" + column);
  return cell ? cell->text() : QString();
}

QWidget* QualityTab::currentFigure() const { return current_; }

}  // namespace rcmae::ui
