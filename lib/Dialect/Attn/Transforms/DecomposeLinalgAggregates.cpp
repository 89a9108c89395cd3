//===- DecomposeLinalgAggregates.cpp - attn-decompose-linalg-aggregates ----===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::attn {
#define GEN_PASS_DEF_DECOMPOSELINALGAGGREGATES
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;

namespace {
struct DecomposeLinalgAggregatesPass
    : public attn::impl::DecomposeLinalgAggregatesBase<
          DecomposeLinalgAggregatesPass> {
  void runOnOperation() override {
    SmallVector<linalg::AggregatedOpInterface> ops;
    getOperation()->walk(
        [&](linalg::AggregatedOpInterface op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::AggregatedOpInterface op : ops) {
      rewriter.setInsertionPoint(op);
      FailureOr<SmallVector<Value>> repl = op.decomposeOperation(rewriter);
      if (failed(repl)) {
        op->emitOpError("failed to decompose");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, *repl);
    }
  }
};
} // namespace
