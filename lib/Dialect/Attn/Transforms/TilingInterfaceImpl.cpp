//===- TilingInterfaceImpl.cpp - TilingInterface for attn ops --------------===//
//
// The attn ops tile over their parallel loops: batch dims and the query
// rows (attn.vanilla, attn.primal), batch dims and the d rows of the
// weights (attn.primal_weights); attn.primal_stream also over its rows, a
// scan whose tiles carry the state in order. A tile is an attn op of the same kind on
// slices, so decomposition and further tiling apply to it unchanged.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

using namespace mlir;
using namespace mlir::attn;

namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

/// Slice of `v` (rank r) given per-dim (offset, size); unset dims are full.
Value slice(OpBuilder &b, Location loc, Value v,
            ArrayRef<std::pair<OpFoldResult, OpFoldResult>> dims) {
  SmallVector<OpFoldResult> offsets, sizes,
      strides(dims.size(), b.getIndexAttr(1));
  for (auto [o, s] : dims) {
    offsets.push_back(o);
    sizes.push_back(s);
  }
  if (isa<MemRefType>(v.getType()))
    return memref::SubViewOp::create(b, loc, v, offsets, sizes, strides);
  return tensor::ExtractSliceOp::create(b, loc, v, offsets, sizes, strides);
}

/// (offset, size) per dim of `v`, starting all-full.
SmallVector<std::pair<OpFoldResult, OpFoldResult>> fullDims(OpBuilder &b,
                                                            Value v) {
  SmallVector<std::pair<OpFoldResult, OpFoldResult>> r;
  for (int64_t i = 0, e = shapeOf(v).size(); i < e; ++i) {
    OpFoldResult size = isa<MemRefType>(v.getType())
                            ? memref::getMixedSize(b, v.getLoc(), v, i)
                            : tensor::getMixedSize(b, v.getLoc(), v, i);
    r.push_back({b.getIndexAttr(0), size});
  }
  return r;
}

/// Restricts the leading `n` loop dims, right-aligned on `v`'s first dims:
/// operand dim `k` of a `v` whose batch dims are a suffix of the loop's
/// batch dims maps to loop `k + lead`.
void applyBatchTile(SmallVector<std::pair<OpFoldResult, OpFoldResult>> &dims,
                    unsigned operandBatch, unsigned loopBatch,
                    ArrayRef<OpFoldResult> offsets,
                    ArrayRef<OpFoldResult> sizes) {
  unsigned lead = loopBatch - operandBatch;
  for (unsigned k = 0; k < operandBatch; ++k)
    dims[k] = {offsets[k + lead], sizes[k + lead]};
}

SmallVector<Range> domainOf(OpBuilder &b, Value shaped,
                            unsigned numLoops) {
  SmallVector<Range> r;
  for (int64_t e : shapeOf(shaped).take_front(numLoops))
    r.push_back(Range{b.getIndexAttr(0), b.getIndexAttr(e), b.getIndexAttr(1)});
  return r;
}

/// Common implementation: ops tile over loops [B..., X] where the result is
/// [B..., X, Y] with Y untiled.
template <typename OpT, typename Derived>
struct AttnTilingModel
    : public TilingInterface::ExternalModel<Derived, OpT> {
  SmallVector<utils::IteratorType> getLoopIteratorTypes(Operation *op) const {
    auto attnOp = cast<OpT>(op);
    return SmallVector<utils::IteratorType>(attnOp.getNumBatchDims() + 1,
                                            utils::IteratorType::parallel);
  }

  SmallVector<Range> getIterationDomain(Operation *op, OpBuilder &b) const {
    auto attnOp = cast<OpT>(op);
    return domainOf(b, attnOp.getInit(), attnOp.getNumBatchDims() + 1);
  }

  LogicalResult
  getResultTilePosition(Operation *op, OpBuilder &b, unsigned resultNumber,
                        ArrayRef<OpFoldResult> offsets,
                        ArrayRef<OpFoldResult> sizes,
                        SmallVector<OpFoldResult> &resultOffsets,
                        SmallVector<OpFoldResult> &resultSizes) const {
    auto attnOp = cast<OpT>(op);
    resultOffsets.assign(offsets.begin(), offsets.end());
    resultSizes.assign(sizes.begin(), sizes.end());
    resultOffsets.push_back(b.getIndexAttr(0));
    resultSizes.push_back(b.getIndexAttr(shapeOf(attnOp.getInit()).back()));
    return success();
  }
};

Operation *sliceOp(Value v) { return v.getDefiningOp(); }

/// Grouped-query attention: the key/value head range of a tile of query
/// heads `[h0, h0 + hs)` (the last batch loop) is `h0 / group` onwards, and
/// the tile is again an attn.vanilla with whole groups (hs a multiple of
/// the group size: hs / group key/value heads) or within one group (hs a
/// divisor of it: one key/value head, multi-query). Tiling drivers give
/// tile offsets that are multiples of the tile size, so those are the only
/// two cases; any other head tile size is refused.
FailureOr<std::pair<OpFoldResult, OpFoldResult>>
kvHeadTile(Operation *op, OpBuilder &b, unsigned nb, int64_t group,
           ArrayRef<OpFoldResult> offsets, ArrayRef<OpFoldResult> sizes) {
  if (nb == 0)
    return std::pair<OpFoldResult, OpFoldResult>{};
  OpFoldResult h0 = offsets[nb - 1], hs = sizes[nb - 1];
  if (group == 1)
    return std::pair<OpFoldResult, OpFoldResult>{h0, hs};
  std::optional<int64_t> size = getConstantIntValue(hs);
  if (!size || (*size % group != 0 && group % *size != 0))
    return op->emitOpError("grouped-query attention (")
           << group << " query heads per key/value head) needs a static "
           << "head tile that is a multiple or a divisor of " << group;
  std::optional<int64_t> off = getConstantIntValue(h0);
  if (off && (*size % group == 0 ? *off % group != 0
                                 : *off / group != (*off + *size - 1) / group))
    return op->emitOpError("head tile [")
           << *off << ", " << *off + *size << ") straddles a group of "
           << group << " query heads";
  AffineExpr d0;
  bindDims(b.getContext(), d0);
  OpFoldResult kvOff = affine::makeComposedFoldedAffineApply(
      b, op->getLoc(), d0.floorDiv(group), {h0});
  return std::pair<OpFoldResult, OpFoldResult>{
      kvOff, b.getIndexAttr(*size % group == 0 ? *size / group : 1)};
}

/// Slices the per-token operands of one tile of loops [B..., rows] and
/// collects them with the ops that made them.
struct TileSlicer {
  OpBuilder &b;
  Location loc;
  unsigned nb;
  ArrayRef<OpFoldResult> offsets, sizes;
  SmallVector<Value> operands;
  SmallVector<Operation *> slices;

  /// [B'..., X, Y] with B'... a suffix of the loop batch dims: batch tile.
  Value batch(Value x) {
    auto dims = fullDims(b, x);
    applyBatchTile(dims, shapeOf(x).size() - 2, nb, offsets, sizes);
    return slice(b, loc, x, dims);
  }
  /// [B..., rows, Y]: batch and row tile.
  Value rows(Value x) {
    auto dims = fullDims(b, x);
    applyBatchTile(dims, nb, nb, offsets, sizes);
    dims[nb] = {offsets[nb], sizes[nb]};
    return slice(b, loc, x, dims);
  }
  void add(Value sliced) {
    operands.push_back(sliced);
    slices.push_back(sliceOp(sliced));
  }
  /// A tile returns the init slice's type on tensors and nothing on memrefs.
  SmallVector<Type> resultTypes() const {
    Type init = operands.back().getType();
    return isa<RankedTensorType>(init) ? SmallVector<Type>{init}
                                       : SmallVector<Type>{};
  }
  TilingResult result(Operation *tiled) const {
    return TilingResult{{tiled}, SmallVector<Value>(tiled->getResults()),
                        slices};
  }
};

/// The inputs of attn.primal and attn.primal_stream for one tile: q and k
/// by batch and rows, the projections by batch, w_c and b_c whole.
template <typename PrimalLikeOp>
void addPrimalInputs(TileSlicer &t, PrimalLikeOp op) {
  t.add(t.rows(op.getQuery()));
  t.add(t.rows(op.getKey()));
  t.add(t.batch(op.getWe()));
  t.add(t.batch(op.getWr()));
  t.operands.push_back(op.getWc());
  if (Value bias = op.getBias())
    t.operands.push_back(bias);
}

struct VanillaTiling : AttnTilingModel<VanillaOp, VanillaTiling> {
  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    auto v = cast<VanillaOp>(op);
    Location loc = op->getLoc();
    unsigned nb = v.getNumBatchDims();
    TileSlicer t{b, loc, nb, offsets, sizes, {}, {}};
    // q and init: batch and query rows; k, v: batch only, with the heads
    // of grouped-query attention mapped to key/value heads.
    t.add(t.rows(v.getQuery()));
    FailureOr<std::pair<OpFoldResult, OpFoldResult>> kvHeads =
        kvHeadTile(op, b, nb, v.getKvGroupSize(), offsets, sizes);
    if (failed(kvHeads))
      return failure();
    for (Value kv : {v.getKey(), v.getValue()}) {
      auto dims = fullDims(b, kv);
      applyBatchTile(dims, nb, nb, offsets, sizes);
      if (nb > 0)
        dims[nb - 1] = *kvHeads;
      t.add(slice(b, loc, kv, dims));
    }
    if (Value mask = v.getMask()) {
      // Mask dims are right-aligned to [B..., N, M]; size-1 dims broadcast.
      auto dims = fullDims(b, mask);
      ArrayRef<int64_t> ms = shapeOf(mask);
      for (unsigned k = 0; k < ms.size(); ++k) {
        unsigned loop = MaskBroadcast::scoreDim(ms.size(), nb + 2, k);
        if (!MaskBroadcast::broadcasts(ms, k) && loop <= nb)
          dims[k] = {offsets[loop], sizes[loop]};
      }
      t.add(slice(b, loc, mask, dims));
    }
    t.add(t.rows(v.getInit()));

    // Keep causal and window masking on absolute positions: the tile's row
    // 0 is query `offset + old query_offset`.
    Value queryOffset;
    if (v.hasPositionalMask()) {
      AffineExpr d0, d1;
      bindDims(b.getContext(), d0, d1);
      // The tile carries the absolute position in `query_offset`, so the
      // alignment (which only sets the default offset) is dropped.
      OpFoldResult old = v.getQueryOffsetOrDefault(b);
      queryOffset = getValueOrCreateConstantIndexOp(
          b, loc,
          affine::makeComposedFoldedAffineApply(b, loc, d0 + d1,
                                                {offsets[nb], old}));
    }
    // The default scale depends on d, which tiling never changes.
    ValueRange operands(t.operands);
    return t.result(VanillaOp::create(
        b, loc, t.resultTypes(), operands.drop_back(), operands.back(),
        queryOffset, v.getCausalAttr(), v.getScaleAttr(), v.getWindowAttr()));
  }
};

struct PrimalTiling : AttnTilingModel<PrimalOp, PrimalTiling> {
  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    auto p = cast<PrimalOp>(op);
    Location loc = op->getLoc();
    unsigned nb = p.getNumBatchDims();
    // The causal prefix mean couples every row with all rows before it.
    if (p.getCausal()) {
      std::optional<int64_t> off = getConstantIntValue(offsets[nb]);
      std::optional<int64_t> size = getConstantIntValue(sizes[nb]);
      if (!off || *off != 0 || !size || *size != shapeOf(p.getQuery())[nb])
        return op->emitOpError("with 'causal' cannot be tiled along the "
                               "sequence dim (the prefix mean is a scan)");
    }
    TileSlicer t{b, loc, nb, offsets, sizes, {}, {}};
    addPrimalInputs(t, p);
    t.add(t.rows(p.getInit()));
    return t.result(clone(b, op, t.resultTypes(), t.operands));
  }
};

/// attn.primal_stream tiles over [B..., T]: batch tiles are independent;
/// the rows are a scan (iterator type `reduction`: tiles must run in
/// order). A row tile [t0, t0 + n) is again a stream op on the row slices
/// with `seen + t0` tokens before it, whose state outs are the whole
/// (batch-tiled) state: a sequential loop over row tiles carries the state
/// from tile to tile through its destinations, exactly as a runtime feeds
/// chunks one after the other.
struct PrimalStreamTiling
    : AttnTilingModel<PrimalStreamOp, PrimalStreamTiling> {
  SmallVector<utils::IteratorType> getLoopIteratorTypes(Operation *op) const {
    auto s = cast<PrimalStreamOp>(op);
    SmallVector<utils::IteratorType> types(s.getNumBatchDims(),
                                           utils::IteratorType::parallel);
    types.push_back(utils::IteratorType::reduction);
    return types;
  }

  LogicalResult
  getResultTilePosition(Operation *op, OpBuilder &b, unsigned resultNumber,
                        ArrayRef<OpFoldResult> offsets,
                        ArrayRef<OpFoldResult> sizes,
                        SmallVector<OpFoldResult> &resultOffsets,
                        SmallVector<OpFoldResult> &resultSizes) const {
    auto s = cast<PrimalStreamOp>(op);
    unsigned nb = s.getNumBatchDims();
    Value out = s.getOuts()[resultNumber];
    // The output [B..., T, dv]: batch and row tile; a state [B..., d]:
    // batch tile, all of d.
    unsigned keep = resultNumber == 0 ? nb + 1 : nb;
    resultOffsets.assign(offsets.begin(), offsets.begin() + keep);
    resultSizes.assign(sizes.begin(), sizes.begin() + keep);
    resultOffsets.push_back(b.getIndexAttr(0));
    resultSizes.push_back(b.getIndexAttr(shapeOf(out).back()));
    return success();
  }

  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    auto s = cast<PrimalStreamOp>(op);
    Location loc = op->getLoc();
    unsigned nb = s.getNumBatchDims();
    TileSlicer t{b, loc, nb, offsets, sizes, {}, {}};
    addPrimalInputs(t, s);
    unsigned numInputs = t.operands.size();
    t.add(t.rows(s.getInit()));
    for (Value sum : {s.getQSum(), s.getKSum()}) {
      auto dims = fullDims(b, sum);
      applyBatchTile(dims, nb, nb, offsets, sizes);
      t.add(slice(b, loc, sum, dims));
    }
    AffineExpr d0, d1;
    bindDims(b.getContext(), d0, d1);
    OpFoldResult seen =
        s.getSeen() ? OpFoldResult(s.getSeen()) : OpFoldResult(b.getIndexAttr(0));
    Value tileSeen = getValueOrCreateConstantIndexOp(
        b, loc,
        affine::makeComposedFoldedAffineApply(b, loc, d0 + d1,
                                              {offsets[nb], seen}));
    ValueRange operands(t.operands);
    SmallVector<Type> types;
    if (isa<RankedTensorType>(s.getInit().getType()))
      for (Value out : operands.drop_front(numInputs))
        types.push_back(out.getType());
    return t.result(PrimalStreamOp::create(
        b, loc, types, operands.take_front(numInputs),
        operands.drop_front(numInputs), tileSeen, s.getFeatureMapAttr()));
  }
};

struct PrimalWeightsTiling
    : AttnTilingModel<PrimalWeightsOp, PrimalWeightsTiling> {
  FailureOr<TilingResult>
  getTiledImplementation(Operation *op, OpBuilder &b,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) const {
    auto p = cast<PrimalWeightsOp>(op);
    Location loc = op->getLoc();
    unsigned nb = p.getNumBatchDims();
    // Loops are [B..., d]: X keeps all N rows and slices its d columns;
    // the init [B..., d, s] is sliced like any row-tiled operand.
    TileSlicer t{b, loc, nb, offsets, sizes, {}, {}};
    auto x = fullDims(b, p.getX());
    applyBatchTile(x, nb, nb, offsets, sizes);
    x[nb + 1] = {offsets[nb], sizes[nb]};
    t.add(slice(b, loc, p.getX(), x));
    t.add(t.batch(p.getTheta()));
    t.add(t.rows(p.getInit()));
    return t.result(clone(b, op, t.resultTypes(), t.operands));
  }
};

} // namespace

void mlir::attn::registerTilingInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, AttnDialect *) {
    VanillaOp::attachInterface<VanillaTiling>(*ctx);
    PrimalOp::attachInterface<PrimalTiling>(*ctx);
    PrimalWeightsOp::attachInterface<PrimalWeightsTiling>(*ctx);
    PrimalStreamOp::attachInterface<PrimalStreamTiling>(*ctx);
  });
}
