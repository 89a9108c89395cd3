//===- OpShapes.h - attn ops as per-batch schedule problems -----*- C++ -*-===//
//
// Shared by the lowering and the schedule model so both plan the same
// problem. Return nullopt unless every operand is a static, non-empty
// tensor.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_LIB_CONVERSION_ATTNTOSYSTOLIC_OPSHAPES_H
#define ATTN_LIB_CONVERSION_ATTNTOSYSTOLIC_OPSHAPES_H

#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>

namespace mlir::attn::systolic {

/// Empty dims count as not plannable: the lowering refuses them, and a
/// plan over 0 keys would have 0-sized blocks.
inline std::optional<ArrayRef<int64_t>> staticShapeOf(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape() || llvm::is_contained(t.getShape(), 0))
    return std::nullopt;
  return t.getShape();
}

/// The number of slices of batch dims `dims`. Saturates instead of
/// overflowing: any count that large is refused anyway (checkProgramSize).
inline int64_t sliceCount(ArrayRef<int64_t> dims) {
  uint64_t n = 1;
  for (int64_t d : dims)
    n = llvm::SaturatingMultiply(n, uint64_t(d));
  return int64_t(std::min<uint64_t>(n, uint64_t(INT64_MAX)));
}

inline int64_t numBatch(ArrayRef<int64_t> shape) {
  return sliceCount(shape.drop_back(2));
}

struct BatchedVanilla {
  int64_t batch;
  VanillaShape s;
};
inline std::optional<BatchedVanilla> vanillaShapeOf(VanillaOp op) {
  auto q = staticShapeOf(op.getQuery()), k = staticShapeOf(op.getKey()),
       v = staticShapeOf(op.getValue());
  if (!q || !k || !v)
    return std::nullopt;
  size_t r = q->size();
  return BatchedVanilla{numBatch(*q),
                        {(*q)[r - 2], (*k)[r - 2], (*q)[r - 1], (*v)[r - 1],
                         float(op.getScaleOrDefault()), op.getCausal()}};
}

struct BatchedPrimal {
  int64_t batch;
  PrimalShape s;
};
inline std::optional<BatchedPrimal> primalShapeOf(PrimalOp op) {
  auto q = staticShapeOf(op.getQuery()), we = staticShapeOf(op.getWe()),
       wc = staticShapeOf(op.getWc());
  if (!q || !we || !wc)
    return std::nullopt;
  size_t r = q->size();
  return BatchedPrimal{numBatch(*q),
                       {(*q)[r - 2], (*q)[r - 1], we->back(), wc->back(),
                        op.getFeatureMap() == FeatureMap::l2}};
}

struct BatchedWeights {
  int64_t batch, n, d, p, s;
};
inline std::optional<BatchedWeights> weightsShapeOf(PrimalWeightsOp op) {
  auto x = staticShapeOf(op.getX()), th = staticShapeOf(op.getTheta());
  if (!x || !th)
    return std::nullopt;
  size_t r = x->size();
  return BatchedWeights{numBatch(*x), (*x)[r - 2], (*x)[r - 1],
                        (*th)[th->size() - 2], th->back()};
}

} // namespace mlir::attn::systolic

#endif // ATTN_LIB_CONVERSION_ATTNTOSYSTOLIC_OPSHAPES_H
