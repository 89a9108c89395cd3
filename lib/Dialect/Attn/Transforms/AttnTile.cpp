//===- AttnTile.cpp - the attn-tile pass -----------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"
#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

/// `attn.primal {causal}` is the stream form run from an empty state: the
/// same scan, but tileable over rows (tiles carry the running sums).
PrimalStreamOp causalPrimalAsStream(RewriterBase &rewriter, PrimalOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  ArrayRef<int64_t> q = cast<ShapedType>(op.getQuery().getType()).getShape();
  SmallVector<int64_t> stateShape(q.drop_back(2));
  stateShape.push_back(q.back());
  Value zero = arith::ConstantOp::create(rewriter, loc,
                                         rewriter.getF32FloatAttr(0.0f));
  SmallVector<Value> outs{op.getInit()};
  for (int i = 0; i < 2; ++i) {
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, stateShape, rewriter.getF32Type());
    outs.push_back(
        linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0));
  }
  auto stream = PrimalStreamOp::create(
      rewriter, loc, ValueRange(outs).getTypes(), op.getInputs(), outs,
      /*seen=*/Value(), op.getFeatureMapAttr());
  rewriter.replaceOp(op, stream.getResult(0));
  return stream;
}

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
      if (isAttnOp(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *&op : ops) {
      auto primal = dyn_cast<PrimalOp>(op);
      if (primal && primal.getCausal() &&
          isa<RankedTensorType>(primal.getInit().getType())) {
        if (failed(verifyStaticShapes(op)))
          return signalPassFailure();
        op = causalPrimalAsStream(rewriter, primal);
      }
    }
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
      if (isa<PrimalStreamOp>(op)) {
        if (failed(tileStream(rewriter, tiling, sizes)))
          return signalPassFailure();
        continue;
      }
      sizes.push_back(rowTile);
      if (failed(tileToStaticShapes(rewriter, tiling, sizes, parallel)))
        return signalPassFailure();
    }
  }

  /// A stream op's rows are a scan: its batch tiles run in parallel (one
  /// (batch, head) slice each when batch-tile is 0 and parallel is on),
  /// then each batch tile walks its row tiles in order.
  LogicalResult tileStream(RewriterBase &rewriter, TilingInterface op,
                           SmallVector<int64_t> batchSizes) {
    if (parallel)
      for (int64_t &s : batchSizes)
        if (s == 0)
          s = 1;
    batchSizes.push_back(0);
    SmallVector<Operation *> batchTiles{op};
    if (llvm::any_of(batchSizes, [](int64_t s) { return s > 0; })) {
      FailureOr<SmallVector<Operation *>> tiled =
          tileToStaticShapes(rewriter, op, batchSizes, parallel);
      if (failed(tiled))
        return failure();
      batchTiles = *tiled;
    }
    SmallVector<int64_t> rowSizes(batchSizes.size(), 0);
    rowSizes.back() = rowTile;
    for (Operation *tile : batchTiles)
      if (failed(tileToStaticShapes(rewriter, cast<TilingInterface>(tile),
                                    rowSizes, /*parallel=*/false)))
        return failure();
    return success();
  }
};
} // namespace
