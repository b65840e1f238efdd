# Test executables: each groups the Qt Test classes of one area (tests/harness: each file
# registers its class, the driver's main() runs the class named by its first argument), and
# ctest keeps one entry per class, named after its file: `ctest -R test_masking` runs
# `core_model test_masking`. Grouping compiles and links ten executables instead of seventy.

# Qt Test's CMake target defines QT_TESTCASE_BUILDDIR and QT_TESTCASE_SOURCEDIR as absolute
# paths, for QFINDTESTDATA, which no test here uses. They would put this clone's folder into
# every test file's compile command, and ccache (CCACHE_BASEDIR, cmake/Toolchain.cmake) could
# then never reuse a test file compiled in another clone.
get_target_property(_rcmae_qtest_defines Qt6::Test INTERFACE_COMPILE_DEFINITIONS)
list(FILTER _rcmae_qtest_defines EXCLUDE REGEX "^QT_TESTCASE_(BUILD|SOURCE)DIR=")
set_target_properties(Qt6::Test PROPERTIES INTERFACE_COMPILE_DEFINITIONS "${_rcmae_qtest_defines}")

# The driver and registry, as object files linked into each executable: one build for the core
# tests (QCoreApplication at most) and one with Qt Widgets for the ui tests (QApplication).
add_library(rcmae_qtest_driver OBJECT ${CMAKE_CURRENT_LIST_DIR}/harness/qtest_driver.cpp
            ${CMAKE_CURRENT_LIST_DIR}/harness/qtest_registry.cpp)
target_link_libraries(rcmae_qtest_driver PUBLIC Qt6::Test)
target_include_directories(rcmae_qtest_driver PUBLIC ${CMAKE_CURRENT_LIST_DIR})
if(RCMAE_BUILD_GUI)
  add_library(rcmae_qtest_driver_widgets OBJECT ${CMAKE_CURRENT_LIST_DIR}/harness/qtest_driver.cpp
              ${CMAKE_CURRENT_LIST_DIR}/harness/qtest_registry.cpp)
  target_link_libraries(rcmae_qtest_driver_widgets PUBLIC Qt6::Test Qt6::Widgets)
  target_include_directories(rcmae_qtest_driver_widgets PUBLIC ${CMAKE_CURRENT_LIST_DIR})
endif()

# rcmae_add_test_group(<executable> DRIVER <driver> [TORCH_PCH] SOURCES <test files>...
#                      LIBRARIES <libraries>...)
# TORCH_PCH: the sources include torch and reuse rcmae_core's precompiled header. Without it
# nothing in the executable is compiled against torch's headers.
function(rcmae_add_test_group name)
  cmake_parse_arguments(arg "TORCH_PCH" "DRIVER" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LIBRARIES} ${arg_DRIVER} Qt6::Test)
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  if(arg_TORCH_PCH AND RCMAE_PCH)
    target_precompile_headers(${name} REUSE_FROM rcmae_core)
    # Each test file includes its own moc output, so AUTOMOC's mocs_compilation.cpp is empty;
    # with the torch header it would still cost a precompiled-header load per executable.
    set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${name}_autogen/mocs_compilation.cpp
                                PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endif()
  foreach(source ${arg_SOURCES})
    get_filename_component(test_name ${source} NAME_WE)
    add_test(NAME ${test_name} COMMAND ${name} ${test_name})
    set_tests_properties(${test_name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen"
                         TIMEOUT 600)
  endforeach()
  list(TRANSFORM arg_SOURCES PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
  set_property(GLOBAL APPEND PROPERTY RCMAE_GROUPED_TESTS ${arg_SOURCES})
endfunction()

# Fails the configure when a tests/<area>/test_*.cpp belongs to no group, so a new test file
# cannot be left out of ctest by forgetting to list it.
function(rcmae_check_every_test_grouped)
  get_property(grouped GLOBAL PROPERTY RCMAE_GROUPED_TESTS)
  foreach(source ${ARGN})
    if(NOT source IN_LIST grouped)
      message(FATAL_ERROR "${source} is in no test group: add it to one in tests/CMakeLists.txt")
    endif()
  endforeach()
endfunction()
