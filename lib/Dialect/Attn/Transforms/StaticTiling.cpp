//===- StaticTiling.cpp - tile attn ops into static-shape tiles ------------===//
//
// Upstream scf::tileUsingSCF gives the last tile of a non-dividing extent a
// dynamic size (affine.min), which then needs masks or padding to vectorize.
// Attention tiles are few and large, so instead every tiled loop is split
// into a loop over full tiles and one peeled copy for the remainder, and all
// tiles keep static shapes. The tile bodies come from the op's own
// TilingInterface implementation.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;
using namespace mlir::attn;

LogicalResult mlir::attn::verifyStaticShapes(Operation *op) {
  ArrayRef<StringRef> names = getInputNames(op);
  auto dps = cast<DestinationStyleOpInterface>(op);
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<ShapedType>(operand.get().getType());
    if (!type)
      continue;
    std::string name = dps.isDpsInit(&operand)
                           ? std::string("init")
                           : std::string(names[operand.getOperandNumber()]);
    for (auto [i, e] : llvm::enumerate(type.getShape())) {
      if (ShapedType::isDynamic(e))
        return op->emitOpError("requires static shapes: dim ")
               << i << " of operand '" << name << "' is dynamic ("
               << type << ")";
      // The verifier allows empty tensors; tiling and the decompositions
      // would build out-of-bounds slices of them.
      if (e == 0)
        return op->emitOpError("lowering requires non-empty shapes: dim ")
               << i << " of operand '" << name << "' is 0 (" << type << ")";
    }
    // The verifier accepts memrefs (destination-passing style), but
    // nothing lowers or costs attn ops on buffers: say what to do instead.
    if (!isa<RankedTensorType>(type))
      return op->emitOpError("operand '")
             << name << "' is a memref (" << type
             << "); the attn passes and attn-cost work on tensors: run them "
                "before bufferization, on the tensor form of this op "
                "(attn-cpu-pipeline lowers attn ops, then bufferizes)";
  }
  return success();
}

namespace {

/// A tile's results and where they go in the destinations.
struct TileResults {
  SmallVector<Value> values;
  SmallVector<SmallVector<OpFoldResult>> offsets, sizes;
};

struct StaticTiler {
  RewriterBase &rewriter;
  TilingInterface op;
  ArrayRef<int64_t> tileSizes;
  SmallVector<int64_t> extents;
  SmallVector<Operation *> tiledOps;
  /// Levels [bandStart, parallelLevel] run as one scf.forall (-1: none).
  /// parallelLevel is the innermost tiled level: below it every level is
  /// untiled, so one iteration is exactly one tile and its results are
  /// tensor.parallel_insert_slice'd into the shared destinations. Outer
  /// tiled levels join the band while their tiles divide their extents
  /// (batch tiles always do, see attn-tile), so batch x heads x query tiles
  /// are one parallel loop: small N with many heads has work for every
  /// thread, and threads are forked once, not once per head.
  int parallelLevel = -1;
  int bandStart = -1;

  /// One level of a band's scf.forall: a dim [0, ub) step `tile` when
  /// `loop`, else the fixed slice (offset, size).
  struct BandLevel {
    bool loop;
    int64_t ub, tile, offset, size;
  };

  bool isTiled(unsigned level) const {
    int64_t tile = level < tileSizes.size() ? tileSizes[level] : 0;
    return tile > 0 && tile < extents[level];
  }

  /// Emits the loops from `level` on; returns the updated destinations.
  FailureOr<SmallVector<Value>> emit(unsigned level,
                                     SmallVector<OpFoldResult> &offsets,
                                     SmallVector<OpFoldResult> &sizes,
                                     ValueRange dests) {
    Location loc = op.getLoc();
    if (level == extents.size())
      return emitTile(offsets, sizes, dests);
    if (int(level) == bandStart)
      return emitBand(level, offsets, sizes, dests);

    int64_t extent = extents[level];
    int64_t tile = level < tileSizes.size() ? tileSizes[level] : 0;
    auto recurse = [&](OpFoldResult off, int64_t size,
                       ValueRange d) -> FailureOr<SmallVector<Value>> {
      offsets.push_back(off);
      sizes.push_back(rewriter.getIndexAttr(size));
      auto r = emit(level + 1, offsets, sizes, d);
      offsets.pop_back();
      sizes.pop_back();
      return r;
    };
    if (tile <= 0 || tile >= extent)
      return recurse(rewriter.getIndexAttr(0), extent, dests);

    SmallVector<Value> current(dests);
    int64_t full = extent / tile * tile, rem = extent % tile;
    if (full > 0) {
      Value lb = arith::ConstantIndexOp::create(rewriter, loc, 0);
      Value ub = arith::ConstantIndexOp::create(rewriter, loc, full);
      Value step = arith::ConstantIndexOp::create(rewriter, loc, tile);
      auto loop = scf::ForOp::create(rewriter, loc, lb, ub, step, current);
      OpBuilder::InsertionGuard g(rewriter);
      rewriter.setInsertionPointToStart(loop.getBody());
      auto inner = recurse(loop.getInductionVar(), tile,
                           loop.getRegionIterArgs());
      if (failed(inner))
        return failure();
      scf::YieldOp::create(rewriter, loc, *inner);
      current = SmallVector<Value>(loop.getResults());
    }
    if (rem > 0) {
      auto inner = recurse(rewriter.getIndexAttr(full), rem, current);
      if (failed(inner))
        return failure();
      current = *inner;
    }
    return current;
  }

  /// The parallel band from `level` on: one scf.forall over the full tiles
  /// of parallelLevel and every tile of the outer band levels, then (when
  /// parallelLevel's extent leaves a remainder) one over the outer band
  /// levels with the remainder tile, or the remainder tile alone.
  FailureOr<SmallVector<Value>> emitBand(unsigned level,
                                         SmallVector<OpFoldResult> &offsets,
                                         SmallVector<OpFoldResult> &sizes,
                                         ValueRange dests) {
    int64_t tile = tileSizes[parallelLevel], extent = extents[parallelLevel];
    int64_t full = extent / tile * tile, rem = extent % tile;
    SmallVector<BandLevel> band;
    for (unsigned l = level; l < extents.size(); ++l) {
      if (int(l) == parallelLevel)
        band.push_back({true, full, tile, 0, 0});
      else if (int(l) < parallelLevel && isTiled(l))
        band.push_back({true, extents[l], tileSizes[l], 0, 0});
      else
        band.push_back({false, 0, 0, 0, extents[l]});
    }
    SmallVector<Value> current(dests);
    if (full > 0 && failed(emitForall(level, offsets, sizes, current, band)))
      return failure();
    if (rem == 0)
      return current;
    band[parallelLevel - level] = {false, 0, 0, full, rem};
    if (llvm::any_of(band, [](const BandLevel &b) { return b.loop; })) {
      if (failed(emitForall(level, offsets, sizes, current, band)))
        return failure();
      return current;
    }
    for (const BandLevel &b : band) {
      offsets.push_back(rewriter.getIndexAttr(b.offset));
      sizes.push_back(rewriter.getIndexAttr(b.size));
    }
    auto results = emitTile(offsets, sizes, current);
    offsets.resize(level);
    sizes.resize(level);
    return results;
  }

  /// scf.forall over the `loop` levels of `band` (levels `level` on) with
  /// `current` as shared outs; replaces `current` by its results.
  LogicalResult emitForall(unsigned level, SmallVector<OpFoldResult> &offsets,
                           SmallVector<OpFoldResult> &sizes,
                           SmallVector<Value> &current,
                           ArrayRef<BandLevel> band) {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> lbs, ubs, steps;
    for (const BandLevel &b : band)
      if (b.loop) {
        lbs.push_back(rewriter.getIndexAttr(0));
        ubs.push_back(rewriter.getIndexAttr(b.ub));
        steps.push_back(rewriter.getIndexAttr(b.tile));
      }
    auto forall = scf::ForallOp::create(rewriter, loc, lbs, ubs, steps,
                                        current, /*mapping=*/std::nullopt);
    OpBuilder::InsertionGuard g(rewriter);
    rewriter.setInsertionPointToStart(forall.getBody());
    unsigned dim = 0;
    for (const BandLevel &b : band) {
      if (b.loop) {
        offsets.push_back(forall.getInductionVar(dim++));
        sizes.push_back(rewriter.getIndexAttr(b.tile));
      } else {
        offsets.push_back(rewriter.getIndexAttr(b.offset));
        sizes.push_back(rewriter.getIndexAttr(b.size));
      }
    }
    FailureOr<TileResults> tileRes =
        tileAt(offsets, sizes, forall.getRegionIterArgs());
    offsets.resize(level);
    sizes.resize(level);
    if (failed(tileRes))
      return failure();
    rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
    for (auto [i, dest] : llvm::enumerate(forall.getRegionIterArgs())) {
      SmallVector<OpFoldResult> strides(tileRes->offsets[i].size(),
                                        rewriter.getIndexAttr(1));
      tensor::ParallelInsertSliceOp::create(rewriter, loc, tileRes->values[i],
                                            dest, tileRes->offsets[i],
                                            tileRes->sizes[i], strides);
    }
    current = SmallVector<Value>(forall.getResults());
    return success();
  }

  FailureOr<SmallVector<Value>> emitTile(ArrayRef<OpFoldResult> offsets,
                                         ArrayRef<OpFoldResult> sizes,
                                         ValueRange dests) {
    FailureOr<TileResults> t = tileAt(offsets, sizes, dests);
    if (failed(t))
      return failure();
    SmallVector<Value> results;
    for (auto [i, dest] : llvm::enumerate(dests)) {
      SmallVector<OpFoldResult> strides(t->offsets[i].size(),
                                        rewriter.getIndexAttr(1));
      results.push_back(tensor::InsertSliceOp::create(
          rewriter, op.getLoc(), t->values[i], dest, t->offsets[i],
          t->sizes[i], strides));
    }
    return results;
  }

  /// The tile at (offsets, sizes) computed into slices of `dests`.
  FailureOr<TileResults> tileAt(ArrayRef<OpFoldResult> offsets,
                                ArrayRef<OpFoldResult> sizes,
                                ValueRange dests) {
    // Tile a clone whose inits are the loop-carried destinations, so the
    // tiles write in place after bufferization.
    Operation *clone = rewriter.clone(*op);
    auto dps = cast<DestinationStyleOpInterface>(clone);
    for (auto [operand, dest] : llvm::zip(dps.getDpsInitsMutable(), dests))
      operand.set(dest);
    auto tiling = cast<TilingInterface>(clone);
    FailureOr<TilingResult> tiled =
        tiling.getTiledImplementation(rewriter, offsets, sizes);
    if (failed(tiled)) {
      rewriter.eraseOp(clone);
      return failure();
    }
    tiledOps.append(tiled->tiledOps.begin(), tiled->tiledOps.end());
    TileResults results;
    for (auto [i, value] : llvm::enumerate(tiled->tiledValues)) {
      SmallVector<OpFoldResult> rOffsets, rSizes;
      if (failed(tiling.getResultTilePosition(rewriter, i, offsets, sizes,
                                              rOffsets, rSizes))) {
        rewriter.eraseOp(clone);
        return failure();
      }
      results.values.push_back(value);
      results.offsets.push_back(rOffsets);
      results.sizes.push_back(rSizes);
    }
    rewriter.eraseOp(clone);
    return results;
  }
};

} // namespace

FailureOr<SmallVector<Operation *>>
mlir::attn::tileToStaticShapes(RewriterBase &rewriter, TilingInterface op,
                               ArrayRef<int64_t> tileSizes, bool parallel) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  OpBuilder::InsertionGuard g(rewriter);
  rewriter.setInsertionPoint(op);
  StaticTiler tiler{rewriter, op, tileSizes, {}, {}};
  for (Range r : op.getIterationDomain(rewriter)) {
    std::optional<int64_t> size = getConstantIntValue(r.size);
    if (!size)
      return op->emitOpError("requires a static iteration domain");
    tiler.extents.push_back(*size);
  }
  // The innermost tiled level runs as an scf.forall if its tiles are
  // independent; a tiled scan (attn.primal_stream's rows) keeps every level
  // sequential -- callers tile the batch dims first for parallelism.
  if (parallel) {
    SmallVector<utils::IteratorType> types = op.getLoopIteratorTypes();
    for (int l = tiler.extents.size() - 1; l >= 0; --l)
      if (tiler.isTiled(l)) {
        if (types[l] == utils::IteratorType::parallel)
          tiler.parallelLevel = tiler.bandStart = l;
        break;
      }
    for (int l = tiler.bandStart - 1; l >= 0 && tiler.parallelLevel >= 0; --l) {
      if (!tiler.isTiled(l))
        continue;
      if (types[l] != utils::IteratorType::parallel ||
          tiler.extents[l] % tileSizes[l] != 0)
        break;
      tiler.bandStart = l;
    }
  }
  auto dps = cast<DestinationStyleOpInterface>(op.getOperation());
  SmallVector<Value> dests(dps.getDpsInits());
  SmallVector<OpFoldResult> offsets, sizes;
  auto results = tiler.emit(0, offsets, sizes, dests);
  if (failed(results))
    return failure();
  rewriter.replaceOp(op, *results);
  return tiler.tiledOps;
}
