//===- AttnTile.cpp - the attn-tile pass -----------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNTILE
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;

namespace {
struct AttnTilePass : public attn::impl::AttnTileBase<AttnTilePass> {
  using Base::Base;

  // Options are checked once, before any IR is touched: the error is about
  // the command line, so it carries no IR location and no IR dump.
  LogicalResult initialize(MLIRContext *ctx) override {
    if (batchTile < 0 || rowTile < 0)
      return emitError(UnknownLoc::get(ctx))
             << "attn-tile: tile sizes must be >= 0 (0 = untiled), got "
                "batch-tile="
             << batchTile.getValue() << " row-tile=" << rowTile.getValue();
    return success();
  }

  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<VanillaOp, PrimalOp, PrimalWeightsOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      auto tiling = dyn_cast<TilingInterface>(op);
      if (!tiling) {
        op->emitOpError("has no TilingInterface; register "
                        "attn::registerTilingInterfaceExternalModels");
        return signalPassFailure();
      }
      unsigned nb = tiling.getLoopIteratorTypes().size() - 1;
      SmallVector<int64_t> sizes(nb, batchTile);
      auto primal = dyn_cast<PrimalOp>(op);
      sizes.push_back(primal && primal.getCausal() ? 0 : rowTile);
      if (failed(tileToStaticShapes(rewriter, tiling, sizes)))
        return signalPassFailure();
    }
  }
};
} // namespace
