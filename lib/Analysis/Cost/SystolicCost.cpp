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
