//===- WorkOpInterface.h - Ops that report their own work --------*- C++ -*-===//

#ifndef ATTN_MLIR_ANALYSIS_COST_WORKOPINTERFACE_H
#define ATTN_MLIR_ANALYSIS_COST_WORKOPINTERFACE_H

#include "attn-mlir/Analysis/Cost/Work.h"
#include "mlir/IR/OpDefinition.h"

#include "attn-mlir/Analysis/Cost/WorkOpInterface.h.inc"

namespace mlir {
class DialectRegistry;
namespace attn {
/// Attaches WorkOpInterface to the attn ops and to every linalg structured op
/// (and linalg.softmax). Part of registerAllDialects.
void registerWorkOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace attn
} // namespace mlir

#endif // ATTN_MLIR_ANALYSIS_COST_WORKOPINTERFACE_H
