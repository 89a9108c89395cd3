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

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::detail;

namespace {

/// Running mean over the sequence dim (-2): y_i = (x_0 + ... + x_i) / (i+1).
/// A scan is not a linalg.generic, so it is an scf.for carrying the running
/// sum of one row.
Value prefixMean(LinalgBuilder &lb, Value x, unsigned nb) {
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
  auto loop = scf::ForOp::create(
      b, loc, zero, ub, one,
      ValueRange{lb.filled(rowShape, 0.0), lb.empty(shape)},
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
            ib, il, ib.getI64Type(), arith::AddIOp::create(ib, il, i, one));
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
  return loop.getResult(1);
}

/// phi(x) = x / max(||x||_2, 1e-12) per row (PyTorch's F.normalize).
Value l2Normalize(LinalgBuilder &lb, Value x, unsigned nb) {
  ArrayRef<int64_t> shape = shapeOf(x);
  SmallVector<int64_t> rowShape(shape.drop_back());
  unsigned loops = nb + 2;
  AffineMap full = lb.map(loops, lb.dims(0, loops));
  AffineMap row = lb.map(loops, lb.dims(0, nb + 1));
  Value sumSq = lb.generic({x}, lb.filled(rowShape, 0.0), {full, row},
                           LinalgBuilder::iters(nb + 1, 1),
                           [](OpBuilder &b, Location l, ValueRange a) -> Value {
                             Value sq = arith::MulFOp::create(b, l, a[0], a[0]);
                             return arith::AddFOp::create(b, l, sq, a[1]);
                           });
  // One reciprocal per row, then a multiply per element: a sqrt and a divide
  // per element would cost d times more on the vector unit.
  AffineMap rowId = lb.map(nb + 1, lb.dims(0, nb + 1));
  Value inv = lb.generic({sumSq}, lb.empty(rowShape), {rowId, rowId},
                         LinalgBuilder::iters(nb + 1),
                         [](OpBuilder &b, Location l, ValueRange a) -> Value {
                           Value norm = math::SqrtOp::create(b, l, a[0]);
                           Value eps = arith::ConstantOp::create(
                               b, l, b.getF32FloatAttr(1e-12f));
                           Value one = arith::ConstantOp::create(
                               b, l, b.getF32FloatAttr(1.0f));
                           Value den = arith::MaximumFOp::create(b, l, norm, eps);
                           return arith::DivFOp::create(b, l, one, den);
                         });
  return lb.generic({x, inv}, lb.empty(shape), {full, row, full},
                    LinalgBuilder::iters(loops),
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return arith::MulFOp::create(b, l, a[0], a[1]);
                    });
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

FailureOr<SmallVector<Value>> mlir::attn::decomposePrimal(OpBuilder &b,
                                                          PrimalOp op) {
  if (failed(verifyStaticShapes(op)))
    return failure();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  LinalgBuilder lb{b, op.getLoc()};
  unsigned nb = op.getNumBatchDims();
  ArrayRef<int64_t> qShape = shapeOf(op.getQuery());
  int64_t s = shapeOf(op.getWe()).back();
  SmallVector<int64_t> projShape(qShape.drop_back());
  projShape.push_back(s);

  auto project = [&](Value x, Value w) {
    if (op.getCausal())
      x = prefixMean(lb, x, nb);
    if (op.getFeatureMap() == FeatureMap::l2)
      x = l2Normalize(lb, x, nb);
    return batchMatmul(lb, x, w, lb.filled(projShape, 0.0), nb,
                       shapeOf(w).size() - 2, /*rhsTransposed=*/false);
  };
  Value e = project(op.getQuery(), op.getWe());
  Value r = project(op.getKey(), op.getWr());

  // O starts as the broadcast bias (or zero), then accumulates both halves.
  Value out;
  if (Value bias = op.getBias()) {
    unsigned loops = nb + 2;
    out = lb.generic({bias}, op.getInit(),
                     {lb.map(loops, {lb.dim(nb + 1)}),
                      lb.map(loops, lb.dims(0, loops))},
                     LinalgBuilder::iters(loops),
                     [](OpBuilder &, Location, ValueRange a) { return a[0]; });
  } else {
    out = lb.fill(op.getInit(), 0.0);
  }
  out = batchMatmul(lb, e, sliceRows(b, op.getLoc(), op.getWc(), 0, s), out,
                    nb, 0, false);
  out = batchMatmul(lb, r, sliceRows(b, op.getLoc(), op.getWc(), s, s), out,
                    nb, 0, false);
  return SmallVector<Value>{out};
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
  // exact integer arithmetic, identical to trunc of the real quotient.
  unsigned loops = nb + 2;
  AffineExpr rIdx = lb.dim(nb);
  AffineExpr row = p == 1 ? b.getAffineConstantExpr(0)
                          : (rIdx * (n - 1)).floorDiv(p - 1);
  SmallVector<AffineExpr> xE = lb.dims(0, nb);
  xE.append({row, lb.dim(nb + 1)});
  SmallVector<int64_t> xsShape(xShape.drop_back(2));
  xsShape.append({p, d});
  Value xs = lb.generic({op.getX()}, lb.empty(xsShape),
                        {lb.map(loops, xE), lb.map(loops, lb.dims(0, loops))},
                        LinalgBuilder::iters(loops),
                        [](OpBuilder &, Location, ValueRange a) { return a[0]; });

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
