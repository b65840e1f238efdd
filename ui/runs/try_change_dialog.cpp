#include "runs/try_change_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "rcmae/run/run_files.h"
#include "runs/fork_live_plot.h"
#include "runs/fork_result_cards.h"
#include "runs/fork_values.h"
#include "runs/job_dialog_labels.h"
#include "runs/json_file.h"
#include "runs/saved_checkpoint.h"
#include "theme.h"

namespace rcmae::ui {
namespace {

constexpr int kCheckpointWaitMs = 30000;
constexpr int kCheckpointPollMs = 250;
constexpr double kMeasureSeconds = 20;  // an arm's final measurement on held-out images
constexpr int kMinWidthChars = 64;      // a card's longest line
constexpr double kTitleScale = 1.15;

}  // namespace

TryChangeDialog::TryChangeDialog(const QString& run_dir, QWidget* parent)
    : QDialog(parent), run_dir_(QDir(run_dir).absolutePath()) {
  setWindowTitle("Try a change");
  readRunConfig();
  fork_ = new ForkProcess(this);
  connect(fork_, &ForkProcess::progress, this, &TryChangeDialog::onForkProgress);
  connect(fork_, &ForkProcess::finished, this, &TryChangeDialog::onForkFinished);
  checkpoint_poll_.setInterval(kCheckpointPollMs);
  connect(&checkpoint_poll_, &QTimer::timeout, this, &TryChangeDialog::pollCheckpoint);

  auto* intro = new QLabel(
      "Is another value better than the run's own? The run is paused and saved, then "
      "continued from this very step once with its own settings (the control) and once per "
      "value you try, on the same images, masks and random numbers: a difference is the "
      "setting's doing, not luck.");
  intro->setObjectName("hint");
  intro->setWordWrap(true);
  problem_ = make_problem_label();

  // Inputs, progress and cards on the left; the arms' differences while they train on the
  // right (shown from the first measurement), so neither squeezes the other on a low screen.
  auto* left = new QVBoxLayout;
  left->setContentsMargins(0, 0, 0, 0);
  left->addWidget(buildInputs());
  left->addWidget(problem_);
  left->addWidget(buildProgress());
  left->addWidget(buildResults(), 1);
  live_ = new ForkLivePlot;
  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 3);
  columns->addWidget(live_, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(columns, 1);
  layout->addWidget(buildAdoptRow());
  setTabOrder(setting_, values_);
  setTabOrder(values_, seconds_);
  setTabOrder(seconds_, start_);
  setTabOrder(start_, adopt_choice_);
  setTabOrder(adopt_choice_, adopt_);
  setTabOrder(adopt_, discard_);
  start_->setDefault(true);  // Enter starts
  setPhase(Phase::Idle);
  onSettingChanged();
  applyFont();
  fitToContents();
}

TryChangeDialog::~TryChangeDialog() = default;

void TryChangeDialog::readRunConfig() {
  const QJsonObject config = read_json_object(QDir(run_dir_).filePath(run_files::kConfig));
  run_mode_ = config.value("mode").toString();
  for (const ForkSetting& setting : fork_settings())
    if (config.value(setting.config_key).isDouble())
      current_[setting.name] = config.value(setting.config_key).toDouble();
}

void TryChangeDialog::setCurrentValue(const QString& setting, double value) {
  current_[setting] = value;
  onSettingChanged();
}

double TryChangeDialog::currentValue(const QString& setting) const {
  return current_.value(setting, NAN);
}

void TryChangeDialog::setPreparation(std::function<void()> prepare,
                                     std::function<qint64()> run_step) {
  prepare_ = std::move(prepare);
  run_step_ = std::move(run_step);
}

void TryChangeDialog::setTextPixelSize(int pixels) {
  if (pixels == text_pixels_) return;
  text_pixels_ = pixels;
  applyFont();
  fitToContents();
}

QWidget* TryChangeDialog::buildInputs() {
  setting_ = new QComboBox;
  for (const ForkSetting& setting : fork_settings())
    setting_->addItem(setting.label, QString(setting.name));
  setting_->setToolTip("The one setting the arms change; everything else stays the run's");
  explanation_ = new QLabel;
  explanation_->setObjectName("hint");
  explanation_->setWordWrap(true);
  connect(setting_, &QComboBox::currentIndexChanged, this, &TryChangeDialog::onSettingChanged);

  values_ = new QLineEdit;
  values_->setToolTip(
      "One to three numbers, separated by commas or spaces: one arm each. The current value "
      "is the control, which always runs.");
  connect(values_, &QLineEdit::textChanged, this, [this] {
    if (phase_ == Phase::Idle) {
      problem_->hide();
      updateEstimate();
    }
  });
  seconds_ = new QSpinBox;
  seconds_->setRange(5, 600);
  seconds_->setSingleStep(5);
  seconds_->setValue(30);
  seconds_->setSuffix(" s");
  seconds_->setToolTip(
      "Training time of each arm, the control included (turned into steps at the run's "
      "pace); each arm then measures itself on held-out images for about 20 s");
  connect(seconds_, &QSpinBox::valueChanged, this, &TryChangeDialog::updateEstimate);

  auto* setting_column = new QVBoxLayout;
  setting_column->setContentsMargins(0, 0, 0, 0);
  setting_column->setSpacing(2);
  setting_column->addWidget(setting_);
  setting_column->addWidget(explanation_);
  auto* form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  auto* setting_label = new QLabel("Settin&g");
  setting_label->setBuddy(setting_);
  form->addRow(setting_label, setting_column);
  auto* values_label = new QLabel("&Values to try");
  values_label->setBuddy(values_);
  current_label_ = new QLabel;
  current_label_->setObjectName("hint");
  auto* values_row = new QHBoxLayout;
  values_row->addWidget(values_, 1);
  values_row->addWidget(current_label_);
  form->addRow(values_label, values_row);
  auto* seconds_label = new QLabel("Seconds per ar&m");
  seconds_label->setBuddy(seconds_);
  auto* seconds_row = new QHBoxLayout;
  seconds_row->addWidget(seconds_);
  seconds_row->addStretch(1);
  form->addRow(seconds_label, seconds_row);
  auto* box = new QWidget;
  box->setLayout(form);
  return box;
}

QWidget* TryChangeDialog::buildProgress() {
  start_ = new QPushButton("&Start");
  connect(start_, &QPushButton::clicked, this, [this] {
    if (isRunning())
      stop();
    else
      start();
  });
  progress_ = new QProgressBar;
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setTextVisible(false);
  status_ = make_status_label();
  auto* row = new QHBoxLayout;
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(start_);
  row->addWidget(progress_, 1);
  auto* column = new QVBoxLayout;
  column->setContentsMargins(0, 0, 0, 0);
  column->addLayout(row);
  column->addWidget(status_);
  auto* box = new QWidget;
  box->setLayout(column);
  return box;
}

QWidget* TryChangeDialog::buildResults() {
  results_ = new QWidget;
  auto* column = new QVBoxLayout(results_);
  column->setContentsMargins(0, 0, 0, 0);
  cards_ = new QVBoxLayout;
  cards_->setContentsMargins(0, 0, 0, 0);
  cards_->setSpacing(8);
  column->addLayout(cards_);
  method_ = new QLabel;
  method_->setObjectName("hint");
  method_->setWordWrap(true);
  method_->hide();
  column->addWidget(method_);
  column->addStretch(1);
  results_scroll_ = new QScrollArea;
  results_scroll_->setWidget(results_);
  results_scroll_->setWidgetResizable(true);
  results_scroll_->setFrameShape(QFrame::NoFrame);
  results_scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  results_scroll_->setFocusPolicy(Qt::NoFocus);
  results_scroll_->hide();
  return results_scroll_;
}

QWidget* TryChangeDialog::buildAdoptRow() {
  adopt_label_ = new QLabel("Continue &with");
  adopt_choice_ = new QComboBox;
  adopt_choice_->setToolTip("The arm whose trained state the window continues from");
  adopt_choice_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  adopt_label_->setBuddy(adopt_choice_);
  adopt_ = new QPushButton("&Adopt");
  adopt_->setToolTip(
      "Continue training in the window from the chosen arm: its settings, its steps and its "
      "run folder");
  connect(adopt_, &QPushButton::clicked, this, &TryChangeDialog::adopt);
  discard_ = new QPushButton("&Close");
  discard_->setToolTip(
      "Close without adopting: the window's run goes on from where it paused (Escape). The "
      "fork's folder stays in the run's forks/ folder.");
  connect(discard_, &QPushButton::clicked, this, &TryChangeDialog::reject);
  auto* row = new QHBoxLayout;
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(adopt_label_);
  row->addWidget(adopt_choice_);
  row->addWidget(adopt_);
  row->addStretch(1);
  row->addWidget(discard_);
  auto* box = new QWidget;
  box->setLayout(row);
  return box;
}

void TryChangeDialog::onSettingChanged() {
  const ForkSetting* setting = fork_setting(setting_->currentData().toString());
  if (!setting) return;
  const double current = currentValue(setting->name);
  explanation_->setText(setting->explanation);
  current_label_->setText(std::isfinite(current)
                              ? QString("now %1: the control").arg(ForkProcess::valueText(current))
                              : QString());
  values_->setPlaceholderText(fork_values_example(*setting, current));
  if (phase_ == Phase::Idle) {
    problem_->hide();
    updateEstimate();
  }
}

void TryChangeDialog::updateEstimate() {
  if (phase_ != Phase::Idle || !fork_dir_.isEmpty()) return;
  QVector<double> values;
  valuesProblem(values_->text(), setting_->currentData().toString(), &values);
  const int arms = 1 + int(std::max<qsizetype>(1, values.size()));
  const double total = arms * (seconds_->value() + kMeasureSeconds);
  status_->setText(QString("Control + %1 arm%2: about %3 in all. Training in the window waits "
                           "meanwhile.")
                       .arg(arms - 1)
                       .arg(arms > 2 ? "s" : "")
                       .arg(fork_duration_text(total)));
}

QString TryChangeDialog::valuesProblem(const QString& text, const QString& setting,
                                       QVector<double>* values) const {
  return fork_values_problem(text, setting, currentValue(setting), run_mode_, values);
}

bool TryChangeDialog::isRunning() const { return phase_ != Phase::Idle; }

QString TryChangeDialog::problemText() const {
  return problem_->isHidden() ? QString() : problem_->text();
}

QString TryChangeDialog::statusText() const { return status_->text(); }

void TryChangeDialog::showProblem(const QString& text) {
  problem_->setText(text);
  problem_->setVisible(!text.isEmpty());
  if (!text.isEmpty()) fitToContents();
}

bool TryChangeDialog::start() {
  if (isRunning()) return false;
  showProblem({});
  const QString setting = setting_->currentData().toString();
  QVector<double> values;
  const QString problem = valuesProblem(values_->text(), setting, &values);
  if (!problem.isEmpty()) {
    showProblem(problem);
    values_->setFocus();
    return false;
  }
  pending_setting_ = setting;
  pending_values_ = values;
  clearCards();
  fork_dir_.clear();
  if (prepare_ && run_step_) {
    setPhase(Phase::Preparing);
    progress_->setRange(0, 0);  // busy
    status_->setText("Pausing the run and saving its checkpoint…");
    prepare_();
    waiting_.start();
    checkpoint_poll_.start();
    pollCheckpoint();
  } else {
    startFork();
  }
  return true;
}

void TryChangeDialog::pollCheckpoint() {
  if (phase_ != Phase::Preparing) {
    checkpoint_poll_.stop();
    return;
  }
  const qint64 step = run_step_();
  if (step <= 0) {
    checkpoint_poll_.stop();
    setPhase(Phase::Idle);
    const QString why =
        "The run has not trained a step yet: there is nothing to fork. Train a little, then "
        "try again.";
    showProblem(why);
    Q_EMIT forkEnded(false, why);
    return;
  }
  if (saved_checkpoint_step(run_dir_) == step) {
    checkpoint_poll_.stop();
    startFork();
    return;
  }
  status_->setText(QString("Pausing the run and saving its checkpoint at step %1…").arg(step));
  if (waiting_.elapsed() < kCheckpointWaitMs) return;
  checkpoint_poll_.stop();
  setPhase(Phase::Idle);
  const QString why =
      QString(
          "The run's checkpoint at step %1 did not appear within %2 s (no such line in "
          "%3). Is the run folder writable? The Log tab may say more.")
          .arg(step)
          .arg(kCheckpointWaitMs / 1000)
          .arg(run_files::kEvents);
  showProblem(why);
  status_->setText("Not started");
  Q_EMIT forkEnded(false, why);
}

void TryChangeDialog::startFork() {
  const QString stem = QDir(run_dir_).filePath(
      "forks/try-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss"));
  QString out = stem;
  for (int n = 2; QFileInfo::exists(out); ++n) out = QString("%1-%2").arg(stem).arg(n);
  setPhase(Phase::Forking);
  live_->follow(out);
  QString error;
  if (!fork_->start(run_dir_, pending_setting_, pending_values_, seconds_->value(), out, &error)) {
    setPhase(Phase::Idle);
    showProblem(error);
    status_->setText("Not started");
    Q_EMIT forkEnded(false, error);
  }
}

void TryChangeDialog::stop() {
  if (phase_ == Phase::Preparing) {
    checkpoint_poll_.stop();
    setPhase(Phase::Idle);
    status_->setText("Stopped before the fork started.");
    Q_EMIT forkEnded(false, "cancelled");
  } else if (phase_ == Phase::Forking) {
    fork_->cancel();  // onForkFinished(false, "cancelled")
  }
}

void TryChangeDialog::onForkProgress(qint64 done, qint64 total, const QString& text) {
  if (total <= 0) {
    progress_->setRange(0, 0);
  } else {
    progress_->setRange(0, int(total));
    progress_->setValue(int(std::min(done, total)));
  }
  status_->setText(text.left(1).toUpper() + text.mid(1));
  refreshLive();
}

// The arms' differences from the control so far; the dialog grows to show the plot once.
void TryChangeDialog::refreshLive() {
  const bool was_hidden = live_->isHidden();
  if (live_->refresh() && was_hidden && !live_->isHidden()) fitToContents();
}

void TryChangeDialog::onForkFinished(bool ok, const QString& message) {
  const QString out = fork_->outDir();
  setPhase(Phase::Idle);
  if (ok) {
    showResults(out);
  } else if (message == "cancelled") {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    status_->setText(
        QString("Stopped. The unfinished fork is in %1.").arg(QDir::toNativeSeparators(out)));
  } else {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    showProblem(message);
    status_->setText("Not finished");
  }
  Q_EMIT forkEnded(ok, message);
}

void TryChangeDialog::setPhase(Phase phase) {
  phase_ = phase;
  const bool idle = phase == Phase::Idle;
  start_->setText(idle ? "&Start" : "S&top");
  start_->setToolTip(idle ? "Pause the run, save it and train the control and one arm per value "
                            "(Enter)"
                          : "Stop the fork; the window's run stays paused");
  for (QWidget* w : {static_cast<QWidget*>(setting_), static_cast<QWidget*>(values_),
                     static_cast<QWidget*>(seconds_)})
    w->setEnabled(idle);
  const bool results = idle && !fork_dir_.isEmpty() && adopt_choice_->count() > 0;
  // The choice shows with the results; while a new fork runs the old one is gone.
  adopt_label_->setVisible(results);
  adopt_choice_->setVisible(results);
  adopt_->setVisible(results);
  adopt_->setEnabled(results);
  discard_->setText(results ? "&Discard" : "&Close");
}

void TryChangeDialog::clearCards() {
  while (QLayoutItem* item = cards_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  card_texts_.clear();
  method_->hide();
  adopt_choice_->clear();
  results_scroll_->hide();
}

bool TryChangeDialog::showResults(const QString& fork_dir) {
  ForkPlanInfo plan;
  QVector<ForkComparisonRow> rows;
  QStringList failed;
  QString error;
  double wall_s = NAN;
  if (!read_fork_plan(fork_dir, &plan, &error) ||
      !read_fork_comparison(fork_dir, &rows, &failed, &error, &wall_s)) {
    showProblem(error);
    return false;
  }
  clearCards();
  fork_dir_ = QDir(fork_dir).absolutePath();
  // A fork reopened later draws its steps too; the one just run keeps what it drew.
  if (live_->forkDir() != fork_dir_) live_->follow(fork_dir_);
  live_->refresh();

  // The control's values: what the parent trained with when it was forked.
  const QJsonObject control = read_json_object(
      QDir(fork_arm_folder(fork_dir_, plan, "control")).filePath(run_files::kConfig));
  auto control_value = [&](const QString& setting) {
    return fork_control_value_text(control, setting, currentValue(setting));
  };

  // The inputs show what this fork tried, when it tried one setting.
  QString tried_setting;
  QStringList tried;
  if (fork_tried_setting(plan, &tried_setting, &tried)) {
    setting_->setCurrentIndex(setting_->findData(tried_setting));
    values_->setText(tried.join(", "));
  }

  for (const ForkPlanInfo::Arm& arm : plan.arms) {
    if (arm.name == "control") continue;
    QString plain;
    cards_->addWidget(
        make_fork_arm_card(plan, arm, rows, failed, control_value, theme_of(this), &plain));
    card_texts_ << plain;
    const QString checkpoint =
        QDir(fork_arm_folder(fork_dir_, plan, arm.name)).filePath(run_files::kCheckpoint);
    if (QFileInfo::exists(checkpoint))
      adopt_choice_->addItem(fork_arm_settings_text(arm), arm.name);
  }
  if (QFileInfo::exists(
          QDir(fork_arm_folder(fork_dir_, plan, "control")).filePath(run_files::kCheckpoint)))
    adopt_choice_->addItem("control: the run's own settings, trained on", QString("control"));

  method_->setText(fork_method_text(rows));
  method_->setVisible(true);
  results_scroll_->show();
  progress_->setRange(0, 1);
  progress_->setValue(1);
  status_->setText(fork_done_text(plan, wall_s, fork_dir_));
  setPhase(Phase::Idle);
  applyFont();
  fitToContents();
  return true;
}

void TryChangeDialog::adopt() {
  const QString arm = adopt_choice_->currentData().toString();
  if (arm.isEmpty() || fork_dir_.isEmpty()) return;
  ForkPlanInfo plan;
  read_fork_plan(fork_dir_, &plan);
  const QString checkpoint =
      QDir(fork_arm_folder(fork_dir_, plan, arm)).filePath(run_files::kCheckpoint);
  if (!QFileInfo::exists(checkpoint)) {
    showProblem(QDir::toNativeSeparators(checkpoint) + " is gone: this arm cannot be adopted.");
    return;
  }
  Q_EMIT adoptRequested(checkpoint);
  accept();
}

void TryChangeDialog::reject() {
  if (isRunning()) stop();  // the unfinished fork's folder stays
  Q_EMIT discarded();
  QDialog::reject();
}

// Under the application's style sheet children do not inherit a font set on the dialog:
// each gets it (the presentation stage does the same).
void TryChangeDialog::applyFont() {
  QFont base = QApplication::font();
  if (text_pixels_ > 0) base.setPixelSize(text_pixels_);
  QFont title = base;
  if (text_pixels_ > 0)
    title.setPixelSize(int(std::lround(text_pixels_ * kTitleScale)));
  else
    title.setPointSizeF(base.pointSizeF() * kTitleScale);
  setFont(base);
  for (QWidget* child : findChildren<QWidget*>())
    child->setFont(child->objectName() == kForkCardTitleName ? title : base);
  // Every explanation takes two lines at most: the row does not jump between settings.
  explanation_->setMinimumHeight(2 * QFontMetrics(base).lineSpacing());
  setStyleSheet(fork_card_style_sheet(theme_of(this)));
}

void TryChangeDialog::fitToContents() {
  // A column shown while the dialog is hidden (the live plot) reaches the size hints only
  // with the next layout request: recompute them now.
  for (QLayout* nested : findChildren<QLayout*>()) nested->invalidate();
  layout()->activate();
  const QFontMetrics metrics(font());
  setMinimumWidth(std::min(kMinWidthChars * metrics.averageCharWidth(), 1200));
  const QScreen* shown_on = screen() ? screen() : QApplication::primaryScreen();
  const int room = shown_on ? shown_on->availableGeometry().height() * 9 / 10 : 900;
  if (results_scroll_->isVisible() || !fork_dir_.isEmpty()) {
    results_->adjustSize();
    // Room for the cards up to about 2/5 of the screen (the inputs above take as much at
    // presentation sizes); more scrolls. Never narrower than a card's longest line.
    results_scroll_->setMinimumHeight(std::min(results_->sizeHint().height(), room * 2 / 5));
    results_scroll_->setMinimumWidth(results_->minimumSizeHint().width() +
                                     style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4);
  } else {
    results_scroll_->setMinimumSize(0, 0);
  }
  // Wrapped labels need their height for the width they get. Once shown, the dialog only
  // grows: the user may have made it larger.
  int w = std::max(sizeHint().width(), minimumSizeHint().width());
  if (isVisible()) w = std::max(w, width());
  int h = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(w) : sizeHint().height();
  if (isVisible()) h = std::max(h, height());
  resize(w, std::min(h, room));
}

}  // namespace rcmae::ui
