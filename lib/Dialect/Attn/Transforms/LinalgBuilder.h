//===- LinalgBuilder.h - small helpers to emit linalg on tensors -*- C++ -*-===//
//
// The decompositions build many linalg.generic ops over "batch dims + a few
// named loops"; these helpers keep each of them to one readable statement.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_LIB_DIALECT_ATTN_TRANSFORMS_LINALGBUILDER_H
#define ATTN_LIB_DIALECT_ATTN_TRANSFORMS_LINALGBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"

namespace mlir::attn::detail {

using IT = utils::IteratorType;
using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

struct LinalgBuilder {
  OpBuilder &b;
  Location loc;

  Type f32() { return b.getF32Type(); }

  Value constF32(double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }

  Value empty(ArrayRef<int64_t> shape) {
    return tensor::EmptyOp::create(b, loc, shape, f32());
  }

  Value fill(Value init, double v) {
    return linalg::FillOp::create(b, loc, ValueRange{constF32(v)},
                                  ValueRange{init})
        .getResult(0);
  }

  Value filled(ArrayRef<int64_t> shape, double v) {
    return fill(empty(shape), v);
  }

  /// filled() on a bufferization.alloc_tensor, which CSE never merges. Two
  /// accumulators initialized from equal zero-filled tensor.empty ops (e.g.
  /// one inside a loop and one outside, or the two primal projections) end
  /// up sharing one tensor, and bufferization then copies that tile before
  /// every write into it.
  Value freshFilled(ArrayRef<int64_t> shape, double v) {
    return fill(bufferization::AllocTensorOp::create(
                    b, loc, RankedTensorType::get(shape, f32()), ValueRange{}),
                v);
  }

  /// A map from `numDims` loops to the listed loop dims (or any exprs).
  AffineMap map(unsigned numDims, ArrayRef<AffineExpr> results) {
    return AffineMap::get(numDims, 0, results, b.getContext());
  }
  AffineExpr dim(unsigned i) { return b.getAffineDimExpr(i); }
  /// Loop dims [first, first + n).
  SmallVector<AffineExpr> dims(unsigned first, unsigned n) {
    SmallVector<AffineExpr> r;
    for (unsigned i = 0; i < n; ++i)
      r.push_back(dim(first + i));
    return r;
  }

  /// linalg.generic with one tensor result; `body` returns the value to
  /// yield given (ins..., out) block arguments.
  Value generic(ValueRange ins, Value out, ArrayRef<AffineMap> maps,
                ArrayRef<IT> iterators, BodyFn body) {
    auto op = linalg::GenericOp::create(
        b, loc, TypeRange{out.getType()}, ins, ValueRange{out}, maps,
        iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
          linalg::YieldOp::create(nb, nl, body(nb, nl, args));
        });
    return op.getResult(0);
  }

  static SmallVector<IT> iters(unsigned parallel, unsigned reduction = 0) {
    SmallVector<IT> r(parallel, IT::parallel);
    r.append(reduction, IT::reduction);
    return r;
  }
};

inline ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

/// x^T: swaps the last two dims of [B.., r, c] (linalg.transpose). The
/// decompositions transpose an operand once so that a contraction reads both
/// operands reduction-major, which vectorizes to outer-product FMAs.
inline Value transposeLast2(LinalgBuilder &lb, Value x) {
  SmallVector<int64_t> shape = llvm::to_vector(shapeOf(x));
  SmallVector<int64_t> perm =
      llvm::to_vector(llvm::seq<int64_t>(0, shape.size()));
  std::swap(perm[perm.size() - 2], perm.back());
  std::swap(shape[shape.size() - 2], shape.back());
  return linalg::TransposeOp::create(lb.b, lb.loc, x, lb.empty(shape), perm)
      .getResult()[0];
}

/// The second step of a two-step row sum: partial sums [.., L] (L
/// contiguous lanes per row, summed over a row's chunks first) -> [..],
/// the sum over the lanes. Primal's L2 norms and decode's scores
/// (primalNormLanes, flashOneQueryLanes) read rows this way, so no
/// reduction runs across rows.
inline Value sumLanes(LinalgBuilder &lb, Value parts) {
  ArrayRef<int64_t> shape =
      cast<ShapedType>(parts.getType()).getShape();
  unsigned rank = shape.size();
  return lb.generic({parts}, lb.freshFilled(shape.drop_back(), 0.0),
                    {lb.map(rank, lb.dims(0, rank)),
                     lb.map(rank, lb.dims(0, rank - 1))},
                    LinalgBuilder::iters(rank - 1, 1),
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return arith::AddFOp::create(b, l, a[0], a[1]);
                    });
}

/// Loop exprs of the key/value batch dims of grouped-query attention: the
/// batch loops b.. (nb of them), the last (heads) divided by `group`, so
/// query head h reads key/value head h floordiv group without a copy.
inline SmallVector<AffineExpr> groupedBatchDims(LinalgBuilder &lb,
                                                unsigned nb, int64_t group) {
  SmallVector<AffineExpr> e = lb.dims(0, nb);
  if (group > 1 && nb > 0)
    e.back() = e.back().floorDiv(group);
  return e;
}

/// out[b.., i, j] = sum_k lhs[b.., i, k] * rhs[b.., <k,j or j,k>] + out.
/// `rhsBatch` is how many trailing batch dims rhs has (broadcast of shared
/// weights); `rhsTransposed` selects rhs[.., j, k] (K of attention) over
/// rhs[.., k, j] (weights); `rhsGroup` > 1 reads rhs head h / rhsGroup
/// (grouped-query attention, rhs with all batch dims).
inline Value batchMatmul(LinalgBuilder &lb, Value lhs, Value rhs, Value out,
                         unsigned nb, unsigned rhsBatch, bool rhsTransposed,
                         int64_t rhsGroup = 1) {
  // Loops: b.. (nb), i, j, k.
  unsigned n = nb + 3;
  AffineExpr i = lb.dim(nb), j = lb.dim(nb + 1), k = lb.dim(nb + 2);
  SmallVector<AffineExpr> lhsE = lb.dims(0, nb),
                          rhsE = rhsBatch == nb
                                     ? groupedBatchDims(lb, nb, rhsGroup)
                                     : lb.dims(nb - rhsBatch, rhsBatch),
                          outE = lb.dims(0, nb);
  lhsE.append({i, k});
  if (rhsTransposed)
    rhsE.append({j, k});
  else
    rhsE.append({k, j});
  outE.append({i, j});
  return lb.generic(
      {lhs, rhs}, out, {lb.map(n, lhsE), lb.map(n, rhsE), lb.map(n, outE)},
      LinalgBuilder::iters(nb + 2, 1),
      [](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value m = arith::MulFOp::create(b, l, a[0], a[1]);
        return arith::AddFOp::create(b, l, m, a[2]);
      });
}

} // namespace mlir::attn::detail

#endif // ATTN_LIB_DIALECT_ATTN_TRANSFORMS_LINALGBUILDER_H
