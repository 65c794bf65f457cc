# cmake -P script behind the install_consumer test; see CMakeLists.txt.
# Inputs: NPG_BUILD_DIR NPG_CONFIG NPG_INSTALL_INCLUDEDIR CONSUMER_SOURCE_DIR
#         WORK_DIR GENERATOR MAKE_PROGRAM CXX_COMPILER
cmake_minimum_required(VERSION 3.20)

foreach(var NPG_BUILD_DIR NPG_INSTALL_INCLUDEDIR CONSUMER_SOURCE_DIR WORK_DIR
    GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "RunInstallConsumer.cmake: -D${var}=... is required")
  endif()
endforeach()
# Empty for a single-config build without CMAKE_BUILD_TYPE: then pass no
# --config, or the install would skip the config-specific export file.
set(config_args)
if(NPG_CONFIG)
  set(config_args --config ${NPG_CONFIG})
endif()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)
# Start clean: stale files in the prefix would hide a missing install rule.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run step)
  message(STATUS "install_consumer: ${step}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install_consumer: ${step} failed (${rc})")
  endif()
endfunction()

run("install" ${CMAKE_COMMAND} --install ${NPG_BUILD_DIR}
  --prefix ${prefix} ${config_args})

# The package directory is lib/cmake/npg or lib/<multiarch>/cmake/npg.
file(GLOB_RECURSE configs ${prefix}/npgConfig.cmake)
list(LENGTH configs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "install_consumer: expected one npgConfig.cmake under "
    "${prefix}, found ${n}: ${configs}")
endif()
get_filename_component(pkg ${configs} DIRECTORY)
set(inc ${prefix}/${NPG_INSTALL_INCLUDEDIR})
foreach(f ${inc}/npg/npg.h ${inc}/npg/runtime/Shape.h
          ${pkg}/npgConfigVersion.cmake ${pkg}/npgTargets.cmake)
  if(NOT EXISTS ${f})
    message(FATAL_ERROR "install_consumer: ${f} was not installed")
  endif()
endforeach()

# The installed npg-opt must start outside the build tree (RPATH to libnpg
# and libMLIR).
if(EXISTS ${prefix}/bin/npg-opt)
  run("npg-opt --version" ${prefix}/bin/npg-opt --version)
endif()

set(configure_args -S ${CONSUMER_SOURCE_DIR} -B ${consumer_build}
  -G ${GENERATOR}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  "-DCMAKE_BUILD_TYPE=${NPG_CONFIG}"
  -DCMAKE_PREFIX_PATH=${prefix}
  # Only the freshly installed package may satisfy find_package(npg).
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
  -DNPG_EXPECTED_DIR=${pkg})
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
run("configure consumer" ${CMAKE_COMMAND} ${configure_args})
run("build consumer" ${CMAKE_COMMAND} --build ${consumer_build} ${config_args})

# Single- or multi-config generator: take whichever binary exists.
set(app ${consumer_build}/app)
if(NOT EXISTS ${app})
  set(app ${consumer_build}/${NPG_CONFIG}/app)
endif()
run("run consumer" ${app})
message(STATUS "install_consumer: OK")
