# Functions the CLI tests share: every tests/cli/*.cmake includes this file, which is not a
# test itself (tests/CMakeLists.txt registers every other script in tests/cli). Each test runs
# with -DRCMAE=<rcmae> -DWORK_DIR=<scratch folder>.
cmake_policy(SET CMP0007 NEW)  # keep empty list elements: CSV rows leave unmeasured cells empty

# rcmae ARGS..., expecting exit code `expected`; stdout + stderr into `out_var`.
function(rcmae_expect expected out_var)
  execute_process(COMMAND ${RCMAE} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err TIMEOUT 300)
  if(NOT code EQUAL expected)
    message(FATAL_ERROR "rcmae ${ARGN}: exit ${code}, expected ${expected}\n${out}\n${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

# The values of CSV column `name` of `file`, one per row (empty cells kept).
function(csv_column file name out_var)
  file(STRINGS ${file} rows)
  list(GET rows 0 header)
  string(REPLACE "," ";" header "${header}")
  list(FIND header ${name} index)
  if(index EQUAL -1)
    message(FATAL_ERROR "${file} has no column ${name}")
  endif()
  list(REMOVE_AT rows 0)
  set(values "")
  foreach(row ${rows})
    string(REPLACE "," ";" fields "${row}")
    list(GET fields ${index} value)
    list(APPEND values "${value}")
  endforeach()
  set(${out_var} "${values}" PARENT_SCOPE)
endfunction()

function(expect_in text needle)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${needle}' in:\n${text}")
  endif()
endfunction()

# rcmae ARGS... must fail with one line on stderr containing `expected_text`.
function(expect_rejected expected_text)
  execute_process(COMMAND ${RCMAE} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err TIMEOUT 120)
  if(code EQUAL 0)
    message(FATAL_ERROR "accepted: rcmae ${ARGN}")
  endif()
  expect_in("${err}" "${expected_text}")
  string(STRIP "${err}" stripped)
  string(FIND "${stripped}" "\n" newline)
  if(NOT newline EQUAL -1)
    message(FATAL_ERROR "rcmae ${ARGN}: error is not one line: ${err}")
  endif()
  message(STATUS "rejected as expected: ${stripped}")
endfunction()

# The Python that has Debian's python3-torch (/usr/bin/python3, or RCMAE_PYTHON) in `out_var`;
# without torch it prints "SKIPPED: no python torch (...)" (the tests' skip pattern) and sets
# `out_var` empty.
function(python_with_torch out_var)
  if(DEFINED ENV{RCMAE_PYTHON})
    set(python $ENV{RCMAE_PYTHON})
  else()
    set(python /usr/bin/python3)
  endif()
  execute_process(COMMAND ${python} -c "import torch" RESULT_VARIABLE no_torch OUTPUT_QUIET
                  ERROR_QUIET)
  if(NOT no_torch EQUAL 0)
    message("SKIPPED: no python torch (${python}); set RCMAE_PYTHON")
    set(python "")
  endif()
  set(${out_var} "${python}" PARENT_SCOPE)
endfunction()
