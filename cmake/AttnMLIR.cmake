# Helpers in the style of CIRCT's add_circt_library: our libraries go into our
# own export set (AttnMLIRTargets) so that `find_package(AttnMLIR)` works for
# embedding compilers.

# add_attn_library(name sources... [MLIR_LIBS lib...] [ATTN_LIBS lib...]
#                  [DEPENDS tgt...])
# MLIR_LIBS resolve to libMLIR.so (Debian's dylib), never static archives.
function(add_attn_library name)
  cmake_parse_arguments(ARG "" "" "MLIR_LIBS;ATTN_LIBS;DEPENDS" ${ARGN})
  add_mlir_library(${name} ${ARG_UNPARSED_ARGUMENTS}
    DISABLE_INSTALL
    DEPENDS ${ARG_DEPENDS})
  if(ARG_ATTN_LIBS)
    target_link_libraries(${name} PUBLIC ${ARG_ATTN_LIBS})
  endif()
  if(ARG_MLIR_LIBS)
    mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
  endif()
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${ATTN_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${ATTN_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  install(TARGETS ${name}
    EXPORT AttnMLIRTargets
    LIBRARY DESTINATION lib
    ARCHIVE DESTINATION lib
    RUNTIME DESTINATION bin)
  set_property(GLOBAL APPEND PROPERTY ATTN_EXPORTS ${name})
endfunction()

# attn_add_aot_object: cmake/modules/AttnMLIRAOT.cmake, shared with the
# installed package (find_package(AttnMLIR) provides it too). In the build
# tree it runs the attn-opt target.
set(ATTN_OPT_EXECUTABLE $<TARGET_FILE:attn-opt>)
set(ATTN_OPT_DEPENDS attn-opt)
include(${CMAKE_CURRENT_LIST_DIR}/modules/AttnMLIRAOT.cmake)
