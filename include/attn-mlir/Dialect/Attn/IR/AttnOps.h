//===- AttnOps.h - attn dialect ops -----------------------------*- C++ -*-===//

#ifndef ATTN_DIALECT_ATTN_IR_ATTNOPS_H
#define ATTN_DIALECT_ATTN_IR_ATTNOPS_H

#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h.inc"

namespace mlir::attn {

/// Whether `op` is one of the attn dialect's computation ops (passes that
/// collect "every attn op" use this one list).
inline bool isAttnOp(Operation *op) {
  return isa_and_nonnull<VanillaOp, PrimalOp, PrimalWeightsOp,
                         PrimalStreamOp>(op);
}

/// The names of an attn op's `inputs` by position (`q`, `k`, `v`, `mask`
/// for attn.vanilla, ...), as the verifier's messages and the systolic
/// buffer names use them; empty for other ops.
ArrayRef<StringRef> getInputNames(Operation *op);

/// The mask broadcast rule of `attn.vanilla`, written once for the
/// verifier, tiling, the decompositions and the reference checks: the mask
/// is right-aligned against the scores `[B..., H, N, M]` and a mask dim of
/// extent 1 is read at index 0 (broadcast); every other mask dim indexes
/// the score dim it is aligned with.
struct MaskBroadcast {
  /// Score dim that mask dim `maskDim` is aligned with.
  static unsigned scoreDim(unsigned maskRank, unsigned scoreRank,
                           unsigned maskDim) {
    return scoreRank - maskRank + maskDim;
  }
  /// Whether mask dim `maskDim` broadcasts (extent 1, read at index 0).
  static bool broadcasts(ArrayRef<int64_t> maskShape, unsigned maskDim) {
    return maskShape[maskDim] == 1;
  }
  /// The first mask dim that neither is 1 nor matches its score dim
  /// (dynamic extents match anything), or -1 when the mask broadcasts.
  /// Requires maskShape.size() <= scoreShape.size().
  static int64_t firstMismatch(ArrayRef<int64_t> maskShape,
                               ArrayRef<int64_t> scoreShape);
};

} // namespace mlir::attn

#endif // ATTN_DIALECT_ATTN_IR_ATTNOPS_H
