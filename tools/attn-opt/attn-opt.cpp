//===- attn-opt.cpp - mlir-opt with the attn dialects and passes -----------===//

#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"
#include "attn-mlir/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::attn::registerAllPasses();
  mlir::attn::registerSystolicTargetCLOption();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::attn::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "attn-mlir optimizer driver\n", registry));
}
