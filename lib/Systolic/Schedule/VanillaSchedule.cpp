//===- VanillaSchedule.cpp - Softmax attention on the array ---------------===//
//
// Scores and P*V are array folds; max, exp, sums and rescaling run on the
// vector unit. The scale is folded into Q once per query block.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <limits>

using namespace mlir::attn::systolic;

// Floors of the softmax statistics that make a fully masked row (all
// scores -inf) give zeros on every path, as the op documents: the running
// max never goes below the lowest finite float, the row sum never below
// the smallest normal one. Rows with a finite score are unaffected (their
// max is >= kLowest, their sum >= 1).
static constexpr float kLowest = -std::numeric_limits<float>::max();
static constexpr float kTiny = std::numeric_limits<float>::min();

/// Largest query block <= cap (a multiple of the array side when at least
/// one side) for which `fits` holds, or 0.
template <typename Fits>
static int64_t largestBlock(int64_t n, int64_t unit, int64_t cap, Fits fits) {
  int64_t start = std::min(n, cap);
  for (int64_t b = start; b >= 1;) {
    if (fits(b))
      return b;
    b = b > unit ? (b - 1) / unit * unit : b - 1;
  }
  return 0;
}

static int64_t keyBlock(const ScheduleEmitter &e, int64_t m) {
  return std::min<int64_t>(m, std::max<int64_t>(e.unit(), 64));
}
static int64_t queryCap(const ScheduleEmitter &e) {
  return std::max<int64_t>(256, 4 * e.unit());
}

std::optional<FlashPlan> mlir::attn::systolic::planFlash(
    const ScheduleEmitter &e, const VanillaShape &s, bool mask,
    std::string &why) {
  // Prefer a 64-key (or one array side) block; halve it while even a
  // one-row query block does not fit.
  for (int64_t bk = keyBlock(e, s.m); bk >= 1; bk /= 2) {
    auto fits = [&](int64_t bq) {
      int64_t accNeed = bq * (s.dv + 2 * bk + (mask ? 2 * bk : 0) + 5);
      int64_t spadNeed = bq * (s.d + 2 * bk) + 2 * bk * (s.d + s.dv);
      return accNeed <= e.accCap() && spadNeed <= e.spadCap();
    };
    if (int64_t bq = largestBlock(s.n, e.unit(), queryCap(e), fits))
      return FlashPlan{bq, bk};
  }
  why = llvm::formatv("flash: even one query row and one key, with d = {0} "
                      "and dv = {1}, do not fit the scratchpad ({2} elements) "
                      "and accumulator ({3} elements)",
                      s.d, s.dv, e.spadCap(), e.accCap());
  return std::nullopt;
}

void mlir::attn::systolic::emitFlash(ScheduleEmitter &e, const VanillaShape &s,
                                     const VanillaOperands &ops,
                                     const FlashPlan &plan) {
  const int64_t bq = plan.bq, bk = plan.bk, d = s.d, dv = s.dv;
  // Scratchpad: Q | K x2 | V x2 | P x2 (double-buffered per key block).
  const int64_t qS = 0, kS[2] = {bq * d, bq * d + bk * d};
  const int64_t vS[2] = {kS[1] + bk * d, kS[1] + bk * d + bk * dv};
  const int64_t pS[2] = {vS[1] + bk * dv, vS[1] + bk * dv + bq * bk};
  // Accumulator: O | S x2 | mask tile x2 | m, l, m', alpha, rowsum.
  const int64_t oA = 0, sA[2] = {bq * dv, bq * dv + bq * bk};
  const int64_t mkA[2] = {sA[1] + bq * bk, sA[1] + 2 * bq * bk};
  const int64_t vecA = sA[1] + bq * bk + (ops.mask ? 2 * bq * bk : 0);
  const int64_t mA = vecA, lA = vecA + bq, mnA = vecA + 2 * bq,
                alA = vecA + 3 * bq, rsA = vecA + 4 * bq;
  auto col = [](int64_t a) { return acc(a, 1); };
  auto bcast = [](int64_t a) { return acc(a, 1, 0); };

  // One query block at row q0 (a loop index or, when causal, a constant
  // `q0c`: the number of key blocks then depends on it).
  auto queryBlock = [&](const Expr &q0, int64_t qn, int64_t q0c) {
    // Causal: key blocks right of the diagonal contribute nothing.
    const int64_t mEnd = s.causal ? std::min(s.m, q0c + qn) : s.m;
    const int64_t blocks = (mEnd + bk - 1) / bk, full = mEnd / bk;
    auto kn = [&](int64_t j) { return std::min(bk, s.m - j * bk); };
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.vec(Opcode::VMulS, sp(qS, d), sp(qS, d), {}, qn, d, s.scale);
    e.vec(Opcode::VFill, acc(oA, dv), {}, {}, qn, dv, 0.f);
    e.vec(Opcode::VFill, col(mA), {}, {}, qn, 1,
          -std::numeric_limits<float>::infinity());
    e.vec(Opcode::VFill, col(lA), {}, {}, qn, 1, 0.f);
    // DMA and S = (scale Q) K^T of block j; only the array and the load
    // channel, so that they run ahead of the vector unit.
    auto scores = [&](const Expr &j, int64_t kn) {
      const Expr k0 = j * bk, b = j % 2;
      e.mvin(sp(pick(kS[0], kS[1], b), d),
             {ops.k.sym, ops.k.off + k0 * ops.k.ld, ops.k.ld}, kn, d);
      e.mvin(sp(pick(vS[0], vS[1], b), dv),
             {ops.v.sym, ops.v.off + k0 * ops.v.ld, ops.v.ld}, kn, dv);
      if (ops.mask) {
        const DramMat &mk = *ops.mask;
        e.mvin(acc(pick(mkA[0], mkA[1], b), bk),
               {mk.sym, mk.off + q0 * mk.ld + k0, mk.ld}, qn, kn);
      }
      // K^T is K read with swapped strides.
      e.matmul(acc(pick(sA[0], sA[1], b), bk), sp(qS, d),
               sp(pick(kS[0], kS[1], b), 1, d), qn, d, kn, false);
    };
    // Online softmax of block j (DESIGN.md §2), then O += P V_j.
    auto softmax = [&](const Expr &j, int64_t kn, bool causalMask) {
      const Expr b = j % 2;
      const Ref S = acc(pick(sA[0], sA[1], b), bk);
      if (ops.mask)
        e.vec(Opcode::VAdd, S, S, acc(pick(mkA[0], mkA[1], b), bk), qn, kn);
      if (causalMask)
        e.causal(S, qn, kn, q0, j * bk);
      e.vec(Opcode::VRowMax, col(mnA), S, {}, qn, kn);
      e.vec(Opcode::VMax, col(mnA), col(mnA), col(mA), qn, 1);
      // A row masked so far keeps a finite running max, so exp(S - m')
      // is 0, not NaN (fully masked rows give zeros: _safe_softmax).
      e.vec(Opcode::VMaxS, col(mnA), col(mnA), {}, qn, 1, kLowest);
      e.vec(Opcode::VSub, col(alA), col(mA), col(mnA), qn, 1);
      e.vec(Opcode::VExp, col(alA), col(alA), {}, qn, 1);
      e.vec(Opcode::VSub, S, S, bcast(mnA), qn, kn);
      e.vec(Opcode::VExp, S, S, {}, qn, kn);
      e.vec(Opcode::VRowSum, col(rsA), S, {}, qn, kn);
      e.vec(Opcode::VMul, col(lA), col(lA), col(alA), qn, 1);
      e.vec(Opcode::VAdd, col(lA), col(lA), col(rsA), qn, 1);
      e.vec(Opcode::VMov, col(mA), col(mnA), {}, qn, 1);
      e.vec(Opcode::VMov, sp(pick(pS[0], pS[1], b), bk), S, {}, qn, kn);
      // Last: it waits for the previous block's P*V on the array.
      e.vec(Opcode::VMul, acc(oA, dv), acc(oA, dv), bcast(alA), qn, dv);
      e.matmul(acc(oA, dv), sp(pick(pS[0], pS[1], b), bk),
               sp(pick(vS[0], vS[1], b), dv), qn, kn, dv, true);
    };
    // Block j needs the causal mask when its last key is past the first
    // query of the block.
    auto masked = [&](int64_t j) {
      return s.causal && j * bk + kn(j) - 1 > q0c;
    };
    // Software pipelining: the array computes block j+1's scores while the
    // vector unit runs block j's softmax. Iterations whose blocks j and
    // j+1 are full and unmasked form the loop; the rest are peeled.
    scores(Expr(0), kn(0));
    int64_t regular = std::max<int64_t>(0, full - 1);
    if (s.causal)
      regular = std::min(regular, (q0c + 1) / bk);
    e.loop(regular, [&](Expr j) {
      scores(j + 1, bk);
      softmax(j, bk, false);
    });
    for (int64_t j = regular; j < blocks; ++j) {
      if (j + 1 < blocks)
        scores(Expr(j + 1), kn(j + 1));
      softmax(Expr(j), kn(j), masked(j));
    }
    // l = 0 only for a fully masked row, whose O is 0: 0 * (1/tiny) = 0.
    e.vec(Opcode::VMaxS, col(lA), col(lA), {}, qn, 1, kTiny);
    e.vec(Opcode::VRecip, col(rsA), col(lA), {}, qn, 1);
    e.vec(Opcode::VMul, acc(oA, dv), acc(oA, dv), bcast(rsA), qn, dv);
    e.mvout({ops.out.sym, ops.out.off + q0 * ops.out.ld, ops.out.ld},
            acc(oA, dv), qn, dv);
  };
  if (s.causal) {
    for (int64_t q0 = 0; q0 < s.n; q0 += bq)
      queryBlock(Expr(q0), std::min(bq, s.n - q0), q0);
    return;
  }
  e.tiles(s.n, bq, [&](Expr q0, int64_t qn, Expr) { queryBlock(q0, qn, 0); });
}

std::optional<MaterializedPlan>
mlir::attn::systolic::planMaterialized(const ScheduleEmitter &e,
                                 const VanillaShape &s, bool mask,
                                 std::string &why) {
  int64_t bk = keyBlock(e, s.m);
  auto fits = [&](int64_t bq) {
    int64_t accNeed = bq * (s.m + (mask ? bk : 0) + 2);
    int64_t spadNeed = bq * s.d + 2 * bk * s.d;
    return accNeed <= e.accCap() && spadNeed <= e.spadCap();
  };
  int64_t bq = largestBlock(s.n, e.unit(), queryCap(e), fits);
  if (!bq) {
    why = llvm::formatv(
        "materialized: one row of {0} scores must stay resident in the "
        "accumulator ({1} elements) next to a {2}-row key block of d = {3} in "
        "the scratchpad ({4} elements), and does not fit; use strategy=flash",
        s.m, e.accCap(), bk, s.d, e.spadCap());
    return std::nullopt;
  }
  return MaterializedPlan{bq, bk};
}

void mlir::attn::systolic::emitMaterialized(ScheduleEmitter &e,
                                            const VanillaShape &s,
                                            const VanillaOperands &ops,
                                            const MaterializedPlan &plan) {
  const int64_t bq = plan.bq, bk = plan.bk, d = s.d, M = s.m;
  const int64_t qS = 0, kS[2] = {bq * d, bq * d + bk * d};
  const int64_t sA = 0, mkA = bq * M;
  const int64_t mA = mkA + (ops.mask ? bq * bk : 0), lA = mA + bq;
  const Ref S = acc(sA, M);
  // Phase 1: P = softmax(scale Q K^T + mask) row block by row block, to DRAM.
  e.tiles(s.n, bq, [&](Expr q0, int64_t qn, Expr) {
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.vec(Opcode::VMulS, sp(qS, d), sp(qS, d), {}, qn, d, s.scale);
    e.tiles(M, bk, [&](Expr k0, int64_t kn, Expr kt) {
      const Expr b = kt % 2;
      e.mvin(sp(pick(kS[0], kS[1], b), d),
             {ops.k.sym, ops.k.off + k0 * ops.k.ld, ops.k.ld}, kn, d);
      Ref St = acc(Expr(sA) + k0, M);
      e.matmul(St, sp(qS, d), sp(pick(kS[0], kS[1], b), 1, d), qn, d, kn,
               false);
      if (ops.mask) {
        const DramMat &mk = *ops.mask;
        e.mvin(acc(mkA, bk), {mk.sym, mk.off + q0 * mk.ld + k0, mk.ld}, qn,
               kn);
        e.vec(Opcode::VAdd, St, St, acc(mkA, bk), qn, kn);
      }
    });
    if (s.causal)
      e.causal(S, qn, M, q0, Expr(0));
    e.vec(Opcode::VRowMax, acc(mA, 1), S, {}, qn, M);
    // Fully masked rows: finite max, so P = 0 and l = 0 -> tiny (zeros).
    e.vec(Opcode::VMaxS, acc(mA, 1), acc(mA, 1), {}, qn, 1, kLowest);
    e.vec(Opcode::VSub, S, S, acc(mA, 1, 0), qn, M);
    e.vec(Opcode::VExp, S, S, {}, qn, M);
    e.vec(Opcode::VRowSum, acc(lA, 1), S, {}, qn, M);
    e.vec(Opcode::VMaxS, acc(lA, 1), acc(lA, 1), {}, qn, 1, kTiny);
    e.vec(Opcode::VRecip, acc(lA, 1), acc(lA, 1), {}, qn, 1);
    e.vec(Opcode::VMul, S, S, acc(lA, 1, 0), qn, M);
    e.mvout({ops.probs.sym, ops.probs.off + q0 * M, M}, S, qn, M);
  });
  // Phase 2: O = P V as a tiled GEMM.
  emitGemm(e, {ops.probs.sym, ops.probs.off, M}, ops.v, ops.out, s.n, M,
           s.dv);
}
