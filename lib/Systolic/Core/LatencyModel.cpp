//===- LatencyModel.cpp - SCALE-Sim v2 GEMM timing, DMA, vector unit ------===//

#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
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

ArrayTiming mlir::attn::systolic::arrayTiming(const TargetDesc &t, uint64_t m,
                                             uint64_t k, uint64_t n) {
  GemmTiming g = scaleSimGemm(t, m, k, n);
  if (!t.peDoubleBuffer || !g.folds)
    return {g.cycles, g.cycles};
  // The streamed extent T and the exposed first preload P (WS streams M,
  // IS streams N, OS streams K; OS has no preload).
  uint64_t tExt = t.dataflow == Dataflow::WS   ? m
                  : t.dataflow == Dataflow::IS ? n
                                               : k;
  uint64_t preload = t.dataflow == Dataflow::OS ? 0 : t.rows;
  uint64_t step = std::max<uint64_t>(tExt, t.rows);
  uint64_t skew = uint64_t(t.rows) + t.cols - 2;
  ArrayTiming a;
  // The next GEMM's first preload shifts in during this one's last stream
  // (step >= preload), so only latency counts it: a GEMM issued to an idle
  // array shows its preload, one that queues behind another does not.
  a.occupancy = g.folds * step;
  a.latency = preload + (g.folds - 1) * step + tExt + skew;
  return a;
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

VecOpKind mlir::attn::systolic::vectorKind(Opcode op) {
  switch (op) {
  case Opcode::VMul:
  case Opcode::VMulS:
    return VecOpKind::Mul;
  case Opcode::VMax:
  case Opcode::VMaxS:
  case Opcode::VRowMax:
    return VecOpKind::Max;
  case Opcode::VExp:
    return VecOpKind::Exp;
  case Opcode::VRecip:
    return VecOpKind::Div;
  case Opcode::VRsqrt:
    return VecOpKind::Sqrt;
  default:
    return VecOpKind::Add;
  }
}

uint64_t mlir::attn::systolic::dmaBytes(const Instr &in, const TargetDesc &t) {
  if (in.op != Opcode::Mvin && in.op != Opcode::Mvout)
    return 0;
  Mem m = in.op == Opcode::Mvin ? in.d.mem : in.a.mem;
  return uint64_t(in.rows) * uint64_t(in.cols) *
         (m == Mem::Spad ? t.elemBytes() : t.accBytes());
}

InstrTiming mlir::attn::systolic::instrTiming(const Instr &in, const TargetDesc &t) {
  uint64_t elems = uint64_t(in.rows) * uint64_t(in.cols);
  switch (in.op) {
  case Opcode::Mvin:
  case Opcode::Mvout: {
    uint64_t bytes = dmaBytes(in, t);
    uint64_t total = dmaCycles(t, bytes);
    // The latency is pipelined: the channel takes the next request once
    // this one's bytes have left, the data lands `latency` cycles later.
    uint64_t occ = total - std::min<uint64_t>(total, t.dramLatencyCycles);
    return {in.op == Opcode::Mvin ? Unit::Load : Unit::Store, occ, total};
  }
  case Opcode::Matmul: {
    ArrayTiming a = arrayTiming(t, in.rows, in.k, in.cols);
    return {Unit::Array, a.occupancy, a.latency};
  }
  case Opcode::Fence:
    return {Unit::Vector, 0, 0};
  default:
    break;
  }
  VecOpKind kind = vectorKind(in.op);
  uint64_t c = vectorCycles(t, elems, kind);
  return {Unit::Vector, c, c};
}

std::array<uint64_t, kNumUnits>
mlir::attn::systolic::programBusy(const Program &p) {
  std::array<uint64_t, kNumUnits> busy{};
  // Trip-count product of the enclosing loops.
  llvm::SmallVector<uint64_t, 8> times{1};
  for (const Instr &in : p.instrs) {
    if (in.op == Opcode::Loop) {
      times.push_back(times.back() * uint64_t(in.count));
      continue;
    }
    if (in.op == Opcode::EndLoop) {
      times.pop_back();
      continue;
    }
    InstrTiming it = instrTiming(in, p.target);
    busy[unsigned(it.unit)] += it.occupancy * times.back();
  }
  return busy;
}
