//===- AttnTile.cpp - the attn-tile pass -----------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
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
      return emitError(passOptionLoc(ctx, "attn-tile",
                                           rowTile < 0 ? "row-tile" : "batch-tile"))
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
      // A batch tile that does not divide its dim would get a peeled copy
      // of the whole kernel, and k such dims 2^k copies (attn-ir-fuzzer: a
      // 7-batch-dim op with batch-tile=3 took minutes to compile). Batch
      // slices are independent, so the largest divisor not above batch-tile
      // serves as well.
      rewriter.setInsertionPoint(op);
      SmallVector<Range> domain = tiling.getIterationDomain(rewriter);
      for (unsigned i = 0; i < nb; ++i) {
        std::optional<int64_t> extent = getConstantIntValue(domain[i].size);
        if (batchTile <= 1 || !extent || *extent <= 0)
          continue;
        int64_t t = std::min(batchTile.getValue(), *extent);
        while (*extent % t != 0)
          --t;
        sizes[i] = t;
      }
      auto primal = dyn_cast<PrimalOp>(op);
      sizes.push_back(primal && primal.getCausal() ? 0 : rowTile);
      if (failed(tileToStaticShapes(rewriter, tiling, sizes, parallel)))
        return signalPassFailure();
    }
  }
};
} // namespace
