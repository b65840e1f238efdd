// rcmae-workbench: the interactive window, or an unattended mode (see --help).
#include <QApplication>
#include <QScreen>
#include <cstdio>

#include "about_dialog.h"
#include "main_window.h"
#include "modes/benchmarks.h"
#include "modes/command_line.h"
#include "modes/screenshot_mode.h"
#include "modes/window_mode.h"
#include "settings_store.h"
#include "stop_on_signal.h"

namespace {

QStringList arguments_of(int argc, char** argv) {
  QStringList args;
  for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  // Before QApplication, which aborts without a display: --help over ssh prints the help.
  if (const QString answer = rcmae::ui::help_or_version_text(arguments_of(argc, argv));
      !answer.isEmpty()) {
    std::printf("%s", qPrintable(answer));
    return 0;
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("rcmae");
  QApplication::setApplicationName("rcmae-workbench");
  QApplication::setApplicationDisplayName("RC-MAE Workbench");
  QApplication::setApplicationVersion(rcmae::ui::workbench_version());
  QGuiApplication::setDesktopFileName("rcmae-workbench");  // Wayland app id: the menu entry's icon

  using namespace rcmae::ui;
  const WorkbenchOptions options = parse_workbench_args(app.arguments());
  if (!options.error.isEmpty()) {
    std::fprintf(stderr, "rcmae-workbench: %s\n\n%s", qPrintable(options.error),
                 qPrintable(workbench_usage()));
    return 64;
  }
  switch (options.mode) {
    case WorkbenchMode::Help:  // answered before QApplication (above) already
    case WorkbenchMode::Version:
      std::printf("%s", qPrintable(help_or_version_text(app.arguments())));
      return 0;
    case WorkbenchMode::Screenshot:
      return run_screenshot_mode(options);
    case WorkbenchMode::BenchLatency:
      return run_latency_bench(options);
    case WorkbenchMode::BenchOverhead:
      return run_overhead_bench(options);
    case WorkbenchMode::Window:
      break;
  }
  SettingsStore settings;
  MainWindow window(&settings);
  if (const QString error = apply_command_line(window, options); !error.isEmpty()) {
    std::fprintf(stderr, "rcmae-workbench: %s\n", qPrintable(error));
    return 64;
  }
  if (window.size().width() < 800) {  // first start: no saved geometry
    // 1440x900, or less on a small screen (the layout works down to 1280x720).
    const QSize screen = window.screen() ? window.screen()->availableSize() : QSize(1440, 900);
    window.resize(QSize(1440, 900).boundedTo(screen));
  }
  window.show();
  close_windows_on_stop_signal(&app);  // SIGTERM / SIGINT / SIGHUP: checkpoint, then quit
  return app.exec();
}
