// The Qt Test classes of one executable, registered by their files' static initialisers.
#include "qtest_registry.h"

#include <filesystem>

namespace rcmae::qtest {
namespace {

// A function-local static: registrations run during static initialisation, in whatever order
// the linker put the test files, so the list must exist before the first one.
std::vector<TestClass>& registry() {
  static std::vector<TestClass> classes;
  return classes;
}

}  // namespace

bool register_test_class(const TestClass& test_class) {
  registry().push_back(test_class);
  return true;
}

const std::vector<TestClass>& registered_test_classes() { return registry(); }

std::string test_name_of(const TestClass& test_class) {
  return std::filesystem::path(test_class.source_file).stem().string();
}

const TestClass* find_test_class(const std::string& name) {
  for (const TestClass& test_class : registry()) {
    if (name == test_name_of(test_class) || name == test_class.class_name) return &test_class;
  }
  return nullptr;
}

}  // namespace rcmae::qtest
