//===- SystolicCost.cpp - Latency terms on a systolic array ---------------===//
//
// The array term is SCALE-Sim v2's GEMM timing (LatencyModel.h) summed over
// the op's GEMMs; the memory term moves the op's DRAM bytes at the target's
// DMA rate; the vector term runs every element-wise flop on the vector unit.
// With double buffering the three overlap, so the latency is the largest
// (CostModel.cpp). The systolic lowering's schedule is what this models;
// the simulator's cycle counts check it (test/Integration/Systolic).
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Analysis/Cost/CostModel.h"
#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"
#include "attn-mlir/Conversion/AttnToSystolic/ScheduleModel.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/Target/Systolic/LatencyModel.h"

using namespace mlir::attn::cost;
using namespace mlir::attn::systolic;

Latency mlir::attn::cost::estimateSystolicLatencyTerms(const TargetDesc &t,
                                                       const OpWork &work) {
  Latency l;
  for (const GemmShape &g : work.gemms)
    l.computeCycles += g.count * scaleSimGemm(t, g.m, g.k, g.n).cycles;
  l.memoryCycles = dmaCycles(t, work.dramBytes);
  const FlopCounts &f = work.flops;
  l.vectorCycles = vectorCycles(t, f.add, VecOpKind::Add) +
                   vectorCycles(t, f.mul, VecOpKind::Mul) +
                   vectorCycles(t, f.max, VecOpKind::Max) +
                   vectorCycles(t, f.exp, VecOpKind::Exp) +
                   vectorCycles(t, f.div, VecOpKind::Div) +
                   vectorCycles(t, f.sqrt, VecOpKind::Sqrt);
  return l;
}

// The generated schedule's own recurrence (ScheduleModel.cpp): what
// convert-attn-to-systolic emits for this op, timed per tile with the terms
// above, overlapped only where the schedule lets units overlap. The
// integration tests hold it within 10 % of the simulator.
std::optional<Latency> mlir::attn::cost::estimateSystolicScheduleLatency(
    Operation *op, const TargetDesc &t, const WorkConfig &config) {
  std::optional<ScheduleCycles> m =
      modelScheduleCycles(op, t, config.strategy);
  if (!m)
    return std::nullopt;
  Latency l;
  l.computeCycles = m->array;
  l.memoryCycles = m->dma;
  l.vectorCycles = m->vector;
  l.cycles = m->total;
  uint64_t busiest = std::max({m->array, m->dma, m->vector});
  l.bound = busiest == m->array ? Bound::Compute
            : busiest == m->dma ? Bound::Memory
                                : Bound::Vector;
  l.seconds = double(m->total) / (t.clockMHz * 1e6);
  return l;
}

std::optional<uint64_t> mlir::attn::cost::estimateSystolicFunctionCycles(
    Block &body, const TargetDesc &t, const WorkConfig &config) {
  // Only functions the systolic lowering takes whole: attn ops and inits.
  bool onlyAttn = true;
  body.walk([&](WorkOpInterface op) {
    if (!isa<VanillaOp, PrimalOp, PrimalWeightsOp>(op.getOperation()))
      onlyAttn = false;
  });
  if (!onlyAttn)
    return std::nullopt;
  std::optional<ScheduleCycles> m =
      modelFunctionCycles(body, t, config.strategy);
  if (!m)
    return std::nullopt;
  return m->total;
}
