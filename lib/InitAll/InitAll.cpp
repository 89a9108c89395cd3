//===- InitAll.cpp - register every attn-mlir dialect and pass -------------===//

#include "attn-mlir/InitAll.h"

#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::attn::registerAllDialects(DialectRegistry &registry) {
  registry.insert<AttnDialect>();
}

void mlir::attn::registerAllPasses() {}
