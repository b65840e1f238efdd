# Faults of a data-parallel run end it within the timeout, with a clear message:
# - rank 1 dies (SIGKILL at its 3rd step, RCMAE_DIST_TEST_KILL): rank 0, started on its own,
#   stops with a DistributedError instead of hanging;
# - `rcmae launch` exits non-zero when a rank dies;
# - a rank whose master never appears gives up after --dist-timeout.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
find_program(SH sh REQUIRED)
string(RANDOM LENGTH 4 ALPHABET 0123456789 r)
math(EXPR port "20000 + ${r}")
set(common --dataset synthetic --preset micro --img 16 --patch 4 --steps 200 --batch 8
           --mode rcmae --seed 3 --threads 1 --quiet --world-size 2
           --master 127.0.0.1:${port} --dist-timeout 10 --no-quality)
list(JOIN common " " args)
string(TIMESTAMP t0 "%s")
execute_process(
  COMMAND ${SH} -c "RCMAE_DIST_TEST_KILL=1:3 '${RCMAE}' train ${args} --rank 0 --out '${WORK_DIR}/r0' > '${WORK_DIR}/r0.log' 2>&1 & p=$!; RCMAE_DIST_TEST_KILL=1:3 '${RCMAE}' train ${args} --rank 1 --out '${WORK_DIR}/r1' > '${WORK_DIR}/r1.log' 2>&1; wait $p; echo rank0=$?"
  OUTPUT_VARIABLE out TIMEOUT 90 RESULT_VARIABLE code)
string(TIMESTAMP t1 "%s")
math(EXPR took "${t1} - ${t0}")
file(READ ${WORK_DIR}/r0.log log0)
if(NOT out MATCHES "rank0=1")
  message(FATAL_ERROR "rank 0 did not fail after rank 1 died (${code}, ${out}):\n${log0}")
endif()
if(NOT log0 MATCHES "another rank died")
  message(FATAL_ERROR "rank 0's message does not say what happened:\n${log0}")
endif()
message(STATUS "rank 0 stopped ${took} s after the start")

execute_process(COMMAND ${CMAKE_COMMAND} -E env RCMAE_DIST_TEST_KILL=1:3
                        ${RCMAE} launch --nproc 2 -- --dataset synthetic --preset micro --img 16
                        --patch 4 --steps 200 --batch 8 --threads 1 --quiet --dist-timeout 10
                        --out ${WORK_DIR}/launched
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 90)
if(code EQUAL 0 OR NOT err MATCHES "rank 1 was killed")
  message(FATAL_ERROR "launch should fail when rank 1 dies (${code}):\n${out}\n${err}")
endif()

math(EXPR port2 "${port} + 1")
string(TIMESTAMP t0 "%s")
execute_process(COMMAND ${RCMAE} train --preset micro --img 16 --patch 4 --steps 5 --batch 8
                        --quiet --world-size 2 --rank 1 --master 127.0.0.1:${port2}
                        --dist-timeout 3 --out ${WORK_DIR}/alone
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
string(TIMESTAMP t1 "%s")
math(EXPR took "${t1} - ${t0}")
if(code EQUAL 0 OR NOT err MATCHES "is rank 0 running" OR took GREATER 30)
  message(FATAL_ERROR "a rank without a master should fail in ~3 s (${code}, ${took} s): ${err}")
endif()
