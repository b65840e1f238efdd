#include "modes/try_change_mode.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSpinBox>
#include <cmath>
#include <cstdio>

#include "main_window.h"
#include "modes/event_wait.h"
#include "runs/try_change_dialog.h"

namespace rcmae::ui {

QImage run_try_change(MainWindow& window, const WorkbenchOptions& options, QString* error) {
  auto fail = [error](const QString& why) {
    if (error) *error = "--try-change: " + why;
    return QImage();
  };
  const QString setting = options.try_change.section('=', 0, 0).trimmed();
  const QString values = options.try_change.section('=', 1).replace(',', ", ");
  window.tryChange();
  TryChangeDialog* dialog = window.tryChangeDialog();
  if (!dialog) return fail("the window's run has no folder to fork");
  const int index = dialog->settingBox()->findData(setting);
  if (index < 0)
    return fail("'" + setting + "' is not one of " + TryChangeDialog::settingNames().join(", "));
  dialog->settingBox()->setCurrentIndex(index);
  dialog->valuesEdit()->setText(values);
  dialog->secondsBox()->setValue(int(std::lround(options.seconds_per_arm)));
  bool ended = false, ok = false;
  QString message;
  QObject::connect(dialog, &TryChangeDialog::forkEnded, dialog,
                   [&](bool fork_ok, const QString& text) {
                     ended = true;
                     ok = fork_ok;
                     message = text;
                   });
  QElapsedTimer clock;
  clock.start();
  if (!dialog->start()) return fail(dialog->problemText());
  if (!wait_until([&] { return ended; }, 20 * 60 * 1000)) return fail("no result in 20 minutes");
  if (!ok) return fail(message);
  std::printf("Try a change (%s = %s, %g s per arm): verdict cards after %.1f s\n",
              qPrintable(setting), qPrintable(values), options.seconds_per_arm,
              double(clock.elapsed()) / 1000.0);
  spin_events(300);
  return dialog->grab().toImage();
}

}  // namespace rcmae::ui
