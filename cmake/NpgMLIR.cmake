# Finds Debian's MLIR 19 and exposes it through the INTERFACE target
# `npg_mlir`, so MLIR's include dirs and definitions reach only the targets
# that link it (the library itself does not depend on MLIR).
#
#   target_link_libraries(my_tool PRIVATE npg_mlir)
#
# mlir_tablegen() reads the *directory* INCLUDE_DIRECTORIES property, not the
# target's, so a directory that runs ODS should add
#   include_directories(SYSTEM ${NPG_MLIR_INCLUDE_DIRS})
# (or pass EXTRA_INCLUDES ${NPG_MLIR_INCLUDE_DIRS} to mlir_tablegen).
include_guard(GLOBAL)

find_package(MLIR REQUIRED CONFIG HINTS /usr/lib/llvm-19/lib/cmake/mlir)

# Only 19 is tested (see TOOLCHAIN.md); other versions change pass names and
# C++ APIs, so stop early instead of failing deep inside a compile.
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR
    "npg needs MLIR/LLVM 19, but found LLVM ${LLVM_PACKAGE_VERSION} via "
    "${MLIR_DIR}. Install llvm-19-dev libmlir-19-dev mlir-19-tools, or set "
    "MLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir, or configure with "
    "-DNPG_BUILD_TOOLS=OFF.")
endif()
message(STATUS "npg: using MLIR ${LLVM_PACKAGE_VERSION} from ${MLIR_DIR}")

list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

set(NPG_MLIR_INCLUDE_DIRS ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
list(REMOVE_DUPLICATES NPG_MLIR_INCLUDE_DIRS)
separate_arguments(NPG_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
# INTERFACE_COMPILE_DEFINITIONS wants NAME[=VALUE], not -DNAME.
list(TRANSFORM NPG_LLVM_DEFINITIONS REPLACE "^-D" "")

if(NOT TARGET npg_mlir)
  add_library(npg_mlir INTERFACE)
  target_include_directories(npg_mlir SYSTEM INTERFACE ${NPG_MLIR_INCLUDE_DIRS})
  target_compile_definitions(npg_mlir INTERFACE ${NPG_LLVM_DEFINITIONS})
  # The shared libMLIR.so + libLLVM.so: linking the static libMLIR*.a costs
  # 5x the time and 6x the disk per binary, and mixing both breaks
  # registration (duplicate global registries).
  target_link_libraries(npg_mlir INTERFACE MLIR LLVM)
endif()
