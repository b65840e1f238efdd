# SIGTERM stops `rcmae train` cleanly: after the step in progress, with a checkpoint of that
# step, exit code 143 (128 + SIGTERM); --resume continues from exactly that step and logs
# each step once.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(run ${WORK_DIR}/run)
# A run far longer than the test: only the signal can end it. Time-based checkpoints off,
# so the checkpoint can only come from the stop.
set(train "'${RCMAE}' train --dataset synthetic --preset micro --img 16 --patch 4 --batch 8 \
--seed 5 --threads 1 --quiet --no-quality --steps 1000000 --checkpoint-every-s 0 --out '${run}'")
# Waits (at most 120 s) until 20 steps are logged, then sends SIGTERM and records the exit code.
set(script "${train} > '${WORK_DIR}/out.txt' 2>&1 & pid=$!
i=0
while [ $i -lt 1200 ]; do
  rows=$(wc -l 2>/dev/null < '${run}/metrics.csv' || echo 0)
  [ \"$rows\" -gt 20 ] && break
  sleep 0.1; i=$((i + 1))
done
kill -TERM $pid
wait $pid
echo $? > '${WORK_DIR}/code.txt'")
execute_process(COMMAND sh -c "${script}" TIMEOUT 300 RESULT_VARIABLE shell_code)
file(READ ${WORK_DIR}/out.txt out)
file(STRINGS ${WORK_DIR}/code.txt code)
if(NOT code EQUAL 143)
  message(FATAL_ERROR "expected exit code 143 after SIGTERM, got '${code}' (${shell_code}):\n${out}")
endif()
if(NOT out MATCHES "stopped by SIGTERM after step ([0-9]+); continue with: rcmae train --resume")
  message(FATAL_ERROR "no stop message:\n${out}")
endif()
set(stopped_at ${CMAKE_MATCH_1})
if(stopped_at LESS 20 OR NOT EXISTS ${run}/checkpoint.ckpt)
  message(FATAL_ERROR "stopped at step ${stopped_at}, checkpoint exists: ${run}/checkpoint.ckpt\n${out}")
endif()
if(EXISTS ${run}/checkpoint.ckpt.partial)
  message(FATAL_ERROR "a partial checkpoint was left behind")
endif()
# The stopped run leaves its last reconstruction snapshot too (the report shows it).
string(LENGTH "${stopped_at}" digits)
math(EXPR zeros "8 - ${digits}")
string(REPEAT "0" ${zeros} padding)
if(NOT EXISTS ${run}/snapshots/step_${padding}${stopped_at}.snap)
  message(FATAL_ERROR "no snapshot of step ${stopped_at} in ${run}/snapshots")
endif()

# The resumed run starts at the checkpoint's step and trains 3 more.
math(EXPR until "${stopped_at} + 3")
execute_process(COMMAND ${RCMAE} train --resume ${run}/checkpoint.ckpt --stop-at ${until} --quiet
                RESULT_VARIABLE code OUTPUT_VARIABLE rout ERROR_VARIABLE rerr TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "resume failed (${code}): ${rout}${rerr}")
endif()
if(NOT "${rout}${rerr}" MATCHES "resumed from [^\n]* at step ${stopped_at}\n")
  message(FATAL_ERROR "the resumed run did not start at step ${stopped_at}:\n${rout}${rerr}")
endif()
file(STRINGS ${run}/metrics.csv rows)
list(REMOVE_AT rows 0)
list(LENGTH rows count)
set(steps "")
foreach(row ${rows})
  string(REGEX MATCH "^[0-9]+" step "${row}")
  list(APPEND steps ${step})
endforeach()
list(GET steps -1 last)
if(NOT count EQUAL until OR NOT last EQUAL until)
  message(FATAL_ERROR "metrics.csv: ${count} rows ending at step ${last}, expected ${until}")
endif()
message(STATUS "SIGTERM at step ${stopped_at}; resumed to step ${until}")
