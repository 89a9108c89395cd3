//===- attn-translate.cpp - systolic kernels to asm and C ------------------===//
//
//   attn-opt --attn-systolic-pipeline in.mlir | attn-translate --systolic-to-asm
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Target/SystolicCodegen/Emitters.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::systolic::registerSystolicTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "attn-mlir translation driver"));
}
