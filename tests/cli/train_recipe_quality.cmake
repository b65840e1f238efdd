# rcmae train --recipe: the recipe sets what it names and flags after it override (its
# 50-step warmup, longer than the 6 steps asked for, shortened to a fifth of them and said
# so; a --warmup-steps typed that long is refused); every run writes quality.csv (held-out
# reconstruction at the start and end, kNN / probe with the raw-pixel baselines at the end).
# Bad recipe names and budgets are refused by name.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(ENV{RCMAE_CACHE_DIR} ${WORK_DIR}/cache)
execute_process(COMMAND ${RCMAE} train --recipe teaching --dataset synthetic --img 16
                        --channels 3 --enc-dim 32 --enc-heads 2 --dec-dim 32 --steps 6 --batch 8
                        --quality-bank 300 --quality-queries 100 --threads 1 --quiet
                        --out ${WORK_DIR}/run
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train --recipe failed (${code}): ${err}")
endif()
file(READ ${WORK_DIR}/run/config.json config)
string(JSON recipe GET "${config}" recipe)
string(JSON enc_dim GET "${config}" model enc_dim)
string(JSON enc_depth GET "${config}" model enc_depth)
string(JSON norm_pix GET "${config}" model norm_pix_loss)
string(JSON base_lr GET "${config}" base_lr)
string(JSON dataset GET "${config}" dataset)
string(JSON warmup GET "${config}" warmup_steps)
if(NOT recipe STREQUAL "teaching" OR NOT enc_dim EQUAL 32 OR NOT enc_depth EQUAL 3
   OR NOT norm_pix STREQUAL "OFF" OR NOT base_lr EQUAL 0.008 OR NOT dataset STREQUAL "synthetic"
   OR NOT warmup EQUAL 1)
  message(FATAL_ERROR "recipe or overrides not applied: ${config}")
endif()
expect_in("${out}" "recipe warmup 50 steps shortened to 1 for a 6-step run")
expect_rejected("--warmup-steps: must not exceed --steps (20)" train --recipe teaching
                --dataset synthetic --steps 20 --warmup-steps 50 --out ${WORK_DIR}/bad)

file(STRINGS ${WORK_DIR}/run/quality.csv rows)
list(LENGTH rows count)
if(count LESS 3)
  message(FATAL_ERROR "quality.csv: expected header + start + end rows, got ${count}")
endif()
list(GET rows 0 header)
if(NOT header MATCHES "^step,train_s,eval_s,student_mse,student_psnr,student_nmse,teacher_mse")
  message(FATAL_ERROR "quality.csv header: ${header}")
endif()
list(GET rows 1 first)
string(REPLACE "," ";" first "${first}")
list(GET first 0 first_step)
if(NOT first_step EQUAL 0)
  message(FATAL_ERROR "the first quality row should be the untrained start (step 0): ${first}")
endif()
math(EXPR last_index "${count} - 1")
list(GET rows ${last_index} last)
# step 6, then every column filled: both nmse, kNN, probe, collapse and both pixel baselines.
string(REPLACE "," ";" cells "${last}")
list(LENGTH cells cell_count)
list(GET cells 0 last_step)
if(NOT last_step EQUAL 6 OR NOT cell_count EQUAL 17)
  message(FATAL_ERROR "the final quality row is not step 6 with 17 columns: ${last}")
endif()
foreach(cell IN LISTS cells)
  if(NOT cell MATCHES "^[0-9.e+-]+$")
    message(FATAL_ERROR "the final quality row lacks values: ${last}")
  endif()
endforeach()
if(NOT EXISTS ${WORK_DIR}/cache/pixel-baselines.json)
  message(FATAL_ERROR "the raw-pixel baselines were not cached")
endif()

execute_process(COMMAND ${RCMAE} train --recipe lecture --steps 2 --out ${WORK_DIR}/bad
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "--recipe: unknown recipe 'lecture' \\(choose one of teaching, research\\)")
  message(FATAL_ERROR "unknown recipe not refused by name: ${err}")
endif()
execute_process(COMMAND ${RCMAE} train --dataset synthetic --time-budget -5 --out ${WORK_DIR}/bad
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "--time-budget: must be a number of seconds >= 0")
  message(FATAL_ERROR "negative time budget not refused by name: ${err}")
endif()
