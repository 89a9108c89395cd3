//===- InternalizePrivateFunctions.cpp - private llvm.func -> internal -----===//
//
// Lowering keeps a `private` func.func (e.g. the `dealloc_helper` that
// buffer deallocation adds to every module) as an llvm.func with external
// linkage, so two ahead-of-time compiled objects that both contain one fail
// to link ("multiple definition of `dealloc_helper'"). Upstream has no pass
// that maps symbol visibility to LLVM linkage; this one gives every private
// llvm.func with a body internal linkage.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNINTERNALIZEPRIVATEFUNCTIONS
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;

namespace {
struct InternalizePrivateFunctionsPass
    : public attn::impl::AttnInternalizePrivateFunctionsBase<
          InternalizePrivateFunctionsPass> {
  void runOnOperation() override {
    getOperation().walk([](LLVM::LLVMFuncOp fn) {
      if (!fn.isExternal() && fn.isPrivate())
        fn.setLinkage(LLVM::Linkage::Internal);
    });
  }
};
} // namespace
