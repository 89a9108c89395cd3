//===- Detail.h - Internals shared by the cost library ------------*- C++ -*-===//

#ifndef ATTN_LIB_ANALYSIS_COST_DETAIL_H
#define ATTN_LIB_ANALYSIS_COST_DETAIL_H

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/MathExtras.h"

namespace mlir {
class DialectRegistry;
namespace attn::detail {

/// Bytes of a static-shape tensor or memref type; 0 for anything else.
inline uint64_t staticBytes(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  if (!st || !st.hasStaticShape())
    return 0;
  return uint64_t(st.getNumElements()) *
         llvm::divideCeil(st.getElementTypeBitWidth(), 8);
}

inline uint64_t product(ArrayRef<int64_t> dims) {
  uint64_t p = 1;
  for (int64_t d : dims)
    p *= uint64_t(d);
  return p;
}

void registerAttnWorkModels(DialectRegistry &registry);
void registerLinalgWorkModels(DialectRegistry &registry);
} // namespace attn::detail
} // namespace mlir

#endif // ATTN_LIB_ANALYSIS_COST_DETAIL_H
