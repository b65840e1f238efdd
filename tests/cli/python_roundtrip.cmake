# C++ <-> PyTorch: `rcmae export --parity-dir` writes the micro model's initial weights, a
# fixed batch, the Trainer's masks and its losses for a few RC-MAE steps; the plain PyTorch
# reference (bench/reference_step.py, loaded with torch.load) replays them and must agree to
# 1e-5 in every loss (tests/python/parity_check.py). Then `rcmae import` reads the weights
# Python saved and gives the same loss as the C++ export of the same step, and refuses a
# wrong shape, a missing key, a non-dict and a corrupt file with one line naming the problem.
# Needs Debian's python3-torch (/usr/bin/python3, or RCMAE_PYTHON); without it: SKIPPED.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
python_with_torch(python)
if(NOT python)
  return()  # SKIPPED, said by python_with_torch
endif()
# Same OpenBLAS kernels on both sides (rcmae would otherwise pick its own, see
# app/cli/blas_preinit.cpp): then C++ and PyTorch agree bit for bit.
set(ENV{RCMAE_BLAS_CORE_AUTO} 0)
get_filename_component(source_dir ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(shape --preset micro --img 16 --channels 3 --patch 4)

function(run_ok)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 300)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
  string(STRIP "${out}" out)
  message(STATUS "${out}")
  set(last_out "${out}" PARENT_SCOPE)
endfunction()

# 1. C++: 4 RC-MAE steps of the Trainer from the seed-7 weights (peak lr 1e-3, m 0.9), on
# the stock ATen kernels (--kernels composite): the same ops as PyTorch, so Python must agree
# bit for bit in the weights (within 1e-4 allowed) and within 1e-5 in every loss.
run_ok(${RCMAE} export --init ${shape} --seed 7 --batch 8 --base-lr 0.032 --steps 8
       --warmup-steps 0 --momentum 0.9 --parity-dir ${WORK_DIR}/parity --parity-steps 4
       --kernels composite --out ${WORK_DIR}/init.pth)
file(SHA256 ${WORK_DIR}/init.pth init_hash)
file(SHA256 ${WORK_DIR}/parity/model.pth trainer_hash)
if(NOT init_hash STREQUAL trainer_hash)
  message(FATAL_ERROR "export --init weights differ from the Trainer's initial student")
endif()

# 2. Python replays the same steps: losses within 1e-5, weights within 1e-4.
run_ok(${python} ${source_dir}/tests/python/parity_check.py ${WORK_DIR}/parity --tol 1e-5)
string(JSON ok GET "${last_out}" ok)
if(NOT ok)
  message(FATAL_ERROR "parity check reported failure: ${last_out}")
endif()

# 2b. The same with the fused attention kernel (the default). It sums in another order, so
# this is a tolerance test, not a bit-for-bit one: losses within 1e-5, weights within 1e-4,
# with the key part of the qkv biases left out (its exact gradient is zero, so AdamW turns
# rounding noise there into lr-sized steps; see parity_check.py).
run_ok(${RCMAE} export --init ${shape} --seed 7 --batch 8 --base-lr 0.032 --steps 8
       --warmup-steps 0 --momentum 0.9 --parity-dir ${WORK_DIR}/parity-fused --parity-steps 4
       --kernels fused --out ${WORK_DIR}/init-fused.pth)
run_ok(${python} ${source_dir}/tests/python/parity_check.py ${WORK_DIR}/parity-fused --tol 1e-5
       --exempt-key-bias)
string(JSON ok GET "${last_out}" ok)
if(NOT ok)
  message(FATAL_ERROR "parity check with the fused kernel reported failure: ${last_out}")
endif()

# 3. Import: the weights Python saved after step 4 give the C++ export's loss.
run_ok(${RCMAE} import --weights ${WORK_DIR}/parity/student_after.pth ${shape} --threads 1
       --out ${WORK_DIR}/import_cpp)
run_ok(${RCMAE} import --weights ${WORK_DIR}/parity/py_student_after.pth ${shape} --threads 1
       --out ${WORK_DIR}/import_py)
file(READ ${WORK_DIR}/import_cpp/import.json cpp_json)
file(READ ${WORK_DIR}/import_py/import.json py_json)
string(JSON cpp_loss GET "${cpp_json}" loss_rec)
string(JSON py_loss GET "${py_json}" loss_rec)
execute_process(COMMAND ${python} -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); sys.exit(0 if abs(a-b)<=1e-5 and a>0 else 1)"
                        ${cpp_loss} ${py_loss} RESULT_VARIABLE close)
if(NOT close EQUAL 0)
  message(FATAL_ERROR "import of the Python-saved weights: loss ${py_loss}, C++ export: ${cpp_loss}")
endif()
message(STATUS "import loss: C++ export ${cpp_loss}, Python torch.save ${py_loss}")

# 4. Refusals: one line, non-zero exit, naming the problem.
file(WRITE ${WORK_DIR}/corrupt.pth "this is not a torch file")
function(expect_refused expected)
  execute_process(COMMAND ${RCMAE} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err TIMEOUT 120)
  string(STRIP "${err}" err)
  string(FIND "${err}" "${expected}" at)
  string(FIND "${err}" "\n" newline)
  if(code EQUAL 0 OR at EQUAL -1 OR NOT newline EQUAL -1)
    message(FATAL_ERROR "rcmae ${ARGN}: expected a one-line refusal with '${expected}', got (${code}): ${err}")
  endif()
  message(STATUS "refused as expected: ${err}")
endfunction()
expect_refused("shape mismatch for 'cls_token': file [1, 1, 32], model [1, 1, 192]"
               import --weights ${WORK_DIR}/init.pth --preset tiny --img 16 --patch 4)
expect_refused("shape mismatch for 'pos_embed': file [1, 17, 32], model [1, 65, 32]"
               import --weights ${WORK_DIR}/init.pth --preset micro --img 32 --patch 4)
expect_refused("missing key 'decoder_pred.bias'"
               import --weights ${WORK_DIR}/parity/py_missing_key.pth ${shape})
expect_refused("expected a dict of tensors"
               import --weights ${WORK_DIR}/parity/py_not_a_dict.pth ${shape})
expect_refused("not a PyTorch state dict file" import --weights ${WORK_DIR}/corrupt.pth ${shape})
expect_refused("cannot open" import --weights ${WORK_DIR}/no_such.pth ${shape})
