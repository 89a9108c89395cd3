# attn_add_aot_object, for this project and for the installed package.
# Needs, set by whoever includes it: ATTN_OPT_EXECUTABLE (the attn-opt to
# run) and ATTN_OPT_DEPENDS (a target or file the command depends on), and
# LLVM_TOOLS_BINARY_DIR / LLVM_LIBRARY_DIR (from find_package(MLIR)).
include_guard(GLOBAL)

# attn_add_aot_object(<target> MLIR <file.mlir> [PIPELINE_OPTIONS <opts>]
#                     [PARALLEL] [CPU <name>] [DEPENDS ...])
# Ahead-of-time compiles an attn module: attn-opt --attn-cpu-pipeline ->
# mlir-translate --mlir-to-llvmir -> llc -O3 (host CPU) -> an OBJECT library
# file ${<target>_OBJECT} whose functions marked `llvm.emit_c_interface` are callable from
# C/C++ as `_mlir_ciface_<name>` (see mlir/ExecutionEngine/CRunnerUtils.h).
# CPU (default ${ATTN_LLC_CPU}) is the CPU the object is built for: llc's
# -mcpu and the pipeline's target-cpu, whose vector ISA picks the register
# tiles (docs/cpu-pipeline.md); "native" is the build host.
# PARALLEL adds `parallel=true` (query-row tiles on OpenMP threads) and sets
# ${<target>_LIBRARIES} to the LLVM OpenMP runtime (libomp-22-dev) the
# object then needs; link it too. OMP_NUM_THREADS picks the thread count.
set(ATTN_LLC_CPU "native" CACHE STRING
    "-mcpu for ahead-of-time compiled attn kernels (e.g. x86-64-v3, znver3)")
function(attn_add_aot_object target)
  cmake_parse_arguments(ARG "PARALLEL" "MLIR;PIPELINE_OPTIONS;CPU" "DEPENDS"
                        ${ARGN})
  set(cpu "${ATTN_LLC_CPU}")
  if(ARG_CPU)
    set(cpu "${ARG_CPU}")
  endif()
  get_filename_component(src ${ARG_MLIR} ABSOLUTE)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(options "${ARG_PIPELINE_OPTIONS}")
  set(${target}_LIBRARIES "" PARENT_SCOPE)
  if(ARG_PARALLEL)
    string(APPEND options " parallel=true")
    string(STRIP "${options}" options)
    # The runtime of LLVM's OpenMP lowering (__kmpc_*), same major version.
    find_library(ATTN_OPENMP_LIBRARY omp HINTS ${LLVM_LIBRARY_DIR}
                 NO_DEFAULT_PATH)
    if(NOT ATTN_OPENMP_LIBRARY)
      message(FATAL_ERROR "attn_add_aot_object(${target} PARALLEL): libomp "
                          "not found in ${LLVM_LIBRARY_DIR} (libomp-22-dev)")
    endif()
    set(${target}_LIBRARIES ${ATTN_OPENMP_LIBRARY} PARENT_SCOPE)
  endif()
  # One CPU for both: the register tiles are chosen for what llc targets.
  if(options MATCHES "target-cpu=")
    # The caller chose the register tiles' CPU itself.
  elseif(cpu STREQUAL "native")
    string(APPEND options " target-cpu=host")
  else()
    string(APPEND options " target-cpu=${cpu}")
  endif()
  string(STRIP "${options}" options)
  set(pipeline "--attn-cpu-pipeline=${options}")
  add_custom_command(
    OUTPUT ${out}.o
    COMMAND ${ATTN_OPT_EXECUTABLE} ${pipeline} ${src} -o ${out}.llvm.mlir
    COMMAND ${LLVM_TOOLS_BINARY_DIR}/mlir-translate --mlir-to-llvmir
            ${out}.llvm.mlir -o ${out}.ll
    COMMAND ${LLVM_TOOLS_BINARY_DIR}/llc -O3 -filetype=obj
            -relocation-model=pic -mcpu=${cpu} ${out}.ll -o ${out}.o
    DEPENDS ${ATTN_OPT_DEPENDS} ${src} ${ARG_DEPENDS}
    COMMENT "AOT-compiling ${ARG_MLIR} (${pipeline})"
    VERBATIM)
  # Listing ${<target>_OBJECT} among the sources of a target in the same
  # directory links it and orders the build.
  set(${target}_OBJECT ${out}.o PARENT_SCOPE)
endfunction()
