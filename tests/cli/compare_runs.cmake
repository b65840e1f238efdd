# rcmae compare sets an MAE and an RC-MAE run side by side: what each learned on held-out
# images (quality.csv) against the raw-pixel baselines, and the reconstruction loss.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(common --dataset synthetic --preset micro --img 16 --patch 4 --batch 8 --seed 2 --threads 1
           --quiet --steps 6 --knn-every 3 --knn-bank 200 --knn-queries 100
           --quality-bank 200 --quality-queries 100)
foreach(mode mae rcmae)
  execute_process(COMMAND ${RCMAE} train ${common} --mode ${mode} --out ${WORK_DIR}/${mode}
                  RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 300)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "train ${mode} failed: ${err}")
  endif()
  file(STRINGS ${WORK_DIR}/${mode}/knn.csv knn_rows)
  list(LENGTH knn_rows count)
  if(NOT count EQUAL 3)  # header + steps 3 and 6
    message(FATAL_ERROR "${mode}: knn.csv should have 2 rows: ${knn_rows}")
  endif()
endforeach()
execute_process(COMMAND ${RCMAE} compare ${WORK_DIR}/mae ${WORK_DIR}/rcmae
                RESULT_VARIABLE code OUTPUT_VARIABLE table ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "compare failed: ${err}")
endif()
message(STATUS "\n${table}")
# Held-out numbers from quality.csv: train_s, loss_rec, rec_nmse, kNN / pixels / difference,
# probe / pixels / difference, images per second.
set(held_out " +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+% +[-+][0-9.]+ +[0-9.]+% +[0-9.]+% +[-+][0-9.]+ +[0-9]+\n")
foreach(pattern "\nmae +mae +micro +0.75 +- +6${held_out}" "\nrcmae +rcmae +micro +0.75 +0.9960 +6${held_out}")
  if(NOT table MATCHES "${pattern}")
    message(FATAL_ERROR "compare table lacks a row matching '${pattern}':\n${table}")
  endif()
endforeach()
execute_process(COMMAND ${RCMAE} compare ${WORK_DIR}/nothing-here RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "not a run folder")
  message(FATAL_ERROR "compare accepted a missing folder: ${err}")
endif()
