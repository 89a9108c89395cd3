//===- Work.h - What an op computes and moves, independent of target -*- C++ -*-===//
//
// The currency of the cost model. Ops report an OpWork through
// WorkOpInterface; targets (CpuTarget, systolic TargetDesc) turn it into
// latency. See docs/cost-model.md for the equations.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_ANALYSIS_COST_WORK_H
#define ATTN_MLIR_ANALYSIS_COST_WORK_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace mlir::attn::cost {

/// Element-wise floating-point operations by kind. A multiply-accumulate of a
/// contraction is not in here: it is a MAC (two flops).
struct FlopCounts {
  uint64_t add = 0, mul = 0, div = 0, max = 0, exp = 0, sqrt = 0;

  uint64_t total() const { return add + mul + div + max + exp + sqrt; }
  FlopCounts &operator+=(const FlopCounts &o);
  FlopCounts scaled(uint64_t k) const;
};

/// `count` independent `m×k · k×n` GEMMs (the batch/head loops).
struct GemmShape {
  uint64_t count = 1, m = 0, k = 0, n = 0;
};

/// How the op would be lowered and how much fast memory there is.
struct WorkConfig {
  VanillaStrategy strategy = VanillaStrategy::Flash;
  /// Query rows per tile (attn-tile's row-tile) and keys per flash block.
  int64_t rowTile = 64, keyBlock = 64;
  /// Split-KV ranges of the flash strategy (1 = none).
  int64_t kvSplits = 1;
  /// On-chip capacity (cache or scratchpad+accumulator) for the DRAM model.
  uint64_t onChipBytes = 1024 * 1024;
};

struct OpWork {
  uint64_t macs = 0;
  FlopCounts flops;
  /// Bytes of every operand (in operand order) and of the result.
  llvm::SmallVector<uint64_t> operandBytes;
  uint64_t resultBytes = 0;
  /// Bytes that must be live at once on chip for the op's tiling.
  uint64_t sramPeakBytes = 0;
  /// Bytes a decoder keeps between steps: attn.primal_stream's running
  /// sums (constant in the context length); a bottom-right aligned
  /// attn.vanilla's K and V (the KV cache, growing with it); else 0.
  uint64_t stateBytes = 0;
  /// Minimum DRAM traffic with `WorkConfig::onChipBytes` of fast memory.
  uint64_t dramBytes = 0;
  /// The contractions, for array-level timing.
  llvm::SmallVector<GemmShape> gemms;
  /// Asymptotic cost in the op's own symbols, e.g. "O(N^2*d)".
  std::string complexity;

  /// 2 flops per MAC plus every element-wise flop (an exp counts as one).
  uint64_t totalFlops() const { return 2 * macs + flops.total(); }
};

} // namespace mlir::attn::cost

#endif // ATTN_MLIR_ANALYSIS_COST_WORK_H
