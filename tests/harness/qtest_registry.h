#pragma once
// Many Qt Test classes in one executable. Qt's QTEST_MAIN, QTEST_GUILESS_MAIN and
// QTEST_APPLESS_MAIN each define main(), so only one class fits in an executable; a test file
// instead ends with RCMAE_QTEST, RCMAE_QTEST_GUILESS or RCMAE_QTEST_APPLESS (the same three
// application choices), which registers the class here, and qtest_driver.cpp's main() runs the
// class named by the first argument: `core_model test_masking -v2`.
#include <QObject>
#include <QTest>
#include <memory>
#include <string>
#include <vector>

namespace rcmae::qtest {

// The application object Qt's own macro would have created before the test object.
enum class AppKind { None, Core, Gui, Widgets };

struct TestClass {
  const char* class_name;   // TestMasking
  const char* source_file;  // the test's __FILE__: its stem (test_masking) is the ctest name
  const char* build_dir;    // QT_TESTCASE_BUILDDIR where Qt Test's CMake target defines it
  AppKind app;
  void (*init_main)();  // TestObject::initMain() when the class declares one, as Qt does
  std::unique_ptr<QObject> (*create)();
};

bool register_test_class(const TestClass& test_class);
const std::vector<TestClass>& registered_test_classes();
// The class registered under `name`, its ctest name or its class name; nullptr when none is.
const TestClass* find_test_class(const std::string& name);
std::string test_name_of(const TestClass& test_class);

}  // namespace rcmae::qtest

// QTEST_MAIN's choice, made in the test's own translation unit as Qt makes it: QApplication in
// a Widgets build, QGuiApplication in a Gui build, QCoreApplication otherwise.
#if defined(QT_WIDGETS_LIB)
#define RCMAE_QTEST_MAIN_APP ::rcmae::qtest::AppKind::Widgets
#elif defined(QT_GUI_LIB)
#define RCMAE_QTEST_MAIN_APP ::rcmae::qtest::AppKind::Gui
#else
#define RCMAE_QTEST_MAIN_APP ::rcmae::qtest::AppKind::Core
#endif

// QTEST_SET_MAIN_SOURCE_PATH's arguments (for QFINDTESTDATA), also from the test's own unit.
#ifdef QT_TESTCASE_BUILDDIR
#define RCMAE_QTEST_BUILD_DIR QT_TESTCASE_BUILDDIR
#else
#define RCMAE_QTEST_BUILD_DIR nullptr
#endif

#define RCMAE_QTEST_REGISTER(TestObject, app_kind)                                      \
  namespace {                                                                           \
  const bool rcmae_qtest_registered_##TestObject = ::rcmae::qtest::register_test_class( \
      {#TestObject, __FILE__, RCMAE_QTEST_BUILD_DIR, app_kind,                          \
       &QTest::Internal::callInitMain<TestObject>,                                      \
       []() -> std::unique_ptr<QObject> { return std::make_unique<TestObject>(); }});   \
  }

// Replace QTEST_MAIN, QTEST_GUILESS_MAIN and QTEST_APPLESS_MAIN respectively.
#define RCMAE_QTEST(TestObject) RCMAE_QTEST_REGISTER(TestObject, RCMAE_QTEST_MAIN_APP)
#define RCMAE_QTEST_GUILESS(TestObject) \
  RCMAE_QTEST_REGISTER(TestObject, ::rcmae::qtest::AppKind::Core)
#define RCMAE_QTEST_APPLESS(TestObject) \
  RCMAE_QTEST_REGISTER(TestObject, ::rcmae::qtest::AppKind::None)
