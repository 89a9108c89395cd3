//===- AttnToProgram.h - attn ops and functions as systolic Programs -*- C++ -*-===//
//
// The one place where attn IR meets the systolic schedules: a function of
// attn ops (or one op alone) becomes a Program of the core ISA. The
// conversion (convert-attn-to-systolic) wraps it in a systolic.kernel; the
// cost analysis times the same Program with the simulator's timing-only
// mode, so `attn-cost` and `attn-sim` agree by construction.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_SYSTOLIC_LOWERING_ATTNTOPROGRAM_H
#define ATTN_MLIR_SYSTOLIC_LOWERING_ATTNTOPROGRAM_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "attn-mlir/Systolic/Core/ISA.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::attn::systolic {

struct LoweringOptions {
  VanillaStrategy strategy = VanillaStrategy::Flash;
  /// Refuse programs longer than this (static instructions).
  uint64_t maxInstructions = uint64_t(1) << 22;
};

/// Whether `func` is what the lowering takes whole: a single block of attn
/// ops, tensor.empty and func.return, with at least one attn op.
bool isSystolicKernelCandidate(func::FuncOp func);

/// Lowers a function to one kernel of the same name: arguments become
/// input buffers `arg<i>`, returned values `out<i>`, other attn results
/// scratch buffers `t<i>`. Fails, with an error at the offending op, when
/// the lowering refuses something (the message says why).
FailureOr<Program> lowerFunction(func::FuncOp func, const TargetDesc &t,
                                 const LoweringOptions &opts);

/// One attn op alone, as a kernel named `name` whose inputs are the op's
/// operands (`arg<i>` in operand order) and whose output `out0` is its
/// result. Errors as lowerFunction.
FailureOr<Program> lowerOp(Operation *op, const TargetDesc &t,
                           const LoweringOptions &opts,
                           llvm::StringRef name = "op");

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_SYSTOLIC_LOWERING_ATTNTOPROGRAM_H
