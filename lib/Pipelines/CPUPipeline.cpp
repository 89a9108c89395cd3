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
// Built from pass constructors: nothing is parsed at run time, so nothing can
// fail to parse. The pipeline bufferizes and converts whole modules, so it
// runs on builtin.module; registerPipelines() refuses other nestings with an
// error through the pipeline parser instead of letting OpPassManager::addPass
// abort (see addModulePipeline in PipelineUtils.h).
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Pipelines/Pipelines.h"

#include "PipelineUtils.h"
#include "attn-mlir/Analysis/Cost/Passes.h"
#include "attn-mlir/CPU/VectorISA.h"
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::attn;

namespace {

/// Whether row-tile or key-block is left to target-cpu.
bool tilesFromTarget(const CPUPipelineOptions &options) {
  return options.rowTile == 0 || options.keyBlock == 0;
}

/// target-cpu's query tile (cpu::RegisterTile::queryTile), or 64 when the
/// name does not resolve: the textual pipeline reports that before building
/// (checkOptions); from C++, attn-vectorize-linalg reports it when a
/// register tile is left to target-cpu (with every tile given, or
/// vectorize=false, a bad name only falls back to 64).
int64_t targetQueryTile(const CPUPipelineOptions &options) {
  llvm::Expected<cpu::VectorISA> isa = cpu::resolveVectorISA(options.targetCpu);
  if (!isa) {
    llvm::consumeError(isa.takeError());
    return 64;
  }
  return cpu::chooseRegisterTile(*isa).queryTile;
}

/// An unknown target-cpu is an error whenever it is used: for a register
/// tile left to it (vectorize) or for the default row-tile/key-block.
LogicalResult checkOptions(const CPUPipelineOptions &options,
                           function_ref<LogicalResult(const Twine &)> error) {
  bool registerTileFromTarget =
      options.vectorize && (options.vectorWidth == 0 ||
                            options.registerRows == 0 ||
                            options.elementwiseRows == 0);
  if (!registerTileFromTarget && !tilesFromTarget(options))
    return success();
  llvm::Expected<cpu::VectorISA> isa = cpu::resolveVectorISA(options.targetCpu);
  if (isa)
    return success();
  return error("'attn-cpu-pipeline': " + llvm::toString(isa.takeError()));
}

} // namespace

void mlir::attn::buildCPUPipeline(OpPassManager &pm,
                                  const CPUPipelineOptions &options) {
  int64_t queryTile = tilesFromTarget(options) ? targetQueryTile(options) : 0;
  int64_t rowTile = options.rowTile == 0 ? queryTile : options.rowTile;
  int64_t keyBlock = options.keyBlock == 0 ? queryTile : options.keyBlock;
  if (options.raise)
    pm.addPass(createAttnRaise());
  pm.addPass(createAttnTile(AttnTileOptions{options.batchTile.getValue(),
                                            rowTile,
                                            options.parallel.getValue()}));
  pm.addPass(createConvertAttnToLinalg(ConvertAttnToLinalgOptions{
      options.strategy.getValue(), keyBlock, options.kvSplits.getValue()}));
  pm.addPass(createDecomposeLinalgAggregates());
  if (options.countWork)
    pm.addPass(createAttnCountWork());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.vectorize) {
    AttnVectorizeLinalgOptions vec;
    vec.targetCpu = options.targetCpu;
    vec.vectorWidth = options.vectorWidth;
    vec.rows = options.registerRows;
    vec.elementwiseRows = options.elementwiseRows;
    pm.addPass(createAttnVectorizeLinalg(vec));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  // Bufferization: function boundaries with identity layouts, so the C
  // interface takes plain memref descriptors.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMultiReductionPass());
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll(true)));
  pm.addPass(createLowerAffinePass());

  if (options.parallel) {
    // scf.forall of the tiles -> omp.parallel + omp.wsloop. The
    // memref.alloca_scope convert-scf-to-openmp wraps the body in holds no
    // alloca and is inlined; convert-scf-to-cf would break it otherwise.
    pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addPass(createAttnInlineAllocaScopes());
  } else {
    // Split-KV's scf.forall (kv-splits > 1) runs its ranges in order.
    pm.addNestedPass<func::FuncOp>(createForallToForLoopPass());
  }

  // attn-expand-bf16: f32 <-> bf16 conversions as integer ops (libgcc
  // before GCC 13 has no __truncsfbf2 for LLVM to call).
  pm.addPass(createAttnExpandBF16());
  pm.addPass(createSCFToControlFlowPass());
  ConvertVectorToLLVMPassOptions toLLVM;
  toLLVM.vectorContractLowering = vector::VectorContractLowering::OuterProduct;
  pm.addPass(createConvertVectorToLLVMPass(toLLVM));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createAttnInternalizePrivateFunctions());
}

void mlir::attn::registerPipelines() {
  detail::registerModulePipeline<CPUPipelineOptions>(
      "attn-cpu-pipeline",
      "Lower attn ops on static-shape tensors to tiled, vectorized loops in "
      "the LLVM dialect",
      buildCPUPipeline, checkOptions);
}
