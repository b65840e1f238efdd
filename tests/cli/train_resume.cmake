# rcmae train --resume continues a run with the same losses as an uninterrupted one, its
# metrics.csv holds each step once, and wall_s (training time) goes on from the checkpoint
# instead of restarting at 0.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(common --dataset synthetic --preset micro --img 16 --patch 4 --batch 8 --seed 9
           --threads 1 --quiet --base-lr 0.05 --quality-bank 200 --quality-queries 100)
function(run_rcmae)
  rcmae_expect(0 out ${ARGN})
endfunction()
function(loss_column file out)
  csv_column(${file} loss values)
  set(${out} "${values}" PARENT_SCOPE)
endfunction()

run_rcmae(train ${common} --steps 6 --out ${WORK_DIR}/straight)
run_rcmae(train ${common} --steps 6 --mask-ratio 0.5 --out ${WORK_DIR}/ignored)  # a different run
run_rcmae(train ${common} --steps 6 --stop-at 3 --out ${WORK_DIR}/split)
# The first process trained past its checkpoint and was killed mid-row: the resumed run
# must log each step once, the rows after the checkpoint and the torn line replaced.
file(APPEND ${WORK_DIR}/split/metrics.csv "4,32,9.99,9.99,0,0.1,,1,0.75,1,0,1,1,,,,,,\n5,40,9.9")
run_rcmae(train --resume ${WORK_DIR}/split/checkpoint.ckpt --quiet)
loss_column(${WORK_DIR}/straight/metrics.csv straight)
loss_column(${WORK_DIR}/split/metrics.csv resumed)
loss_column(${WORK_DIR}/ignored/metrics.csv other)
list(LENGTH resumed count)
if(NOT count EQUAL 6)
  message(FATAL_ERROR "resumed run has ${count} rows, expected 6: ${resumed}")
endif()
if(NOT "${straight}" STREQUAL "${resumed}")
  message(FATAL_ERROR "resumed losses differ:\n straight ${straight}\n resumed  ${resumed}")
endif()
if("${straight}" STREQUAL "${other}")
  message(FATAL_ERROR "the comparison cannot tell runs apart: ${other}")
endif()
message(STATUS "losses match: ${resumed}")
# Step 4 is the first resumed step: its training time starts from step 3's.
csv_column(${WORK_DIR}/split/metrics.csv wall_s wall)
list(GET wall 2 wall_at_stop)
list(GET wall 3 wall_after_resume)
if(wall_after_resume LESS wall_at_stop OR wall_after_resume EQUAL 0)
  message(FATAL_ERROR "wall_s restarted after --resume: ${wall_at_stop} at step 3, ${wall_after_resume} at step 4")
endif()
message(STATUS "wall_s goes on across --resume: ${wall}")
