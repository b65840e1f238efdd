# Runs `rcmae bench ARGS...` and sets LAST to the JSON object on its last output line;
# fails the test with the exit code and stderr when bench fails.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
function(bench_json what)
  execute_process(COMMAND ${RCMAE} bench ${ARGN}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (${code}): ${err}")
  endif()
  string(STRIP "${out}" out)
  string(REGEX REPLACE ".*\n" "" last "${out}")
  set(LAST "${last}" PARENT_SCOPE)
endfunction()

# rcmae bench prints one JSON object as its last line with the efficiency fields.
bench_json("bench" --preset micro --img 16 --patch 4 --batch 8 --steps 3 --warmup 1 --threads 1)
set(last "${LAST}")
foreach(key step_s_median images_per_s peak_rss_mb gflop_per_step gflops_achieved sgemm_gflops)
  string(JSON value ERROR_VARIABLE missing GET "${last}" ${key})
  if(missing OR NOT value GREATER 0)
    message(FATAL_ERROR "bench JSON lacks a positive ${key}: ${last}")
  endif()
endforeach()

# --kernels-alone: every kernel against its stock ATen version, positive times for both.
bench_json("bench --kernels-alone" --kernels-alone --preset micro --img 16 --patch 4 --batch 8
           --steps 2 --threads 1)
set(last "${LAST}")
string(JSON count LENGTH "${last}" kernels)
if(NOT count EQUAL 5)
  message(FATAL_ERROR "expected attention x2, mlp x2 and adamw, got ${count}: ${last}")
endif()
math(EXPR last_index "${count} - 1")
foreach(i RANGE ${last_index})
  string(JSON name GET "${last}" kernels ${i} kernel)
  foreach(key stock_ms fused_ms)
    string(JSON value GET "${last}" kernels ${i} ${key})
    if(NOT value GREATER 0)
      message(FATAL_ERROR "${name}: ${key} is not positive: ${last}")
    endif()
  endforeach()
endforeach()

# --vs-kernels: the same trainer alternates two kernel choices step by step; the pairs and
# both arms' medians come back, under the names given.
bench_json("bench --vs-kernels" --vs-kernels composite --kernels attention,mlp --preset micro
           --img 16 --patch 4 --batch 8 --steps 3 --warmup 2 --threads 1)
set(last "${LAST}")
string(JSON a GET "${last}" kernels_a)
string(JSON b GET "${last}" kernels_b)
string(JSON pairs GET "${last}" pairs)
if(NOT a STREQUAL "attention,mlp" OR NOT b STREQUAL "composite" OR NOT pairs EQUAL 3)
  message(FATAL_ERROR "unexpected A/B header: ${last}")
endif()
foreach(key a_step_s_median b_step_s_median b_over_a_median)
  string(JSON value GET "${last}" ${key})
  if(NOT value GREATER 0)
    message(FATAL_ERROR "${key} is not positive: ${last}")
  endif()
endforeach()

# An unknown kernel name is refused, naming the flag.
execute_process(COMMAND ${RCMAE} bench --vs-kernels turbo --preset micro --steps 1
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(code EQUAL 0 OR NOT err MATCHES "--vs-kernels")
  message(FATAL_ERROR "--vs-kernels turbo: expected a refusal naming the flag, got ${code}: ${err}")
endif()
