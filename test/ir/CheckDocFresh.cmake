# ctest -R dialect_doc_fresh: fails when the committed dialect reference page
# differs from the one ODS generated in the build (cmake -P script).
if(NOT EXISTS "${GENERATED}")
  message(FATAL_ERROR "${GENERATED} does not exist: build the "
    "npg-dialect-doc target (or everything) first.")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
  "${GENERATED}" "${COMMITTED}" RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "${COMMITTED} is stale (it differs from the page "
    "generated from the ODS). Copy the generated file over it:\n"
    "  cp ${GENERATED} ${COMMITTED}")
endif()
