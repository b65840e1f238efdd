# rcmae finetune appends a teacher, a from-scratch and a weights row to finetune.csv; export
# -> eval --init-from gives the kNN of the checkpoint it came from, row for row; weights of
# another shape are refused naming the tensor, by train, eval and finetune alike.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
set(shape --dataset synthetic --preset micro --img 16 --patch 4 --channels 1)
macro(run_ok)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 300)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
endmacro()

run_ok(${RCMAE} train ${shape} --batch 8 --seed 2 --threads 1 --quiet --no-quality --steps 6
       --mode rcmae --out ${WORK_DIR}/run)
set(small --epochs 2 --train-images 64 --test-images 32 --batch 16 --threads 1 --quiet)
run_ok(${RCMAE} finetune --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which teacher ${small})
if(NOT out MATCHES "fine-tuned teacher .*step 6.*top-1 [0-9.]+% on 32 test images after 8 steps")
  message(FATAL_ERROR "finetune summary line: ${out}")
endif()
run_ok(${RCMAE} finetune --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which scratch ${small})

run_ok(${RCMAE} export --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which teacher
       --out ${WORK_DIR}/teacher.pth)
run_ok(${RCMAE} finetune --init-from ${WORK_DIR}/teacher.pth ${shape} ${small}
       --out ${WORK_DIR}/run)

file(STRINGS ${WORK_DIR}/run/finetune.csv rows)
list(LENGTH rows count)
if(NOT count EQUAL 4)
  message(FATAL_ERROR "expected a header and 3 rows in finetune.csv: ${rows}")
endif()
list(GET rows 0 header)
if(NOT header STREQUAL "init,source,dataset,checkpoint_step,epochs,train_images,test_images,batch,peak_lr,layer_decay,steps,train_s,train_loss,top1,seed,pooling,keep_tokens,drop_path")
  message(FATAL_ERROR "finetune.csv header: ${header}")
endif()
set(tail "synthetic,[0-9]+,2,64,32,16,0.001,")
list(GET rows 1 teacher_row)
list(GET rows 2 scratch_row)
list(GET rows 3 weights_row)
if(NOT teacher_row MATCHES "^teacher,\".*checkpoint.ckpt\",synthetic,6,2,64,32,16,0.001,0.75,8,[0-9.]+,[0-9.]+,(0(\\.[0-9]+)?|1(\\.0+)?),0,mean,1,0$")
  message(FATAL_ERROR "teacher row: ${teacher_row}")
endif()
if(NOT scratch_row MATCHES "^scratch,.*,1,8,")  # no layer-wise decay from scratch
  message(FATAL_ERROR "scratch row: ${scratch_row}")
endif()
if(NOT weights_row MATCHES "^weights,\".*teacher.pth\",synthetic,0,")
  message(FATAL_ERROR "weights row: ${weights_row}")
endif()

# rcmae compare shows the best top-1 of each start under the run's line.
run_ok(${RCMAE} compare ${WORK_DIR}/run)
if(NOT out MATCHES "fine-tune test top-1[^\n]*\nrun +teacher +student +scratch +weights\nrun +[0-9.]+% +- +[0-9.]+% +[0-9.]+%")
  message(FATAL_ERROR "compare lacks the fine-tune block:\n${out}")
endif()

# The exported teacher, read back with --init-from, scores exactly as the checkpoint did.
set(eval_sizes --bank 100 --queries 50 --threads 1)
run_ok(${RCMAE} eval --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which teacher ${eval_sizes}
       --probe --csv ${WORK_DIR}/from_checkpoint.csv)
run_ok(${RCMAE} eval --init-from ${WORK_DIR}/teacher.pth ${shape} ${eval_sizes} --probe
       --csv ${WORK_DIR}/from_weights.csv)
file(READ ${WORK_DIR}/from_checkpoint.csv a)
file(READ ${WORK_DIR}/from_weights.csv b)
if(NOT a STREQUAL b OR NOT a MATCHES "clean,0,")
  message(FATAL_ERROR "eval --init-from differs from the checkpoint:\n${a}\n---\n${b}")
endif()

# A finetune.csv from before the pooling, keep_tokens and drop_path columns: the header gains
# them, the old row empty cells, and the new row is appended under them (nothing lost).
set(old_header "init,source,dataset,checkpoint_step,epochs,train_images,test_images,batch,peak_lr,layer_decay,steps,train_s,train_loss,top1,seed")
set(old_row "scratch,\"\",synthetic,0,2,64,32,16,0.001,1,8,1.5,2.1,0.25,0")
file(WRITE ${WORK_DIR}/old/finetune.csv "${old_header}\n${old_row}\n")
run_ok(${RCMAE} finetune --init-from ${WORK_DIR}/teacher.pth ${shape} ${small} --pool cls
       --keep-tokens 0.5 --drop-path 0.2 --out ${WORK_DIR}/old)
file(STRINGS ${WORK_DIR}/old/finetune.csv rows)
list(LENGTH rows count)
list(GET rows 0 header)
list(GET rows 1 upgraded)
if(NOT count EQUAL 3 OR NOT header STREQUAL "${old_header},pooling,keep_tokens,drop_path" OR
   NOT upgraded STREQUAL "${old_row},,,")
  message(FATAL_ERROR "finetune.csv from before the pooling column not upgraded: ${rows}")
endif()
list(GET rows 2 new_row)
if(NOT new_row MATCHES "^weights,\".*teacher.pth\",synthetic,.*,cls,0.5,0.2$")
  message(FATAL_ERROR "row appended to the upgraded finetune.csv: ${new_row}")
endif()

# --recipe full from scratch: the research encoder's shape (128 wide, 4 deep, in the saved
# model's settings) unless model options say otherwise, and flags override the recipe's sizes
# (the row has 1 epoch of 32 images). Beside it, a model recipe keeps its meaning: teaching's
# encoder is 96 wide.
set(tiny_full --which scratch --dataset synthetic --img 16 --channels 1 --epochs 1
              --train-images 32 --test-images 16 --batch 16 --threads 1 --quiet)
run_ok(${RCMAE} finetune --recipe full ${tiny_full} --save-model ${WORK_DIR}/full/research.pth
       --out ${WORK_DIR}/full)
run_ok(${RCMAE} finetune --recipe full --recipe teaching ${tiny_full}
       --save-model ${WORK_DIR}/full/teaching.pth --out ${WORK_DIR}/full)
file(READ ${WORK_DIR}/full/research.json research)
file(READ ${WORK_DIR}/full/teaching.json teaching)
if(NOT research MATCHES "\"depth\": 4,[^}]*\"embed_dim\": 128," OR
   NOT teaching MATCHES "\"depth\": 3,[^}]*\"embed_dim\": 96,")
  message(FATAL_ERROR "--recipe full's shapes:\n${research}\n---\n${teaching}")
endif()
file(STRINGS ${WORK_DIR}/full/finetune.csv rows)
list(GET rows 1 full_row)
if(NOT full_row MATCHES "^scratch,\"\",synthetic,0,1,32,16,16,0.001,1,2,")
  message(FATAL_ERROR "--recipe full with flags: ${full_row}")
endif()
execute_process(COMMAND ${RCMAE} finetune --recipe lunch ${tiny_full} --out ${WORK_DIR}/full
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "--recipe: unknown recipe 'lunch'")
  message(FATAL_ERROR "finetune accepted an unknown recipe (${code}): ${err}")
endif()

# Another image size: every command refuses, naming the tensor that does not fit.
set(wrong --dataset synthetic --preset micro --img 32 --patch 4 --channels 1)
execute_process(COMMAND ${RCMAE} train ${wrong} --init-from ${WORK_DIR}/teacher.pth --steps 1
                        --batch 8 --quiet --no-quality --out ${WORK_DIR}/wrong
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "--init-from: .*teacher.pth: shape mismatch for '(decoder_)?pos_embed'")
  message(FATAL_ERROR "train accepted weights of another shape (${code}): ${err}")
endif()
execute_process(COMMAND ${RCMAE} eval --init-from ${WORK_DIR}/teacher.pth ${wrong} ${eval_sizes}
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "teacher.pth: shape mismatch for '(decoder_)?pos_embed'")
  message(FATAL_ERROR "eval accepted weights of another shape (${code}): ${err}")
endif()
execute_process(COMMAND ${RCMAE} finetune --init-from ${WORK_DIR}/teacher.pth ${wrong} ${small}
                        --out ${WORK_DIR}/wrong
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "shape mismatch for '(decoder_)?pos_embed'")
  message(FATAL_ERROR "finetune accepted weights of another shape (${code}): ${err}")
endif()
# A checkpoint decides its architecture: shape flags next to it are refused.
execute_process(COMMAND ${RCMAE} finetune --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --img 32
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "--img: the checkpoint decides the architecture")
  message(FATAL_ERROR "finetune accepted --img with --checkpoint (${code}): ${err}")
endif()
