//===- Passes.h - attn to systolic conversion -------------------*- C++ -*-===//

#ifndef ATTN_CONVERSION_ATTNTOSYSTOLIC_PASSES_H
#define ATTN_CONVERSION_ATTNTOSYSTOLIC_PASSES_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::attn {

#define GEN_PASS_DECL
#include "attn-mlir/Conversion/AttnToSystolic/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "attn-mlir/Conversion/AttnToSystolic/Passes.h.inc"

/// Registers the `--systolic-target=<preset or path.json>` command-line
/// option (call before parsing, as tools do for MLIR's own CL options).
void registerSystolicTargetCLOption();
/// The option's value, or "" when it is unset or not registered.
std::string getSystolicTargetCLOption();

/// `spec` if non-empty, else the CL option, else "gemmini".
std::string resolveSystolicTarget(llvm::StringRef spec);

} // namespace mlir::attn

#endif // ATTN_CONVERSION_ATTNTOSYSTOLIC_PASSES_H
