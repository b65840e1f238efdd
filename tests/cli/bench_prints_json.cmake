# rcmae bench prints one JSON object as its last line with the efficiency fields.
execute_process(COMMAND ${RCMAE} bench --preset micro --img 16 --patch 4 --batch 8 --steps 3
                        --warmup 1 --threads 1
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "bench failed (${code}): ${err}")
endif()
string(STRIP "${out}" out)
string(REGEX REPLACE ".*\n" "" last "${out}")
foreach(key step_s_median images_per_s peak_rss_mb gflop_per_step gflops_achieved sgemm_gflops)
  string(JSON value ERROR_VARIABLE missing GET "${last}" ${key})
  if(missing OR NOT value GREATER 0)
    message(FATAL_ERROR "bench JSON lacks a positive ${key}: ${last}")
  endif()
endforeach()
