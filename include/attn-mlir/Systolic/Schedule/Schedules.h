//===- Schedules.h - Instruction schedules for attention ops ----*- C++ -*-===//
//
// Plain C++ (no MLIR): each schedule appends the instructions of one op to a
// Program, with hardware loops over batch slices, query blocks and key
// blocks, reading and writing DRAM buffers by name. This is the only
// description of a schedule: the conversion wraps the Program in a
// systolic.kernel, the cost analysis times the same Program with the
// simulator's timing-only mode. docs/systolic.md explains the schedules.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_SYSTOLIC_SCHEDULE_SCHEDULES_H
#define ATTN_MLIR_SYSTOLIC_SCHEDULE_SCHEDULES_H

#include "attn-mlir/Systolic/Core/ISA.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <functional>
#include <optional>

namespace mlir::attn::systolic {

/// An integer that may depend on the indices of enclosing hardware loops:
/// `base + Σ terms` (IndexTerm without its field). Schedules compute
/// addresses with it as with integers; `j % 2` of a loop index is a
/// double-buffer parity.
struct Expr {
  int64_t base = 0;
  llvm::SmallVector<IndexTerm, 2> terms;
  Expr(int64_t b = 0) : base(b) {}
  static Expr index(unsigned level);
  bool isConstant() const { return terms.empty(); }
  Expr operator+(const Expr &o) const;
  Expr operator-(int64_t v) const { return *this + Expr(-v); }
  Expr operator*(int64_t v) const;
  /// Only of a loop index plus a non-negative constant (or of a constant).
  Expr operator%(int64_t m) const;
};
inline Expr operator*(int64_t v, const Expr &e) { return e * v; }

/// An on-chip window whose base may move with loop indices.
struct Ref {
  Mem mem = Mem::Spad;
  Expr addr;
  int64_t ld = 0, cs = 1;
};

/// A DRAM matrix operand: buffer name, element offset of (0, 0), row stride.
struct DramMat {
  std::string sym;
  Expr off;
  int64_t ld = 0;
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
  /// Where row statistics (softmax's running max and sum and their
  /// factors) and running sums live. The scratchpad holds the element
  /// type; narrower than f32 they would lose what they are for -- a bf16
  /// row max breaks exp(S - m) at large finite scores, a bf16 count stops
  /// at 256 -- so such targets keep them in the f32 accumulator.
  Mem statMem() const { return narrowElems() ? Mem::Acc : Mem::Spad; }
  /// Whether the scratchpad's elements are narrower than the accumulator's
  /// (bf16 data, f32 accumulation).
  bool narrowElems() const { return t.elemBytes() < t.accBytes(); }
  /// Rounding unit of streamed block sizes: the array side.
  int64_t unit() const { return std::max<int64_t>(t.rows, t.cols); }

  void mvin(const Ref &d, const DramMat &src, int64_t rows, int64_t cols);
  void mvout(const DramMat &dst, const Ref &a, int64_t rows, int64_t cols);
  /// d[m x n] (+)= a[m x k] * b[k x n] for any extents, split into folds.
  void matmul(const Ref &d, const Ref &a, const Ref &b, int64_t m, int64_t k,
              int64_t n, bool accumulate);
  void vec(Opcode op, const Ref &d, const Ref &a, const Ref &b, int64_t rows,
           int64_t cols, float imm = 0);
  void causal(const Ref &d, int64_t rows, int64_t cols, const Expr &row0,
              const Expr &col0);

  /// Emits `body(i)` for i in [0, count): as a hardware loop when
  /// count > 1 (i is then the loop's index), inline when count == 1.
  template <typename Body> void loop(int64_t count, Body &&body) {
    if (count <= 0)
      return;
    if (count == 1)
      return (void)body(Expr(0));
    beginLoop(count);
    body(Expr::index(depth - 1));
    endLoop();
  }
  /// Tiles [0, total) by `tile`: a loop over the full tiles, then the
  /// partial one inline; `body(offset, extent, index)`.
  template <typename Body>
  void tiles(int64_t total, int64_t tile, Body &&body) {
    loop(total / tile, [&](Expr i) { body(i * tile, tile, i); });
    if (total % tile)
      body(Expr(total / tile * tile), total % tile, Expr(total / tile));
  }
  /// As `tiles`, but the first tile is emitted inline ahead of the loop,
  /// for schedules whose first tile differs: `body(offset, extent, index,
  /// first)`.
  template <typename Body>
  void tilesFirstPeeled(int64_t total, int64_t tile, Body &&body) {
    const int64_t full = total / tile;
    if (full) {
      body(Expr(0), tile, Expr(0), true);
      loop(full - 1, [&](Expr i) {
        const Expr j = i + Expr(1);
        body(j * tile, tile, j, false);
      });
    }
    if (total % tile)
      body(Expr(full * tile), total % tile, Expr(full), full == 0);
  }
  /// `body(idx)` inside one hardware loop per batch dim (inline for dims
  /// of 1); idx has one index per dim.
  template <typename Body>
  void batchLoops(llvm::ArrayRef<int64_t> batch, Body &&body) {
    llvm::SmallVector<Expr, 4> idx;
    std::function<void(size_t)> nest = [&](size_t i) {
      if (i == batch.size())
        return (void)body(llvm::ArrayRef<Expr>(idx));
      loop(batch[i], [&](Expr v) {
        idx.push_back(v);
        nest(i + 1);
        idx.pop_back();
      });
    };
    nest(0);
  }
  /// As batchLoops, with the innermost dim unrolled by two, for schedules
  /// that alternate buffers from slice to slice: `body(idx, parity)`, slices
  /// in order, parity 0 and 1 in turn along the innermost dim (an odd one
  /// ends with a 0, and so two slices in a row may share one).
  template <typename Body>
  void batchLoopsPaired(llvm::ArrayRef<int64_t> batch, Body &&body) {
    if (batch.empty())
      return (void)body(llvm::ArrayRef<Expr>(), 0);
    llvm::SmallVector<Expr, 4> idx;
    auto at = [&](Expr v, int64_t parity) {
      idx.push_back(v);
      body(llvm::ArrayRef<Expr>(idx), parity);
      idx.pop_back();
    };
    batchLoops(batch.drop_back(), [&](llvm::ArrayRef<Expr> outer) {
      idx.assign(outer.begin(), outer.end());
      const int64_t n = batch.back();
      if (n == 1)
        return at(Expr(0), 0);
      loop(n / 2, [&](Expr v) {
        at(v * 2, 0);
        at(v * 2 + Expr(1), 1);
      });
      if (n % 2)
        at(Expr(n - 1), 0);
    });
  }
  /// As batchLoops, with the first and the last slice apart, for
  /// schedules whose slices hand work to the next one: `body(idx, first,
  /// last)`, slices in the same order. For dims [B, H]: (0, 0); a loop over
  /// h >= 1 at b = 0; a loop over 0 < b < B-1 (all h); a loop over
  /// h < H-1 at b = B-1; then (B-1, H-1).
  template <typename Body>
  void batchLoopsEndsPeeled(llvm::ArrayRef<int64_t> batch, Body &&body) {
    using Dims = llvm::ArrayRef<int64_t>;
    llvm::SmallVector<Expr, 4> idx;
    // Slices [lo, hi) of `dims` in flat order, at prefix idx; lo is 0 or
    // 1, hi is the slice count or one less.
    std::function<void(Dims, bool, bool)> range = [&](Dims dims, bool skipFirst,
                                                      bool skipLast) {
      if (dims.empty()) {
        if (!skipFirst && !skipLast)
          body(llvm::ArrayRef<Expr>(idx), false, false);
        return;
      }
      const int64_t n = dims[0];
      auto at = [&](Expr v, bool sf, bool sl) {
        idx.push_back(v);
        range(dims.drop_front(), sf, sl);
        idx.pop_back();
      };
      if (n == 1)
        return at(Expr(0), skipFirst, skipLast);
      if (skipFirst)
        at(Expr(0), true, false);
      const int64_t lo = skipFirst ? 1 : 0, hi = skipLast ? n - 1 : n;
      loop(hi - lo, [&](Expr v) { at(v + Expr(lo), false, false); });
      if (skipLast)
        at(Expr(n - 1), false, true);
    };
    llvm::SmallVector<Expr, 4> first(batch.size(), Expr(0)), last;
    for (int64_t n : batch)
      last.push_back(Expr(n - 1));
    body(llvm::ArrayRef<Expr>(first), true, false);
    range(batch, true, true);
    body(llvm::ArrayRef<Expr>(last), false, true);
  }
  unsigned loopDepth() const { return depth; }
  size_t size() const { return p.instrs.size(); }

private:
  void beginLoop(int64_t count);
  void endLoop();
  void push(Instr in, std::initializer_list<std::pair<Field, const Expr *>>
                          fields);

  Program &p;
  const TargetDesc &t;
  unsigned depth = 0;
};

inline Ref sp(const Expr &addr, int64_t ld, int64_t cs = 1) {
  return {Mem::Spad, addr, ld, cs};
}
inline Ref acc(const Expr &addr, int64_t ld, int64_t cs = 1) {
  return {Mem::Acc, addr, ld, cs};
}
/// `a` or `b` by a parity of 0 or 1 (a double buffer).
inline Expr pick(int64_t a, int64_t b, const Expr &parity) {
  return Expr(a) + parity * (b - a);
}

/// A scratch program that prices a candidate plan: the target's, with
/// 2-D DRAM buffers added by `buffer`, timed by `cycles` (the simulator's
/// timing-only mode; +inf should it not time -- it is well formed by
/// construction -- so that a failure prices a plan out instead of
/// aborting the lowering).
struct ScratchProgram {
  Program p;
  explicit ScratchProgram(const TargetDesc &t) { p.target = t; }
  void buffer(const char *name, BufferKind kind, int64_t rows, int64_t cols);
  double cycles() const;
};

/// Rows of X gathered for primal_weights: trunc(i*(N-1)/(p-1)).
std::vector<int64_t> sampledRows(int64_t n, int64_t p);

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
/// Flash (online softmax) schedule; block sizes from `planFlash`. The
/// score tiles share a ring in the accumulator `bk + ring` columns wide
/// (`ring` = 0 ... bk, a multiple of one fold's columns dividing bk; bk is
/// a plain double buffer): a tile's later chunks of keys overwrite the
/// previous tile's first ones once the vector unit has read them
/// (docs/systolic.md, flash).
struct FlashPlan {
  int64_t bq, bk, ring;
};
/// The rings a key block of `bk` keys may use: 0, every multiple of one
/// fold's columns that divides bk, and bk.
llvm::SmallVector<int64_t, 4> flashScoreRings(const ScheduleEmitter &e,
                                              int64_t bk);
std::optional<FlashPlan> planFlash(const ScheduleEmitter &e,
                                   const VanillaShape &s, bool mask,
                                   std::string &why);
void emitFlash(ScheduleEmitter &e, const VanillaShape &s,
               const VanillaOperands &ops, const FlashPlan &plan);
/// Materialized schedule: per query block, the scores go to the DRAM
/// scratch `probs` [N x M] with online row statistics, a second pass
/// rewrites them as probabilities while a tiled GEMM with V reads them
/// back. With `overlap`, pass 1 of query block i + 1 runs interleaved
/// with pass 2 of block i (a software pipeline over query blocks).
struct MaterializedPlan {
  int64_t bq, bk;
  bool overlap = false;
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
/// Primal schedule: query blocks of `bq` rows; Q and K in one buffer each
/// or two (by block parity). The accumulator holds (PrimalAcc):
/// * `Beside`: e and r (all their columns), O's two column-chunk slots
///   beside them;
/// * `Shared`: the same, O's slots over e's and r's space;
/// * `Slots`: only two slots one array width wide, which e, r (column by
///   column) and O take in turn; the vector unit computes the next block's
///   row norms during this block's O chunks and O leaves through the
///   scratchpad, so that the slots free up in time (a third of the
///   accumulator per row: longer blocks where it is the limit).
/// `planPrimal` prices the combinations by simulating them
/// (PrimalSchedule.cpp).
enum class PrimalAcc : uint8_t { Beside, Shared, Slots };
/// `weightBuffers` = 2 (chained Beside and Shared plans): W_e and W_r in
/// two scratchpad buffers by slice parity, so that the next slice's load
/// them while this slice's last blocks still read theirs.
struct PrimalPlan {
  int64_t bq, qkBuffers;
  PrimalAcc acc;
  int64_t weightBuffers = 1;
};
/// `batch` and `contiguous` as emitPrimalBatch will get them: where the
/// slices may chain, plans are priced on two chained slices.
std::optional<PrimalPlan> planPrimal(const ScheduleEmitter &e,
                                     const PrimalShape &s,
                                     llvm::ArrayRef<int64_t> batch,
                                     bool contiguous, std::string &why);
void emitPrimal(ScheduleEmitter &e, const PrimalShape &s,
                const PrimalOperands &ops, const PrimalPlan &plan);
/// Primal over the batch `batch` (one loop per dim), `opsAt(idx)` giving
/// slice idx's operands (it may emit per-slice work first). With
/// `contiguous` -- slice i+1's Q and K rows follow slice i's in DRAM, and
/// opsAt emits nothing -- a Slots plan chains the slices: each one's last
/// block loads the next slice's first Q and K block and computes its first
/// row norms during its O chunks, as between blocks of one slice, so a
/// head's start does not leave the array waiting for the vector unit.
void emitPrimalBatch(
    ScheduleEmitter &e, const PrimalShape &s, const PrimalPlan &plan,
    llvm::ArrayRef<int64_t> batch, bool contiguous,
    llvm::function_ref<PrimalOperands(llvm::ArrayRef<Expr>)> opsAt);

/// Causal Primal-Attention's running means of one [n x d] slice: row t of
/// `mean` = (sum0 + x_0 + ... + x_t) / (seen + t + 1), where sum0 is the
/// [1 x d] row `sumIn` (zero when absent); the final running sum goes to
/// `sumOut` when given (attn.primal_stream's new state).
struct PrefixMeanOperands {
  DramMat x, mean;
  std::optional<DramMat> sumIn, sumOut;
};
/// Rows per scratchpad tile of the scan (0: not even one row fits).
int64_t prefixMeanRows(const ScheduleEmitter &e, int64_t n, int64_t d);
void emitPrefixMean(ScheduleEmitter &e, const PrefixMeanOperands &ops,
                    int64_t n, int64_t d, int64_t seen, int64_t rows);

/// One instance of W[d x s] = X_s^T * Theta, X_s = rows `idx` of X.
bool checkPrimalWeights(const ScheduleEmitter &e, int64_t p, int64_t d,
                        int64_t s, std::string &why);
void emitPrimalWeights(ScheduleEmitter &e, const DramMat &x,
                       const std::vector<int64_t> &idx, const DramMat &theta,
                       const DramMat &w, int64_t d, int64_t s);

/// Programs loop over batch slices, query blocks and key blocks, so their
/// length follows the schedule's structure; what is not a loop is peeled
/// (partial tiles, causal query blocks, primal_weights' row gather). Past
/// this many instructions the lowering refuses the op.
constexpr uint64_t kMaxInstructions = uint64_t(1) << 22;

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_SYSTOLIC_SCHEDULE_SCHEDULES_H
