# Data-parallel --resume restores the EMA teacher: 2 ranks stopped at step 3 and resumed to
# step 6 end with the same student and teacher as 2 ranks trained straight to 6 (the hash
# both print covers both models; the exported teachers are the same bytes), and log the
# same losses, the consistency loss (student against teacher) included.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
cmake_policy(SET CMP0007 NEW)
file(REMOVE_RECURSE ${WORK_DIR})
# A fast teacher (momentum 0.9), so a teacher reset to the student shows in loss_cons.
set(common --dataset synthetic --preset micro --img 16 --patch 4 --batch 8 --mode rcmae
           --momentum 0.9 --base-lr 0.05 --seed 4 --threads 1 --quiet --no-quality
           --dist-timeout 30)
function(launch out_var)
  execute_process(COMMAND ${RCMAE} launch --nproc 2 -- ${ARGN}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "launch ${ARGN} failed (${code}):\n${out}\n${err}")
  endif()
  if(NOT out MATCHES "\\[rank 0\\] rank 0 of 2: parameter hash ([0-9a-f]+)")
    message(FATAL_ERROR "no parameter hash from rank 0:\n${out}")
  endif()
  set(${out_var} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()
# Columns 3 and 5 of metrics.csv: the total loss and the consistency loss, one "a/b" per step.
function(losses file out_var)
  file(STRINGS ${file} rows)
  list(REMOVE_AT rows 0)
  set(values "")
  foreach(row ${rows})
    string(REPLACE "," ";" fields "${row}")
    list(GET fields 2 loss)
    list(GET fields 4 cons)
    list(APPEND values "${loss}/${cons}")
  endforeach()
  set(${out_var} "${values}" PARENT_SCOPE)
endfunction()
function(export_teacher run out_file)
  execute_process(COMMAND ${RCMAE} export --checkpoint ${run}/checkpoint.ckpt --which teacher
                          --out ${out_file}
                  RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 120)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "export of ${run} failed (${code}): ${err}")
  endif()
endfunction()

launch(straight_hash ${common} --steps 6 --out ${WORK_DIR}/straight)
launch(stopped_hash ${common} --steps 6 --stop-at 3 --out ${WORK_DIR}/split)
launch(resumed_hash --resume ${WORK_DIR}/split/checkpoint.ckpt --quiet --dist-timeout 30)

losses(${WORK_DIR}/straight/metrics.csv straight)
losses(${WORK_DIR}/split/metrics.csv resumed)
list(LENGTH resumed count)
if(NOT count EQUAL 6)
  message(FATAL_ERROR "the resumed run has ${count} rows, expected 6: ${resumed}")
endif()
if(NOT "${straight}" STREQUAL "${resumed}")
  message(FATAL_ERROR "losses (total/consistency) differ after the resume:\n"
                      " straight ${straight}\n resumed  ${resumed}")
endif()
if(NOT straight_hash STREQUAL resumed_hash OR straight_hash STREQUAL stopped_hash)
  message(FATAL_ERROR "parameter hash (student + teacher): straight ${straight_hash}, "
                      "resumed ${resumed_hash}, at the stop ${stopped_hash}")
endif()
export_teacher(${WORK_DIR}/straight ${WORK_DIR}/straight_teacher.pth)
export_teacher(${WORK_DIR}/split ${WORK_DIR}/resumed_teacher.pth)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK_DIR}/straight_teacher.pth
                        ${WORK_DIR}/resumed_teacher.pth RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "the resumed run's teacher differs from the straight run's")
endif()
message(STATUS "2 ranks stopped at 3 and resumed: same losses ${resumed}, hash ${resumed_hash}")
