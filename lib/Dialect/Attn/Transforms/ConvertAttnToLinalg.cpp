//===- ConvertAttnToLinalg.cpp - the convert-attn-to-linalg pass -----------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::attn {
#define GEN_PASS_DEF_CONVERTATTNTOLINALG
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;

namespace {
struct ConvertAttnToLinalgPass
    : public attn::impl::ConvertAttnToLinalgBase<ConvertAttnToLinalgPass> {
  using Base::Base;

  // Options are checked once, before any IR is touched: the error is about
  // the command line, so it carries no IR location and no IR dump.
  LogicalResult initialize(MLIRContext *ctx) override {
    if (keyBlock <= 0)
      return emitError(passOptionLoc(ctx, "convert-attn-to-linalg", "key-block"))
             << "convert-attn-to-linalg: key-block must be > 0, got "
             << keyBlock.getValue();
    if (kvSplits < 1)
      return emitError(passOptionLoc(ctx, "convert-attn-to-linalg", "kv-splits"))
             << "convert-attn-to-linalg: kv-splits must be >= 1, got "
             << kvSplits.getValue();
    if (kvSplits > 1 && strategy == VanillaStrategy::Materialized)
      return emitError(passOptionLoc(ctx, "convert-attn-to-linalg", "kv-splits"))
             << "convert-attn-to-linalg: kv-splits=" << kvSplits.getValue()
             << " splits the flash strategy's key loop; strategy=materialized "
                "has none";
    return success();
  }

  void runOnOperation() override {
    DecomposeOptions opts;
    opts.strategy = strategy;
    opts.keyBlock = keyBlock;
    opts.kvSplits = kvSplits;

    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isAttnOp(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    bool failedAny = false;
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      FailureOr<SmallVector<Value>> repl = decomposeAttnOp(rewriter, op, opts);
      if (failed(repl)) {
        failedAny = true;
        continue;
      }
      rewriter.replaceOp(op, *repl);
    }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
