// main() of every grouped test executable: runs the one registered Qt Test class named by the
// first argument (its ctest name or class name) inside the application object that class asked
// for, handing QTest::qExec the program name and the arguments after the class name. Each class
// runs in a process of its own, exactly as under its former QTEST_*MAIN, so ctest keeps one
// entry per class. Built twice: with Qt Widgets for the ui tests, without for the core tests.
#include <QCoreApplication>
#include <cstdio>
#include <vector>

#if defined(QT_WIDGETS_LIB)
#include <QApplication>
#elif defined(QT_GUI_LIB)
#include <QGuiApplication>
#endif

#include "qtest_registry.h"

namespace {

using rcmae::qtest::AppKind;
using rcmae::qtest::TestClass;

int print_usage(const char* program) {
  std::fprintf(stderr, "usage: %s <test> [Qt Test options]\ntests in this executable:\n", program);
  for (const TestClass& test_class : rcmae::qtest::registered_test_classes()) {
    std::fprintf(stderr, "  %s (%s)\n", rcmae::qtest::test_name_of(test_class).c_str(),
                 test_class.class_name);
  }
  return 2;
}

// Mirrors QTEST_QAPP_SETUP (and QTEST_DISABLE_KEYPAD_NAVIGATION for QApplication).
std::unique_ptr<QCoreApplication> make_application(AppKind kind, int& argc, char** argv) {
  std::unique_ptr<QCoreApplication> app;
  switch (kind) {
    case AppKind::None:
      return nullptr;
    case AppKind::Core:
      app = std::make_unique<QCoreApplication>(argc, argv);
      break;
    case AppKind::Gui:
#if defined(QT_GUI_LIB)
      app = std::make_unique<QGuiApplication>(argc, argv);
      break;
#else
      qFatal("this test executable is built without Qt Gui");
#endif
    case AppKind::Widgets:
#if defined(QT_WIDGETS_LIB)
      app = std::make_unique<QApplication>(argc, argv);
#ifdef QT_KEYPAD_NAVIGATION
      QApplication::setNavigationMode(Qt::NavigationModeNone);
#endif
      break;
#else
      qFatal("this test executable is built without Qt Widgets");
#endif
  }
  app->setAttribute(Qt::AA_Use96Dpi, true);
  return app;
}

// The order of QTEST_MAIN_WRAPPER: initMain, application, test object (destroyed first).
int run_test_class(const TestClass& test_class, int& argc, char** argv) {
  test_class.init_main();
  const std::unique_ptr<QCoreApplication> app = make_application(test_class.app, argc, argv);
  const std::unique_ptr<QObject> test = test_class.create();
  QTest::setMainSourcePath(test_class.source_file, test_class.build_dir);
  return QTest::qExec(test.get(), argc, argv);
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 2) return print_usage(argv[0]);
  const TestClass* test_class = rcmae::qtest::find_test_class(argv[1]);
  if (!test_class) {
    std::fprintf(stderr, "%s: no test named %s\n", argv[0], argv[1]);
    return print_usage(argv[0]);
  }
  // Qt Test parses its own options; it must not see the class name.
  std::vector<char*> qtest_argv{argv[0]};
  qtest_argv.insert(qtest_argv.end(), argv + 2, argv + argc);
  int qtest_argc = static_cast<int>(qtest_argv.size());
  qtest_argv.push_back(nullptr);
  return run_test_class(*test_class, qtest_argc, qtest_argv.data());
}
