//===- RowMajorView.h - memref descriptor over a contiguous buffer -*- C++ -*-===//
//
// The AOT kernels take identity-layout memref descriptors (docs/aot.md):
// contiguous, row-major, offset 0. Shared by the benchmark drivers.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_BENCH_ROWMAJORVIEW_H
#define ATTN_BENCH_ROWMAJORVIEW_H

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cstdint>

/// A descriptor viewing `data` as a row-major array of the given sizes.
template <int R>
StridedMemRefType<float, R> rowMajorView(float *data, const int64_t *sizes) {
  StridedMemRefType<float, R> m{};
  m.basePtr = m.data = data;
  m.offset = 0;
  int64_t stride = 1;
  for (int i = R - 1; i >= 0; --i) {
    m.sizes[i] = sizes[i];
    m.strides[i] = stride;
    stride *= sizes[i];
  }
  return m;
}

#endif // ATTN_BENCH_ROWMAJORVIEW_H
