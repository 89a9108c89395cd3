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
  // The tile of rows beside the running sum, the count and its reciprocal.
  return std::max<int64_t>(
      0, std::min<int64_t>(n, (e.spadCap() - d - 2) / std::max<int64_t>(d, 1)));
}

void mlir::attn::systolic::emitPrefixMean(ScheduleEmitter &e,
                                          const PrefixMeanOperands &ops,
                                          int64_t n, int64_t d, int64_t seen,
                                          int64_t rows) {
  // Scratchpad: sum [1 x d] | count | 1 / count | rows [rows x d].
  const int64_t sumS = 0, cntS = d, rcpS = d + 1, xS = d + 2;
  if (ops.sumIn)
    e.mvin(sp(sumS, d), *ops.sumIn, 1, d);
  else
    e.vec(Opcode::VFill, sp(sumS, d), {}, {}, 1, d, 0.0f);
  // The 1-based position of the first row; exact in f32 up to 2^24.
  e.vec(Opcode::VFill, sp(cntS, 1), {}, {}, 1, 1, float(seen + 1));
  e.tiles(n, rows, [&](Expr r0, int64_t rn, Expr) {
    e.mvin(sp(xS, d), {ops.x.sym, ops.x.off + r0 * ops.x.ld, ops.x.ld}, rn, d);
    e.loop(rn, [&](Expr r) {
      const Expr row = Expr(xS) + r * d;
      // sum += x_r; x_r = sum * (1 / count); count += 1.
      e.vec(Opcode::VAdd, sp(sumS, d), sp(sumS, d), sp(row, d), 1, d);
      e.vec(Opcode::VRecip, sp(rcpS, 1), sp(cntS, 1), {}, 1, 1);
      e.vec(Opcode::VMul, sp(row, d), sp(sumS, d), sp(rcpS, 1, 0), 1, d);
      e.vec(Opcode::VAddS, sp(cntS, 1), sp(cntS, 1), {}, 1, 1, 1.0f);
    });
    e.mvout({ops.mean.sym, ops.mean.off + r0 * ops.mean.ld, ops.mean.ld},
            sp(xS, d), rn, d);
  });
  if (ops.sumOut)
    e.mvout(*ops.sumOut, sp(sumS, d), 1, d);
}
