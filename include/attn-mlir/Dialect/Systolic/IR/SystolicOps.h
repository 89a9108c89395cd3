//===- SystolicOps.h - systolic dialect ops ---------------------*- C++ -*-===//

#ifndef ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICOPS_H
#define ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICOPS_H

#include "attn-mlir/Dialect/Systolic/IR/SystolicDialect.h"
#include "attn-mlir/Systolic/Core/ISA.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#define GET_OP_CLASSES
#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h.inc"

namespace mlir::systolic {

/// The plain-C++ program of a kernel (for the emitters and the simulator).
/// Instruction `line`s are left 0. Fails (with a diagnostic) on a kernel
/// that does not verify.
FailureOr<::mlir::attn::systolic::Program> kernelToProgram(KernelOp kernel);

/// Builds a kernel op holding `prog` at the builder's insertion point.
KernelOp buildKernel(OpBuilder &b, Location loc,
                     const ::mlir::attn::systolic::Program &prog);

} // namespace mlir::systolic

#endif // ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICOPS_H
