//===- Detail.h - Internals shared by the cost library ------------*- C++ -*-===//

#ifndef ATTN_LIB_ANALYSIS_COST_DETAIL_H
#define ATTN_LIB_ANALYSIS_COST_DETAIL_H

#include "mlir/Support/LLVM.h"

namespace mlir {
class DialectRegistry;
namespace attn::detail {
void registerAttnWorkModels(DialectRegistry &registry);
void registerLinalgWorkModels(DialectRegistry &registry);
} // namespace attn::detail
} // namespace mlir

#endif // ATTN_LIB_ANALYSIS_COST_DETAIL_H
