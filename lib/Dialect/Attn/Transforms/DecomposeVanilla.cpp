//===- DecomposeVanilla.cpp - attn.vanilla to linalg -----------------------===//
//
// Two strategies (DESIGN.md §2):
//  * materialized: S = Q*K^T, S' = scale*S + mask (+causal), P =
//    softmax(S') as generics, zero for rows that are all -inf, O = P*V.
//  * flash: an scf.for over key blocks carrying (acc, m, l); per block
//    m' = max(m, rowmax S), a = exp(m - m'), P = exp(S - m'),
//    l' = a*l + rowsum P, acc' = a*acc + P*V; finally O = acc / l.
//    Only [B..., N, block] scores exist, never [B..., N, M].
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilder.h"
#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/TypeUtilities.h"

#include <limits>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::detail;

namespace {

/// The position of query row 0 as an index value, or null when it is 0:
/// the `query_offset` operand, or the alignment's default (M - N for
/// bottom_right, possibly negative: then the first rows see no key).
Value queryOffsetValue(OpBuilder &b, VanillaOp op) {
  if (Value qo = op.getQueryOffset())
    return qo;
  int64_t off = op.getDefaultQueryOffset();
  return off == 0 ? Value()
                  : arith::ConstantIndexOp::create(b, op.getLoc(), off)
                        .getResult();
}

/// Everything the score computation of one key block needs.
struct VanillaShapes {
  unsigned nb;   // batch rank
  int64_t n, m;  // query and key lengths
  int64_t dv;
  int64_t group; // query heads per key/value head (GQA), 1 otherwise
  SmallVector<int64_t> batch;
  /// Flash: the full key blocks of K, packed as K^T panels [B.., M/block,
  /// d, block] (see packKeyBlocks); null when there are none.
  Value kPacked = Value();
  int64_t block = 0;
};

/// The full `block`-key blocks of K, each transposed into a contiguous
/// [d, block] panel: [B.., M/block, d, block]. When `k` is a slice (the tile
/// loops' tensor.extract_slice chain over batch dims) of a key tensor
/// defined outside the loops, that whole tensor is packed once, where it is
/// defined, and sliced like `k`: one transpose per key block and head for
/// the whole op instead of one per (query tile, key block), at the price of
/// a buffer the size of K. Panels, not one [d, M] transpose: a block of
/// K^T [d, M] would be d rows M floats apart, and with M a power of two
/// they all fall into the same L1 sets. (Identical packs made for several
/// tiles -- the peeled remainder's -- are merged by CSE.)
Value packKeyBlocks(LinalgBuilder &lb, Value k, int64_t block) {
  ArrayRef<int64_t> shape = shapeOf(k);
  unsigned rank = shape.size();
  int64_t m = shape[rank - 2], d = shape[rank - 1], blocks = m / block;
  if (blocks == 0)
    return Value();
  // Follow slices that only pick batch entries (keys and features whole).
  SmallVector<tensor::ExtractSliceOp> chain;
  Value root = k;
  while (auto s = root.getDefiningOp<tensor::ExtractSliceOp>()) {
    ArrayRef<int64_t> src = s.getSourceType().getShape();
    if (src.size() != rank || !s.hasUnitStride() || src[rank - 2] != m ||
        src[rank - 1] != d ||
        !llvm::all_of(ArrayRef<OpFoldResult>(s.getMixedOffsets()).take_back(2),
                      [](OpFoldResult o) { return isConstantIntValue(o, 0); }))
      break;
    chain.push_back(s);
    root = s.getSource();
  }
  OpBuilder &b = lb.b;
  OpBuilder::InsertionGuard guard(b);
  if (!chain.empty()) {
    if (auto arg = dyn_cast<BlockArgument>(root))
      b.setInsertionPointToStart(arg.getOwner());
    else
      b.setInsertionPointAfterValue(root);
  }
  Location loc = root.getLoc();
  LinalgBuilder outer{b, loc};
  SmallVector<int64_t> rootShape = llvm::to_vector(shapeOf(root));
  Value src = root;
  if (m % block != 0) {
    SmallVector<int64_t> full = rootShape;
    full[rank - 2] = blocks * block;
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)), sizes,
        strides(rank, b.getIndexAttr(1));
    for (int64_t e : full)
      sizes.push_back(b.getIndexAttr(e));
    src = tensor::ExtractSliceOp::create(b, loc, src, offsets, sizes, strides);
  }
  // [B.., blocks*block, d] -> [B.., blocks, block, d] -> [B.., blocks, d, block]
  SmallVector<int64_t> expanded(rootShape.begin(), rootShape.end() - 2);
  expanded.append({blocks, block, d});
  SmallVector<ReassociationIndices> groups;
  for (unsigned i = 0; i + 2 < rank; ++i)
    groups.push_back({int64_t(i)});
  groups.push_back({int64_t(rank - 2), int64_t(rank - 1)});
  groups.push_back({int64_t(rank)});
  Value blocked = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(expanded, getElementTypeOrSelf(k)), src,
      groups);
  Value packed = transposeLast2(outer, blocked);
  for (tensor::ExtractSliceOp s : llvm::reverse(chain)) {
    // Right before the slice of K: its offsets are defined there.
    b.setInsertionPoint(s);
    SmallVector<OpFoldResult> offsets = s.getMixedOffsets(),
                              sizes = s.getMixedSizes();
    offsets.resize(rank - 2);
    sizes.resize(rank - 2);
    offsets.append(3, b.getIndexAttr(0));
    for (int64_t e : {blocks, d, block})
      sizes.push_back(b.getIndexAttr(e));
    SmallVector<OpFoldResult> strides(rank + 1, b.getIndexAttr(1));
    packed = tensor::ExtractSliceOp::create(b, s.getLoc(), packed, offsets,
                                            sizes, strides);
  }
  return packed;
}

/// Scores of one key block, S' = scale * (Q * Kb^T) + maskB (an i1 mask
/// is first turned into 0 / -inf), with causal and window masking against
/// absolute key positions `keyOffset + j` and query positions
/// `queryOffset + i`.
///  * materialized (`qT`, `kT` null): S' is [B..., N, blockLen], computed
///    from Q and Kb.
///  * flash (`qT` = Q^T [B..., d, N], `kT` = Kb^T [B..., d, blockLen]): S'^T
///    is [B..., blockLen, N]. With both operands laid out reduction-major the
///    contraction vectorizes to register-tiled outer-product FMAs, and the
///    P^T * V product that follows is reduction-major as well.
Value blockScores(LinalgBuilder &lb, VanillaOp op, const VanillaShapes &sh,
                  Value kb, Value maskB, int64_t blockLen, Value keyOffset,
                  Value qT = Value(), Value kT = Value()) {
  unsigned nb = sh.nb;
  bool transposed = static_cast<bool>(qT);
  SmallVector<int64_t> sShape(sh.batch);
  if (transposed)
    sShape.append({blockLen, sh.n});
  else
    sShape.append({sh.n, blockLen});
  Value s;
  if (!transposed) {
    s = batchMatmul(lb, op.getQuery(), kb, lb.filled(sShape, 0.0), nb, nb,
                    /*rhsTransposed=*/true, sh.group);
  } else {
    // S^T[b.., j, i] = sum_c Kb^T[b.., c, j] * Q^T[b.., c, i]; loops b.., j, i, c.
    unsigned n = nb + 3;
    AffineExpr j = lb.dim(nb), i = lb.dim(nb + 1), c = lb.dim(nb + 2);
    SmallVector<AffineExpr> kE = groupedBatchDims(lb, nb, sh.group),
                            qE = lb.dims(0, nb), sE = lb.dims(0, nb);
    kE.append({c, j});
    qE.append({c, i});
    sE.append({j, i});
    // A fresh buffer per key block (not shared with the zero accumulator
    // outside the loop, which would be copied every block).
    s = lb.generic({kT, qT}, lb.freshFilled(sShape, 0.0),
                   {lb.map(n, kE), lb.map(n, qE), lb.map(n, sE)},
                   LinalgBuilder::iters(nb + 2, 1),
                   [](OpBuilder &b, Location l, ValueRange a) -> Value {
                     Value m = arith::MulFOp::create(b, l, a[0], a[1]);
                     return arith::AddFOp::create(b, l, m, a[2]);
                   });
  }

  // Elementwise epilogue over loops (b.., i, j), or (b.., j, i) transposed.
  unsigned loops = nb + 2;
  unsigned qLoop = transposed ? nb + 1 : nb, kLoop = transposed ? nb : nb + 1;
  SmallVector<Value> ins{s};
  SmallVector<AffineMap> maps{lb.map(loops, lb.dims(0, loops))};
  if (maskB && getElementTypeOrSelf(maskB.getType()).isInteger(1)) {
    // An i1 mask (true = attend) becomes the additive mask 0 / -inf on its
    // own (broadcast) shape first. Only that small generic reads i1 (and
    // stays scalar: attn-vectorize-linalg leaves i1 operands alone, since
    // LLVM packs vectors of i1 in memory while memref elements are bytes);
    // the score epilogue stays an f32 add.
    unsigned rank = shapeOf(maskB).size();
    AffineMap id = lb.map(rank, lb.dims(0, rank));
    maskB = lb.generic(
        {maskB}, lb.empty(shapeOf(maskB)), {id, id},
        LinalgBuilder::iters(rank),
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value zero = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.0f));
          Value ninf = arith::ConstantOp::create(
              b, l,
              b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
          return arith::SelectOp::create(b, l, a[0], zero, ninf);
        });
  }
  if (maskB) {
    // Right-aligned numpy broadcast against [B.., N, M] (MaskBroadcast):
    // size-1 mask dims read index 0.
    ArrayRef<int64_t> mShape = shapeOf(maskB);
    SmallVector<AffineExpr> e;
    for (unsigned idx = 0; idx < mShape.size(); ++idx) {
      unsigned pos = MaskBroadcast::scoreDim(mShape.size(), loops, idx);
      unsigned loop = pos < nb ? pos : pos == nb ? qLoop : kLoop;
      e.push_back(MaskBroadcast::broadcasts(mShape, idx)
                      ? lb.b.getAffineConstantExpr(0)
                      : lb.dim(loop));
    }
    ins.push_back(maskB);
    maps.push_back(lb.map(loops, e));
  }
  maps.push_back(lb.map(loops, lb.dims(0, loops)));

  double scale = op.getScaleOrDefault();
  bool causal = op.getCausal();
  std::optional<uint64_t> window = op.getWindow();
  Value queryOffset = queryOffsetValue(lb.b, op);
  bool hasMask = static_cast<bool>(maskB);
  return lb.generic(
      ins, lb.empty(sShape), maps, LinalgBuilder::iters(loops),
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value v = arith::MulFOp::create(
            b, l, a[0],
            arith::ConstantOp::create(b, l, b.getF32FloatAttr(scale)));
        if (hasMask)
          v = arith::AddFOp::create(b, l, v, a[1]);
        if (!causal && !window)
          return v;
        // One select of -inf for the positional rules.
        Value hidden;
        auto hide = [&](Value h) {
          hidden = hidden ? arith::OrIOp::create(b, l, hidden, h) : h;
        };
        Value i = linalg::IndexOp::create(b, l, qLoop);
        Value j = linalg::IndexOp::create(b, l, kLoop);
        if (queryOffset)
          i = arith::AddIOp::create(b, l, i, queryOffset);
        if (keyOffset)
          j = arith::AddIOp::create(b, l, j, keyOffset);
        if (causal)
          hide(arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, j, i));
        if (window) {
          // Hidden when j < i - W, i.e. j + W < i.
          Value jw = arith::AddIOp::create(
              b, l, j,
              arith::ConstantIndexOp::create(b, l,
                                             static_cast<int64_t>(*window)));
          hide(arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, jw, i));
        }
        Value ninf = arith::ConstantOp::create(
            b, l,
            b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
        return arith::SelectOp::create(b, l, hidden, ninf, v);
      });
}

/// O[b.., i, c] += P[b.., i, j] * V[b.., j, c] over loops (b.., i, c, j);
/// with `pTransposed`, P is given as P^T[b.., j, i]; V's heads are read
/// through the GQA group map.
Value probsTimesValues(LinalgBuilder &lb, const VanillaShapes &sh, Value p,
                       Value v, Value out, bool pTransposed = false) {
  unsigned nb = sh.nb;
  unsigned n = nb + 3;
  AffineExpr i = lb.dim(nb), c = lb.dim(nb + 1), j = lb.dim(nb + 2);
  SmallVector<AffineExpr> pE = lb.dims(0, nb),
                          vE = groupedBatchDims(lb, nb, sh.group),
                          oE = lb.dims(0, nb);
  if (pTransposed)
    pE.append({j, i});
  else
    pE.append({i, j});
  vE.append({j, c});
  oE.append({i, c});
  return lb.generic({p, v}, out, {lb.map(n, pE), lb.map(n, vE), lb.map(n, oE)},
                    LinalgBuilder::iters(nb + 2, 1),
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      Value m = arith::MulFOp::create(b, l, a[0], a[1]);
                      return arith::AddFOp::create(b, l, m, a[2]);
                    });
}

/// Slice [.., offset:offset+len] of the key dimension of K/V (dim -2) or of
/// the mask's last dim when it is not broadcast.
Value sliceKeys(OpBuilder &b, Location loc, Value src, unsigned keyDim,
                OpFoldResult offset, int64_t len) {
  ArrayRef<int64_t> shape = shapeOf(src);
  SmallVector<OpFoldResult> offsets(shape.size(), b.getIndexAttr(0)),
      sizes, strides(shape.size(), b.getIndexAttr(1));
  for (int64_t e : shape)
    sizes.push_back(b.getIndexAttr(e));
  offsets[keyDim] = offset;
  sizes[keyDim] = b.getIndexAttr(len);
  return tensor::ExtractSliceOp::create(b, loc, src, offsets, sizes, strides);
}

/// The max-then-exp step both strategies share, over loops whose `row` map
/// drops the key loop: m' = max(mInit, max over keys of S) and
/// P = exp(S - m'). Returns {m', P}.
std::pair<Value, Value> rowMaxAndExp(LinalgBuilder &lb, Value s, Value mInit,
                                     AffineMap full, AffineMap row,
                                     ArrayRef<IT> keyReduction) {
  Value m = lb.generic({s}, mInit, {full, row}, keyReduction,
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         return arith::MaximumFOp::create(b, l, a[0], a[1]);
                       });
  Value p = lb.generic({s, m}, lb.empty(shapeOf(s)), {full, row, full},
                       LinalgBuilder::iters(full.getNumDims()),
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                         return math::ExpOp::create(b, l, d);
                       });
  return {m, p};
}

/// P = softmax(S) over the last dim of S [B.., N, M], except that a row
/// whose scores are all -inf gives zeros (PyTorch's _safe_softmax), as the
/// flash strategy does. linalg.softmax gives NaN there: exp underflows to 0
/// everywhere and 0/0 = NaN. Here the row max starts at the lowest finite
/// float, so such a row has exp(S - m) = 0 and a zero sum, and a zero sum
/// is replaced by 1 before the division (one compare per row). A row of
/// finite large negatives has a max of its own and a sum >= 1, so it stays
/// a softmax; NaN scores give a NaN sum and stay NaN. Otherwise the same
/// work as linalg.softmax's decomposition: max, subtract + exp, sum and
/// divide per score.
Value safeSoftmax(LinalgBuilder &lb, Value s, unsigned nb) {
  unsigned loops = nb + 2;
  SmallVector<int64_t> sShape = llvm::to_vector(shapeOf(s));
  SmallVector<int64_t> rowShape(sShape.begin(), sShape.end() - 1);
  AffineMap full = lb.map(loops, lb.dims(0, loops));
  AffineMap row = lb.map(loops, lb.dims(0, nb + 1));
  AffineMap rowId = lb.map(nb + 1, lb.dims(0, nb + 1));
  SmallVector<IT> rowReduction = LinalgBuilder::iters(nb + 1, 1);
  Value e = rowMaxAndExp(
                lb, s, lb.filled(rowShape, -std::numeric_limits<float>::max()),
                full, row, rowReduction)
                .second;
  Value sum = lb.generic({e}, lb.filled(rowShape, 0.0), {full, row},
                         rowReduction,
                         [](OpBuilder &b, Location l, ValueRange a) -> Value {
                           return arith::AddFOp::create(b, l, a[0], a[1]);
                         });
  Value safeSum = lb.generic(
      {sum}, lb.empty(rowShape), {rowId, rowId}, LinalgBuilder::iters(nb + 1),
      [](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value zero = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.0f));
        Value one = arith::ConstantOp::create(b, l, b.getF32FloatAttr(1.0f));
        Value empty = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                            a[0], zero);
        return arith::SelectOp::create(b, l, empty, one, a[0]);
      });
  return lb.generic({e, safeSum}, lb.empty(sShape), {full, row, full},
                    LinalgBuilder::iters(loops),
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return arith::DivFOp::create(b, l, a[0], a[1]);
                    });
}

FailureOr<SmallVector<Value>> decomposeMaterialized(LinalgBuilder &lb,
                                                    VanillaOp op,
                                                    const VanillaShapes &sh) {
  Value s = blockScores(lb, op, sh, op.getKey(), op.getMask(), sh.m,
                        /*keyOffset=*/Value());
  Value p = safeSoftmax(lb, s, sh.nb);
  Value out = lb.fill(op.getInit(), 0.0);
  return SmallVector<Value>{
      probsTimesValues(lb, sh, p, op.getValue(), out)};
}

/// One flash step on the transposed score tile S^T [B.., len, N] (see
/// blockScores): returns (acc', m', l'). `qT` is Q^T [B.., d, N].
std::array<Value, 3> flashBlock(LinalgBuilder &lb, VanillaOp op,
                                 const VanillaShapes &sh, Value qT, Value acc,
                                 Value m, Value l, OpFoldResult keyOffset,
                                 int64_t len) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  unsigned nb = sh.nb, keyDim = nb;
  // K^T of the block: a packed panel for full blocks, else transposed here.
  Value kTb;
  if (sh.kPacked && len == sh.block) {
    ArrayRef<int64_t> ps = shapeOf(sh.kPacked);
    SmallVector<OpFoldResult> offsets(ps.size(), b.getIndexAttr(0)), sizes,
        strides(ps.size(), b.getIndexAttr(1));
    for (int64_t e : ps)
      sizes.push_back(b.getIndexAttr(e));
    // Full blocks start at multiples of the block.
    if (std::optional<int64_t> c = getConstantIntValue(keyOffset))
      offsets[nb] = b.getIndexAttr(*c / sh.block);
    else
      offsets[nb] = arith::DivUIOp::create(
                        b, loc, cast<Value>(keyOffset),
                        arith::ConstantIndexOp::create(b, loc, sh.block))
                        .getResult();
    sizes[nb] = b.getIndexAttr(1);
    // [B.., 1, d, block], then the unit block dim dropped by a
    // collapse_shape: a rank-reducing slice would be ambiguous when a batch
    // dim is 1 too, and slice-of-slice folding may then drop the wrong one.
    Value slice = tensor::ExtractSliceOp::create(b, loc, sh.kPacked, offsets,
                                                 sizes, strides);
    SmallVector<ReassociationIndices> groups;
    for (unsigned i = 0; i < nb; ++i)
      groups.push_back({int64_t(i)});
    groups.push_back({int64_t(nb), int64_t(nb + 1)});
    groups.push_back({int64_t(nb + 2)});
    kTb = tensor::CollapseShapeOp::create(b, loc, slice, groups);
  } else {
    kTb = transposeLast2(
        lb, sliceKeys(b, loc, op.getKey(), keyDim, keyOffset, len));
  }
  Value vb = sliceKeys(b, loc, op.getValue(), keyDim, keyOffset, len);
  Value maskB = op.getMask();
  if (maskB) {
    ArrayRef<int64_t> ms = shapeOf(maskB);
    if (!ms.empty() && ms.back() != 1)
      maskB = sliceKeys(b, loc, maskB, ms.size() - 1, keyOffset, len);
  }
  Value keyOffsetV = getValueOrCreateConstantIndexOp(b, loc, keyOffset);
  Value sT = blockScores(lb, op, sh, /*kb=*/Value(), maskB, len, keyOffsetV,
                         qT, kTb);

  // Loops (b.., j, i): keys j outermost, so reductions over keys combine
  // whole vectors of query rows i.
  unsigned loops = nb + 2;
  SmallVector<AffineExpr> rowE = lb.dims(0, nb);
  rowE.push_back(lb.dim(nb + 1));
  AffineMap full = lb.map(loops, lb.dims(0, loops)), row = lb.map(loops, rowE);
  AffineMap rowId = lb.map(nb + 1, lb.dims(0, nb + 1));
  SmallVector<IT> keyReduction = LinalgBuilder::iters(nb + 2);
  keyReduction[nb] = IT::reduction;
  SmallVector<int64_t> sShape = llvm::to_vector(shapeOf(sT));

  // m' = max(m, max_j S^T); P^T = exp(S^T - m').
  auto [mNew, pT] = rowMaxAndExp(lb, sT, m, full, row, keyReduction);
  // a = exp(m - m').
  Value alpha = lb.generic({m, mNew}, lb.empty(shapeOf(m)),
                           {rowId, rowId, rowId}, LinalgBuilder::iters(nb + 1),
                           [](OpBuilder &b, Location l, ValueRange a) -> Value {
                             Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                             return math::ExpOp::create(b, l, d);
                           });
  // l' = a*l + sum_j P^T and acc' = a*acc + P*V. a*l and a*acc are
  // computed into the loop-carried l and acc themselves, so the loop updates
  // them in place (no fresh buffer and copy per key block).
  Value scaledL = lb.generic({alpha}, l, {rowId, rowId},
                             LinalgBuilder::iters(nb + 1),
                             [](OpBuilder &b, Location l, ValueRange a) -> Value {
                               return arith::MulFOp::create(b, l, a[1], a[0]);
                             });
  Value lNew = lb.generic({pT}, scaledL, {full, row}, keyReduction,
                          [](OpBuilder &b, Location l, ValueRange a) -> Value {
                            return arith::AddFOp::create(b, l, a[0], a[1]);
                          });
  // Loops (b.., i, c) for acc.
  AffineMap accMap = lb.map(loops, lb.dims(0, loops));
  AffineMap accRow = lb.map(loops, lb.dims(0, nb + 1));
  Value scaledAcc = lb.generic(
      {alpha}, acc, {accRow, accMap}, LinalgBuilder::iters(loops),
      [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return arith::MulFOp::create(b, l, a[1], a[0]);
      });
  Value accNew = probsTimesValues(lb, sh, pT, vb, scaledAcc,
                                  /*pTransposed=*/true);
  return {accNew, mNew, lNew};
}

/// The key blocks a flash tile visits: full blocks starting in [lo, hi)
/// step `block`, and the partial last block [fullEnd, M) when `remVisible`
/// holds (null: always). Causal and window rules hide whole key blocks from
/// a query tile: with the tile's queries at qo .. qo+n-1, a key j is visible
/// to some query only if j <= qo+n-1 (causal) and j >= qo-W (window).
/// Blocks outside are not computed at all -- exactly, not approximately: a
/// block hidden from every row leaves (acc, m, l) unchanged (alpha = 1,
/// P = 0). The bounds depend on the tile's query_offset, so they are index
/// values; attn-count-work evaluates them per tile (Executions.cpp), and
/// flashVisitedBlocks is the same rule for attn-cost.
struct KeyRange {
  Value lo, hi, remVisible;
};

KeyRange visibleKeys(OpBuilder &b, Location loc, VanillaOp op,
                     const VanillaShapes &sh, int64_t block) {
  int64_t fullEnd = sh.m / block * block;
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value qo = queryOffsetValue(b, op);
  KeyRange r{idx(0), idx(fullEnd), Value()};
  auto both = [&](Value c) {
    r.remVisible =
        r.remVisible ? arith::AndIOp::create(b, loc, r.remVisible, c).getResult()
                     : c;
  };
  if (op.getCausal()) {
    // Keys >= firstHidden are after the tile's last query.
    Value firstHidden =
        qo ? arith::AddIOp::create(b, loc, qo, idx(sh.n)).getResult()
           : idx(sh.n);
    r.hi = arith::MinSIOp::create(b, loc, r.hi, firstHidden);
    both(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx(fullEnd),
                               firstHidden));
  }
  if (std::optional<uint64_t> window = op.getWindow()) {
    Value lo = qo ? arith::SubIOp::create(b, loc, qo,
                                          idx(static_cast<int64_t>(*window)))
                        .getResult()
                  : idx(-static_cast<int64_t>(*window));
    Value firstVisible = arith::MaxSIOp::create(b, loc, lo, idx(0));
    // Start at the block that holds the first visible key.
    r.lo = arith::MulIOp::create(
        b, loc, arith::DivSIOp::create(b, loc, firstVisible, idx(block)),
        idx(block));
    both(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                               idx(sh.m - 1), firstVisible));
  }
  return r;
}

/// The flash loop over the full blocks starting in [lo, hi) and, when
/// `withRem`, the partial last block if `remVisible` (null: always) holds;
/// updates (acc, m, l).
void flashKeys(LinalgBuilder &lb, VanillaOp op, const VanillaShapes &sh,
               Value qT, int64_t block, Value lo, Value hi, bool withRem,
               Value remVisible, Value &acc, Value &m, Value &l) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  int64_t fullEnd = sh.m / block * block, rem = sh.m % block;
  if (fullEnd > 0) {
    Value stepV = arith::ConstantIndexOp::create(b, loc, block);
    auto loop = scf::ForOp::create(
        b, loc, lo, hi, stepV, ValueRange{acc, m, l},
        [&](OpBuilder &nb2, Location nl, Value iv, ValueRange iter) {
          LinalgBuilder inner{nb2, nl};
          auto next = flashBlock(inner, op, sh, qT, iter[0], iter[1], iter[2],
                                 iv, block);
          scf::YieldOp::create(nb2, nl, ValueRange{next[0], next[1], next[2]});
        });
    acc = loop.getResult(0);
    m = loop.getResult(1);
    l = loop.getResult(2);
  }
  if (rem == 0 || !withRem)
    return;
  // The partial last block [fullEnd, M), skipped the same way.
  auto step = [&](OpBuilder &bb, Location bl) {
    LinalgBuilder inner{bb, bl};
    return flashBlock(inner, op, sh, qT, acc, m, l, bb.getIndexAttr(fullEnd),
                      rem);
  };
  if (!remVisible) {
    auto next = step(b, loc);
    acc = next[0];
    m = next[1];
    l = next[2];
    return;
  }
  auto ifOp = scf::IfOp::create(
      b, loc, remVisible,
      [&](OpBuilder &bb, Location bl) {
        auto next = step(bb, bl);
        scf::YieldOp::create(bb, bl, ValueRange{next[0], next[1], next[2]});
      },
      [&](OpBuilder &bb, Location bl) {
        scf::YieldOp::create(bb, bl, ValueRange{acc, m, l});
      });
  acc = ifOp.getResult(0);
  m = ifOp.getResult(1);
  l = ifOp.getResult(2);
}

/// Split-KV (FlashDecoding): the key blocks are cut into `splits` ranges of
/// whole blocks, each reduced to partial (acc_s, m_s, l_s) in an iteration
/// of an scf.forall (threads with the pipeline's `parallel`), then
/// combined: m = max_s m_s, w_s = exp(m_s - m), l = sum_s w_s l_s,
/// acc = sum_s w_s acc_s. The result is the softmax of all keys, as
/// without splits (up to the order of the additions). Split s covers the
/// full blocks starting in [s*chunk, (s+1)*chunk), chunk a multiple of the
/// key block; the last split also takes the partial last block.
void flashSplitKeys(LinalgBuilder &lb, VanillaOp op, const VanillaShapes &sh,
                    Value qT, int64_t block, int64_t splits, Value &acc,
                    Value &m, Value &l) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  unsigned nb = sh.nb;
  int64_t chunk = llvm::divideCeil(llvm::divideCeil(sh.m, splits), block) * block;
  int64_t count = llvm::divideCeil(sh.m, chunk);
  KeyRange vis = visibleKeys(b, loc, op, sh, block);

  // Partials, split-major: m and l [K, B.., N], acc [K, B.., N, dv].
  SmallVector<int64_t> rowShape(sh.batch), accShape(sh.batch);
  rowShape.push_back(sh.n);
  accShape.append({sh.n, sh.dv});
  auto partsOf = [&](ArrayRef<int64_t> shape) {
    SmallVector<int64_t> p{count};
    p.append(shape.begin(), shape.end());
    return p;
  };
  SmallVector<Value> parts{lb.empty(partsOf(accShape)),
                           lb.empty(partsOf(rowShape)),
                           lb.empty(partsOf(rowShape))};
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(count)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)}, parts, std::nullopt);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(forall.getBody());
    Value sIdx = forall.getInductionVar(0);
    auto idx = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value start = arith::MulIOp::create(b, loc, sIdx, idx(chunk));
    Value lo = arith::MaxSIOp::create(b, loc, vis.lo, start);
    Value hi = arith::MinSIOp::create(
        b, loc, vis.hi, arith::AddIOp::create(b, loc, start, idx(chunk)));
    Value last = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, sIdx,
                                       idx(count - 1));
    Value remVisible =
        vis.remVisible ? arith::AndIOp::create(b, loc, vis.remVisible, last)
                             .getResult()
                       : last;
    Value a = lb.filled(accShape, 0.0);
    Value mm = lb.filled(rowShape, -std::numeric_limits<float>::max());
    Value ll = lb.filled(rowShape, 0.0);
    flashKeys(lb, op, sh, qT, block, lo, hi, /*withRem=*/true, remVisible, a,
              mm, ll);
    b.setInsertionPointToStart(forall.getTerminator().getBody());
    SmallVector<Value> partials{a, mm, ll};
    for (auto [value, dest] :
         llvm::zip(partials, forall.getRegionIterArgs())) {
      unsigned rank = shapeOf(dest).size();
      SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
          sizes{b.getIndexAttr(1)}, strides(rank, b.getIndexAttr(1));
      offsets[0] = sIdx;
      for (int64_t e : shapeOf(value))
        sizes.push_back(b.getIndexAttr(e));
      tensor::ParallelInsertSliceOp::create(b, loc, value, dest, offsets,
                                            sizes, strides);
    }
  }
  Value accParts = forall.getResult(0), mParts = forall.getResult(1),
        lParts = forall.getResult(2);

  // Combine over the split dim (innermost loop, a reduction).
  unsigned rl = nb + 2; // loops (b.., i, s)
  SmallVector<AffineExpr> partRow{lb.dim(nb + 1)};
  partRow.append(lb.dims(0, nb + 1));
  AffineMap rowOut = lb.map(rl, lb.dims(0, nb + 1));
  AffineMap rowPart = lb.map(rl, partRow);
  SmallVector<IT> splitReduction = LinalgBuilder::iters(nb + 1, 1);
  m = lb.generic({mParts}, lb.filled(rowShape, -std::numeric_limits<float>::max()),
                 {rowPart, rowOut}, splitReduction,
                 [](OpBuilder &b, Location l, ValueRange a) -> Value {
                   return arith::MaximumFOp::create(b, l, a[0], a[1]);
                 });
  // w_s = exp(m_s - m) [K, B.., N].
  AffineMap partId = lb.map(nb + 2, lb.dims(0, nb + 2));
  SmallVector<AffineExpr> fromPart = lb.dims(1, nb + 1);
  AffineMap partToRow = lb.map(nb + 2, fromPart);
  Value w = lb.generic({mParts, m}, lb.empty(shapeOf(mParts)),
                       {partId, partToRow, partId},
                       LinalgBuilder::iters(nb + 2),
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                         return math::ExpOp::create(b, l, d);
                       });
  l = lb.generic({w, lParts}, lb.filled(rowShape, 0.0),
                 {rowPart, rowPart, rowOut}, splitReduction,
                 [](OpBuilder &b, Location l, ValueRange a) -> Value {
                   Value x = arith::MulFOp::create(b, l, a[0], a[1]);
                   return arith::AddFOp::create(b, l, x, a[2]);
                 });
  // acc[b.., i, c] = sum_s w[s, b.., i] acc_s[s, b.., i, c]; loops (b.., i,
  // c, s).
  unsigned al = nb + 3;
  SmallVector<AffineExpr> wE{lb.dim(nb + 2)}, accE{lb.dim(nb + 2)};
  wE.append(lb.dims(0, nb + 1));
  accE.append(lb.dims(0, nb + 2));
  acc = lb.generic({w, accParts}, lb.filled(accShape, 0.0),
                   {lb.map(al, wE), lb.map(al, accE),
                    lb.map(al, lb.dims(0, nb + 2))},
                   LinalgBuilder::iters(nb + 2, 1),
                   [](OpBuilder &b, Location l, ValueRange a) -> Value {
                     Value x = arith::MulFOp::create(b, l, a[0], a[1]);
                     return arith::AddFOp::create(b, l, x, a[2]);
                   });
}

FailureOr<SmallVector<Value>> decomposeFlash(LinalgBuilder &lb, VanillaOp op,
                                             VanillaShapes sh,
                                             int64_t keyBlock,
                                             int64_t kvSplits) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  unsigned nb = sh.nb;

  SmallVector<int64_t> rowShape(sh.batch), accShape(sh.batch);
  rowShape.push_back(sh.n);
  accShape.append({sh.n, sh.dv});

  // Q^T once per tile: the score contraction reads both operands
  // reduction-major (see blockScores).
  Value qT = transposeLast2(lb, op.getQuery());
  int64_t block = std::min(keyBlock, sh.m);
  sh.block = block;
  sh.kPacked = packKeyBlocks(lb, op.getKey(), block);
  Value acc, m, l;
  if (kvSplits > 1 && llvm::divideCeil(sh.m, block) > 1) {
    flashSplitKeys(lb, op, sh, qT, block, kvSplits, acc, m, l);
  } else {
    // The running max starts at the lowest finite float, not -inf: a block
    // whose scores are all -inf then gives exp(-inf - m) = 0 instead of
    // NaN.
    acc = lb.filled(accShape, 0.0);
    m = lb.filled(rowShape, -std::numeric_limits<float>::max());
    l = lb.filled(rowShape, 0.0);
    KeyRange vis = visibleKeys(b, loc, op, sh, block);
    flashKeys(lb, op, sh, qT, block, vis.lo, vis.hi, /*withRem=*/true,
              vis.remVisible, acc, m, l);
  }

  // O = acc / l; rows that saw no key (l == 0) are zero. NaN sums compare
  // unordered-not-equal and stay NaN.
  unsigned loops = nb + 2;
  AffineMap full = lb.map(loops, lb.dims(0, loops));
  AffineMap row = lb.map(loops, lb.dims(0, nb + 1));
  Value o = lb.generic({acc, l}, op.getInit(), {full, row, full},
                       LinalgBuilder::iters(loops),
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         Value zero = arith::ConstantOp::create(
                             b, l, b.getF32FloatAttr(0.0f));
                         Value seen = arith::CmpFOp::create(
                             b, l, arith::CmpFPredicate::UNE, a[1], zero);
                         Value q = arith::DivFOp::create(b, l, a[0], a[1]);
                         return arith::SelectOp::create(b, l, seen, q, zero);
                       });
  return SmallVector<Value>{o};
}

/// f16/bf16 operands: the op is decomposed as an f32 attn.vanilla on
/// operands widened with arith.extf (so scores, the softmax statistics m
/// and l, and the accumulator are f32, as IREE and FlashAttention do), and
/// the result is rounded to the operand type into the init.
FailureOr<SmallVector<Value>> decomposeWidened(OpBuilder &b, VanillaOp op,
                                               const DecomposeOptions &opts) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  LinalgBuilder lb{b, op.getLoc()};
  auto elementwise = [&](Value x, Value out,
                         function_ref<Value(OpBuilder &, Location, Value)> f) {
    unsigned rank = shapeOf(x).size();
    AffineMap id = lb.map(rank, lb.dims(0, rank));
    return lb.generic({x}, out, {id, id}, LinalgBuilder::iters(rank),
                      [&](OpBuilder &nb, Location l, ValueRange a) {
                        return f(nb, l, a[0]);
                      });
  };
  SmallVector<Value> inputs;
  for (Value x : op.getInputs()) {
    if (getElementTypeOrSelf(x.getType()).isInteger(1)) {
      inputs.push_back(x); // i1 mask
      continue;
    }
    inputs.push_back(elementwise(
        x, lb.empty(shapeOf(x)), [](OpBuilder &nb, Location l, Value v) {
          return arith::ExtFOp::create(nb, l, nb.getF32Type(), v).getResult();
        }));
  }
  Value init32 = lb.empty(shapeOf(op.getInit()));
  auto wide = VanillaOp::create(b, op.getLoc(), TypeRange{init32.getType()},
                                inputs, init32, op.getQueryOffset(),
                                op.getCausalAttr(), op.getScaleAttr(),
                                op.getWindowAttr(), op.getAlignmentAttr());
  FailureOr<SmallVector<Value>> r = decomposeVanilla(b, wide, opts);
  wide->erase();
  if (failed(r))
    return failure();
  Type et = getElementTypeOrSelf(op.getInit().getType());
  return SmallVector<Value>{elementwise(
      (*r)[0], op.getInit(), [&](OpBuilder &nb, Location l, Value v) {
        return arith::TruncFOp::create(nb, l, et, v).getResult();
      })};
}

} // namespace

FlashVisitedBlocks mlir::attn::flashVisitedBlocks(
    bool causal, std::optional<int64_t> window, int64_t queryOffset,
    int64_t rows, int64_t m, int64_t block) {
  int64_t fullEnd = m / block * block;
  FlashVisitedBlocks v;
  v.hi = fullEnd;
  v.remainder = m % block != 0;
  if (causal) {
    int64_t firstHidden = queryOffset + rows;
    v.hi = std::min(v.hi, firstHidden);
    v.remainder &= fullEnd < firstHidden;
  }
  if (window) {
    int64_t firstVisible = std::max<int64_t>(queryOffset - *window, 0);
    v.lo = firstVisible / block * block;
    v.remainder &= m - 1 >= firstVisible;
  }
  return v;
}

FailureOr<SmallVector<Value>>
mlir::attn::decomposeVanilla(OpBuilder &b, VanillaOp op,
                             const DecomposeOptions &opts) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  if (!getElementTypeOrSelf(op.getQuery().getType()).isF32())
    return decomposeWidened(b, op, opts);
  auto qT = cast<ShapedType>(op.getQuery().getType());
  auto kT = cast<ShapedType>(op.getKey().getType());
  auto vT = cast<ShapedType>(op.getValue().getType());
  VanillaShapes sh;
  sh.nb = op.getNumBatchDims();
  sh.batch = llvm::to_vector(qT.getShape().drop_back(2));
  sh.n = qT.getShape()[sh.nb];
  sh.m = kT.getShape()[sh.nb];
  sh.dv = vT.getShape().back();
  sh.group = op.getKvGroupSize();

  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  LinalgBuilder lb{b, op.getLoc()};
  if (sh.m == 0 || opts.strategy == VanillaStrategy::Materialized)
    return decomposeMaterialized(lb, op, sh);
  return decomposeFlash(lb, op, sh, std::max<int64_t>(opts.keyBlock, 1),
                        opts.kvSplits);
}
