//===- CPUPipeline.cpp - attn-cpu-pipeline ---------------------------------===//
//
//   [attn-raise]           linalg/TOSA softmax attention -> attn.vanilla
//   attn-tile              static-shape tiles over batch and query rows
//   convert-attn-to-linalg flash or materialized, primal, primal_weights
//   attn-decompose-linalg-aggregates  linalg.softmax -> generics
//   attn-vectorize-linalg  register tiles -> vector ops (exp as polynomial)
//   one-shot-bufferize     function boundaries with identity layouts
//   buffer-deallocation-pipeline
//   upstream conversions to the LLVM dialect
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Pipelines/Pipelines.h"

#include "attn-mlir/Analysis/Cost/Passes.h"

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace mlir::attn;

void mlir::attn::buildCPUPipeline(OpPassManager &pm,
                                  const CPUPipelineOptions &options) {
  if (options.raise)
    pm.addPass(createAttnRaise());
  pm.addPass(createAttnTile(AttnTileOptions{options.batchTile.getValue(),
                                            options.rowTile.getValue(),
                                            options.parallel.getValue()}));
  pm.addPass(createConvertAttnToLinalg(ConvertAttnToLinalgOptions{
      options.strategy.getValue(), options.keyBlock.getValue()}));
  pm.addPass(createDecomposeLinalgAggregates());
  if (options.countWork)
    pm.addPass(createAttnCountWork());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.vectorize) {
    AttnVectorizeLinalgOptions vec;
    vec.vectorWidth = options.vectorWidth;
    pm.addPass(createAttnVectorizeLinalg(vec));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  // The rest is upstream; the textual form is the one a user would type.
  static const char *kBufferize =
      "eliminate-empty-tensors,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map "
      "allow-return-allocs-from-loops},"
      "buffer-deallocation-pipeline,"
      "convert-bufferization-to-memref,"
      "convert-linalg-to-loops,"
      "func.func(lower-vector-multi-reduction),"
      "convert-vector-to-scf{full-unroll=true},"
      "lower-affine";
  // scf.forall of the tiles -> omp.parallel + omp.wsloop. The
  // memref.alloca_scope convert-scf-to-openmp wraps the body in holds no
  // alloca and is inlined; convert-scf-to-cf would break it otherwise.
  static const char *kParallel = "func.func(scf-forall-to-parallel),"
                                 "convert-scf-to-openmp,"
                                 "attn-inline-alloca-scopes";
  // attn-expand-bf16: f32 <-> bf16 conversions as integer ops (libgcc
  // before GCC 13 has no __truncsfbf2 for LLVM to call).
  static const char *kLowering =
      "attn-expand-bf16,"
      "convert-scf-to-cf,"
      "convert-vector-to-llvm{vector-contract-lowering=outerproduct},"
      "expand-strided-metadata,"
      "lower-affine,"
      "finalize-memref-to-llvm,"
      "convert-math-to-llvm,"
      "convert-to-llvm,"
      "convert-openmp-to-llvm,"
      "reconcile-unrealized-casts";
  if (failed(parsePassPipeline(kBufferize, pm, llvm::errs())) ||
      (options.parallel &&
       failed(parsePassPipeline(kParallel, pm, llvm::errs()))) ||
      failed(parsePassPipeline(kLowering, pm, llvm::errs())))
    llvm::report_fatal_error("attn-cpu-pipeline: bad built-in pipeline text");
  pm.addPass(createAttnInternalizePrivateFunctions());
}

void mlir::attn::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "attn-cpu-pipeline",
      "Lower attn ops on static-shape tensors to tiled, vectorized loops in "
      "the LLVM dialect",
      buildCPUPipeline);
}
