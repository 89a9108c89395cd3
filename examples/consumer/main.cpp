//===- main.cpp - an embedding compiler using attn-mlir --------------------===//
//
// Registers the attn dialect through InitAll.h, parses a module, verifies
// it, builds one more op with the C++ API and prints the result.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

static const char *kModule = R"mlir(
func.func @layer(%x: tensor<2x64x16xf32>, %theta: tensor<2x8x4xf32>,
                 %wc: tensor<8x16xf32>, %w0: tensor<2x16x4xf32>,
                 %o0: tensor<2x64x16xf32>) -> tensor<2x64x16xf32> {
  %we = attn.primal_weights ins(%x, %theta : tensor<2x64x16xf32>, tensor<2x8x4xf32>)
                            outs(%w0 : tensor<2x16x4xf32>) -> tensor<2x16x4xf32>
  %o = attn.primal ins(%x, %x, %we, %we, %wc : tensor<2x64x16xf32>, tensor<2x64x16xf32>,
                       tensor<2x16x4xf32>, tensor<2x16x4xf32>, tensor<8x16xf32>)
                   outs(%o0 : tensor<2x64x16xf32>) -> tensor<2x64x16xf32>
  return %o : tensor<2x64x16xf32>
}
)mlir";

int main() {
  mlir::DialectRegistry registry;
  registry.insert<mlir::func::FuncDialect>();
  mlir::attn::registerAllDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kModule, &context);
  if (!module) {
    llvm::errs() << "consumer: failed to parse\n";
    return 1;
  }

  // Append a vanilla op built through the generated C++ API.
  auto func = *module->getOps<mlir::func::FuncOp>().begin();
  mlir::Value x = func.getArgument(0), init = func.getArgument(4);
  mlir::OpBuilder b(func.getBody().back().getTerminator());
  auto vanilla = mlir::attn::VanillaOp::create(
      b, func.getLoc(), mlir::TypeRange{init.getType()},
      mlir::ValueRange{x, x, x}, init, /*query_offset=*/mlir::Value(),
      /*causal=*/b.getUnitAttr(),
      /*scale=*/b.getF32FloatAttr(0.25f));
  if (mlir::failed(mlir::verify(*module))) {
    llvm::errs() << "consumer: module does not verify\n";
    return 1;
  }

  unsigned count = 0;
  module->walk([&](mlir::Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "attn")
      ++count;
  });
  llvm::outs() << "attn ops: " << count << "\n";
  llvm::outs() << "vanilla scale: " << vanilla.getScaleOrDefault() << "\n";
  module->print(llvm::outs());
  return 0;
}
