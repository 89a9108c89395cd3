//===- LatencyModel.cpp - SCALE-Sim v2 GEMM timing, DMA, vector unit ------===//

#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir::attn::systolic;

GemmTiming mlir::attn::systolic::scaleSimGemm(Dataflow df, unsigned rows,
                                        unsigned cols, uint64_t m, uint64_t k,
                                        uint64_t n) {
  GemmTiming g;
  if (!m || !k || !n || !rows || !cols)
    return g;
  // Spatial rows/cols and temporal extent of the mapping (SCALE-Sim v2).
  uint64_t sr = 0, sc = 0, t = 0;
  switch (df) {
  case Dataflow::OS:
    sr = m, sc = n, t = k;
    break;
  case Dataflow::WS:
    sr = k, sc = n, t = m;
    break;
  case Dataflow::IS:
    sr = k, sc = m, t = n;
    break;
  }
  g.folds = llvm::divideCeil(sr, rows) * llvm::divideCeil(sc, cols);
  g.cyclesPerFold = (df == Dataflow::OS ? rows : 2 * uint64_t(rows)) + cols +
                    t - 2;
  g.cycles = g.folds * g.cyclesPerFold;
  g.macs = m * k * n;
  g.utilization = double(g.macs) / (double(g.cycles) * rows * cols);
  return g;
}

uint64_t mlir::attn::systolic::dmaCycles(const TargetDesc &t, uint64_t bytes) {
  if (!bytes)
    return 0;
  return llvm::SaturatingAdd(
      uint64_t(t.dramLatencyCycles),
      ceilCycles(double(bytes) / t.dramBytesPerCycle));
}

uint64_t mlir::attn::systolic::vectorCycles(const TargetDesc &t, uint64_t elems,
                                      VecOpKind kind) {
  uint64_t perIssue = 1;
  switch (kind) {
  case VecOpKind::Add:
  case VecOpKind::Mul:
  case VecOpKind::Max:
    break;
  case VecOpKind::Exp:
    perIssue = t.expCycles;
    break;
  case VecOpKind::Div:
    perIssue = t.divCycles;
    break;
  case VecOpKind::Sqrt:
    perIssue = t.sqrtCycles;
    break;
  }
  return llvm::divideCeil(elems, t.vectorLanes) * perIssue;
}
