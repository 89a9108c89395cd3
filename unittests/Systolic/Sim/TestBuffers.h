//===- TestBuffers.h - Buffers for hand-built test programs ----*- C++ -*-===//

#ifndef ATTN_UNITTESTS_SYSTOLIC_SIM_TESTBUFFERS_H
#define ATTN_UNITTESTS_SYSTOLIC_SIM_TESTBUFFERS_H

#include "attn-mlir/Systolic/Core/ISA.h"

namespace mlir::attn::systolic::test {

/// A rows x cols DRAM buffer of a program built in memory.
inline Buffer buffer(std::string name, BufferKind kind, int64_t rows,
                     int64_t cols) {
  Buffer b;
  b.name = std::move(name);
  b.kind = kind;
  b.shape = {rows, cols};
  return b;
}

} // namespace mlir::attn::systolic::test

#endif // ATTN_UNITTESTS_SYSTOLIC_SIM_TESTBUFFERS_H
