//===- AttnToSystolic.cpp - attn functions to systolic kernels ------------===//
//
// The pass around lowerFunction (Systolic/Lowering): each function of attn
// ops becomes the Program the schedules emit, wrapped in a systolic.kernel.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"

#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "attn-mlir/Systolic/Lowering/AttnToProgram.h"
#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::attn {
#define GEN_PASS_DEF_CONVERTATTNTOSYSTOLIC
#include "attn-mlir/Conversion/AttnToSystolic/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;
namespace as = ::mlir::attn::systolic;


namespace {
struct ConvertAttnToSystolicPass
    : mlir::attn::impl::ConvertAttnToSystolicBase<ConvertAttnToSystolicPass> {
  using Base::Base;
  // Checked before any IR is touched, like the other passes' options.
  LogicalResult initialize(MLIRContext *ctx) override {
    if (maxInstructions < 1 ||
        uint64_t(maxInstructions) > as::kMaxInstructions)
      return emitError(passOptionLoc(ctx, getArgument(), "max-instructions"))
             << "convert-attn-to-systolic: max-instructions must be in [1, "
             << as::kMaxInstructions << "], got " << maxInstructions.getValue();
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string spec = resolveSystolicTarget(target);
    llvm::Expected<as::TargetDesc> desc = as::loadTarget(spec);
    if (!desc) {
      // Located at the option, not the module: nothing in the IR is wrong.
      emitError(passOptionLoc(&getContext(), getArgument(), "target"),
                "convert-attn-to-systolic: target '")
          << spec << "': " << llvm::toString(desc.takeError());
      return signalPassFailure();
    }
    {
      as::Program header;
      header.target = *desc;
      if (llvm::Error e = as::checkProgramHeader(header)) {
        emitError(passOptionLoc(&getContext(), getArgument(), "target"),
                  "convert-attn-to-systolic: target '")
            << spec << "': " << llvm::toString(std::move(e));
        return signalPassFailure();
      }
    }
    SmallVector<func::FuncOp> funcs;
    for (auto f : module.getOps<func::FuncOp>())
      if (!f.isExternal() &&
          f.walk([](Operation *op) {
             return isAttnOp(op)
                        ? WalkResult::interrupt()
                        : WalkResult::advance();
           }).wasInterrupted())
        funcs.push_back(f);
    as::LoweringOptions opts{strategy, uint64_t(maxInstructions)};
    for (func::FuncOp f : funcs) {
      FailureOr<as::Program> prog = as::lowerFunction(f, *desc, opts);
      if (failed(prog))
        return signalPassFailure();
      OpBuilder b(f);
      mlir::systolic::buildKernel(b, f.getLoc(), *prog);
      f.erase();
    }
  }
};
} // namespace
