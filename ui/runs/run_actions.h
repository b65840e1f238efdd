#pragma once
// What can be done with one run of the Runs tab: its Robustness dialog (Ctrl+Shift+R) that
// evaluates its checkpoint, its Fine-tune dialog (Ctrl+Shift+F), continuing it in the window
// when it has a checkpoint and steps left, its PDF report, and the row's context menu that
// offers these. Each run has one dialog of each kind, kept while the tab lives, so an
// evaluation carries on when its dialog is closed.
#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace rcmae::ui {

class FinetuneDialog;
class RobustnessDialog;
class RunsModel;

class RunActions : public QObject {
  Q_OBJECT

 public:
  // `host` parents the dialogs and carries the shortcuts; `current` names the run an action
  // without a folder applies to (the selected one), empty when none.
  RunActions(const RunsModel* model, QWidget* host, std::function<QString()> current);

  // Not taken by the window's actions (window_actions.h): R for robustness, F for fine-tune
  // (plain F follows live plots in the window).
  static QKeySequence robustnessKey();
  static QKeySequence finetuneKey();

  // Robustness… and Fine-tune… of the current run, with their shortcuts (made once; the tab's
  // Evaluate button and the window's Evaluate menu show these same actions).
  QList<QAction*> evaluateActions();

  // Shows the Robustness dialog of `folder`, the current run's when empty.
  void openRobustness(const QString& folder = {});
  // The run's dialog if it was opened, else null.
  RobustnessDialog* robustnessDialog(const QString& folder) const;
  // The Fine-tune dialog of `folder`, the current run's when empty.
  void openFinetune(const QString& folder = {});
  FinetuneDialog* finetuneDialog(const QString& folder) const;

  // Asks the window to continue `folder` (the current run's when empty) from its checkpoint:
  // emits continueRequested, or a message saying why it cannot.
  void continueTraining(const QString& folder = {});
  // Why `folder` cannot be continued (no checkpoint.ckpt, budget spent); empty if it can.
  QString continueBlocker(const QString& folder) const;

  // The entries of `folder`'s row in the table's context menu.
  void addToMenu(QMenu& menu, const QString& folder);

 Q_SIGNALS:
  void message(const QString& text, bool error);
  void reportRequested(const QString& folder);
  void continueRequested(const QString& folder);

 private:
  // The folder an action applies to, absolute; empty (with a message) when none is selected.
  QString target(const QString& folder, const QString& why);

  const RunsModel* model_;
  QWidget* host_;
  std::function<QString()> current_;
  QHash<QString, RobustnessDialog*> robustness_dialogs_;  // folder -> its dialog (a child)
  QHash<QString, FinetuneDialog*> finetune_dialogs_;      // folder -> its dialog (a child)
  QList<QAction*> evaluate_actions_;
};

}  // namespace rcmae::ui
