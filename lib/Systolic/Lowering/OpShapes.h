//===- OpShapes.h - attn ops as per-slice schedule problems -----*- C++ -*-===//
//
// The schedule problem of one (batch, head) slice of an attn op. Return
// nullopt unless every operand read is a static, non-empty tensor (the
// lowering reports which one is not).
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_LIB_SYSTOLIC_LOWERING_OPSHAPES_H
#define ATTN_LIB_SYSTOLIC_LOWERING_OPSHAPES_H

#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>

namespace mlir::attn::systolic {

inline std::optional<ArrayRef<int64_t>> staticShapeOf(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape() || llvm::is_contained(t.getShape(), 0))
    return std::nullopt;
  return t.getShape();
}

inline std::optional<VanillaShape> vanillaShapeOf(VanillaOp op) {
  auto q = staticShapeOf(op.getQuery()), k = staticShapeOf(op.getKey()),
       v = staticShapeOf(op.getValue());
  if (!q || !k || !v)
    return std::nullopt;
  size_t r = q->size();
  int64_t n = (*q)[r - 2], m = (*k)[r - 2];
  // A causal mask hides nothing when every key is at or before the first
  // query (bottom-right decoding of one token): the unmasked schedule.
  bool causal = op.getCausal() && op.getDefaultQueryOffset() < m - 1;
  return VanillaShape{n, m, (*q)[r - 1], (*v)[r - 1],
                      float(op.getScaleOrDefault()), causal};
}

template <typename PrimalLikeOp>
inline std::optional<PrimalShape> primalShapeOf(PrimalLikeOp op) {
  auto q = staticShapeOf(op.getQuery()), we = staticShapeOf(op.getWe()),
       wc = staticShapeOf(op.getWc());
  if (!q || !we || !wc)
    return std::nullopt;
  size_t r = q->size();
  return PrimalShape{(*q)[r - 2], (*q)[r - 1], we->back(), wc->back(),
                     op.getFeatureMap() == FeatureMap::l2};
}

/// primal_weights: X is [.., n, d], Theta [.., p, s].
struct WeightsShape {
  int64_t n, d, p, s;
};
inline std::optional<WeightsShape> weightsShapeOf(PrimalWeightsOp op) {
  auto x = staticShapeOf(op.getX()), th = staticShapeOf(op.getTheta());
  if (!x || !th)
    return std::nullopt;
  size_t r = x->size();
  return WeightsShape{(*x)[r - 2], (*x)[r - 1], (*th)[th->size() - 2],
                      th->back()};
}

} // namespace mlir::attn::systolic

#endif // ATTN_LIB_SYSTOLIC_LOWERING_OPSHAPES_H
