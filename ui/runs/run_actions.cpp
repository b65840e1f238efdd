#include "runs/run_actions.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QUrl>
#include <QWidget>

#include "rcmae/run/run_files.h"
#include "runs/finetune_dialog.h"
#include "runs/robustness_dialog.h"
#include "runs/run_reader.h"
#include "runs/runs_model.h"

namespace rcmae::ui {
namespace {

void bring_up(QWidget* dialog) {
  dialog->show();
  dialog->raise();
  dialog->activateWindow();
}

// The run's dialog of kind `Dialog`, made on first use. A dialog closed while it worked still
// reports how its job ended, through `message`, prefixed with `what` and the run's name.
template <typename Dialog>
Dialog* dialog_of(QHash<QString, Dialog*>& dialogs, const QString& folder, QWidget* host,
                  const QString& what, RunActions* actions) {
  Dialog* dialog = dialogs.value(folder);
  if (dialog) return dialog;
  dialog = new Dialog(folder, host);
  dialogs.insert(folder, dialog);
  QObject::connect(dialog, &JobDialog::jobEnded, actions,
                   [actions, dialog, what](bool ok, const QString& text) {
                     if (dialog->isVisible()) return;
                     const QString run = QFileInfo(dialog->runFolder()).fileName();
                     Q_EMIT actions->message(what + " of " + run + ": " + text, !ok);
                   });
  return dialog;
}

}  // namespace

RunActions::RunActions(const RunsModel* model, QWidget* host, std::function<QString()> current)
    : QObject(host), model_(model), host_(host), current_(std::move(current)) {}

QKeySequence RunActions::robustnessKey() { return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R); }

QKeySequence RunActions::finetuneKey() { return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F); }

// Window-wide: a hidden tab's own shortcuts are off, but the window's Evaluate menu keeps these
// keys working from every tab (the window then shows this tab and its selected run).
QList<QAction*> RunActions::evaluateActions() {
  if (!evaluate_actions_.isEmpty()) return evaluate_actions_;
  auto add = [this](const QString& text, const QKeySequence& key, const QString& tip,
                    void (RunActions::*open)(const QString&)) {
    auto* action = new QAction(text, host_);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(tip);
    connect(action, &QAction::triggered, this, [this, open] { (this->*open)(QString()); });
    host_->addAction(action);
    evaluate_actions_.append(action);
  };
  add("Robustness…", robustnessKey(),
      "kNN / probe accuracy of the selected run under noise, blur, contrast and JPEG",
      &RunActions::openRobustness);
  add("Fine-tune…", finetuneKey(),
      "Fine-tune the selected run's encoder and a from-scratch baseline on labelled images: "
      "test top-1",
      &RunActions::openFinetune);
  return evaluate_actions_;
}

QString RunActions::target(const QString& folder, const QString& why) {
  const QString chosen = folder.isEmpty() ? current_() : folder;
  if (chosen.isEmpty()) {
    Q_EMIT message("Select a run in the table first: " + why, false);
    return {};
  }
  return QDir(chosen).absolutePath();
}

void RunActions::openRobustness(const QString& folder) {
  const QString run = target(folder, "Robustness… evaluates that run's checkpoint");
  if (run.isEmpty()) return;
  bring_up(dialog_of(robustness_dialogs_, run, host_, "Robustness", this));
}

RobustnessDialog* RunActions::robustnessDialog(const QString& folder) const {
  return robustness_dialogs_.value(QDir(folder).absolutePath());
}

void RunActions::openFinetune(const QString& folder) {
  const QString run = target(folder, "Fine-tune… trains that run's encoder");
  if (run.isEmpty()) return;
  bring_up(dialog_of(finetune_dialogs_, run, host_, "Fine-tune", this));
}

FinetuneDialog* RunActions::finetuneDialog(const QString& folder) const {
  return finetune_dialogs_.value(QDir(folder).absolutePath());
}

QString RunActions::continueBlocker(const QString& folder) const {
  if (folder.isEmpty()) return "Select a run in the table first";
  if (!QFileInfo::exists(QDir(folder).filePath(run_files::kCheckpoint)))
    return "This run has no checkpoint.ckpt to continue from";
  // A run at the end of its budget would only stop again: its schedules are spent.
  const RunReader* run = model_->reader(folder);
  if (run && run->stepBudget() > 0 && run->stepsDone() >= run->stepBudget())
    return QString("This run has trained its whole budget of %1 steps").arg(run->stepBudget());
  return {};
}

void RunActions::continueTraining(const QString& folder) {
  const QString chosen = folder.isEmpty() ? current_() : folder;
  const QString blocker = continueBlocker(chosen);
  if (!blocker.isEmpty()) {
    Q_EMIT message("Cannot continue training: " + blocker, false);
    return;
  }
  Q_EMIT continueRequested(QDir(chosen).absolutePath());
}

void RunActions::addToMenu(QMenu& menu, const QString& folder) {
  menu.addAction("Export run report…", this, [this, folder] { Q_EMIT reportRequested(folder); });
  menu.addAction("Robustness…", this, [this, folder] { openRobustness(folder); })
      ->setShortcut(robustnessKey());
  menu.addAction("Fine-tune…", this, [this, folder] { openFinetune(folder); })
      ->setShortcut(finetuneKey());
  QAction* resume = menu.addAction("Continue training in the window", this,
                                   [this, folder] { continueTraining(folder); });
  const QString blocker = continueBlocker(folder);
  resume->setEnabled(blocker.isEmpty());
  resume->setToolTip(blocker.isEmpty()
                         ? "Load checkpoint.ckpt and train the remaining steps in this folder"
                         : blocker);
  menu.setToolTipsVisible(true);
  menu.addAction("Open folder", this,
                 [folder] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder)); });
  menu.addAction("Copy path", this, [folder] { QGuiApplication::clipboard()->setText(folder); });
}

}  // namespace rcmae::ui
