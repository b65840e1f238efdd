# rcmae-workbench --help, -h and --version over ssh: no display, and the xcb platform the
# desktop would use, which aborts ("could not connect to display") once QApplication exists.
# They must print their text and exit 0 all the same.
# Run with -DWORKBENCH=<path to rcmae-workbench>.
function(expect_answer expected)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY
                          QT_QPA_PLATFORM=xcb ${WORKBENCH} ${ARGN}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "rcmae-workbench ${ARGN} without a display: exit ${code}\n${out}${err}")
  endif()
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "rcmae-workbench ${ARGN}: expected '${expected}' in:\n${out}")
  endif()
endfunction()

expect_answer("rcmae-workbench [MODE] [OPTIONS]" --help)
expect_answer("rcmae-workbench [MODE] [OPTIONS]" -h)
expect_answer("--mask-ratio R" --teaching --help)
expect_answer("rcmae-workbench " --version)
