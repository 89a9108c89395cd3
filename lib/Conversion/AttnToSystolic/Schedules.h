//===- Schedules.h - Instruction schedules for attention ops ----*- C++ -*-===//
//
// Plain C++: each function appends the instructions of one op to a Program,
// reading and writing DRAM buffers by name. The pass (AttnToSystolic.cpp)
// maps the IR onto these; docs/systolic.md explains the schedules.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_LIB_CONVERSION_ATTNTOSYSTOLIC_SCHEDULES_H
#define ATTN_LIB_CONVERSION_ATTNTOSYSTOLIC_SCHEDULES_H

#include "attn-mlir/Simulator/ISA.h"

#include <optional>

namespace mlir::attn::systolic {

/// A DRAM matrix operand: buffer name, element offset of (0, 0), row stride.
struct DramMat {
  std::string sym;
  int64_t off = 0, ld = 0;
};

/// Appends instructions to a program; knows the array's per-fold limits.
class ScheduleEmitter {
public:
  ScheduleEmitter(Program &p) : p(p), t(p.target) {}

  const TargetDesc &target() const { return t; }
  int64_t spadCap() const { return spadElems(t); }
  int64_t accCap() const { return accElems(t); }
  /// Largest m, k, n one matmul may have (SCALE-Sim's mapping per dataflow;
  /// the streamed extent is unbounded).
  int64_t mCap() const;
  int64_t kCap() const;
  int64_t nCap() const;
  /// Rounding unit of streamed block sizes: the array side.
  int64_t unit() const { return std::max<int64_t>(t.rows, t.cols); }

  void mvin(LocalRef d, const DramMat &src, int64_t rows, int64_t cols);
  void mvout(const DramMat &dst, LocalRef a, int64_t rows, int64_t cols);
  /// d[m x n] (+)= a[m x k] * b[k x n] for any extents, split into folds.
  void matmul(LocalRef d, LocalRef a, LocalRef b, int64_t m, int64_t k,
              int64_t n, bool accumulate);
  void vec(Opcode op, LocalRef d, LocalRef a, LocalRef b, int64_t rows,
           int64_t cols, float imm = 0);
  void causal(LocalRef d, int64_t rows, int64_t cols, int64_t row0,
              int64_t col0);

private:
  Program &p;
  const TargetDesc &t;
};

inline LocalRef sp(int64_t addr, int64_t ld, int64_t cs = 1) {
  return {Mem::Spad, addr, ld, cs};
}
inline LocalRef acc(int64_t addr, int64_t ld, int64_t cs = 1) {
  return {Mem::Acc, addr, ld, cs};
}

/// A DRAM-to-DRAM GEMM C[M x N] = A[M x K] * B[K x N] (+ bias row), tiled
/// for the scratchpad and accumulator with double buffering
/// (docs/systolic.md, "GEMM tiling"). Returns the tile sizes (tm, tk, tn).
struct GemmTiles {
  int64_t tm, tk, tn;
};
GemmTiles chooseGemmTiles(const ScheduleEmitter &e, int64_t M, int64_t K,
                          int64_t N);
void emitGemm(ScheduleEmitter &e, const DramMat &a, const DramMat &b,
              const DramMat &c, int64_t M, int64_t K, int64_t N);

/// One (batch) instance of vanilla attention.
struct VanillaShape {
  int64_t n, m, d, dv;
  float scale;
  bool causal;
};
struct VanillaOperands {
  DramMat q, k, v, out;
  /// Additive mask window ([N x M], ld may be 0 to broadcast a row).
  std::optional<DramMat> mask;
  /// DRAM scratch for the probabilities [N x M] (materialized only).
  DramMat probs;
};
/// Flash (online softmax) schedule; block sizes from `planFlash`.
struct FlashPlan {
  int64_t bq, bk;
};
std::optional<FlashPlan> planFlash(const ScheduleEmitter &e,
                                   const VanillaShape &s, bool mask,
                                   std::string &why);
void emitFlash(ScheduleEmitter &e, const VanillaShape &s,
               const VanillaOperands &ops, const FlashPlan &plan);
/// Materialized schedule: whole score rows resident in the accumulator,
/// probabilities written to DRAM, then a tiled GEMM with V.
struct MaterializedPlan {
  int64_t bq, bk;
};
std::optional<MaterializedPlan> planMaterialized(const ScheduleEmitter &e,
                                                 const VanillaShape &s,
                                                 bool mask, std::string &why);
void emitMaterialized(ScheduleEmitter &e, const VanillaShape &s,
                      const VanillaOperands &ops, const MaterializedPlan &plan);

/// One (batch) instance of Primal-Attention (no causal).
struct PrimalShape {
  int64_t n, d, s, dv;
  bool l2;
};
struct PrimalOperands {
  DramMat q, k, we, wr, wc, out;
  std::optional<DramMat> bias; // a [dv] row
};
std::optional<int64_t> planPrimal(const ScheduleEmitter &e,
                                  const PrimalShape &s, std::string &why);
void emitPrimal(ScheduleEmitter &e, const PrimalShape &s,
                const PrimalOperands &ops, int64_t bq);

/// One instance of W[d x s] = X_s^T * Theta, X_s = rows `idx` of X.
bool checkPrimalWeights(const ScheduleEmitter &e, int64_t p, int64_t d,
                        int64_t s, std::string &why);
void emitPrimalWeights(ScheduleEmitter &e, const DramMat &x,
                       const std::vector<int64_t> &idx, const DramMat &theta,
                       const DramMat &w, int64_t d, int64_t s);

/// Programs are straight-line code (no loop instruction), so their length
/// grows with slices x tiles. Past this many instructions the lowering
/// refuses the op, and the schedule model (whose time grows with the tiles
/// of one slice) declines it, instead of running for minutes and taking
/// gigabytes (attn-ir-fuzzer: a 2^20-slice op took > 2 min and 8.7 GB).
/// The largest lowering in the docs (materialized N = 4096 on gemmini) has
/// about 1.5 million instructions.
constexpr uint64_t kMaxInstructions = uint64_t(1) << 22;

/// Returns a message when slices * instrsPerSlice exceeds `limit` (the
/// lowering's max-instructions option, at most kMaxInstructions).
/// Callers check the tiles of a slice first (each tile emits at least one
/// instruction), then the exact count once the first slice is emitted.
std::optional<std::string>
checkProgramSize(uint64_t slices, uint64_t instrsPerSlice,
                 uint64_t limit = kMaxInstructions);

} // namespace mlir::attn::systolic

#endif // ATTN_LIB_CONVERSION_ATTNTOSYSTOLIC_SCHEDULES_H
