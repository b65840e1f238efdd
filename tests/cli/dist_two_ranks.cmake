# Data parallel on 127.0.0.1: `rcmae launch --nproc 2` trains, both ranks end with
# bit-identical student and teacher parameters (the hash each prints), only rank 0 writes
# the run folder, and its losses (averaged over the 2 ranks of 4 images) match one rank of
# 8 images with the same seed, data order and masks.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
cmake_policy(SET CMP0007 NEW)
file(REMOVE_RECURSE ${WORK_DIR})
set(common --dataset synthetic --preset micro --img 16 --patch 4 --steps 6 --batch 8
           --mode rcmae --seed 3 --threads 1 --quiet --quality-bank 200 --quality-queries 100)
execute_process(COMMAND ${RCMAE} launch --nproc 2 -- ${common} --out ${WORK_DIR}/dp
                        --dist-timeout 30
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "launch failed (${code}):\n${out}\n${err}")
endif()
string(REGEX MATCH "\\[rank 0\\] rank 0 of 2: parameter hash ([0-9a-f]+)" found0 "${out}")
set(hash0 "${CMAKE_MATCH_1}")
string(REGEX MATCH "\\[rank 1\\] rank 1 of 2: parameter hash ([0-9a-f]+)" found1 "${out}")
set(hash1 "${CMAKE_MATCH_1}")
if(NOT found0 OR NOT found1 OR NOT hash0 STREQUAL hash1)
  message(FATAL_ERROR "ranks disagree or did not report ('${hash0}' vs '${hash1}'):\n${out}")
endif()
if(NOT out MATCHES "\\[rank 1\\] \\[[-0-9 :.]+\\] \\[rank 1\\] \\[")
  message(FATAL_ERROR "rank 1's log lines lack the rank prefix:\n${out}")
endif()

# Both ranks measured quality together (no collective timed out) and rank 0 wrote it: the
# untrained start and the end, with the raw-pixel baselines.
file(STRINGS ${WORK_DIR}/dp/quality.csv quality_rows)
list(LENGTH quality_rows quality_count)
list(GET quality_rows -1 quality_last)
if(quality_count LESS 3 OR NOT quality_last MATCHES "^6,")
  message(FATAL_ERROR "the data-parallel run's quality.csv lacks its rows: ${quality_rows}")
endif()

execute_process(COMMAND ${RCMAE} train ${common} --out ${WORK_DIR}/single
                RESULT_VARIABLE code OUTPUT_VARIABLE sout ERROR_VARIABLE serr TIMEOUT 120)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "single-rank train failed (${code}): ${serr}")
endif()

# loss column (3rd) as integer micro-units; losses here are plain decimals around 1.
function(micro value out_var)
  if(NOT value MATCHES "^([0-9]+)\\.?([0-9]*)$")
    message(FATAL_ERROR "unexpected loss format '${value}'")
  endif()
  set(whole "${CMAKE_MATCH_1}")
  set(frac "${CMAKE_MATCH_2}000000")
  string(SUBSTRING "${frac}" 0 6 frac)
  string(REGEX REPLACE "^0+([0-9])" "\\1" frac "${frac}")
  math(EXPR v "${whole} * 1000000 + ${frac}")
  set(${out_var} ${v} PARENT_SCOPE)
endfunction()
file(STRINGS ${WORK_DIR}/dp/metrics.csv dp_rows)
file(STRINGS ${WORK_DIR}/single/metrics.csv single_rows)
list(LENGTH dp_rows n)
if(NOT n EQUAL 7)
  message(FATAL_ERROR "rank 0's metrics.csv: expected header + 6 rows, got ${n}")
endif()
foreach(i RANGE 1 6)
  list(GET dp_rows ${i} a)
  list(GET single_rows ${i} b)
  string(REPLACE "," ";" a "${a}")
  string(REPLACE "," ";" b "${b}")
  list(GET a 2 la)
  list(GET b 2 lb)
  micro(${la} ma)
  micro(${lb} mb)
  math(EXPR d "${ma} - ${mb}")
  if(d LESS -100 OR d GREATER 100)
    message(FATAL_ERROR "step ${i}: 2 ranks x 4 loss ${la} vs 1 rank x 8 loss ${lb}")
  endif()
  message(STATUS "step ${i}: 2x4 ${la}  1x8 ${lb}")
endforeach()
