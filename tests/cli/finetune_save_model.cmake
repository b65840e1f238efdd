# rcmae finetune --save-model: the fine-tuned classifier leaves the workbench. A micro run is
# pretrained briefly on Fashion-MNIST and fine-tuned once per pooling (mean: fc_norm,
# cls: norm) with --save-model; tests/python/finetune_model_check.py rebuilds MAE's
# models_vit.VisionTransformer from FILE.json in plain PyTorch, loads FILE.pth with
# strict=True, scores the same test images with the normalisation FILE.json gives and must
# reach the C++ top-1 recorded there and get right the same images the run's
# finetune_items.csv says the C++ side did (image for image, up to near-ties), and a state dict
# with a key missing or one too many is refused. An unwritable --save-model is refused with
# one line naming the file before any training; the write goes through a temporary file.
# Needs Debian's python3-torch (/usr/bin/python3, or RCMAE_PYTHON) and Fashion-MNIST;
# without them: SKIPPED.
cmake_policy(SET CMP0011 NEW)  # the helpers set a policy of their own
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
python_with_torch(python)
if(NOT python)
  return()  # SKIPPED, said by python_with_torch
endif()
set(fashion /usr/share/datasets/fashion-mnist)
if(NOT EXISTS ${fashion}/t10k-images-idx3-ubyte.gz)
  message("SKIPPED: no Fashion-MNIST in ${fashion}")
  return()
endif()
# Same OpenBLAS kernels on both sides (app/cli/blas_preinit.cpp).
set(ENV{RCMAE_BLAS_CORE_AUTO} 0)
get_filename_component(source_dir ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Native 28 px (no resize, so Python's preprocessing is the normalisation alone), patch 7.
rcmae_expect(0 out train --dataset fashion-mnist --preset micro --img 28 --patch 7 --channels 1
             --batch 16 --seed 3 --threads 1 --quiet --no-quality --steps 20 --mode rcmae
             --out ${WORK_DIR}/run)
# 96 steps: a few seconds, and well above chance (10 %), so the top-1 compared is a real one.
set(small --checkpoint ${WORK_DIR}/run/checkpoint.ckpt --which teacher --epochs 3
          --train-images 2048 --test-images 1000 --batch 64 --lr 5e-3 --warmup-epochs 0.5
          --threads 1 --quiet)

# An unwritable destination (its folder would be a file) fails at once, naming the file,
# before any training: no finetune.csv row.
file(WRITE ${WORK_DIR}/a_file "")
execute_process(COMMAND ${RCMAE} finetune ${small} --out ${WORK_DIR}/refused
                        --save-model ${WORK_DIR}/a_file/model.pth
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
string(STRIP "${err}" err)
string(FIND "${err}" "\n" newline)
if(code EQUAL 0 OR NOT newline EQUAL -1 OR NOT err MATCHES "a_file/model.pth: cannot")
  message(FATAL_ERROR "unwritable --save-model: expected one line naming the file (${code}): ${err}")
endif()
if(EXISTS ${WORK_DIR}/refused/finetune.csv)
  message(FATAL_ERROR "unwritable --save-model: the fine-tune ran anyway")
endif()
message(STATUS "refused as expected: ${err}")

rcmae_expect(2 out finetune ${small} --pool max --save-model ${WORK_DIR}/max.pth)
expect_in("${out}" "--pool: must be mean or cls, got 'max'")

foreach(pool mean cls)
  set(model ${WORK_DIR}/models/${pool}.pth)
  # A stale file in the way is replaced whole.
  file(WRITE ${model} "an old file")
  rcmae_expect(0 out finetune ${small} --pool ${pool} --save-model ${model}
               --out ${WORK_DIR}/run)
  expect_in("${out}" "model saved to ${model} (settings in ${WORK_DIR}/models/${pool}.json)")
  file(GLOB leftovers ${WORK_DIR}/models/*.tmp*)
  if(leftovers)
    message(FATAL_ERROR "temporary files left beside the model: ${leftovers}")
  endif()
  # finetune_items.csv keeps which test images this fine-tune got right: PyTorch must get
  # the same ones right (up to near-ties).
  execute_process(COMMAND ${python} ${source_dir}/tests/python/finetune_model_check.py ${model}
                          ${fashion} --items ${WORK_DIR}/run/finetune_items.csv
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  string(STRIP "${out}" out)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${pool} pooling: the PyTorch check failed (${code}):\n${out}\n${err}")
  endif()
  expect_in("${out}" "\"same_images\": true")
  message(STATUS "${pool} pooling: ${out}")
endforeach()
