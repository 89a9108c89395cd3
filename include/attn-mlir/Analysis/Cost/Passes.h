//===- Passes.h - cost analysis passes ---------------------------*- C++ -*-===//

#ifndef ATTN_MLIR_ANALYSIS_COST_PASSES_H
#define ATTN_MLIR_ANALYSIS_COST_PASSES_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::attn {

#define GEN_PASS_DECL
#include "attn-mlir/Analysis/Cost/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "attn-mlir/Analysis/Cost/Passes.h.inc"

} // namespace mlir::attn

#endif // ATTN_MLIR_ANALYSIS_COST_PASSES_H
