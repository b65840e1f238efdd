# rcmae compare reads a run folder `rcmae train` wrote through the run-record library, and
# reads it as a run still being written would be: a last metrics.csv line without its
# newline is not a step until the newline arrives.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${RCMAE} train --dataset synthetic --preset micro --img 16 --patch 4 --batch 8
                        --seed 3 --threads 1 --quiet --steps 3 --no-quality --out ${WORK_DIR}/run
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train failed: ${err}")
endif()

function(expect_steps steps)
  execute_process(COMMAND ${RCMAE} compare ${WORK_DIR}/run
                  RESULT_VARIABLE code OUTPUT_VARIABLE table ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "compare failed: ${err}")
  endif()
  if(NOT table MATCHES "\nrun +rcmae +micro +0.75 +0.9960 +${steps} ")
    message(FATAL_ERROR "compare should count ${steps} steps:\n${table}")
  endif()
endfunction()

expect_steps(3)
file(APPEND ${WORK_DIR}/run/metrics.csv "4,32,0.")  # a row still being written
expect_steps(3)
file(APPEND ${WORK_DIR}/run/metrics.csv "5\n")
expect_steps(4)
