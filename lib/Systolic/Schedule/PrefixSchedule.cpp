//===- PrefixSchedule.cpp - running means on the vector unit --------------===//
//
// Causal Primal-Attention replaces each query and key row by the mean of the
// rows up to it. The scan runs on the vector unit, one row per step, with
// the running sum and the token count kept on chip; the prefix means go to a
// DRAM buffer that the primal schedule then reads like a non-causal query.
// Rows sit in hardware loops (the count is a vector on chip, incremented per
// row, not an immediate), so the program does not grow with N.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"

#include <algorithm>

using namespace mlir::attn::systolic;

int64_t mlir::attn::systolic::prefixMeanRows(const ScheduleEmitter &e,
                                             int64_t n, int64_t d) {
  // The tile of rows, beside the running sum, the count and its reciprocal
  // when those are in the scratchpad (statMem).
  const int64_t state = e.statMem() == Mem::Spad ? d + 2 : 0;
  if (e.statMem() == Mem::Acc && e.accCap() < d + 2)
    return 0;
  return std::max<int64_t>(
      0, std::min<int64_t>(n, (e.spadCap() - state) / std::max<int64_t>(d, 1)));
}

void mlir::attn::systolic::emitPrefixMean(ScheduleEmitter &e,
                                          const PrefixMeanOperands &ops,
                                          int64_t n, int64_t d, int64_t seen,
                                          int64_t rows) {
  // sum [1 x d] | count | 1 / count, in the scratchpad or, where it is
  // narrower than f32, the accumulator (statMem: a bf16 sum drops small
  // rows, a bf16 count stops at 256); rows [rows x d] in the scratchpad.
  const Mem st = e.statMem();
  const int64_t sumS = 0, cntS = d, rcpS = d + 1,
                xS = st == Mem::Spad ? d + 2 : 0;
  auto stat = [&](int64_t a, int64_t ld, int64_t cs = 1) {
    return Ref{st, Expr(a), ld, cs};
  };
  if (ops.sumIn)
    e.mvin(stat(sumS, d), *ops.sumIn, 1, d);
  else
    e.vec(Opcode::VFill, stat(sumS, d), {}, {}, 1, d, 0.0f);
  // The 1-based position of the first row; exact in f32 up to 2^24.
  e.vec(Opcode::VFill, stat(cntS, 1), {}, {}, 1, 1, float(seen + 1));
  e.tiles(n, rows, [&](Expr r0, int64_t rn, Expr) {
    e.mvin(sp(xS, d), {ops.x.sym, ops.x.off + r0 * ops.x.ld, ops.x.ld}, rn, d);
    e.loop(rn, [&](Expr r) {
      const Expr row = Expr(xS) + r * d;
      // sum += x_r; x_r = sum * (1 / count); count += 1.
      e.vec(Opcode::VAdd, stat(sumS, d), stat(sumS, d), sp(row, d), 1, d);
      e.vec(Opcode::VRecip, stat(rcpS, 1), stat(cntS, 1), {}, 1, 1);
      e.vec(Opcode::VMul, sp(row, d), stat(sumS, d), stat(rcpS, 1, 0), 1, d);
      e.vec(Opcode::VAddS, stat(cntS, 1), stat(cntS, 1), {}, 1, 1, 1.0f);
    });
    e.mvout({ops.mean.sym, ops.mean.off + r0 * ops.mean.ld, ops.mean.ld},
            sp(xS, d), rn, d);
  });
  if (ops.sumOut)
    e.mvout(*ops.sumOut, stat(sumS, d), 1, d);
}
