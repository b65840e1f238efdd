#include "runs/compare_strip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "runs/compare_runner.h"

namespace rcmae::ui {

CompareStrip::CompareStrip(CompareRunner* runner, QWidget* parent)
    : QWidget(parent), runner_(runner) {
  label_ = new QLabel;
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label_->setWordWrap(true);
  bar_ = new QProgressBar;
  bar_->setMinimumWidth(180);
  bar_->setMaximumWidth(260);
  bar_->setTextVisible(true);
  cancel_ = new QPushButton("Cancel");
  cancel_->setToolTip("Stop the comparison; the finished run and the partial one stay on disk");
  dismiss_ = new QPushButton("Dismiss");
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel("<b>MAE vs RC-MAE</b>"));
  layout->addWidget(bar_);
  layout->addWidget(label_, 1);
  layout->addWidget(cancel_);
  layout->addWidget(dismiss_);
  hide();
  connect(cancel_, &QPushButton::clicked, runner_, &CompareRunner::cancel);
  connect(dismiss_, &QPushButton::clicked, this, &QWidget::hide);
  connect(runner_, &CompareRunner::progress, this, &CompareStrip::onProgress);
  connect(runner_, &CompareRunner::finished, this, &CompareStrip::onFinished);
}

QString CompareStrip::text() const { return label_->text(); }

void CompareStrip::onProgress(qint64 done, qint64 total, const QString& text) {
  show();
  cancel_->show();
  dismiss_->hide();
  bar_->show();
  // Step counts can exceed QProgressBar's int range only in theory; keep it in per mille.
  bar_->setRange(0, 1000);
  bar_->setValue(total > 0 ? int(1000 * done / total) : 0);
  bar_->setFormat(QString("%1 / %2 steps").arg(done).arg(total));
  label_->setText(text);
}

void CompareStrip::onFinished(bool ok, const QString& message) {
  show();
  cancel_->hide();
  dismiss_->show();
  if (ok) bar_->setValue(bar_->maximum());
  label_->setText(ok ? "Done: " + message : "Stopped: " + message);
}

}  // namespace rcmae::ui
