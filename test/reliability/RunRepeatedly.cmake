# cmake -P script: runs PROGRAM RUNS times; fails on the first run whose exit
# code is not 0 (a crash at exit shows up as a signal or abort).
# Inputs: PROGRAM RUNS
foreach(run RANGE 1 ${RUNS})
  execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "run ${run} of ${RUNS} of ${PROGRAM} ended with "
      "'${rc}'\nstdout: ${out}\nstderr: ${err}")
  endif()
endforeach()
message(STATUS "${RUNS} runs of ${PROGRAM}: all exited with 0")
