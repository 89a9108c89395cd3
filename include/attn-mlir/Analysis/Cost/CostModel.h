//===- CostModel.h - Targets and the latency model ---------------*- C++ -*-===//
//
// A cost target is a CPU description (roofline: peak flops, DRAM bandwidth,
// cache sizes, vector exp throughput) or a systolic array (TargetDesc, timed
// with the SCALE-Sim v2 model shared with the simulator). Either turns an
// OpWork into cycles, seconds and the bound that limits it.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_ANALYSIS_COST_COSTMODEL_H
#define ATTN_MLIR_ANALYSIS_COST_COSTMODEL_H

#include "attn-mlir/Analysis/Cost/Work.h"
#include "attn-mlir/Systolic/Core/TargetDesc.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::attn::cost {

struct CpuTarget {
  std::string name = "zen3";
  /// Defaults: the `zen3` preset (one AMD Zen 3 core, AVX2 + FMA, 2.45 GHz
  /// base clock of an EPYC 7003): 2 FMA pipes × 8 f32 lanes × 2 flops.
  double clockGHz = 2.45;
  double flopsPerCycle = 32;
  /// ≈ 10 GB/s single-thread streaming (memcpy, docs/cost-model.md).
  double dramGBPerS = 10;
  unsigned l1KiB = 32, l2KiB = 512, l3KiB = 32768;
  /// Throughput of a vectorized polynomial exp, cycles per element.
  double expCyclesPerElem = 0.5;
  /// The on-chip capacity the DRAM model may use: the per-core L2.
  uint64_t onChipBytes() const { return uint64_t(l2KiB) * 1024; }
};

/// The CPU presets (docs/cost-model.md, "Targets"): "zen3", "icelake-server",
/// "neoverse-n1", and "cpu", the default, which is "zen3". nullopt for
/// other names.
std::optional<CpuTarget> lookupCpuPreset(llvm::StringRef name);
/// Names lookupCpuPreset knows, in documentation order.
llvm::ArrayRef<llvm::StringRef> cpuPresetNames();

/// What cpuTargetFromHost reads about the machine it runs on, gathered by
/// readHostCpuInfo(); a struct so that tests can describe made-up hosts.
struct HostCpuInfo {
  /// llvm::sys::getHostCPUName(), e.g. "znver3", "icelake-server",
  /// "neoverse-n1"; "generic" when LLVM does not know the CPU.
  std::string cpuName;
  /// llvm::sys::getHostCPUFeatures() entries that are true ("avx2",
  /// "avx512f", "fma", "neon", …).
  std::vector<std::string> features;
  /// /proc/cpuinfo (may be empty).
  std::string procCpuinfo;
  /// cpufreq, in kHz, where the kernel exposes it:
  /// /sys/devices/system/cpu/cpu0/cpufreq/{base_frequency,cpuinfo_max_freq}.
  std::optional<double> baseKHz, maxKHz;
  /// Per-core data/unified cache sizes from
  /// /sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}.
  std::optional<unsigned> l1dKiB, l2KiB, l3KiB;
};
HostCpuInfo readHostCpuInfo();

/// `target=host`: f32 lanes from the widest vector extension (AVX-512 16,
/// AVX 8, SSE/NEON 4), FMA pipes (2 where the ISA has FMA, fewer on the few
/// cores known to have one: see CostModel.cpp), flops/cycle = lanes × 2 ×
/// pipes, exp cost = 16 flops per element; clock from cpufreq's base
/// frequency, else the "@ x.xxGHz" of Intel model names, else cpufreq's
/// maximum, else /proc/cpuinfo's "cpu MHz"; caches from sysfs. Whatever is
/// not detected (always: DRAM bandwidth) keeps the `cpu` preset's value.
/// The name is "host-<cpuName>".
CpuTarget cpuTargetFromHost(const HostCpuInfo &info);

/// Parses `{"kind": "cpu", "name": …, "clock_ghz": …, "flops_per_cycle": …,
/// "dram_gb_per_s": …, "l1_kib": …, "l2_kib": …, "l3_kib": …,
/// "exp_cycles_per_elem": …}`; every key but kind is optional.
llvm::Expected<CpuTarget> parseCpuTargetJSON(llvm::StringRef text);

struct CostTarget {
  std::optional<CpuTarget> cpu;
  std::optional<systolic::TargetDesc> systolic;

  llvm::StringRef name() const;
  bool isSystolic() const { return systolic.has_value(); }
  double clockHz() const;
  /// Scratchpad + accumulator, or the CPU's L2.
  uint64_t onChipBytes() const;
};

/// `spec`: a CPU preset ("cpu", also the empty string: the default CPU;
/// "zen3", "icelake-server", "neoverse-n1"), "host" (the CPU this runs on,
/// cpuTargetFromHost(readHostCpuInfo())), a systolic preset ("gemmini",
/// "tpu-v1", "edge"), or a .json file holding a CPU (`"kind": "cpu"`) or
/// systolic description.
llvm::Expected<CostTarget> loadCostTarget(llvm::StringRef spec);

enum class Bound { Compute, Memory, Vector };
llvm::StringRef stringifyBound(Bound b);

struct Latency {
  uint64_t computeCycles = 0, memoryCycles = 0, vectorCycles = 0;
  uint64_t cycles = 0;
  double seconds = 0;
  Bound bound = Bound::Compute;
};

/// Roofline on a CPU: the largest of compute (2·MACs + non-exp flops at peak),
/// memory (DRAM bytes at bandwidth) and vector exp time. On a systolic array:
/// SCALE-Sim cycles of every GEMM, DMA of the DRAM bytes and vector-unit time
/// for the element-wise flops, overlapped (double buffering) — see
/// SystolicCost.cpp.
Latency estimateLatency(const CostTarget &target, const OpWork &work);

/// What the simulator reports for a Program the systolic lowering emits,
/// from its timing-only mode: the same code and the same JSON fields as
/// `attn-sim` (SystolicCost.cpp).
struct SystolicRun {
  uint64_t cycles = 0, macs = 0, dramBytesRead = 0, dramBytesWritten = 0;
  Latency latency;
  llvm::json::Object json;
};

/// An attn op alone, as convert-attn-to-systolic lowers it, simulated.
/// Fails, with the lowering's reason emitted at the op, when the lowering
/// refuses it: there is no program to price.
FailureOr<SystolicRun> simulateSystolicOp(Operation *op,
                                          const systolic::TargetDesc &t,
                                          const WorkConfig &config);

/// A function the lowering takes whole (one kernel: its ops overlap where
/// their data allows), simulated; nullopt for other functions, failure
/// (emitted) when the lowering refuses it.
FailureOr<std::optional<SystolicRun>>
simulateSystolicFunction(Operation *func, const systolic::TargetDesc &t,
                         const WorkConfig &config);

/// The systolic half of estimateLatency.
Latency estimateSystolicLatency(const systolic::TargetDesc &t,
                                const OpWork &work);
/// Its three terms (array, DMA, vector unit) before they are combined
/// (SystolicCost.cpp: the part that models the systolic lowering's schedule).
Latency estimateSystolicLatencyTerms(const systolic::TargetDesc &t,
                                     const OpWork &work);

} // namespace mlir::attn::cost

#endif // ATTN_MLIR_ANALYSIS_COST_COSTMODEL_H
