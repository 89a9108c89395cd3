//===- InitAll.h - register every attn-mlir dialect and pass ----*- C++ -*-===//
//
// The one entry point an embedding compiler calls, like CIRCT's InitAll.h.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_INITALL_H
#define ATTN_INITALL_H

namespace mlir {
class DialectRegistry;
namespace attn {

/// Adds every dialect of attn-mlir (and the external interface models it
/// provides for upstream dialects) to `registry`.
void registerAllDialects(DialectRegistry &registry);

/// Registers every pass and named pipeline of attn-mlir with the global
/// pass registry (for `attn-opt`-style drivers).
void registerAllPasses();

} // namespace attn
} // namespace mlir

#endif // ATTN_INITALL_H
