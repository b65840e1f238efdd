#include "runs/runs_side_by_side.h"

#include <QComboBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "rcmae/session/snapshot_io.h"
#include "steady_label.h"
#include "views/compare_sides.h"
#include "views/split_compare_view.h"

namespace rcmae::ui {

RunsSideBySide::RunsSideBySide(QWidget* parent) : QWidget(parent) {
  setObjectName("runsSideBySide");
  auto* grid = new QGridLayout;
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(6);
  grid->setVerticalSpacing(4);
  const char* names[2] = {"A (left)", "B (right)"};
  for (int side = A; side <= B; ++side) {
    run_choice_[side] = new QComboBox(this);
    run_choice_[side]->setObjectName(side == A ? "runAChoice" : "runBChoice");
    run_choice_[side]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    run_choice_[side]->setMinimumContentsLength(8);
    auto* label = new QLabel(names[side], this);
    label->setBuddy(run_choice_[side]);
    grid->addWidget(label, side, 0);
    grid->addWidget(run_choice_[side], side, 1, 1, 2);
    connect(run_choice_[side], &QComboBox::currentIndexChanged, this, [this, side](int index) {
      if (filling_ || index < 0) return;
      picked_by_user_ = true;
      setRun(Side(side), run_choice_[side]->itemData(index).toString());
    });
  }
  which_ = new QComboBox(this);
  which_->addItems({"Students", "Teachers"});
  which_->setToolTip("Whose reconstruction each run shows. MAE runs have no teacher.");
  mode_ = new QComboBox(this);
  mode_->addItems({"Split", "Difference |A − B|"});
  mode_->setToolTip("Split: A left of the divider, B right of it. Difference: |A − B| per pixel.");
  // Narrow at least: this column shares the Runs tab's width with four plots.
  for (QComboBox* choice : {which_, mode_}) {
    choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    choice->setMinimumContentsLength(6);
  }
  // One chooser per row: side by side, the two set the column's (and the tab's) width.
  auto* show_label = new QLabel("Show", this);
  show_label->setBuddy(which_);
  grid->addWidget(show_label, 2, 0);
  grid->addWidget(which_, 2, 1, 1, 2);
  auto* view_label = new QLabel("View", this);
  view_label->setBuddy(mode_);
  grid->addWidget(view_label, 3, 0);
  grid->addWidget(mode_, 3, 1, 1, 2);
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(2, 1);

  previous_ = new QToolButton(this);
  previous_->setText("◀");
  previous_->setToolTip("The previous step either run saved a snapshot at");
  next_ = new QToolButton(this);
  next_->setText("▶");
  next_->setToolTip("The next step either run saved a snapshot at");
  step_slider_ = new QSlider(Qt::Horizontal, this);
  step_slider_->setObjectName("sideBySideStep");
  step_slider_->setRange(0, 0);
  step_slider_->setToolTip("Every step at which A or B saved a snapshot");
  step_label_ = new SteadyLabel("step 0000000", this);
  auto* steps = new QHBoxLayout;
  steps->setSpacing(6);
  auto* step_title = new QLabel("Step", this);
  step_title->setBuddy(step_slider_);
  steps->addWidget(step_title);
  steps->addWidget(previous_);
  steps->addWidget(step_slider_, 1);
  steps->addWidget(next_);
  steps->addWidget(step_label_);

  caption_ = new QLabel(this);
  caption_->setObjectName("hint");
  caption_->setWordWrap(true);
  view_ = new SplitCompareView(this);
  view_->setMinimumSize(220, 200);
  view_->setPlaceholder("Tick or pick two runs that saved reconstruction snapshots.");

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(6);
  layout->addLayout(grid);
  layout->addLayout(steps);
  layout->addWidget(caption_);
  layout->addWidget(view_, 1);

  connect(which_, &QComboBox::currentIndexChanged, this, [this] { showChosen(); });
  connect(mode_, &QComboBox::currentIndexChanged, this, [this](int index) {
    view_->setMode(index == 1 ? SplitCompareView::Mode::Difference : SplitCompareView::Mode::Split);
  });
  connect(step_slider_, &QSlider::valueChanged, this, [this](int index) {
    if (filling_ || index < 0 || index >= steps_.size()) return;
    setStep(steps_[index]);
  });
  connect(previous_, &QToolButton::clicked, this,
          [this] { step_slider_->setValue(step_slider_->value() - 1); });
  connect(next_, &QToolButton::clicked, this,
          [this] { step_slider_->setValue(step_slider_->value() + 1); });
  showChosen();
}

QString RunsSideBySide::runName(const QString& folder) const {
  for (const SideBySideRun& run : runs_)
    if (run.folder == folder) return run.name;
  return QFileInfo(folder).fileName();
}

void RunsSideBySide::setRuns(const QVector<SideBySideRun>& runs) {
  const bool same =
      runs.size() == runs_.size() &&
      std::equal(runs.begin(), runs.end(), runs_.begin(), [](const auto& a, const auto& b) {
        return a.folder == b.folder && a.name == b.name;
      });
  if (!same) {
    runs_ = runs;
    fillRunChoices();
  }
  // Until the user picks, A and B are the first two runs offered (the ticked ones).
  if (!picked_by_user_) {
    const QString a = runs_.value(0).folder, b = runs_.value(1).folder;
    if (a != shown_[A].folder || b != shown_[B].folder) {
      shown_[A] = {a, {}, {}, nullptr};
      shown_[B] = {b, {}, {}, nullptr};
      fillRunChoices();
    }
  }
  refresh();
}

void RunsSideBySide::fillRunChoices() {
  filling_ = true;
  for (int side = A; side <= B; ++side) {
    QComboBox* choice = run_choice_[side];
    choice->clear();
    for (const SideBySideRun& run : runs_) choice->addItem(run.name, run.folder);
    choice->setCurrentIndex(choice->findData(shown_[side].folder));
  }
  filling_ = false;
}

void RunsSideBySide::setRun(Side side, const QString& folder) {
  if (shown_[side].folder == folder) return;
  shown_[side] = {folder, {}, {}, nullptr};
  filling_ = true;
  run_choice_[side]->setCurrentIndex(run_choice_[side]->findData(folder));
  filling_ = false;
  refresh();
}

QString RunsSideBySide::run(Side side) const { return shown_[side].folder; }

void RunsSideBySide::refresh() {
  bool changed = false;
  for (Shown& side : shown_) {
    QVector<SavedSnapshot> saved =
        side.folder.isEmpty() ? QVector<SavedSnapshot>{} : saved_snapshots(side.folder);
    const bool same = saved.size() == side.saved.size() &&
                      std::equal(saved.begin(), saved.end(), side.saved.begin(),
                                 [](const auto& x, const auto& y) { return x.step == y.step; });
    if (same) continue;
    side.saved = std::move(saved);
    changed = true;
  }
  if (changed || steps_.isEmpty()) updateSteps();
}

// The slider runs over every step either run saved, so each position shows something new.
void RunsSideBySide::updateSteps() {
  QVector<qint64> steps;
  for (const Shown& side : shown_)
    for (const SavedSnapshot& s : side.saved) steps << s.step;
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  steps_ = steps;
  filling_ = true;
  step_slider_->setRange(0, std::max(0, int(steps_.size()) - 1));
  filling_ = false;
  if (steps_.isEmpty()) {
    chosen_step_ = -1;
    showChosen();
    return;
  }
  setStep(follow_newest_ || chosen_step_ < 0 ? steps_.back() : chosen_step_);
}

void RunsSideBySide::setStep(qint64 step) {
  chosen_step_ = step;
  follow_newest_ = !steps_.isEmpty() && step >= steps_.back();
  // The slider sits on the newest saved step at or before the chosen one.
  const auto after = std::upper_bound(steps_.begin(), steps_.end(), step);
  filling_ = true;
  step_slider_->setValue(std::max(0, int(after - steps_.begin()) - 1));
  filling_ = false;
  previous_->setEnabled(step_slider_->value() > 0);
  next_->setEnabled(step_slider_->value() + 1 < steps_.size());
  step_label_->setText(step >= 0 ? QString("step %1").arg(step) : QString("no step"));
  showChosen();
}

qint64 RunsSideBySide::shownStep(Side side) const {
  return shown_[side].snapshot ? shown_[side].snapshot->step : -1;
}

void RunsSideBySide::setCompareTeachers(bool teachers) {
  which_->setCurrentIndex(teachers ? 1 : 0);
}

void RunsSideBySide::setMode(SplitCompareView::Mode mode) {
  mode_->setCurrentIndex(mode == SplitCompareView::Mode::Difference ? 1 : 0);  // the view follows
}

// Loads the side's snapshot at or before the chosen step when it is another file.
bool RunsSideBySide::loadSide(Shown& side) {
  const SavedSnapshot at = snapshot_at_or_before(side.saved, chosen_step_);
  if (at.file == side.at.file && (side.snapshot || at.file.isEmpty())) return bool(side.snapshot);
  side.at = at;
  side.snapshot = nullptr;
  if (at.file.isEmpty()) return false;
  if (auto loaded = session::load_snapshot(at.file))
    side.snapshot = std::make_shared<const ReconstructionSnapshot>(std::move(*loaded));
  return bool(side.snapshot);
}

// Short, so both fit above the images of a narrow column; the choosers and the caption
// above name the runs.
QString RunsSideBySide::sideLabel(Side side) const {
  const qint64 step = shownStep(side);
  return QString("%1 · step %2")
      .arg(side == A ? "A" : "B", step >= 0 ? QString::number(step) : "–");
}

QString RunsSideBySide::missingText(Side side) const {
  const Shown& shown = shown_[side];
  const QString which = side == A ? "A" : "B";
  if (shown.folder.isEmpty())
    return QString("Pick run %1 above (runs that saved reconstruction snapshots).").arg(which);
  const QString name = runName(shown.folder);
  if (shown.saved.isEmpty())
    return QString("%1 (%2) has no saved reconstruction snapshot.").arg(which, name);
  if (shown.at.file.isEmpty())
    return QString("%1 (%2) saved no snapshot at or before step %3; its first is at step %4.")
        .arg(which, name)
        .arg(chosen_step_)
        .arg(shown.saved.front().step);
  return QString("%1 (%2): %3 could not be read.")
      .arg(which, name, QFileInfo(shown.at.file).fileName());
}

void RunsSideBySide::showChosen() {
  const SnapshotRow row = which_->currentIndex() == 1 ? SnapshotRow::Teacher : SnapshotRow::Student;
  SplitSide sides[2];
  for (int side = A; side <= B; ++side) {
    if (loadSide(shown_[side]))
      sides[side] = snapshot_side(*shown_[side].snapshot, row, sideLabel(Side(side)));
    else
      sides[side].missing = missingText(Side(side));
    sides[side].label = sideLabel(Side(side));
    sides[side].symbol = side == A ? "A" : "B";
  }
  view_->setSides(sides[A], sides[B]);
  view_->setTitle(
      QString("%1 (%2)").arg(row == SnapshotRow::Teacher ? "Teachers" : "Students",
                             chosen_step_ >= 0 ? QString("step %1").arg(chosen_step_) : "no step"));
  caption_->setText(caption());
}

QString RunsSideBySide::caption() const {
  if (chosen_step_ < 0) return "No snapshots to compare yet.";
  QStringList parts;
  for (int side = A; side <= B; ++side) {
    const qint64 step = shownStep(Side(side));
    parts << QString("%1: %2 at step %3")
                 .arg(side == A ? "A" : "B", runName(shown_[side].folder),
                      step >= 0 ? QString::number(step) : "–");
  }
  return parts.join("  ·  ") +
         QString("  (each run's newest saved snapshot at or before step %1)").arg(chosen_step_);
}

void RunsSideBySide::setTheme(const ViewTheme& theme) { view_->setTheme(theme); }

}  // namespace rcmae::ui
