//===- PrimalSchedule.cpp - Primal-Attention on the array -----------------===//
//
// Everything but the row norm is a GEMM: e = phi(Q) W_e, r = phi(K) W_r and
// O = e W_c[0:s] + r W_c[s:2s] (+ b_c, preloaded into the accumulator).
// Weights stay resident in the scratchpad; query blocks are double-buffered.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace mlir::attn::systolic;

static int64_t spadNeed(const PrimalShape &s, int64_t bq) {
  return 2 * s.d * s.s + 2 * s.s * s.dv + 2 * bq * (2 * s.d + 2 * s.s);
}
static int64_t accNeed(const PrimalShape &s, int64_t bq) {
  return 2 * bq * (s.dv + 2 * s.s) + bq * (s.d + 1);
}

std::optional<int64_t> mlir::attn::systolic::planPrimal(const ScheduleEmitter &e,
                                                  const PrimalShape &s,
                                                  std::string &why) {
  int64_t cap = std::min<int64_t>(s.n, std::max<int64_t>(256, 4 * e.unit()));
  for (int64_t bq = cap; bq >= 1;) {
    if (spadNeed(s, bq) <= e.spadCap() && accNeed(s, bq) <= e.accCap())
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

void mlir::attn::systolic::emitPrimal(ScheduleEmitter &e, const PrimalShape &s,
                                      const PrimalOperands &ops, int64_t bq) {
  const int64_t d = s.d, r = s.s, dv = s.dv;
  // Scratchpad: W_e | W_r | W_c | per parity: Q, K, e, r.
  const int64_t weS = 0, wrS = d * r, wcS = 2 * d * r;
  const int64_t blkS = wcS + 2 * r * dv, blk = 2 * bq * d + 2 * bq * r;
  // Accumulator: per parity: O, e, r | squares | norms.
  const int64_t blkA = bq * (dv + 2 * r), tA = 2 * blkA, nA = tA + bq * d;

  e.mvin(sp(weS, r), ops.we, d, r);
  e.mvin(sp(wrS, r), ops.wr, d, r);
  e.mvin(sp(wcS, dv), ops.wc, 2 * r, dv);
  e.tiles(s.n, bq, [&](Expr q0, int64_t qn, Expr j) {
    const Expr par = j % 2;
    const Expr base = Expr(blkS) + par * blk;
    const Expr qS = base, kS = base + Expr(bq * d),
               eS = base + Expr(2 * bq * d), rS = eS + Expr(bq * r);
    const Expr oA = par * blkA, eA = oA + Expr(bq * dv), rA = eA + Expr(bq * r);
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.mvin(sp(kS, d), {ops.k.sym, ops.k.off + q0 * ops.k.ld, ops.k.ld}, qn, d);
    if (s.l2) {
      // phi(x) = x * rsqrt(max(sum x^2, 1e-24)) = x / max(||x||, 1e-12).
      for (const Expr *xS : {&qS, &kS}) {
        e.vec(Opcode::VMul, acc(tA, d), sp(*xS, d), sp(*xS, d), qn, d);
        e.vec(Opcode::VRowSum, acc(nA, 1), acc(tA, d), {}, qn, d);
        e.vec(Opcode::VMaxS, acc(nA, 1), acc(nA, 1), {}, qn, 1, 1e-24f);
        e.vec(Opcode::VRsqrt, acc(nA, 1), acc(nA, 1), {}, qn, 1);
        e.vec(Opcode::VMul, sp(*xS, d), sp(*xS, d), acc(nA, 1, 0), qn, d);
      }
    }
    e.matmul(acc(eA, r), sp(qS, d), sp(weS, r), qn, d, r, false);
    e.matmul(acc(rA, r), sp(kS, d), sp(wrS, r), qn, d, r, false);
    e.vec(Opcode::VMov, sp(eS, r), acc(eA, r), {}, qn, r);
    e.vec(Opcode::VMov, sp(rS, r), acc(rA, r), {}, qn, r);
    if (ops.bias)
      e.mvin(acc(oA, dv), *ops.bias, qn, dv); // ld 0: the row, qn times
    e.matmul(acc(oA, dv), sp(eS, r), sp(wcS, dv), qn, r, dv, bool(ops.bias));
    e.matmul(acc(oA, dv), sp(rS, r), sp(wcS + r * dv, dv), qn, r, dv, true);
    e.mvout({ops.out.sym, ops.out.off + q0 * ops.out.ld, ops.out.ld},
            acc(oA, dv), qn, dv);
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
