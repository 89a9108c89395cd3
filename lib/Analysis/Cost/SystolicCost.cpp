//===- SystolicCost.cpp - Latency terms on a systolic array ---------------===//
//
// Ops the systolic lowering takes (attn ops) are not modelled: their
// Program -- the one convert-attn-to-systolic emits, from the one copy of
// each schedule -- is run by the simulator's timing-only mode, so attn-cost
// reports what attn-sim reports, exactly. Other ops (linalg) keep an
// analytic roofline: the array's GEMM timing (LatencyModel.h) summed over
// the op's GEMMs, its DRAM bytes at the DMA rate, its element-wise flops on
// the vector unit, overlapped (the largest wins, CostModel.cpp).
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Analysis/Cost/CostModel.h"
#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/Systolic/Lowering/AttnToProgram.h"
#include "attn-mlir/Systolic/Sim/Machine.h"
#include "attn-mlir/Systolic/Core/LatencyModel.h"

using namespace mlir::attn::cost;
using namespace mlir;
using namespace mlir::attn::systolic;

Latency mlir::attn::cost::estimateSystolicLatencyTerms(const TargetDesc &t,
                                                       const OpWork &work) {
  Latency l;
  for (const GemmShape &g : work.gemms)
    l.computeCycles += g.count * arrayTiming(t, g.m, g.k, g.n).occupancy;
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

static SystolicRun runOf(const Program &p, const Report &r) {
  SystolicRun run;
  run.cycles = r.cycles;
  run.macs = r.macs;
  run.dramBytesRead = r.dramBytesRead;
  run.dramBytesWritten = r.dramBytesWritten;
  Latency &l = run.latency;
  l.computeCycles = r.busy[unsigned(Unit::Array)];
  l.memoryCycles =
      std::max(r.busy[unsigned(Unit::Load)], r.busy[unsigned(Unit::Store)]);
  l.vectorCycles = r.busy[unsigned(Unit::Vector)];
  l.cycles = r.cycles;
  uint64_t busiest = std::max({l.computeCycles, l.memoryCycles, l.vectorCycles});
  l.bound = busiest == l.computeCycles  ? Bound::Compute
            : busiest == l.memoryCycles ? Bound::Memory
                                        : Bound::Vector;
  l.seconds = double(r.cycles) / (p.target.clockMHz * 1e6);
  run.json = r.toJSON(p);
  return run;
}

static FailureOr<SystolicRun> simulate(Operation *anchor, const Program &p) {
  llvm::Expected<Report> r = timeProgram(p);
  if (!r)
    return anchor->emitOpError("systolic simulation: ")
           << llvm::toString(r.takeError());
  return runOf(p, *r);
}

FailureOr<SystolicRun>
mlir::attn::cost::simulateSystolicOp(Operation *op, const TargetDesc &t,
                                     const WorkConfig &config) {
  LoweringOptions opts;
  opts.strategy = config.strategy;
  FailureOr<Program> p = lowerOp(op, t, opts);
  if (failed(p))
    return failure();
  return simulate(op, *p);
}

FailureOr<std::optional<SystolicRun>>
mlir::attn::cost::simulateSystolicFunction(Operation *func, const TargetDesc &t,
                                           const WorkConfig &config) {
  auto f = dyn_cast<func::FuncOp>(func);
  if (!f || !isSystolicKernelCandidate(f))
    return std::optional<SystolicRun>();
  LoweringOptions opts;
  opts.strategy = config.strategy;
  FailureOr<Program> p = lowerFunction(f, t, opts);
  if (failed(p))
    return failure();
  FailureOr<SystolicRun> run = simulate(func, *p);
  if (failed(run))
    return failure();
  return std::optional<SystolicRun>(std::move(*run));
}
