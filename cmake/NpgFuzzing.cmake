# NPG_BUILD_FUZZERS: libFuzzer needs clang (Debian's clang 14 and its
# libclang-rt-14-dev). Every target of this build directory is compiled with
# coverage instrumentation and AddressSanitizer, so the fuzzer is guided by,
# and checks, npg's dialect and passes. Debian's libMLIR/libLLVM (built with
# gcc) are linked as they are: clang with libstdc++ is ABI-compatible.
include_guard(GLOBAL)

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "NPG_BUILD_FUZZERS needs clang (libFuzzer), but "
    "CMAKE_CXX_COMPILER is ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER}. "
    "Use a separate build directory: scripts/fuzz_ir.sh configures one.")
endif()

set(NPG_FUZZ_SANITIZERS "address" CACHE STRING
  "Sanitizers for the fuzz build besides libFuzzer (comma-separated)")
set(NPG_FUZZ_FLAGS "fuzzer-no-link")
if(NPG_FUZZ_SANITIZERS)
  string(APPEND NPG_FUZZ_FLAGS ",${NPG_FUZZ_SANITIZERS}")
endif()
add_compile_options(-fsanitize=${NPG_FUZZ_FLAGS} -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=${NPG_FUZZ_FLAGS})
