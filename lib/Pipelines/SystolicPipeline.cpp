//===- SystolicPipeline.cpp - attn-systolic-pipeline -----------------------===//
//
//   [attn-raise]               linalg/TOSA softmax attention -> attn.vanilla
//   canonicalize               fold constants the attn ops do not need
//   convert-attn-to-systolic   schedules per op, one kernel per function
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Pipelines/SystolicPipeline.h"

#include "PipelineUtils.h"
#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::attn;

void mlir::attn::buildSystolicPipeline(OpPassManager &pm,
                                       const SystolicPipelineOptions &options) {
  if (options.raise)
    pm.addPass(createAttnRaise());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createConvertAttnToSystolic(ConvertAttnToSystolicOptions{
      options.target.getValue(), options.strategy.getValue(),
      options.maxInstructions.getValue()}));
}

void mlir::attn::registerSystolicPipeline() {
  // convert-attn-to-systolic runs on builtin.module (one kernel per
  // function, new symbols in the module): other nestings are refused with
  // an error, not an abort (PipelineUtils.h).
  detail::registerModulePipeline<SystolicPipelineOptions>(
      "attn-systolic-pipeline",
      "Lower attn functions to systolic kernels for a systolic target",
      buildSystolicPipeline);
}
