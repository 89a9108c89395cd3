//===- DecomposeVanilla.cpp - attn.vanilla to linalg -----------------------===//
//
// Two strategies (DESIGN.md §2):
//  * materialized: S = Q*K^T, S' = scale*S + mask (+causal), P =
//    softmax(S') as generics, zero for rows that are all -inf, O = P*V.
//  * flash: an scf.for over key blocks carrying (acc, m, l); per block
//    m' = max(m, rowmax S), a = exp(m - m'), P = exp(S - m'),
//    l' = a*l + rowsum P, acc' = a*acc + P*V; finally O = acc / l.
//    Only [B..., N, block] scores exist, never [B..., N, M]. Scores and m
//    are in base 2 (S = log2(e) * scale * Q*K^T, and exp2 for exp), as in
//    FlashAttention-2, unless a float mask is added (flashInBase2).
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
  /// Flash: the full key blocks of K, packed as K^T micro-panels [B..,
  /// keys/panel, d, panel] (see packKeyBlocks); null when there are none.
  Value kPacked = Value();
  int64_t block = 0, panel = 0;
  /// Flash: a one-query tile's lanes (flashOneQueryLanes), 0 otherwise.
  int64_t oneQueryLanes = 0;
  /// Flash: scores and maxima in base 2 (flashInBase2), exp2 for exp.
  bool base2 = false;
};

/// Keys per packed K^T micro-panel when the key block is a multiple of it.
/// A register tile of the score contraction covers 8 (AVX-512) or 4
/// (AVX2, SSE) keys (cpu::chooseRegisterTile), and with 8-key panels it
/// reads one contiguous [d, 8] panel of 2 KiB per tile instead of 32 bytes
/// out of every 256-byte row of a [d, 64] block: at N = 16384, where K no
/// longer stays in L2, the strided form made the score contraction 1.6x
/// slower (perf, Zen 5).
constexpr int64_t kKeyPanel = 8;

/// Flash's softmax runs in base 2: e^(s - m) = 2^(log2(e) * s - log2(e) *
/// m), with log2(e) folded into the query scale (one multiply per query
/// element, none per score). exp2 then needs no reduction by ln 2, and its
/// polynomial (Exp2Approximation.cpp) is 5 multiply-adds and a multiply
/// where upstream's exp is 11: the exp pass was about 10 % of flash's time
/// on AVX2.
constexpr double kLog2E = 1.4426950408889634;

/// Whether a flash op runs its softmax in base 2: unless it has a float
/// mask. A float mask is added to the scores as given, and scaling it by
/// log2(e) would overflow the masks models use for "hidden" (PyTorch's
/// finfo(f32).min = -FLT_MAX, times 1.44, is -inf): a row hidden that way
/// would turn from a uniform average (every score -FLT_MAX, as the
/// materialized strategy computes it) into zeros. Such ops keep exp and
/// natural units, the same work (attn-cost counts exp2 as an exp).
bool flashInBase2(VanillaOp op) {
  Value mask = op.getMask();
  return !mask || getElementTypeOrSelf(mask.getType()).isInteger(1);
}

/// e^x in the flash softmax's units: 2^x in base 2, else e^x.
Value flashExp(OpBuilder &b, Location l, Value x, bool base2) {
  if (base2)
    return math::Exp2Op::create(b, l, x);
  return math::ExpOp::create(b, l, x);
}

/// The full `block`-key blocks of K, transposed into contiguous [d, panel]
/// micro-panels of `panel` keys (panel divides block): [B.., M/block *
/// block/panel, d, panel]; a key block is block/panel consecutive panels.
/// When `k` is a slice (the tile
/// loops' tensor.extract_slice chain over batch dims) of a key tensor
/// defined outside the loops, that whole tensor is packed once, where it is
/// defined, and sliced like `k`: one transpose per key block and head for
/// the whole op instead of one per (query tile, key block), at the price of
/// a buffer the size of K. Panels, not one [d, M] transpose: a block of
/// K^T [d, M] would be d rows M floats apart, and with M a power of two
/// they all fall into the same L1 sets. (Identical packs made for several
/// tiles -- the peeled remainder's -- are merged by CSE.)
Value packKeyBlocks(LinalgBuilder &lb, Value k, int64_t block, int64_t panel) {
  ArrayRef<int64_t> shape = shapeOf(k);
  unsigned rank = shape.size();
  int64_t m = shape[rank - 2], d = shape[rank - 1], blocks = m / block;
  if (blocks == 0)
    return Value();
  int64_t panels = blocks * block / panel;
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
  // [B.., panels*panel, d] -> [B.., panels, panel, d] -> [B.., panels, d, panel]
  SmallVector<int64_t> expanded(rootShape.begin(), rootShape.end() - 2);
  expanded.append({panels, panel, d});
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
    for (int64_t e : {panels, d, panel})
      sizes.push_back(b.getIndexAttr(e));
    SmallVector<OpFoldResult> strides(rank + 1, b.getIndexAttr(1));
    packed = tensor::ExtractSliceOp::create(b, s.getLoc(), packed, offsets,
                                            sizes, strides);
  }
  return packed;
}

/// S^T [B.., len, 1] of a one-query tile (decode) from the key block `kb`
/// [B.., len, d] as it lies in memory, and `qT` = scale * q^T [B.., d, 1].
/// Rows of K and q viewed as [d/L, L] (L = flashOneQueryLanes) are
/// multiplied lane by lane and summed over d/L into T [B.., len, L], whole
/// vectors of contiguous features, then T is summed over its L lanes. The
/// micro-panel form needs K^T, and transposing each block of K in registers
/// for a single query cost more than the scores themselves (perf, Zen 5:
/// 57 % of decode time was the transpose).
Value oneQueryScores(LinalgBuilder &lb, const VanillaShapes &sh, Value kb,
                     Value qT) {
  OpBuilder &b = lb.b;
  unsigned nb = sh.nb;
  ArrayRef<int64_t> ks = shapeOf(kb);
  int64_t len = ks[nb], d = ks[nb + 1];
  int64_t lanes = sh.oneQueryLanes;
  Type f32 = b.getF32Type();
  auto batchGroups = [&](SmallVector<ReassociationIndices> tail) {
    SmallVector<ReassociationIndices> g;
    for (unsigned i = 0; i < nb; ++i)
      g.push_back({int64_t(i)});
    g.append(tail.begin(), tail.end());
    return g;
  };
  // [B.., len, d] -> [B.., len, d/L, L]
  SmallVector<int64_t> kView(ks.begin(), ks.begin() + nb);
  kView.append({len, d / lanes, lanes});
  Value kv = tensor::ExpandShapeOp::create(
      b, lb.loc, RankedTensorType::get(kView, f32), kb,
      batchGroups({{int64_t(nb)}, {int64_t(nb + 1), int64_t(nb + 2)}}));
  // [B.., d, 1] -> [B.., d] -> [B.., d/L, L]
  SmallVector<int64_t> qFlat(sh.batch), qView(sh.batch);
  qFlat.push_back(d);
  qView.append({d / lanes, lanes});
  Value qf = tensor::CollapseShapeOp::create(
      b, lb.loc, RankedTensorType::get(qFlat, f32), qT,
      batchGroups({{int64_t(nb), int64_t(nb + 1)}}));
  Value qv = tensor::ExpandShapeOp::create(
      b, lb.loc, RankedTensorType::get(qView, f32), qf,
      batchGroups({{int64_t(nb), int64_t(nb + 1)}}));
  // T[b.., j, l] = sum_c K[b.., j, c, l] * q[b.., c, l]; loops (b.., j, c, l).
  unsigned loops = nb + 3;
  AffineExpr j = lb.dim(nb), c = lb.dim(nb + 1), l = lb.dim(nb + 2);
  SmallVector<AffineExpr> kE = groupedBatchDims(lb, nb, sh.group),
                          qE = lb.dims(0, nb), tE = lb.dims(0, nb);
  kE.append({j, c, l});
  qE.append({c, l});
  tE.append({j, l});
  SmallVector<IT> overChunks = LinalgBuilder::iters(loops);
  overChunks[nb + 1] = IT::reduction;
  SmallVector<int64_t> tShape(sh.batch), sShape(sh.batch);
  tShape.append({len, lanes});
  sShape.push_back(len);
  Value t = lb.generic({kv, qv}, lb.freshFilled(tShape, 0.0),
                       {lb.map(loops, kE), lb.map(loops, qE),
                        lb.map(loops, tE)},
                       overChunks,
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         Value m = arith::MulFOp::create(b, l, a[0], a[1]);
                         return arith::AddFOp::create(b, l, m, a[2]);
                       });
  Value s = sumLanes(lb, t);
  sShape.push_back(1);
  return tensor::ExpandShapeOp::create(
      b, lb.loc, RankedTensorType::get(sShape, f32), s,
      batchGroups({{int64_t(nb), int64_t(nb + 1)}}));
}

/// Scores of one key block, S' = scale * (Q * Kb^T) + maskB (an i1 mask
/// is first turned into 0 / -inf), with causal and window masking against
/// absolute key positions `keyOffset + j` and query positions
/// `queryOffset + i`.
///  * materialized (`qT`, `kT` null): S' is [B..., N, blockLen], computed
///    from Q and Kb.
///  * flash (`qT` = scale * Q^T [B..., d, N], `kT` = Kb^T as micro-panels
///    [B..., blockLen/r, d, r]): S'^T is [B..., blockLen, N]. With both operands laid out
///    reduction-major the contraction vectorizes to register-tiled
///    outer-product FMAs, and the P^T * V product that follows is
///    reduction-major as well. The scale is already in Q^T (scaledQueryT),
///    so without a mask or positional rule there is no epilogue at all.
///  * flash with one query (`qT` given, `kT` null): S'^T [B..., blockLen,
///    1] from the row-major block `kb` (oneQueryScores).
Value blockScores(LinalgBuilder &lb, VanillaOp op, const VanillaShapes &sh,
                  Value kb, Value maskB, int64_t blockLen, Value keyOffset,
                  Value qT = Value(), Value kT = Value(),
                  bool positional = true) {
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
  } else if (!kT) {
    s = oneQueryScores(lb, sh, kb, qT);
  } else {
    // S^T[b.., p*r + q, i] = sum_c Kb^T[b.., p, c, q] * Q^T[b.., c, i] over
    // loops b.., p, q, i, c, into S^T as [B.., blockLen/r, r, N].
    ArrayRef<int64_t> kShape = shapeOf(kT);
    int64_t r = kShape.back();
    unsigned n = nb + 4;
    AffineExpr p = lb.dim(nb), q = lb.dim(nb + 1), i = lb.dim(nb + 2),
               c = lb.dim(nb + 3);
    SmallVector<AffineExpr> kE = groupedBatchDims(lb, nb, sh.group),
                            qE = lb.dims(0, nb), sE = lb.dims(0, nb);
    kE.append({p, c, q});
    qE.append({c, i});
    sE.append({p, q, i});
    SmallVector<int64_t> panelShape(sh.batch);
    panelShape.append({blockLen / r, r, sh.n});
    // A fresh buffer per key block (not shared with the zero accumulator
    // outside the loop, which would be copied every block).
    s = lb.generic({kT, qT}, lb.freshFilled(panelShape, 0.0),
                   {lb.map(n, kE), lb.map(n, qE), lb.map(n, sE)},
                   LinalgBuilder::iters(nb + 3, 1),
                   [](OpBuilder &b, Location l, ValueRange a) -> Value {
                     Value m = arith::MulFOp::create(b, l, a[0], a[1]);
                     return arith::AddFOp::create(b, l, m, a[2]);
                   });
    SmallVector<ReassociationIndices> groups;
    for (unsigned d = 0; d < nb; ++d)
      groups.push_back({int64_t(d)});
    groups.push_back({int64_t(nb), int64_t(nb + 1)});
    groups.push_back({int64_t(nb + 2)});
    s = tensor::CollapseShapeOp::create(lb.b, lb.loc, s, groups);
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

  // The transposed (flash) form has the scale folded into Q^T.
  std::optional<double> scale;
  if (!transposed)
    scale = op.getScaleOrDefault();
  bool causal = positional && op.getCausal();
  std::optional<uint64_t> window =
      positional ? op.getWindow() : std::optional<uint64_t>();
  Value queryOffset = queryOffsetValue(lb.b, op);
  bool hasMask = static_cast<bool>(maskB);
  if (!scale && !hasMask && !causal && !window)
    return s;
  return lb.generic(
      ins, lb.empty(sShape), maps, LinalgBuilder::iters(loops),
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value v = a[0];
        if (scale)
          v = arith::MulFOp::create(
              b, l, v,
              arith::ConstantOp::create(b, l, b.getF32FloatAttr(*scale)));
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

/// scale * X^T over the last two dims, in one generic (a linalg.transpose
/// followed by a scaling generic would be two passes).
Value scaledQueryT(LinalgBuilder &lb, Value x, double scale) {
  SmallVector<int64_t> shape = llvm::to_vector(shapeOf(x));
  unsigned rank = shape.size();
  std::swap(shape[rank - 2], shape[rank - 1]);
  SmallVector<AffineExpr> in = lb.dims(0, rank);
  std::swap(in[rank - 2], in[rank - 1]);
  return lb.generic({x}, lb.empty(shape),
                    {lb.map(rank, in), lb.map(rank, lb.dims(0, rank))},
                    LinalgBuilder::iters(rank),
                    [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return arith::MulFOp::create(
                          b, l, a[0],
                          arith::ConstantOp::create(
                              b, l, b.getF32FloatAttr(scale)));
                    });
}

/// The row max of the softmax (both strategies, and flash's running max).
/// `maxnumf` skips a NaN score where `maximumf` would return it, and the
/// output is the same: that score's exp(s - m) is NaN and poisons its row's
/// sum and output either way, while m stays finite for the other rows'
/// sake. On x86 `maxnumf` is 3 instructions (max, an unordered compare, a
/// blend) and `maximumf` 5, on a chain as long as the key block.
Value softmaxMax(OpBuilder &b, Location l, Value x, Value y) {
  return arith::MaxNumFOp::create(b, l, x, y);
}

/// The max-then-exp step both strategies share, over loops whose `row` map
/// drops the key loop: m' = max(mInit, max over keys of S) and
/// P = exp(S - m'). Returns {m', P}.
std::pair<Value, Value> rowMaxAndExp(LinalgBuilder &lb, Value s, Value mInit,
                                     AffineMap full, AffineMap row,
                                     ArrayRef<IT> keyReduction) {
  Value m = lb.generic({s}, mInit, {full, row}, keyReduction,
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         return softmaxMax(b, l, a[0], a[1]);
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
/// blockScores): returns (acc', m', l'). `qT` is Q^T [B.., d, N]; without
/// `positional` the block is one the causal/window rules do not touch.
std::array<Value, 3> flashBlock(LinalgBuilder &lb, VanillaOp op,
                                 const VanillaShapes &sh, Value qT, Value acc,
                                 Value m, Value l, OpFoldResult keyOffset,
                                 int64_t len, bool positional = true) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  unsigned nb = sh.nb, keyDim = nb;
  // K^T of the block as micro-panels [B.., len/r, d, r]: the packed ones
  // for full blocks, else transposed here (one panel of r = len). A
  // one-query tile reads the block as it is (oneQueryScores).
  Value kTb, kRows;
  if (sh.oneQueryLanes != 0) {
    kRows = sliceKeys(b, loc, op.getKey(), keyDim, keyOffset, len);
  } else if (sh.kPacked && len == sh.block) {
    ArrayRef<int64_t> ps = shapeOf(sh.kPacked);
    SmallVector<OpFoldResult> offsets(ps.size(), b.getIndexAttr(0)), sizes,
        strides(ps.size(), b.getIndexAttr(1));
    for (int64_t e : ps)
      sizes.push_back(b.getIndexAttr(e));
    // Full blocks start at multiples of the block, so at whole panels.
    if (std::optional<int64_t> c = getConstantIntValue(keyOffset))
      offsets[nb] = b.getIndexAttr(*c / sh.panel);
    else
      offsets[nb] = arith::DivUIOp::create(
                        b, loc, cast<Value>(keyOffset),
                        arith::ConstantIndexOp::create(b, loc, sh.panel))
                        .getResult();
    sizes[nb] = b.getIndexAttr(sh.block / sh.panel);
    kTb = tensor::ExtractSliceOp::create(b, loc, sh.kPacked, offsets, sizes,
                                         strides);
  } else {
    Value t = transposeLast2(
        lb, sliceKeys(b, loc, op.getKey(), keyDim, keyOffset, len));
    // [B.., d, len] -> [B.., 1, d, len] (K's own batch dims: fewer heads
    // under GQA).
    ArrayRef<int64_t> ts = shapeOf(t);
    SmallVector<int64_t> one(ts.begin(), ts.begin() + nb);
    one.append({1, ts[nb], len});
    SmallVector<ReassociationIndices> groups;
    for (unsigned i = 0; i < nb; ++i)
      groups.push_back({int64_t(i)});
    groups.push_back({int64_t(nb), int64_t(nb + 1)});
    groups.push_back({int64_t(nb + 2)});
    kTb = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get(one, getElementTypeOrSelf(t)), t,
        groups);
  }
  Value vb = sliceKeys(b, loc, op.getValue(), keyDim, keyOffset, len);
  Value maskB = op.getMask();
  if (maskB) {
    ArrayRef<int64_t> ms = shapeOf(maskB);
    if (!ms.empty() && ms.back() != 1)
      maskB = sliceKeys(b, loc, maskB, ms.size() - 1, keyOffset, len);
  }
  Value keyOffsetV = getValueOrCreateConstantIndexOp(b, loc, keyOffset);
  Value sT = blockScores(lb, op, sh, kRows, maskB, len, keyOffsetV, qT, kTb,
                         positional);

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

  // m' = max(m, max_j S^T), a = exp(m - m'), P^T = exp(S^T - m'). The
  // block's max is reduced into a buffer of its own, a is computed from it
  // and m, and only then is m updated in place: reducing into m directly
  // would make bufferization copy m first (a still reads it), with a scalar
  // byte loop, and a fresh m' per block would be copied where an scf.if
  // (the partial block) joins it with the untouched m.
  Value blockMax = lb.generic(
      {sT}, lb.freshFilled(shapeOf(m), -std::numeric_limits<float>::max()),
      {full, row}, keyReduction,
      [](OpBuilder &b, Location l, ValueRange a) -> Value {
        return softmaxMax(b, l, a[0], a[1]);
      });
  Value alpha = lb.generic({m, blockMax}, lb.empty(shapeOf(m)),
                           {rowId, rowId, rowId}, LinalgBuilder::iters(nb + 1),
                           [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                             Value mx =
                                 softmaxMax(b, l, a[0], a[1]);
                             Value d = arith::SubFOp::create(b, l, a[0], mx);
                             return flashExp(b, l, d, sh.base2);
                           });
  Value mNew = lb.generic({blockMax}, m, {rowId, rowId},
                          LinalgBuilder::iters(nb + 1),
                          [](OpBuilder &b, Location l, ValueRange a) -> Value {
                            return softmaxMax(b, l, a[1], a[0]);
                          });
  Value pT = lb.generic({sT, mNew}, lb.empty(sShape), {full, row, full},
                        LinalgBuilder::iters(loops),
                        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                          Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                          return flashExp(b, l, d, sh.base2);
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

/// The full blocks starting in [lo, hi) that no positional rule touches,
/// as [uLo, uHi) with lo <= uLo <= uHi <= hi (block starts are multiples of
/// `block`). With the tile's queries at qo .. qo+n-1, the block [s, s+block)
/// is visible to all of them when s + block <= qo + 1 (causal: its last key
/// is at or before the first query) and s >= qo + n - 1 - W (window: its
/// first key is within W of the last query). Only the blocks outside need
/// the select of -inf; the diagonal ones, for a causal tile.
std::pair<Value, Value> unmaskedKeys(OpBuilder &b, Location loc, VanillaOp op,
                                     const VanillaShapes &sh, int64_t block,
                                     Value lo, Value hi) {
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value qo = queryOffsetValue(b, op);
  if (!qo)
    qo = idx(0);
  Value uLo = lo, uHi = hi;
  if (std::optional<uint64_t> window = op.getWindow()) {
    Value first = arith::AddIOp::create(
        b, loc, qo, idx(sh.n - 1 - static_cast<int64_t>(*window)));
    Value start = arith::MulIOp::create(
        b, loc, arith::CeilDivSIOp::create(b, loc, first, idx(block)),
        idx(block));
    uLo = arith::MinSIOp::create(b, loc,
                                 arith::MaxSIOp::create(b, loc, start, lo), hi);
  }
  if (op.getCausal()) {
    Value end = arith::MulIOp::create(
        b, loc,
        arith::FloorDivSIOp::create(
            b, loc, arith::AddIOp::create(b, loc, qo, idx(1)), idx(block)),
        idx(block));
    uHi = arith::MinSIOp::create(b, loc,
                                 arith::MaxSIOp::create(b, loc, end, uLo), hi);
  }
  return {uLo, uHi};
}

/// The flash loop over the full blocks starting in [lo, hi) and, when
/// `withRem`, the partial last block if `remVisible` (null: always) holds;
/// updates (acc, m, l). Under causal or window rules the full blocks run in
/// up to three consecutive loops -- masked, unmasked (unmaskedKeys), masked
/// -- so only the blocks that cross the rules' boundary pay for the selects;
/// the order of the blocks, and so the result, is the same as one loop.
void flashKeys(LinalgBuilder &lb, VanillaOp op, const VanillaShapes &sh,
               Value qT, int64_t block, Value lo, Value hi, bool withRem,
               Value remVisible, Value &acc, Value &m, Value &l) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  int64_t fullEnd = sh.m / block * block, rem = sh.m % block;
  auto blockLoop = [&](Value from, Value to, bool positional) {
    Value stepV = arith::ConstantIndexOp::create(b, loc, block);
    auto loop = scf::ForOp::create(
        b, loc, from, to, stepV, ValueRange{acc, m, l},
        [&](OpBuilder &nb2, Location nl, Value iv, ValueRange iter) {
          LinalgBuilder inner{nb2, nl};
          auto next = flashBlock(inner, op, sh, qT, iter[0], iter[1], iter[2],
                                 iv, block, positional);
          scf::YieldOp::create(nb2, nl, ValueRange{next[0], next[1], next[2]});
        });
    acc = loop.getResult(0);
    m = loop.getResult(1);
    l = loop.getResult(2);
  };
  if (fullEnd > 0) {
    if (!op.getCausal() && !op.getWindow()) {
      blockLoop(lo, hi, /*positional=*/true);
    } else {
      auto [uLo, uHi] = unmaskedKeys(b, loc, op, sh, block, lo, hi);
      if (op.getWindow())
        blockLoop(lo, uLo, /*positional=*/true);
      blockLoop(uLo, uHi, /*positional=*/false);
      if (op.getCausal())
        blockLoop(uHi, hi, /*positional=*/true);
    }
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
                   return softmaxMax(b, l, a[0], a[1]);
                 });
  // w_s = exp(m_s - m) [K, B.., N], in the blocks' units.
  AffineMap partId = lb.map(nb + 2, lb.dims(0, nb + 2));
  SmallVector<AffineExpr> fromPart = lb.dims(1, nb + 1);
  AffineMap partToRow = lb.map(nb + 2, fromPart);
  Value w = lb.generic({mParts, m}, lb.empty(shapeOf(mParts)),
                       {partId, partToRow, partId},
                       LinalgBuilder::iters(nb + 2),
                       [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                         Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                         return flashExp(b, l, d, sh.base2);
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

  // scale * Q^T once per tile: the score contraction reads both operands
  // reduction-major, and the scale is applied to the N*d queries once
  // instead of to the N*M scores (see blockScores).
  sh.base2 = flashInBase2(op);
  Value qT = scaledQueryT(lb, op.getQuery(),
                          op.getScaleOrDefault() * (sh.base2 ? kLog2E : 1.0));
  int64_t block = std::min(keyBlock, sh.m);
  sh.block = block;
  sh.panel = block % kKeyPanel == 0 ? kKeyPanel : block;
  // A one-query tile (decode) reads each key block once, as it lies
  // (oneQueryScores): packing the whole K for it would read K, write the
  // panels and read them again, three passes over K for one.
  sh.oneQueryLanes = flashOneQueryLanes(sh.n, shapeOf(op.getKey()).back());
  if (sh.oneQueryLanes == 0)
    sh.kPacked = packKeyBlocks(lb, op.getKey(), block, sh.panel);
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

int64_t mlir::attn::flashOneQueryLanes(int64_t n, int64_t d) {
  if (n != 1)
    return 0;
  int64_t lanes = primalNormLanes(d);
  return lanes >= 4 ? lanes : 0;
}

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
