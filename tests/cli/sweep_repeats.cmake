# rcmae sweep --repeats: every point at several seeds; the report averages each cell over the
# seeds (never the luckiest one) and compares every cell with the best pair by pair (seed and
# held-out item) with a 95 % interval and a verdict; the heat map says it averages the seeds.
# --repeats below 2, or next to a seed axis, is refused.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(sweep_dir ${WORK_DIR}/sweep)
set(common --dataset synthetic --preset micro --img 16 --patch 4 --batch 8 --seed 9
           --threads 1 --quiet --base-lr 0.05 --steps 5 --quality-bank 200 --quality-queries 100)
rcmae_expect(0 out sweep --grid momentum=0.5,0.996 --repeats 2 ${common} --out ${sweep_dir})
message(STATUS "${out}")
# Two cells x two seeds (--seed 9: seeds 9 and 10), each an ordinary run with its items.
foreach(point mom0.5_seed9 mom0.5_seed10 mom0.996_seed9 mom0.996_seed10)
  if(NOT EXISTS ${sweep_dir}/${point}/paired_items.csv)
    message(FATAL_ERROR "${point}: no paired_items.csv")
  endif()
endforeach()
file(READ ${sweep_dir}/sweep.json sweep_json)
expect_in("${sweep_json}" "\"seed\"")
# The replicate table: a mean over 2 seeds per cell, the best, and the other cell against it.
expect_in("${out}" "over 2 seeds per cell")
expect_in("${out}" "vs best")
string(REGEX MATCH "mom0.5 [^\n]*" row_a "${out}")
string(REGEX MATCH "mom0.996 [^\n]*" row_b "${out}")
if(NOT row_a OR NOT row_b)
  message(FATAL_ERROR "no replicate rows for both cells:\n${out}")
endif()
string(FIND "${row_a}${row_b}" "best (" best_at)
string(REGEX MATCH "(better|worse|~ best)" verdict "${row_a}${row_b}")
if(best_at EQUAL -1 OR NOT verdict)
  message(FATAL_ERROR "replicate rows lack the best or a verdict:\n${row_a}\n${row_b}")
endif()
expect_in("${out}" "2/2")
# The heat map averages the seeds: its note says so.
rcmae_expect(0 report sweep --report ${sweep_dir} --metric rec-nmse)
expect_in("${report}" "held-out reconstruction NMSE over 2 seeds per cell")
file(READ ${sweep_dir}/heatmap.svg svg)
expect_in("${svg}" "mean over 2 seeds")

rcmae_expect(2 err sweep --grid momentum=0.5,0.996 --repeats 1 ${common} --out ${WORK_DIR}/bad)
expect_in("${err}" "--repeats: must be 2 to 20")
rcmae_expect(2 err sweep --grid momentum=0.5 --grid seed=1,2 --repeats 2 ${common} --out ${WORK_DIR}/bad)
expect_in("${err}" "already has a seed axis")
