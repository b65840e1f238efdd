# rcmae train with kNN writes probe.csv (linear probe at the end) and rcmae compare shows it;
# rcmae eval on the checkpoint writes 13 rows (clean + 4 corruptions x 3 severities) of kNN
# and probe accuracy in [0, 1].
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${RCMAE} train --dataset synthetic --preset micro --img 16 --patch 4
                        --batch 8 --seed 4 --threads 1 --quiet --quality-bank 200 --quality-queries 100 --steps 6 --mode rcmae
                        --knn-every 3 --knn-bank 200 --knn-queries 100 --out ${WORK_DIR}/run
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train failed (${code}): ${err}")
endif()

file(STRINGS ${WORK_DIR}/run/probe.csv probe_rows)
list(LENGTH probe_rows count)
if(NOT count EQUAL 2 OR NOT probe_rows MATCHES "step,features,probe_acc;6,teacher,(0(\\.[0-9]+)?|1)$")
  message(FATAL_ERROR "probe.csv should hold one teacher row at step 6: ${probe_rows}")
endif()
execute_process(COMMAND ${RCMAE} compare ${WORK_DIR}/run
                RESULT_VARIABLE code OUTPUT_VARIABLE table ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT table MATCHES "probe" OR NOT table MATCHES "\nrun +rcmae +micro .* [0-9.]+% +[0-9.]+% +[-+][0-9.]+ +[0-9.]+% ")
  message(FATAL_ERROR "compare does not show the probe accuracy (${code}): ${table} ${err}")
endif()

execute_process(COMMAND ${RCMAE} eval --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --robustness
                        --probe --bank 200 --queries 100 --threads 1 --csv ${WORK_DIR}/robustness.csv
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "eval failed (${code}): ${err}")
endif()
message(STATUS "\n${out}")
if(NOT out MATCHES "teacher of .* step 6" OR NOT out MATCHES "\njpeg +3 +7 +[0-9.]+% +[0-9.]+%")
  message(FATAL_ERROR "eval table lacks the header line or the jpeg row:\n${out}")
endif()
file(STRINGS ${WORK_DIR}/robustness.csv rows)
list(LENGTH rows count)
if(NOT count EQUAL 14)
  message(FATAL_ERROR "expected a header and 13 rows, got ${count}: ${rows}")
endif()
list(POP_FRONT rows header)
if(NOT header STREQUAL "corruption,severity,knn_acc,probe_acc,parameter")
  message(FATAL_ERROR "unexpected header: ${header}")
endif()
set(accuracy "(0(\\.[0-9]+)?|1)")
foreach(row ${rows})
  if(NOT row MATCHES "^(clean,0|(gaussian_noise|gaussian_blur|contrast|jpeg),[123]),${accuracy},${accuracy},")
    message(FATAL_ERROR "bad row (accuracies must be in [0, 1]): ${row}")
  endif()
endforeach()

# Without --probe the probe column stays empty; a bad --which is a usage error.
execute_process(COMMAND ${RCMAE} eval --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which student
                        --bank 100 --queries 50 --threads 1 --csv ${WORK_DIR}/clean.csv
                RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
file(STRINGS ${WORK_DIR}/clean.csv clean_rows)
if(NOT code EQUAL 0 OR NOT clean_rows MATCHES ";clean,0,${accuracy},,$")
  message(FATAL_ERROR "clean-only eval (${code}): ${clean_rows} ${err}")
endif()
execute_process(COMMAND ${RCMAE} eval --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which decoder
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "--which")
  message(FATAL_ERROR "eval accepted --which decoder (${code}): ${err}")
endif()
