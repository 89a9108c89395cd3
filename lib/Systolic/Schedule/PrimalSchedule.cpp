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

using namespace mlir::attn::systolic;

namespace {
/// Where everything lives, for query blocks of `bq` rows. Each fold streams
/// the block's bq rows after a fixed fill/drain, so bq sets the array's
/// efficiency: the layout keeps per-row storage small. Only Q and K are
/// double-buffered (the load DMA runs a block ahead); e and r need one
/// buffer (block j+1 moves them after its Q W_e, which the array runs after
/// block j's O); O is computed and stored one array-width column chunk at a
/// time through two accumulator slots, so the accumulator holds 2 chunks
/// instead of the whole bq x dv block.
struct PrimalLayout {
  // Scratchpad: W_e | W_r | W_c | b_c | squares | e | r | norms of Q, K |
  // per parity: Q, K.
  int64_t weS, wrS, wcS, biasS, sqS, eS, rS, nqS, nkS, blkS, blk, spadEnd;
  // Accumulator: e | r | O chunk x2.
  int64_t eA, rA, oA[2], accEnd;
  int64_t chunk; // O's column chunk: one fold's width
};
} // namespace

static PrimalLayout layout(const ScheduleEmitter &e, const PrimalShape &s,
                           int64_t bq) {
  const int64_t d = s.d, r = s.s, dv = s.dv;
  PrimalLayout l;
  l.chunk = std::min(dv, e.nCap());
  l.weS = 0;
  l.wrS = d * r;
  l.wcS = 2 * d * r;
  l.biasS = l.wcS + 2 * r * dv;
  l.sqS = l.biasS + dv;
  l.eS = l.sqS + (s.l2 ? bq * d : 0);
  l.rS = l.eS + bq * r;
  l.nqS = l.rS + bq * r;
  l.nkS = l.nqS + bq;
  l.blkS = l.nkS + bq;
  l.blk = 2 * bq * d;
  l.spadEnd = l.blkS + 2 * l.blk;
  l.eA = 0;
  l.rA = bq * r;
  l.oA[0] = 2 * bq * r;
  l.oA[1] = l.oA[0] + bq * l.chunk;
  l.accEnd = l.oA[1] + bq * l.chunk;
  return l;
}

std::optional<int64_t> mlir::attn::systolic::planPrimal(const ScheduleEmitter &e,
                                                  const PrimalShape &s,
                                                  std::string &why) {
  // The largest block that fits is the most efficient one (up to a cap
  // that keeps the pipeline's prologue short).
  int64_t cap = std::min<int64_t>(s.n, std::max<int64_t>(512, 4 * e.unit()));
  for (int64_t bq = cap; bq >= 1;) {
    PrimalLayout l = layout(e, s, bq);
    if (l.spadEnd <= e.spadCap() && l.accEnd <= e.accCap())
      return bq;
    bq = bq > e.unit() ? (bq - 1) / e.unit() * e.unit() : bq - 1;
  }
  why = llvm::formatv("primal: the resident weights (2*d*s + 2*s*dv = {0} "
                      "elements) and one query row do not fit the scratchpad "
                      "({1} elements) and accumulator ({2} elements)",
                      2 * s.d * s.s + 2 * s.s * s.dv, e.spadCap(),
                      e.accCap());
  return std::nullopt;
}

/// n = 1 / max(|x|, 1e-12) per row of the sp window x (qn x d), through
/// the squares buffer: rsqrt(max(sum x^2, 1e-24)).
static void rowInvNorms(ScheduleEmitter &e, const Expr &xS, int64_t sqS,
                        int64_t nS, int64_t qn, int64_t d) {
  e.vec(Opcode::VMul, sp(sqS, d), sp(xS, d), sp(xS, d), qn, d);
  e.vec(Opcode::VRowSum, sp(nS, 1), sp(sqS, d), {}, qn, d);
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
                                      const PrimalOperands &ops, int64_t bq) {
  const int64_t d = s.d, r = s.s, dv = s.dv;
  const PrimalLayout l = layout(e, s, bq);

  e.mvin(sp(l.weS, r), ops.we, d, r);
  e.mvin(sp(l.wrS, r), ops.wr, d, r);
  e.mvin(sp(l.wcS, dv), ops.wc, 2 * r, dv);
  if (ops.bias)
    e.mvin(sp(l.biasS, dv), *ops.bias, 1, dv);
  e.tiles(s.n, bq, [&](Expr q0, int64_t qn, Expr j) {
    const Expr qS = Expr(l.blkS) + (j % 2) * l.blk, kS = qS + Expr(bq * d);
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.mvin(sp(kS, d), {ops.k.sym, ops.k.off + q0 * ops.k.ld, ops.k.ld}, qn, d);
    // The vector unit's norms overlap the array's Q W_e and K W_r.
    if (s.l2) {
      rowInvNorms(e, qS, l.sqS, l.nqS, qn, d);
      rowInvNorms(e, kS, l.sqS, l.nkS, qn, d);
    }
    e.matmul(acc(l.eA, r), sp(qS, d), sp(l.weS, r), qn, d, r, false);
    e.matmul(acc(l.rA, r), sp(kS, d), sp(l.wrS, r), qn, d, r, false);
    // The move of r overlaps the first chunk's e W_c[0:s].
    moveScaled(e, s, l.eS, l.eA, l.nqS, qn, r);
    moveScaled(e, s, l.rS, l.rA, l.nkS, qn, r);
    // O chunk by chunk; the store DMA writes chunk c while the array
    // computes chunk c+1 into the other slot.
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
  });
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
