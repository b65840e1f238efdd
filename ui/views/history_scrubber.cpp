#include "views/history_scrubber.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>

#include "rcmae/run/run_files.h"
#include "steady_label.h"

namespace rcmae::ui {

HistoryScrubber::HistoryScrubber(QWidget* parent) : QWidget(parent) {
  setObjectName("historyScrubber");
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(12, 6, 12, 6);
  row->setSpacing(8);
  auto* title = new QLabel("History", this);
  title->setObjectName("sectionTitle");
  previous_ = new QToolButton(this);
  previous_->setText("◀");
  previous_->setToolTip("Previous snapshot");
  next_ = new QToolButton(this);
  next_->setText("▶");
  next_->setToolTip("Next snapshot");
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setRange(0, 0);
  slider_->setToolTip(
      "Every snapshot of this run, by step. Older snapshots are kept on disk in\n"
      "the run folder and loaded back when you scrub to them.");
  // Changes with every snapshot: a fixed size, so it never re-lays the window.
  label_ = new SteadyLabel("step 0000000 · 00000 / 00000", this);
  label_->setText("no snapshots");
  live_button_ = new QToolButton(this);
  live_button_->setText("Live");
  live_button_->setCheckable(true);
  live_button_->setChecked(true);
  live_button_->setObjectName("liveButton");
  live_button_->setToolTip("Show the newest snapshot as it arrives");
  row->addWidget(title);
  row->addWidget(previous_);
  row->addWidget(slider_, 1);
  row->addWidget(next_);
  row->addWidget(label_);
  row->addWidget(live_button_);

  connect(slider_, &QSlider::valueChanged, this, [this](int value) {
    if (updating_) return;
    live_ = value == history_.size() - 1;
    live_button_->setChecked(live_);
    showIndex(value);
  });
  connect(previous_, &QToolButton::clicked, this,
          [this] { slider_->setValue(slider_->value() - 1); });
  connect(next_, &QToolButton::clicked, this, [this] { slider_->setValue(slider_->value() + 1); });
  connect(live_button_, &QToolButton::toggled, this, &HistoryScrubber::setLive);
}

void HistoryScrubber::setRunDir(const QString& run_dir) {
  history_.setSpillDir(run_dir.isEmpty() ? QString()
                                         : QDir(run_dir).filePath(run_files::kSnapshots));
}

void HistoryScrubber::addSnapshot(const session::SnapshotPtr& snapshot) {
  history_.add(snapshot);
  updating_ = true;
  slider_->setRange(0, history_.size() - 1);
  if (live_) slider_->setValue(history_.size() - 1);
  updating_ = false;
  updateLabel();
  if (live_) Q_EMIT snapshotChosen(snapshot);
}

void HistoryScrubber::clear() {
  history_.clear();
  updating_ = true;
  slider_->setRange(0, 0);
  updating_ = false;
  live_ = true;
  live_button_->setChecked(true);
  updateLabel();
}

void HistoryScrubber::setLive(bool live) {
  live_ = live;
  live_button_->setChecked(live);
  if (live && history_.size() > 0) {
    updating_ = true;
    slider_->setValue(history_.size() - 1);
    updating_ = false;
    showIndex(history_.size() - 1);
  }
}

void HistoryScrubber::showIndex(int index) {
  if (index < 0 || index >= history_.size()) return;
  updateLabel();
  if (auto snapshot = history_.at(index)) Q_EMIT snapshotChosen(snapshot);
}

void HistoryScrubber::updateLabel() {
  const int count = history_.size();
  if (count == 0) {
    label_->setText("no snapshots");
    return;
  }
  const int index = slider_->value();
  label_->setText(
      QString("step %1 · %2 / %3").arg(history_.stepAt(index)).arg(index + 1).arg(count));
  previous_->setEnabled(index > 0);
  next_->setEnabled(index + 1 < count);
}

}  // namespace rcmae::ui
