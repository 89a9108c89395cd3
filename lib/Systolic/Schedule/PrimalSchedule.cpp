//===- PrimalSchedule.cpp - Primal-Attention on the array -----------------===//
//
// Everything but the row norm is a GEMM: e = phi(Q) W_e, r = phi(K) W_r and
// O = e W_c[0:s] + r W_c[s:2s] (+ b_c). The l2 feature map scales rows, so
// it commutes with the right-multiplication: phi(X) W = diag(1/|x|) (X W).
// The array therefore starts on the raw Q and K as soon as they arrive,
// while the vector unit computes the norms; the scaling is applied when e
// and r move from the accumulator to the scratchpad (the move is needed
// anyway: matmul reads its operands from sp). Weights and the bias row stay
// resident in the scratchpad; Q, K, e and r are double-buffered per query
// block, so the load DMA runs one block ahead of the array.
// docs/systolic.md, "Primal", says why these choices.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace mlir::attn::systolic;

namespace {
/// Where everything lives, for query blocks of `bq` rows.
struct PrimalLayout {
  // Scratchpad: W_e | W_r | W_c | b_c | squares | per parity: Q, K, e, r.
  int64_t weS, wrS, wcS, biasS, sqS, blkS, blk;
  // Accumulator (one buffer: the array's order already separates the
  // blocks' uses, see emitPrimal): O | e | r | norms of Q | norms of K.
  int64_t oA, eA, rA, nqA, nkA, accEnd;
  int64_t spadEnd() const { return blkS + 2 * blk; }
};
} // namespace

static PrimalLayout layout(const PrimalShape &s, int64_t bq) {
  const int64_t d = s.d, r = s.s, dv = s.dv;
  PrimalLayout l;
  l.weS = 0;
  l.wrS = d * r;
  l.wcS = 2 * d * r;
  l.biasS = l.wcS + 2 * r * dv;
  l.sqS = l.biasS + dv;
  l.blkS = l.sqS + (s.l2 ? bq * d : 0);
  l.blk = 2 * bq * d + 2 * bq * r;
  l.oA = 0;
  l.eA = bq * dv;
  l.rA = l.eA + bq * r;
  l.nqA = l.rA + bq * r;
  l.nkA = l.nqA + bq;
  l.accEnd = l.nkA + bq;
  return l;
}

std::optional<int64_t> mlir::attn::systolic::planPrimal(const ScheduleEmitter &e,
                                                  const PrimalShape &s,
                                                  std::string &why) {
  // Each fold streams the block's bq rows after a fill/drain of about
  // 2*rows + cols cycles, so the largest block that fits is the most
  // efficient one (up to a cap that keeps the pipeline's prologue short).
  int64_t cap = std::min<int64_t>(s.n, std::max<int64_t>(512, 4 * e.unit()));
  for (int64_t bq = cap; bq >= 1;) {
    PrimalLayout l = layout(s, bq);
    if (l.spadEnd() <= e.spadCap() && l.accEnd <= e.accCap())
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

/// nA = 1 / max(|x|, 1e-12) per row of the sp window x (qn x d), through
/// the squares buffer: rsqrt(max(sum x^2, 1e-24)).
static void rowInvNorms(ScheduleEmitter &e, const Expr &xS, int64_t sqS,
                        int64_t nA, int64_t qn, int64_t d) {
  e.vec(Opcode::VMul, sp(sqS, d), sp(xS, d), sp(xS, d), qn, d);
  e.vec(Opcode::VRowSum, acc(nA, 1), sp(sqS, d), {}, qn, d);
  e.vec(Opcode::VMaxS, acc(nA, 1), acc(nA, 1), {}, qn, 1, 1e-24f);
  e.vec(Opcode::VRsqrt, acc(nA, 1), acc(nA, 1), {}, qn, 1);
}

/// dst (sp) = src (acc), each row scaled by nA when the feature map is l2.
static void moveScaled(ScheduleEmitter &e, const PrimalShape &s,
                       const Expr &dstS, int64_t srcA, int64_t nA, int64_t qn,
                       int64_t cols) {
  if (s.l2)
    e.vec(Opcode::VMul, sp(dstS, cols), acc(srcA, cols), acc(nA, 1, 0), qn,
          cols);
  else
    e.vec(Opcode::VMov, sp(dstS, cols), acc(srcA, cols), {}, qn, cols);
}

void mlir::attn::systolic::emitPrimal(ScheduleEmitter &e, const PrimalShape &s,
                                      const PrimalOperands &ops, int64_t bq) {
  const int64_t d = s.d, r = s.s, dv = s.dv;
  const PrimalLayout l = layout(s, bq);

  e.mvin(sp(l.weS, r), ops.we, d, r);
  e.mvin(sp(l.wrS, r), ops.wr, d, r);
  e.mvin(sp(l.wcS, dv), ops.wc, 2 * r, dv);
  if (ops.bias)
    e.mvin(sp(l.biasS, dv), *ops.bias, 1, dv);
  e.tiles(s.n, bq, [&](Expr q0, int64_t qn, Expr j) {
    const Expr base = Expr(l.blkS) + (j % 2) * l.blk;
    const Expr qS = base, kS = base + Expr(bq * d),
               eS = base + Expr(2 * bq * d), rS = eS + Expr(bq * r);
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.mvin(sp(kS, d), {ops.k.sym, ops.k.off + q0 * ops.k.ld, ops.k.ld}, qn, d);
    // The vector unit's norms overlap the array's Q W_e and K W_r.
    if (s.l2) {
      rowInvNorms(e, qS, l.sqS, l.nqA, qn, d);
      rowInvNorms(e, kS, l.sqS, l.nkA, qn, d);
    }
    // One accumulator buffer suffices: block j+1's Q W_e comes after block
    // j's O += e W_c, which waits for the move of e; block j+1's O comes
    // after its Q W_e and K W_r (2 * (d/rows) * (s/cols) folds), the time
    // the store DMA has to write block j's O.
    e.matmul(acc(l.eA, r), sp(qS, d), sp(l.weS, r), qn, d, r, false);
    e.matmul(acc(l.rA, r), sp(kS, d), sp(l.wrS, r), qn, d, r, false);
    moveScaled(e, s, eS, l.eA, l.nqA, qn, r);
    if (ops.bias) // ld 0: the resident row for every query row
      e.vec(Opcode::VMov, acc(l.oA, dv), sp(l.biasS, 0), {}, qn, dv);
    // The move of r overlaps O += e W_c[0:s].
    moveScaled(e, s, rS, l.rA, l.nkA, qn, r);
    e.matmul(acc(l.oA, dv), sp(eS, r), sp(l.wcS, dv), qn, r, dv,
             bool(ops.bias));
    e.matmul(acc(l.oA, dv), sp(rS, r), sp(l.wcS + r * dv, dv), qn, r, dv,
             true);
    e.mvout({ops.out.sym, ops.out.off + q0 * ops.out.ld, ops.out.ld},
            acc(l.oA, dv), qn, dv);
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
