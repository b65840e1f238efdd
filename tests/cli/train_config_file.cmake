# rcmae train --config FILE: a run folder's config.json trains the same configuration again,
# flags given with it override what it sets, and a file that is not a configuration is
# refused with one line naming --config.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
cmake_policy(SET CMP0007 NEW)
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${RCMAE} train --dataset synthetic --preset micro --img 16 --patch 4
                        --channels 1 --steps 2 --batch 8 --mode rcmae-d --seed 5 --threads 1
                        --mask-strategy grid --crop-scale 0.5 --quiet --no-quality --out ${WORK_DIR}/first
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train failed (${code}): ${err}")
endif()

execute_process(COMMAND ${RCMAE} train --config ${WORK_DIR}/first/config.json --steps 3
                        --mask-ratio 0.5 --quiet --out ${WORK_DIR}/again
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train --config failed (${code}): ${err}")
endif()
file(READ ${WORK_DIR}/first/config.json first)
file(READ ${WORK_DIR}/again/config.json again)
function(expect json key expected)
  string(JSON value GET "${json}" ${key})
  if(NOT value STREQUAL "${expected}")
    message(FATAL_ERROR "config.json ${key}: expected ${expected}, got ${value}")
  endif()
endfunction()
expect("${again}" steps 3)         # flags override the file
expect("${again}" mask_ratio 0.5)
foreach(key preset mode seed batch mask_strategy min_crop_scale quality dataset)
  string(JSON value GET "${first}" ${key})
  expect("${again}" ${key} "${value}")
endforeach()
foreach(key img_size channels patch enc_dim dec_dim norm_pix_loss)
  string(JSON value GET "${first}" model ${key})
  expect("${again}" "model;${key}" "${value}")
endforeach()
file(STRINGS ${WORK_DIR}/again/metrics.csv rows)
list(LENGTH rows count)
if(NOT count EQUAL 4)
  message(FATAL_ERROR "expected header + 3 rows, got ${count}")
endif()

file(WRITE ${WORK_DIR}/bad.json "{\"mode\": \"byol\"}")
execute_process(COMMAND ${RCMAE} train --config ${WORK_DIR}/bad.json --quiet --out ${WORK_DIR}/bad
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 120)
if(NOT code EQUAL 2 OR NOT err MATCHES "--config [^\n]*bad.json: mode: unknown value 'byol'")
  message(FATAL_ERROR "a bad --config: expected exit code 2 naming the key, got ${code}: ${err}")
endif()
message(STATUS "rcmae train --config: the run's configuration again, --steps and --mask-ratio overridden")
