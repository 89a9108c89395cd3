# Sanitizer and fuzzer builds (docs/reliability.md).
#
# ATTN_SANITIZE: build our code (libraries, tools, tests) with sanitizers,
# e.g. -DATTN_SANITIZE=address,undefined. libMLIR.so/libLLVM.so stay as
# Debian built them (uninstrumented): ASan checks every access our code makes,
# and LeakSanitizer sees every allocation (it intercepts malloc
# process-wide).
#
# Upstream's LLVM_USE_SANITIZER (HandleLLVMOptions.cmake) does not fit an
# installed LLVM: its "Undefined" flags come from LLVM_UBSAN_FLAGS, which
# only LLVM's own top-level CMakeLists defines, so it would add nothing.
set(ATTN_SANITIZE "" CACHE STRING
    "Sanitizers for our code: a comma-separated subset of address,undefined")
# ATTN_BUILD_FUZZERS: libFuzzer harnesses in fuzz/ (needs Clang); our code
# gets coverage instrumentation so the fuzzers are guided by it.
option(ATTN_BUILD_FUZZERS "Build the libFuzzer harnesses (Clang only)" OFF)

if(ATTN_SANITIZE)
  string(REPLACE "," ";" _attn_sanitizers "${ATTN_SANITIZE}")
  foreach(s ${_attn_sanitizers})
    if(NOT s MATCHES "^(address|undefined)$")
      message(FATAL_ERROR "ATTN_SANITIZE: unknown sanitizer '${s}' "
                          "(use a comma-separated subset of address,undefined)")
    endif()
  endforeach()
  string(REPLACE ";" "," _attn_sanitizers "${_attn_sanitizers}")
  # -fno-sanitize-recover: a UBSan report aborts the process, so the test
  # that triggered it fails instead of printing a line nobody reads.
  add_compile_options(-fsanitize=${_attn_sanitizers} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all -g1)
  add_link_options(-fsanitize=${_attn_sanitizers})
  message(STATUS "attn-mlir: building with -fsanitize=${_attn_sanitizers}")
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Clang links the sanitizer runtime statically into executables only; a
    # shared library (AttnPlugin.so) resolves it from the executable or a
    # preload, so it cannot be linked with -z defs.
    string(REPLACE "-Wl,-z,defs" "" CMAKE_SHARED_LINKER_FLAGS
           "${CMAKE_SHARED_LINKER_FLAGS}")
  endif()
endif()

if(ATTN_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "ATTN_BUILD_FUZZERS needs Clang (libFuzzer), e.g. "
                        "-DCMAKE_CXX_COMPILER=clang++-22")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# Debian's mlir-opt is not instrumented; to load our ASan-instrumented
# AttnPlugin.so (test/Plugin) the ASan runtime must be preloaded into it.
set(ATTN_ASAN_RUNTIME "")
if(ATTN_SANITIZE MATCHES "address")
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
                    OUTPUT_VARIABLE ATTN_ASAN_RUNTIME
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
  else()
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-runtime-dir
                    OUTPUT_VARIABLE _attn_rt_dir
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    set(ATTN_ASAN_RUNTIME
        "${_attn_rt_dir}/libclang_rt.asan-${CMAKE_SYSTEM_PROCESSOR}.so")
  endif()
endif()
