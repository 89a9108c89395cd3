//===- DecomposePrimal.cpp - attn.primal and attn.primal_weights to linalg -===//
//
// attn.primal: [prefix mean (causal)] -> phi (row L2 norm or identity) ->
// e = phi(Q) W_e, r = phi(K) W_r -> O = e W_c[0:s] + r W_c[s:2s] + b_c.
// Weights with fewer batch dims are read through indexing maps that ignore
// the missing loops (a broadcast without a copy), and W_c is split with
// extract_slice (a view), so no concatenation is ever built.
//
// attn.primal_weights: gather the p sampled rows of X through an affine map
// (idx = (r * (N-1)) floordiv (p-1)), then W = X_s^T Theta.
//
//===----------------------------------------------------------------------===//

#include "LinalgBuilder.h"
#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::detail;

namespace {

/// Running mean over the sequence dim (-2) of x [B..., T, d], continuing a
/// stream: row t is (sum0 + x_0 + ... + x_t) / (seen + t + 1), where sum0
/// [B..., d] sums the `seen` tokens before (zero and 0 for a whole
/// sequence; `seen` may be null for 0). Returns the means and the final
/// running sum (the stream's new state). A scan is not a linalg.generic,
/// so it is an scf.for carrying the running sum of one row; the additions
/// happen in token order whatever the chunking, so chunked and whole runs
/// give bit-identical sums.
std::pair<Value, Value> prefixMean(LinalgBuilder &lb, Value x, unsigned nb,
                                   Value sum0, Value seen) {
  OpBuilder &b = lb.b;
  Location loc = lb.loc;
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t n = shape[nb], d = shape[nb + 1];
  SmallVector<int64_t> rowShape(shape.drop_back(2));
  rowShape.push_back(d);
  auto rowType = RankedTensorType::get(rowShape, lb.f32());

  SmallVector<OpFoldResult> sizes, strides(shape.size(), b.getIndexAttr(1));
  for (int64_t e : shape)
    sizes.push_back(b.getIndexAttr(e));
  sizes[nb] = b.getIndexAttr(1);

  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value ub = arith::ConstantIndexOp::create(b, loc, n);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value first = seen ? arith::AddIOp::create(b, loc, seen, one).getResult()
                     : one;
  if (!sum0)
    sum0 = lb.filled(rowShape, 0.0);
  auto loop = scf::ForOp::create(
      b, loc, zero, ub, one, ValueRange{sum0, lb.empty(shape)},
      [&](OpBuilder &ib, Location il, Value i, ValueRange iter) {
        LinalgBuilder in{ib, il};
        SmallVector<OpFoldResult> offsets(shape.size(), ib.getIndexAttr(0));
        offsets[nb] = i;
        Value row = tensor::ExtractSliceOp::create(ib, il, rowType, x, offsets,
                                                   sizes, strides);
        unsigned loops = nb + 1;
        AffineMap id = in.map(loops, in.dims(0, loops));
        Value sum = in.generic({row}, iter[0], {id, id},
                               LinalgBuilder::iters(loops),
                               [](OpBuilder &b, Location l, ValueRange a) {
                                 return arith::AddFOp::create(b, l, a[0], a[1])
                                     .getResult();
                               });
        Value count = arith::IndexCastOp::create(
            ib, il, ib.getI64Type(), arith::AddIOp::create(ib, il, i, first));
        Value countF = arith::SIToFPOp::create(ib, il, in.f32(), count);
        Value mean = in.generic({sum}, in.empty(rowShape), {id, id},
                                LinalgBuilder::iters(loops),
                                [&](OpBuilder &b, Location l, ValueRange a) {
                                  return arith::DivFOp::create(b, l, a[0],
                                                               countF)
                                      .getResult();
                                });
        Value out = tensor::InsertSliceOp::create(ib, il, mean, iter[1],
                                                  offsets, sizes, strides);
        scf::YieldOp::create(ib, il, ValueRange{sum, out});
      });
  return {loop.getResult(1), loop.getResult(0)};
}

/// 1 / max(||x||_2, 1e-12) per row of x [B.., N, d] (PyTorch's
/// F.normalize is x times it). The sum of squares is reduced in two steps,
/// so neither reads x across rows: x viewed as [B.., N, d/L, L] (L = 8
/// lanes when they divide d) is summed over d/L into [B.., N, L] with
/// whole-vector adds of contiguous lanes, then [B.., N, L] over L. One
/// reduction over the contiguous d would vectorize over rows and transpose
/// every d-vector of x in registers (a quarter of the primal layer's time
/// on AVX2, perf).
Value l2InverseNorms(LinalgBuilder &lb, Value x, unsigned nb) {
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t d = shape.back();
  int64_t lanes = primalNormLanes(d);
  SmallVector<int64_t> rowShape(shape.drop_back());
  SmallVector<int64_t> viewShape(rowShape), partShape(rowShape);
  viewShape.append({d / lanes, lanes});
  partShape.push_back(lanes);
  SmallVector<ReassociationIndices> groups;
  for (unsigned i = 0; i <= nb; ++i)
    groups.push_back({int64_t(i)});
  groups.push_back({int64_t(nb + 1), int64_t(nb + 2)});
  Value view = tensor::ExpandShapeOp::create(
      lb.b, lb.loc,
      RankedTensorType::get(viewShape, getElementTypeOrSelf(x.getType())), x,
      groups);
  // part[b.., i, l] = sum_k view[b.., i, k, l]^2; loops (b.., i, k, l).
  unsigned loops = nb + 3;
  SmallVector<AffineExpr> partE = lb.dims(0, nb + 1);
  partE.push_back(lb.dim(nb + 2));
  SmallVector<IT> overChunks = LinalgBuilder::iters(loops);
  overChunks[nb + 1] = IT::reduction;
  Value part = lb.generic({view}, lb.freshFilled(partShape, 0.0),
                          {lb.map(loops, lb.dims(0, loops)),
                           lb.map(loops, partE)},
                          overChunks,
                          [](OpBuilder &b, Location l, ValueRange a) -> Value {
                            Value sq = arith::MulFOp::create(b, l, a[0], a[0]);
                            return arith::AddFOp::create(b, l, sq, a[1]);
                          });
  Value sumSq = sumLanes(lb, part);
  // One reciprocal per row, then multiplies: a sqrt and a divide per
  // element would cost d times more on the vector unit.
  AffineMap rowId = lb.map(nb + 1, lb.dims(0, nb + 1));
  return lb.generic({sumSq}, lb.empty(rowShape), {rowId, rowId},
                    LinalgBuilder::iters(nb + 1),
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      Value norm = math::SqrtOp::create(b, l, a[0]);
                      Value eps = arith::ConstantOp::create(
                          b, l, b.getF32FloatAttr(1e-12f));
                      Value one =
                          arith::ConstantOp::create(b, l, b.getF32FloatAttr(1.0f));
                      Value den = arith::MaximumFOp::create(b, l, norm, eps);
                      return arith::DivFOp::create(b, l, one, den);
                    });
}

/// `w` [.., d, s] with zero columns appended up to `cols`, as a tensor.pad:
/// attn-vectorize-linalg turns it into one masked read per row. (A
/// linalg.copy into the columns of a zero tensor is tiled into a loop over
/// that strided slice, and bufferization then copies the loop's result
/// back with a memref.copy of a strided view: a call into the runtime
/// library, memrefCopy, which the AOT objects do not link.) attn-tile slices
/// W inside the row-tile loop, so this runs once per tile: 2 x d masked
/// rows against the tile's 4 x rows x d x sp MACs, under 2 %.
Value padColumns(LinalgBuilder &lb, Value w, int64_t cols) {
  ArrayRef<int64_t> shape = shapeOf(w);
  if (shape.back() == cols)
    return w;
  SmallVector<int64_t> padded(shape);
  padded.back() = cols;
  return tensor::createPadHighOp(
      RankedTensorType::get(padded, getElementTypeOrSelf(w.getType())), w,
      lb.constF32(0.0), /*nofold=*/false, lb.loc, lb.b);
}

Value sliceRows(OpBuilder &b, Location loc, Value w, int64_t offset,
                int64_t len) {
  ArrayRef<int64_t> shape = shapeOf(w);
  return tensor::ExtractSliceOp::create(
      b, loc, w, ArrayRef<OpFoldResult>{b.getIndexAttr(offset), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(len), b.getIndexAttr(shape[1])},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

} // namespace

namespace {

/// What the projections of attn.primal and attn.primal_stream read: `q` and
/// `k` are already prefix means when causal.
struct PrimalOperands {
  Value q, k, we, wr, wc, bias, init;
  FeatureMap featureMap;
  unsigned nb;
};

/// phi -> e = phi(Q) W_e, r = phi(K) W_r -> O = e W_c[0:s] + r W_c[s:2s]
/// + b_c, into `init`.
Value primalOutput(LinalgBuilder &lb, const PrimalOperands &p) {
  OpBuilder &b = lb.b;
  unsigned nb = p.nb;
  ArrayRef<int64_t> qShape = shapeOf(p.q);
  int64_t s = shapeOf(p.we).back();

  // The projections e = phi(Q) W_e [B.., N, sp] are GEMMs on row-major Q
  // and K: each Q element is broadcast against a vector of W_e's (padded)
  // columns, sp = s rounded up to 8 (primalProjectionColumns), so the
  // vector width divides the columns (s = 30 would give 15-lane vectors,
  // or a transposed e^T = W_e^T Q^T that needs Q^T: a 2-cycle-per-element
  // transpose of every input tile, a fifth of the layer's time on AVX2).
  int64_t n = qShape[nb];
  int64_t sp = primalProjectionColumns(s);
  SmallVector<int64_t> projShape(qShape.drop_back(2));
  projShape.append({n, sp});
  // With the l2 map, phi(x) W = diag(1/||x||) (x W): the projection runs
  // on x and its N x sp result is scaled per row, instead of the N x d
  // input.
  auto project = [&](Value x, Value w) -> Value {
    Value inv;
    if (p.featureMap == FeatureMap::l2)
      inv = l2InverseNorms(lb, x, nb);
    Value wp = padColumns(lb, w, sp);
    // e[b.., i, t] = sum_c x[b.., i, c] * W[b'.., c, t]; loops b.., i, t, c.
    unsigned loops = nb + 3, wb = shapeOf(w).size() - 2;
    AffineExpr i = lb.dim(nb), t = lb.dim(nb + 1), c = lb.dim(nb + 2);
    SmallVector<AffineExpr> wE = lb.dims(nb - wb, wb), xE = lb.dims(0, nb),
                            oE = lb.dims(0, nb);
    wE.append({c, t});
    xE.append({i, c});
    oE.append({i, t});
    Value proj = lb.generic(
        {x, wp}, lb.freshFilled(projShape, 0.0),
        {lb.map(loops, xE), lb.map(loops, wE), lb.map(loops, oE)},
        LinalgBuilder::iters(nb + 2, 1),
        [](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value m = arith::MulFOp::create(b, l, a[0], a[1]);
          return arith::AddFOp::create(b, l, m, a[2]);
        });
    if (inv) {
      // e[b.., i, t] *= inv[b.., i], in place.
      unsigned sl = nb + 2;
      proj = lb.generic({inv}, proj,
                        {lb.map(sl, lb.dims(0, nb + 1)),
                         lb.map(sl, lb.dims(0, sl))},
                        LinalgBuilder::iters(sl),
                        [](OpBuilder &b, Location l, ValueRange a) -> Value {
                          return arith::MulFOp::create(b, l, a[1], a[0]);
                        });
    }
    if (sp == s)
      return proj;
    // The s real columns: a view, read by the output GEMM as broadcasts.
    unsigned rank = projShape.size();
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)), sizes,
        strides(rank, b.getIndexAttr(1));
    for (int64_t e : projShape)
      sizes.push_back(b.getIndexAttr(e));
    sizes.back() = b.getIndexAttr(s);
    return tensor::ExtractSliceOp::create(b, lb.loc, proj, offsets, sizes,
                                          strides)
        .getResult();
  };
  Value e = project(p.q, p.we);
  Value r = project(p.k, p.wr);

  // O starts as the broadcast bias (or zero), then accumulates both halves.
  Value out;
  if (p.bias) {
    unsigned loops = nb + 2;
    out = lb.generic({p.bias}, p.init,
                     {lb.map(loops, {lb.dim(nb + 1)}),
                      lb.map(loops, lb.dims(0, loops))},
                     LinalgBuilder::iters(loops),
                     [](OpBuilder &, Location, ValueRange a) { return a[0]; });
  } else {
    out = lb.fill(p.init, 0.0);
  }
  // O[b.., i, c] += sum_t x[b.., i, t] * W_c[off + t, c]; loops b.., i, c, t.
  auto accumulate = [&](Value x, int64_t offset, Value acc) {
    Value wc = sliceRows(b, lb.loc, p.wc, offset, s);
    unsigned loops = nb + 3;
    AffineExpr i = lb.dim(nb), c = lb.dim(nb + 1), t = lb.dim(nb + 2);
    SmallVector<AffineExpr> xE = lb.dims(0, nb), oE = lb.dims(0, nb);
    xE.append({i, t});
    oE.append({i, c});
    return lb.generic({x, wc}, acc,
                      {lb.map(loops, xE), lb.map(loops, {t, c}),
                       lb.map(loops, oE)},
                      LinalgBuilder::iters(nb + 2, 1),
                      [](OpBuilder &b, Location l, ValueRange a) -> Value {
                        Value m = arith::MulFOp::create(b, l, a[0], a[1]);
                        return arith::AddFOp::create(b, l, m, a[2]);
                      });
  };
  out = accumulate(e, 0, out);
  return accumulate(r, s, out);
}

} // namespace

int64_t mlir::attn::primalProjectionColumns(int64_t s) {
  return llvm::alignTo(s, 8);
}

int64_t mlir::attn::primalNormLanes(int64_t d) {
  for (int64_t lanes : {8, 4, 2})
    if (d % lanes == 0)
      return lanes;
  return 1;
}

FailureOr<SmallVector<Value>> mlir::attn::decomposePrimal(OpBuilder &b,
                                                          PrimalOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  LinalgBuilder lb{b, op.getLoc()};
  unsigned nb = op.getNumBatchDims();
  PrimalOperands p{op.getQuery(), op.getKey(), op.getWe(),       op.getWr(),
                   op.getWc(),    op.getBias(), op.getInit(),
                   op.getFeatureMap(), nb};
  // Causal: the stream form's scan from an empty state.
  if (op.getCausal()) {
    p.q = prefixMean(lb, p.q, nb, Value(), Value()).first;
    p.k = prefixMean(lb, p.k, nb, Value(), Value()).first;
  }
  return SmallVector<Value>{primalOutput(lb, p)};
}

FailureOr<SmallVector<Value>>
mlir::attn::decomposePrimalStream(OpBuilder &b, PrimalStreamOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  LinalgBuilder lb{b, op.getLoc()};
  unsigned nb = op.getNumBatchDims();
  auto [qMean, qSum] = prefixMean(lb, op.getQuery(), nb, op.getQSum(),
                                  op.getSeen());
  auto [kMean, kSum] = prefixMean(lb, op.getKey(), nb, op.getKSum(),
                                  op.getSeen());
  PrimalOperands p{qMean,      kMean,        op.getWe(),
                   op.getWr(), op.getWc(),   op.getBias(),
                   op.getInit(), op.getFeatureMap(), nb};
  return SmallVector<Value>{primalOutput(lb, p), qSum, kSum};
}

FailureOr<SmallVector<Value>>
mlir::attn::decomposePrimalWeights(OpBuilder &b, PrimalWeightsOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  LinalgBuilder lb{b, op.getLoc()};
  unsigned nb = op.getNumBatchDims();
  ArrayRef<int64_t> xShape = shapeOf(op.getX()), tShape = shapeOf(op.getTheta());
  int64_t n = xShape[nb], d = xShape[nb + 1], p = tShape[tShape.size() - 2];

  // X_s[b.., r, k] = X[b.., idx(r), k] with idx(r) = floor(r (N-1) / (p-1)):
  // exact integer arithmetic, identical to trunc of the real quotient. One
  // row copy (a linalg.copy, vectorized) per sample in an scf.for: a
  // generic reading X through the floordiv map is not a projected
  // permutation, so it stayed a scalar loop, one load per element, and at
  // N = 4096 its cache misses (the sampled rows are KiBs apart) cost more
  // than the whole projection (perf, Zen 5).
  SmallVector<int64_t> xsShape(xShape.drop_back(2));
  xsShape.append({p, d});
  SmallVector<int64_t> rowShape(xShape.drop_back(2));
  rowShape.append({1, d});
  Location loc = lb.loc;
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto rowSlice = [&](OpBuilder &bb, Value src, Value row) {
    SmallVector<OpFoldResult> offsets(xShape.size(), bb.getIndexAttr(0)),
        sizes, strides(xShape.size(), bb.getIndexAttr(1));
    for (int64_t e : rowShape)
      sizes.push_back(bb.getIndexAttr(e));
    offsets[nb] = row;
    return std::make_tuple(offsets, sizes, strides);
  };
  auto gather = scf::ForOp::create(
      b, loc, idx(0), idx(p), idx(1), ValueRange{lb.empty(xsShape)},
      [&](OpBuilder &bb, Location l, Value r, ValueRange iter) {
        Value src = r;
        if (p == 1) {
          src = arith::ConstantIndexOp::create(bb, l, 0);
        } else {
          Value num = arith::MulIOp::create(
              bb, l, r, arith::ConstantIndexOp::create(bb, l, n - 1));
          src = arith::DivUIOp::create(
              bb, l, num, arith::ConstantIndexOp::create(bb, l, p - 1));
        }
        auto [so, ss, st] = rowSlice(bb, op.getX(), src);
        Value from =
            tensor::ExtractSliceOp::create(bb, l, op.getX(), so, ss, st);
        auto [doff, dsz, dst] = rowSlice(bb, iter[0], r);
        Value to = tensor::ExtractSliceOp::create(bb, l, iter[0], doff, dsz,
                                                  dst);
        Value copied =
            linalg::CopyOp::create(bb, l, from, to).getResult(0);
        Value next = tensor::InsertSliceOp::create(bb, l, copied, iter[0],
                                                   doff, dsz, dst);
        scf::YieldOp::create(bb, l, next);
      });
  Value xs = gather.getResult(0);

  // W[b.., k, t] = sum_r X_s[b.., r, k] * Theta[b'.., r, t], loops (b.., k, t, r).
  unsigned mm = nb + 3;
  unsigned tb = tShape.size() - 2;
  AffineExpr k = lb.dim(nb), t = lb.dim(nb + 1), r = lb.dim(nb + 2);
  SmallVector<AffineExpr> aE = lb.dims(0, nb), thE = lb.dims(nb - tb, tb),
                          oE = lb.dims(0, nb);
  aE.append({r, k});
  thE.append({r, t});
  oE.append({k, t});
  Value w = lb.generic({xs, op.getTheta()}, lb.fill(op.getInit(), 0.0),
                       {lb.map(mm, aE), lb.map(mm, thE), lb.map(mm, oE)},
                       LinalgBuilder::iters(nb + 2, 1),
                       [](OpBuilder &b, Location l, ValueRange a) -> Value {
                         Value m = arith::MulFOp::create(b, l, a[0], a[1]);
                         return arith::AddFOp::create(b, l, m, a[2]);
                       });
  return SmallVector<Value>{w};
}
