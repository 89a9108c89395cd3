//===- InitAll.cpp - register every attn-mlir dialect and pass -------------===//

#include "attn-mlir/InitAll.h"

#include "attn-mlir/Analysis/Cost/Passes.h"
#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"
#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"
#include "attn-mlir/Pipelines/Pipelines.h"
#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"
#include "attn-mlir/Dialect/Systolic/IR/SystolicDialect.h"
#include "attn-mlir/Pipelines/SystolicPipeline.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::attn::registerAllDialects(DialectRegistry &registry) {
  registry.insert<AttnDialect>();
  registry.insert<mlir::systolic::SystolicDialect>();
  registerTilingInterfaceExternalModels(registry);
  registerAggregatedOpInterfaceExternalModels(registry);
  registerWorkOpInterfaceExternalModels(registry);
}

void mlir::attn::registerAllPasses() {
  // Idempotent: embedders and plugins may call it more than once.
  static bool once = [] {
    registerAttnPasses();
    registerAttnCostPasses();
    registerPipelines();
    registerAttnToSystolicPasses();
    registerSystolicPipeline();
    return true;
  }();
  (void)once;
}
