# rcmae train --resume with flags: one that changes what the run trains is refused, naming
# the flag and both values, and leaves the run as it was; a live-changeable one (mask ratio)
# applies from the first resumed step and is recorded as a live change.
cmake_policy(SET CMP0007 NEW)
file(REMOVE_RECURSE ${WORK_DIR})
set(run ${WORK_DIR}/run)
execute_process(COMMAND ${RCMAE} train --dataset synthetic --preset micro --img 16 --patch 4
                        --batch 8 --seed 2 --threads 1 --quiet --no-quality --steps 6
                        --stop-at 3 --out ${run}
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train failed (${code}): ${err}")
endif()

function(expect_refusal flags expected)
  execute_process(COMMAND ${RCMAE} train --resume ${run}/checkpoint.ckpt ${flags} --quiet
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
  if(NOT code EQUAL 2 OR NOT err MATCHES "${expected}")
    message(FATAL_ERROR "--resume ${flags}: expected exit code 2 and '${expected}', got ${code}:\n${out}${err}")
  endif()
endfunction()
expect_refusal("--batch;16" "--resume: --batch 16 differs from the run's 8; the run's config.json wins")
expect_refusal("--no-norm-pix" "--resume: --no-norm-pix differs from the run's norm_pix_loss true")
expect_refusal("--mask-ratio;1.5" "--mask-ratio: must be in \\(0, 1\\)")
file(STRINGS ${run}/metrics.csv rows)
list(LENGTH rows count)
if(NOT count EQUAL 4)
  message(FATAL_ERROR "a refused resume changed the run: ${rows}")
endif()

# Same values as the run's are no change; the mask ratio changes live.
execute_process(COMMAND ${RCMAE} train --resume ${run}/checkpoint.ckpt --batch 8 --seed 2
                        --preset micro --mask-ratio 0.5 --mask-strategy block --quiet
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "resume with a live change failed (${code}): ${out}${err}")
endif()
if(NOT "${out}${err}" MATCHES "--mask-ratio 0.5 differs from the run's 0.75: applied as a live change")
  message(FATAL_ERROR "the live change was not logged:\n${out}${err}")
endif()
file(STRINGS ${run}/metrics.csv rows)
list(REMOVE_AT rows 0)
set(ratios "")
foreach(row ${rows})
  string(REPLACE "," ";" fields "${row}")
  list(GET fields 8 ratio)
  list(APPEND ratios ${ratio})
endforeach()
if(NOT "${ratios}" STREQUAL "0.75;0.75;0.75;0.5;0.5;0.5")
  message(FATAL_ERROR "mask ratio per step: ${ratios}")
endif()
file(READ ${run}/events.jsonl events)
if(NOT events MATCHES "\"name\":\"mask_ratio\",\"new\":0.5,\"old\":0.75,\"step\":4,\"type\":\"change\"")
  message(FATAL_ERROR "no live-change event at step 4:\n${events}")
endif()
if(NOT events MATCHES "\"name\":\"mask_strategy\",[^}]*\"step\":4,\"type\":\"change\"")
  message(FATAL_ERROR "no mask-strategy change at step 4:\n${events}")
endif()
message(STATUS "refused --batch / --no-norm-pix; --mask-ratio applied live: ${ratios}")
