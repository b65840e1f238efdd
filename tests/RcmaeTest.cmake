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

# Each test file declares its Qt Test class in the file itself and includes "<file>.moc".
# moc reads the file alone, with no include path: a test class needs nothing from the headers
# it includes, and under AUTOMOC moc would follow every include it can find, through all of
# torch's headers for the engine's tests (minutes of a cold build for a few lines of output).
function(rcmae_moc_test_files target)
  set(moc_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_moc)
  foreach(source ${ARGN})
    get_filename_component(base ${source} NAME_WE)
    set(output ${moc_dir}/${base}.moc)
    add_custom_command(OUTPUT ${output}
      COMMAND Qt6::moc ${CMAKE_CURRENT_SOURCE_DIR}/${source} -o ${output}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${source} Qt6::moc
      COMMENT "moc ${source}" VERBATIM)
    target_sources(${target} PRIVATE ${output})
  endforeach()
  target_include_directories(${target} PRIVATE ${moc_dir})
endfunction()

# rcmae_add_test_group(<executable> DRIVER <driver> [TORCH_PCH] SOURCES <test files>...
#                      LIBRARIES <libraries>...)
# TORCH_PCH: the sources include torch and reuse rcmae_core's precompiled header. Without it
# nothing in the executable is compiled against torch's headers.
function(rcmae_add_test_group name)
  cmake_parse_arguments(arg "TORCH_PCH" "DRIVER" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LIBRARIES} ${arg_DRIVER} Qt6::Test)
  rcmae_moc_test_files(${name} ${arg_SOURCES})
  if(arg_TORCH_PCH AND RCMAE_PCH)
    target_precompile_headers(${name} REUSE_FROM rcmae_core)
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
