//===- LatencyModel.h - Cycle model of a systolic target ---------*- C++ -*-===//
//
// Shared by the cost model (attn-cost) and the simulator (attn-sim) so that
// the two cannot drift apart.
//
// GEMM timing follows SCALE-Sim v2's analytical mode for an `M×K · K×N` GEMM
// on an `R×C` array:
//   mapping    OS: Sr=M, Sc=N, T=K    WS: Sr=K, Sc=N, T=M    IS: Sr=K, Sc=M, T=N
//   folds      = ceil(Sr/R) · ceil(Sc/C)
//   per fold   = 2R + C + T − 2 (WS, IS),  R + C + T − 2 (OS, as coded in v2)
//   cycles     = folds · per fold
// We report the cycle count (SCALE-Sim prints the last cycle index, one less).
//
// A target with `pe_double_buffer` (a second stationary register per PE, as
// Gemmini's and TPU v1's) overlaps each fold's preload (WS, IS) or drain (OS)
// with the previous fold's stream -- the previous GEMM's too -- so folds
// follow each other at the stream's pace (arrayTiming):
//   step       = max(T, R)       the next fold's preload takes R cycles
//   occupancy  = folds · step    the array takes the next GEMM after it
//   latency    = P + (folds − 1) · step + T + R + C − 2,  P = R (WS, IS), 0 (OS)
// One fold's latency is SCALE-Sim's per-fold count: a GEMM issued to an idle
// array pays its preload and its skew; one queued behind another shows
// neither. The simulator keeps the array's writes to one accumulator
// element in issue order (Machine::accOrder), as the pipeline does.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_TARGET_SYSTOLIC_LATENCYMODEL_H
#define ATTN_MLIR_TARGET_SYSTOLIC_LATENCYMODEL_H

#include "attn-mlir/Systolic/Core/ISA.h"
#include "attn-mlir/Systolic/Core/TargetDesc.h"

#include <array>

#include <cmath>
#include <cstdint>

namespace mlir::attn::systolic {

struct GemmTiming {
  uint64_t folds = 0, cyclesPerFold = 0, cycles = 0, macs = 0;
  /// MACs / (cycles · R · C).
  double utilization = 0;
};

/// SCALE-Sim v2 timing of one `M×K · K×N` GEMM. A zero extent gives zero.
GemmTiming scaleSimGemm(Dataflow df, unsigned rows, unsigned cols, uint64_t m,
                        uint64_t k, uint64_t n);
inline GemmTiming scaleSimGemm(const TargetDesc &t, uint64_t m, uint64_t k,
                               uint64_t n) {
  return scaleSimGemm(t.dataflow, t.rows, t.cols, m, k, n);
}

/// The array's cycles for one GEMM on target `t`: the cycles it is busy
/// (the next GEMM may start after them) and the cycles until the last
/// result lands. Equal, and SCALE-Sim v2's count, without
/// `pe_double_buffer`.
struct ArrayTiming {
  uint64_t occupancy = 0, latency = 0;
};
ArrayTiming arrayTiming(const TargetDesc &t, uint64_t m, uint64_t k,
                        uint64_t n);

/// ceil(x) as a cycle count, saturating at UINT64_MAX (and 0 for x <= 0 or
/// NaN): the models divide 64-bit work counts by rates, and converting a
/// quotient beyond uint64_t's range is undefined behaviour.
inline uint64_t ceilCycles(double x) {
  if (!(x > 0))
    return 0;
  double c = std::ceil(x);
  return c >= 18446744073709551616.0 ? UINT64_MAX : uint64_t(c);
}

/// One DMA transfer of `bytes`: latency + ceil(bytes / bytes-per-cycle);
/// zero bytes cost nothing.
uint64_t dmaCycles(const TargetDesc &t, uint64_t bytes);

/// Bytes one mvin/mvout moves: elements of the on-chip memory it writes or
/// reads -- `elem_type` for the scratchpad, `acc_type` for the accumulator
/// (Gemmini's DMA moves accumulator rows at full width). 0 for other
/// instructions.
uint64_t dmaBytes(const Instr &in, const TargetDesc &t);

/// Element-wise kinds the vector unit executes.
enum class VecOpKind { Add, Mul, Max, Exp, Div, Sqrt };

/// `elems` elements of one kind: ceil(elems / lanes) issues, each taking one
/// cycle (add/mul/max) or the target's exp/div/sqrt cycles.
uint64_t vectorCycles(const TargetDesc &t, uint64_t elems, VecOpKind kind);

/// The vector-unit kind of a vector opcode (its timing class): add for
/// add/sub/max, the data movers (vfill, vmov, vcausal) and the reductions,
/// mul for vmul/vmuls, exp, div (vrecip), sqrt (vrsqrt).
VecOpKind vectorKind(Opcode op);

/// The units that run instructions, each in program order.
enum class Unit : uint8_t { Load, Store, Array, Vector };
constexpr unsigned kNumUnits = 4;

/// Issue cycles of one instruction on its unit and its latency to
/// completion.
struct InstrTiming {
  Unit unit;
  uint64_t occupancy, latency;
};
InstrTiming instrTiming(const Instr &in, const TargetDesc &t);

/// Busy cycles per unit of a whole program (loops counted with their trip
/// counts), ignoring dependencies: what each unit must do at least, whatever
/// the overlap. Schedules price candidate plans with it.
std::array<uint64_t, kNumUnits> programBusy(const Program &p);

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_TARGET_SYSTOLIC_LATENCYMODEL_H
