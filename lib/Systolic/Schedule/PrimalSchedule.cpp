//===- PrimalSchedule.cpp - Primal-Attention on the array -----------------===//
//
// Everything but the row norm is a GEMM: e = phi(Q) W_e, r = phi(K) W_r and
// O = e W_c[0:s] + r W_c[s:2s] (+ b_c). The l2 feature map scales rows, so
// it commutes with the right-multiplication: phi(X) W = diag(1/|x|) (X W).
// The array therefore starts on the raw Q and K as soon as they arrive,
// while the vector unit computes the norms; the scaling is applied when e
// and r move from the accumulator to the scratchpad (the move is needed
// anyway: matmul reads its operands from sp). Weights and the bias row stay
// resident in the scratchpad; see PrimalLayout for what is double-buffered.
// docs/systolic.md, "Primal", says why these choices.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <limits>

using namespace mlir::attn::systolic;

namespace {
/// Where everything lives, for query blocks of `bq` rows. Each fold streams
/// the block's bq rows after a fixed fill/drain, so bq sets the array's
/// efficiency: the layout keeps per-row storage small.
///
/// * Q and K have one buffer each or two (PrimalPlan::qkBuffers). With one,
///   the load channel refills Q as soon as block j's Q W_e and norms have
///   read it (a third of the way into the block's array work) and K after
///   K W_r; where the array is the bottleneck (gemmini, edge) both still
///   arrive before block j+1's folds need them, and the memory saved goes
///   into longer blocks. Where the load channel is (tpu-v1), two buffers
///   let it run a whole block ahead.
/// * e and r need one buffer (block j+1 moves them after its Q W_e, which
///   the array runs after block j's O).
/// * O is computed one array-width column chunk at a time in two
///   accumulator slots, so that the store channel writes chunk c while the
///   array computes chunk c+1. The slots may reuse e's and r's space
///   (PrimalPlan::shareAcc): the accumulator holds e and r only until the
///   vector unit has moved them (scaled) to the scratchpad, so sharing
///   leaves room for longer blocks where the accumulator is small
///   (gemmini), at the price of block j+1's Q W_e waiting for the stores
///   of block j's O, which does not pay where it is large (tpu-v1).
/// * The squares for the row norms go through a buffer one chunk wide.
struct PrimalLayout {
  // Scratchpad: W_e | W_r | W_c | b_c | squares (chunk wide) | e | r |
  // norms of Q, K | partial norm | per buffer: Q, K.
  int64_t weS, wrS, wcS, biasS, sqS, sqW, eS, rS, nqS, nkS, ntS, blkS, blk,
      spadEnd;
  // Accumulator: e | r, O chunk slots over them.
  int64_t eA, rA, oA[2], accEnd;
  int64_t chunk; // O's column chunk: one fold's width
};
} // namespace

static PrimalLayout layout(const ScheduleEmitter &e, const PrimalShape &s,
                           const PrimalPlan &plan) {
  const int64_t d = s.d, r = s.s, dv = s.dv, bq = plan.bq;
  PrimalLayout l;
  l.chunk = std::min(dv, e.nCap());
  l.sqW = std::min(d, e.nCap());
  l.weS = 0;
  l.wrS = d * r;
  l.wcS = 2 * d * r;
  l.biasS = l.wcS + 2 * r * dv;
  l.sqS = l.biasS + dv;
  l.eS = l.sqS + (s.l2 ? bq * l.sqW : 0);
  l.rS = l.eS + bq * r;
  l.nqS = l.rS + bq * r;
  l.nkS = l.nqS + bq;
  l.ntS = l.nkS + bq;
  l.blkS = l.ntS + bq;
  l.blk = 2 * bq * d;
  l.spadEnd = l.blkS + plan.qkBuffers * l.blk;
  l.eA = 0;
  l.rA = bq * r;
  if (plan.shareAcc) {
    const int64_t slot = bq * std::max(r, l.chunk);
    l.oA[0] = 0;
    l.oA[1] = slot;
    l.accEnd = std::max(2 * bq * r, slot + bq * l.chunk);
  } else {
    l.oA[0] = 2 * bq * r;
    l.oA[1] = l.oA[0] + bq * l.chunk;
    l.accEnd = l.oA[1] + bq * l.chunk;
  }
  return l;
}

/// Simulated cycles of one batch slice with `plan`.
static double primalCycles(const ScheduleEmitter &e, const PrimalShape &s,
                           const PrimalPlan &plan) {
  ScratchProgram scratch(e.target());
  scratch.buffer("q", BufferKind::Input, s.n, s.d);
  scratch.buffer("k", BufferKind::Input, s.n, s.d);
  scratch.buffer("we", BufferKind::Input, s.d, s.s);
  scratch.buffer("wr", BufferKind::Input, s.d, s.s);
  scratch.buffer("wc", BufferKind::Input, 2 * s.s, s.dv);
  scratch.buffer("o", BufferKind::Output, s.n, s.dv);
  PrimalOperands ops{{"q", Expr(0), s.d},   {"k", Expr(0), s.d},
                     {"we", Expr(0), s.s},  {"wr", Expr(0), s.s},
                     {"wc", Expr(0), s.dv}, {"o", Expr(0), s.dv},
                     std::nullopt};
  ScheduleEmitter se(scratch.p);
  emitPrimal(se, s, ops, plan);
  return scratch.cycles();
}

std::optional<PrimalPlan> mlir::attn::systolic::planPrimal(
    const ScheduleEmitter &e, const PrimalShape &s, std::string &why) {
  // Per buffering and accumulator layout, the largest block that fits is
  // the most efficient one (up to a cap that keeps the pipeline's prologue
  // short), then as few blocks as that allows, all of about the same size
  // (a short last block pays a whole fill/drain per fold for few rows);
  // the fastest wins.
  const int64_t cap =
      std::min<int64_t>(s.n, std::max<int64_t>(512, 4 * e.unit()));
  std::optional<PrimalPlan> best;
  double bestCycles = 0;
  for (int64_t buffers : {1, 2})
    for (bool share : {true, false})
      for (int64_t bq = cap; bq >= 1;) {
        PrimalPlan plan{bq, buffers, share};
        PrimalLayout l = layout(e, s, plan);
        if (l.spadEnd > e.spadCap() || l.accEnd > e.accCap()) {
          bq = bq > e.unit() ? (bq - 1) / e.unit() * e.unit() : bq - 1;
          continue;
        }
        const int64_t blocks = (s.n + bq - 1) / bq;
        plan.bq = (s.n + blocks - 1) / blocks;
        double cycles = primalCycles(e, s, plan);
        if (!best || cycles < bestCycles)
          best = plan, bestCycles = cycles;
        break;
      }
  if (best)
    return best;
  why = llvm::formatv("primal: the resident weights (2*d*s + 2*s*dv = {0} "
                      "elements) and one query row do not fit the scratchpad "
                      "({1} elements) and accumulator ({2} elements)",
                      2 * s.d * s.s + 2 * s.s * s.dv, e.spadCap(),
                      e.accCap());
  return std::nullopt;
}

/// n = 1 / max(|x|, 1e-12) per row of the sp window x (qn x d):
/// rsqrt(max(sum x^2, 1e-24)), the squares summed chunk by chunk through
/// the chunk-wide squares buffer (partial sums in ntS).
static void rowInvNorms(ScheduleEmitter &e, const PrimalLayout &l,
                        const Expr &xS, int64_t nS, int64_t qn, int64_t d) {
  for (int64_t c0 = 0; c0 < d; c0 += l.sqW) {
    const int64_t cw = std::min(l.sqW, d - c0);
    e.vec(Opcode::VMul, sp(l.sqS, l.sqW), sp(xS + Expr(c0), d),
          sp(xS + Expr(c0), d), qn, cw);
    e.vec(Opcode::VRowSum, sp(c0 ? l.ntS : nS, 1), sp(l.sqS, l.sqW), {}, qn,
          cw);
    if (c0)
      e.vec(Opcode::VAdd, sp(nS, 1), sp(nS, 1), sp(l.ntS, 1), qn, 1);
  }
  e.vec(Opcode::VMaxS, sp(nS, 1), sp(nS, 1), {}, qn, 1, 1e-24f);
  e.vec(Opcode::VRsqrt, sp(nS, 1), sp(nS, 1), {}, qn, 1);
}

/// dst (sp) = src (acc), each row scaled by the norms nS when the feature
/// map is l2.
static void moveScaled(ScheduleEmitter &e, const PrimalShape &s, int64_t dstS,
                       int64_t srcA, int64_t nS, int64_t qn, int64_t cols) {
  if (s.l2)
    e.vec(Opcode::VMul, sp(dstS, cols), acc(srcA, cols), sp(nS, 1, 0), qn,
          cols);
  else
    e.vec(Opcode::VMov, sp(dstS, cols), acc(srcA, cols), {}, qn, cols);
}

void mlir::attn::systolic::emitPrimal(ScheduleEmitter &e, const PrimalShape &s,
                                      const PrimalOperands &ops,
                                      const PrimalPlan &plan) {
  const int64_t d = s.d, r = s.s, dv = s.dv, bq = plan.bq;
  const PrimalLayout l = layout(e, s, plan);

  // Load order, so that consecutive batch slices (heads) overlap: W_e and
  // W_r, then block 0's Q and K -- each waits only for the previous slice's
  // last Q W_e / K W_r, so they arrive while its last O chunks run -- then
  // W_c and the bias, which wait for those O chunks but are needed only
  // after block 0's Q W_e and K W_r.
  e.mvin(sp(l.weS, r), ops.we, d, r);
  e.mvin(sp(l.wrS, r), ops.wr, d, r);
  // Block j (its index) at row q0.
  auto block = [&](const Expr &q0, int64_t qn, const Expr &j, bool first) {
    const Expr qS = Expr(l.blkS) +
                    (plan.qkBuffers == 2 ? (j % 2) * l.blk : Expr(0)),
               kS = qS + Expr(bq * d);
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.mvin(sp(kS, d), {ops.k.sym, ops.k.off + q0 * ops.k.ld, ops.k.ld}, qn, d);
    if (first) {
      e.mvin(sp(l.wcS, dv), ops.wc, 2 * r, dv);
      if (ops.bias)
        e.mvin(sp(l.biasS, dv), *ops.bias, 1, dv);
    }
    // The vector unit's norms overlap the array's Q W_e and K W_r.
    if (s.l2) {
      rowInvNorms(e, l, qS, l.nqS, qn, d);
      rowInvNorms(e, l, kS, l.nkS, qn, d);
    }
    e.matmul(acc(l.eA, r), sp(qS, d), sp(l.weS, r), qn, d, r, false);
    e.matmul(acc(l.rA, r), sp(kS, d), sp(l.wrS, r), qn, d, r, false);
    // The move of r overlaps the first chunk's e W_c[0:s].
    moveScaled(e, s, l.eS, l.eA, l.nqS, qn, r);
    moveScaled(e, s, l.rS, l.rA, l.nkS, qn, r);
    // O chunk by chunk; the store DMA writes chunk c while the array
    // computes chunk c+1 into the other slot (slot 0 over e, slot 1 over r:
    // each waits for its move).
    for (int64_t c0 = 0, c = 0; c0 < dv; c0 += l.chunk, ++c) {
      const int64_t cw = std::min(l.chunk, dv - c0), oA = l.oA[c % 2];
      if (ops.bias) // ld 0: the resident row for every query row
        e.vec(Opcode::VMov, acc(oA, cw), sp(l.biasS + c0, 0), {}, qn, cw);
      e.matmul(acc(oA, cw), sp(l.eS, r), sp(l.wcS + c0, dv), qn, r, cw,
               bool(ops.bias));
      e.matmul(acc(oA, cw), sp(l.rS, r), sp(l.wcS + r * dv + c0, dv), qn, r,
               cw, true);
      e.mvout({ops.out.sym, ops.out.off + q0 * ops.out.ld + c0, ops.out.ld},
              acc(oA, cw), qn, cw);
    }
  };
  // Block 0 is peeled: it loads W_c.
  e.tilesFirstPeeled(s.n, bq, block);
}

bool mlir::attn::systolic::checkPrimalWeights(const ScheduleEmitter &e, int64_t p,
                                        int64_t d, int64_t s,
                                        std::string &why) {
  if (p * (d + s) <= e.spadCap() && d * s <= e.accCap())
    return true;
  why = llvm::formatv("primal_weights: X_s and Theta ({0} elements) must fit "
                      "the scratchpad ({1}) and W ({2}) the accumulator ({3})",
                      p * (d + s), e.spadCap(), d * s, e.accCap());
  return false;
}

void mlir::attn::systolic::emitPrimalWeights(ScheduleEmitter &e, const DramMat &x,
                                       const std::vector<int64_t> &idx,
                                       const DramMat &theta, const DramMat &w,
                                       int64_t d, int64_t s) {
  const int64_t p = int64_t(idx.size());
  // Gather the sampled rows: one DMA row each.
  // idx is not affine in i: one DMA row each, inline.
  for (int64_t i = 0; i < p; ++i)
    e.mvin(sp(i * d, d), {x.sym, x.off + Expr(idx[i] * x.ld), x.ld}, 1, d);
  e.mvin(sp(p * d, s), theta, p, s);
  // W = X_s^T Theta: X_s^T is X_s read with swapped strides.
  e.matmul(acc(0, s), sp(0, 1, d), sp(p * d, s), d, p, s, false);
  e.mvout(w, acc(0, s), d, s);
}
