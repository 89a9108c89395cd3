//===- Machine.h - Functional and timing simulator ----------------*- C++ -*-===//
//
// Executes systolic programs instruction by instruction: f32-exact
// functional semantics plus a cycle model (docs/systolic-isa.md, "Timing").
// Four units run in parallel, each in program order: the load DMA (mvin), the
// store DMA (mvout), the array (matmul) and the vector unit. An instruction
// starts when its unit is free and every element it reads or writes is no
// longer being written (or, for writes, read) by an earlier instruction.
//
// Hardware loops run iteration by iteration. In timing-only mode (no data)
// a loop whose timing state repeats -- every unit clock and every on-chip
// timestamp it touches advances by the same number of cycles per period --
// skips the remaining whole periods by adding that advance (max-plus
// periodicity: the same instructions from a translated state give
// translated times), which makes the cost of timing a program grow with its
// length, not with the iterations it runs. Exactness is tested against the
// unrolled run (unittests/Systolic/Sim/LoopTimingTest).
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_SYSTOLIC_SIM_MACHINE_H
#define ATTN_MLIR_SYSTOLIC_SIM_MACHINE_H

#include "attn-mlir/Systolic/Core/ISA.h"
#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <array>
#include <vector>

namespace mlir::attn::systolic {


/// A report's energy in pJ (docs/systolic.md, "Energy"): the action counts
/// times the target's energy table, plus each unit's idle cycles
/// (cycles - busy) times its idle entry.
struct EnergyBreakdown {
  /// Sum of `units` (in Unit order).
  double total = 0;
  std::array<double, kNumUnits> units{};
  /// Per entry of the table, summed over units.
  std::array<double, kNumEnergyKeys> entries{};
};

struct Report {
  uint64_t cycles = 0;
  std::array<uint64_t, kNumUnits> busy{};
  /// Cycles units waited for data after they became free.
  uint64_t stallCycles = 0;
  /// `instructions` counts executions (loops expanded).
  uint64_t macs = 0, instructions = 0;
  uint64_t dramBytesRead = 0, dramBytesWritten = 0;
  /// Exact action counts per unit, indexed by EnergyKey up to
  /// kNumActionKinds: MACs, bytes per memory and direction, DRAM bytes,
  /// vector elements per kind (countActions). Energy is derived from them
  /// only when reported, so reports compare exactly and the fast path
  /// scales them like the other counters.
  std::array<std::array<uint64_t, kNumActionKinds>, kNumUnits> actions{};
  double utilization(const TargetDesc &t) const;
  /// Idle cycles of a unit: cycles - busy.
  uint64_t idleCycles(Unit u) const;
  /// Each action kind counted over all units.
  std::array<uint64_t, kNumActionKinds> actionTotals() const;
  /// The energy of the counts and idle cycles under the target's table
  /// (energyTable(t)). Every sum runs in one fixed order (units in Unit
  /// order, entries in EnergyKey order), so equal reports give
  /// bit-identical energies.
  EnergyBreakdown energy(const TargetDesc &t) const;
  /// The report's JSON fields (docs/systolic-isa.md, "Report"); attn-cost
  /// writes the same object for the same program.
  llvm::json::Object toJSON(const Program &p) const;
  bool operator==(const Report &o) const;
};

/// A lower bound on the cycles of any schedule doing a program's work on
/// its target: the array at full fold efficiency for its MACs, the vector
/// unit for the non-GEMM work it issues, the DMA channels for the
/// compulsory traffic (every input read once, every output written once,
/// capped by what the program moves: a gather reads part of a buffer).
/// `efficiency` in the report is bound / cycles.
struct ProgramBound {
  uint64_t array = 0, vector = 0, dma = 0, cycles = 0;
  const char *unit = "array";
};
ProgramBound lowerBound(const Program &p, const Report &r);

/// The actions one instruction (without index terms) performs, added to
/// `counts` (indexed by EnergyKey): every element of every window it reads
/// or writes is one access of the element's bytes in its memory (a
/// broadcast window reads its element once per use); mvin/mvout move
/// rows*cols*4 DRAM bytes; matmul does m*k*n MACs, reads its a and b
/// windows once (one fold: the array holds the stationary tile and streams
/// the other), reads the accumulator tile when accumulating and writes it;
/// a vector op does rows*cols element operations of its kind (the empty
/// lanes of a partly filled issue are not charged).
void countActions(const Instr &in, const TargetDesc &t,
                  std::array<uint64_t, kNumActionKinds> &counts);

/// The simulator holds the scratchpad and the accumulator in host memory,
/// with two timing stamps per element: each may hold at most 2^24 elements
/// (64 MiB of f32). Larger targets can still be compiled, not simulated.
llvm::Error checkSimulatable(const TargetDesc &t);

class LoopRunner;

/// The last-access cycle of every element of one on-chip memory, kept so a
/// window's latest stamp costs one look per block of kBlock elements. Every
/// update is a max: a write's finish is never below the element's last
/// write or read (readyTime waits for both), and reads take the max. So a
/// block-wide update can be kept lazily as one `pending` stamp, and a
/// block's maximum is exact. (The per-element walk was nearly all of the
/// simulator's time.)
class StampBoard {
public:
  static constexpr uint64_t kBlock = 16;
  void assign(int64_t n) {
    elem.assign(n, 0);
    int64_t nb = (n + kBlock - 1) / kBlock;
    pending.assign(nb, 0);
    blockMax.assign(nb, 0);
  }
  int64_t size() const { return int64_t(elem.size()); }
  uint64_t get(int64_t a) const {
    return std::max(elem[a], pending[a / kBlock]);
  }
  /// Raises element `a` to `v`.
  void raise(int64_t a, uint64_t v) {
    elem[a] = std::max(elem[a], v);
    blockMax[a / kBlock] = std::max(blockMax[a / kBlock], v);
  }
  /// The latest stamp of `n` elements from `a`, `cs` apart.
  uint64_t maxOf(int64_t a, int64_t n, int64_t cs) const {
    uint64_t m = 0;
    if (cs != 1) {
      for (int64_t j = 0; j < n; ++j)
        m = std::max(m, get(a + j * cs));
      return m;
    }
    for (uint64_t i = a, e = a + n; i < e;) {
      uint64_t b = i / kBlock, end = std::min(e, (b + 1) * kBlock);
      if (i == b * kBlock && end == (b + 1) * kBlock) {
        m = std::max(m, blockMax[b]);
      } else {
        m = std::max(m, pending[b]);
        for (uint64_t k = i; k < end; ++k)
          m = std::max(m, elem[k]);
      }
      i = end;
    }
    return m;
  }
  /// Raises `n` elements from `a`, `cs` apart, to `v`.
  void raise(int64_t a, int64_t n, int64_t cs, uint64_t v) {
    if (cs != 1) {
      for (int64_t j = 0; j < n; ++j)
        raise(a + j * cs, v);
      return;
    }
    for (uint64_t i = a, e = a + n; i < e;) {
      uint64_t b = i / kBlock, end = std::min(e, (b + 1) * kBlock);
      if (i == b * kBlock && end == (b + 1) * kBlock)
        pending[b] = std::max(pending[b], v);
      else
        for (uint64_t k = i; k < end; ++k)
          elem[k] = std::max(elem[k], v);
      blockMax[b] = std::max(blockMax[b], v);
      i = end;
    }
  }

private:
  std::vector<uint64_t> elem, pending, blockMax;
};

class Machine {
public:
  /// `timingOnly`: no data is held or computed; only the clocks run.
  explicit Machine(const TargetDesc &t, bool timingOnly = false);

  /// Declares a DRAM buffer backed by `data` (not owned) of `numel` floats
  /// (null in timing-only mode).
  void bind(const Buffer &b, float *data);
  /// Declares a DRAM buffer the machine owns (scratch), zero-filled.
  void allocate(const Buffer &b);

  /// Checks and runs one instruction without index terms (loop bodies are
  /// instantiated first). Errors carry no line number.
  llvm::Error execute(const Instr &in);

  const Report &report() const { return rep; }
  /// Issue and completion cycle of the last instruction executed.
  std::pair<uint64_t, uint64_t> lastInterval() const { return last; }
  const TargetDesc &target() const { return tgt; }
  llvm::ArrayRef<Buffer> buffers() const { return bufs; }

private:
  friend class LoopRunner;
  struct Dram {
    float *data = nullptr;
    std::vector<float> owned;
    /// Inputs are never written (checkInstr), so their reads constrain
    /// nothing and are not stamped.
    bool input = false;
    /// Timestamps per chunk of kDramChunk elements.
    std::vector<uint64_t> lastWrite, lastRead;
  };
  /// Loop runners listening to what instructions touch (fast path).
  struct Listener {
    virtual ~Listener() = default;
    virtual void onLocal(Mem m, int64_t addr) = 0;
    /// An mvout of `in` (concrete), an instance of `tmpl`.
    virtual void onDramWrite(Dram &d, const Instr &in, const Instr *tmpl,
                             uint64_t start, uint64_t finish) = 0;
  };
  static constexpr int64_t kDramChunk = 64;
  /// Calls `f` once on each DRAM timestamp chunk of `rows` rows of `cols`
  /// elements from `off`, `ld` apart (ld >= 0).
  template <typename F>
  static void forDramChunks(int64_t off, int64_t ld, int64_t rows,
                            int64_t cols, F f) {
    int64_t prev = -1;
    for (int64_t i = 0; i < rows; ++i) {
      int64_t o = off + i * ld;
      for (int64_t c = std::max(o / kDramChunk, prev + 1);
           c <= (o + cols - 1) / kDramChunk; ++c)
        f(prev = c);
    }
  }

  void runFunctional(const Instr &in);
  /// Rounds what `in` wrote to the scratchpad or DRAM to the element type.
  void roundStores(const Instr &in);
  /// Calls `local(lastWrites, lastReads, addr, n, stride, isWrite)` for
  /// every row of an on-chip window (n elements `stride` apart) and
  /// `chunk(lastWrite, lastRead, isWrite)` for every DRAM chunk `in` reads
  /// or writes. With `arrayOrder` (readyTime), a matmul's output window is
  /// visited with accOrder as its last writes; without (stamp), an
  /// accumulating matmul's read of it is not visited: its write of the same
  /// window, with the same finish, orders other units behind it, and the
  /// array's own later matmuls need not wait for it.
  template <typename Local, typename Chunk>
  void visitAccesses(const Instr &in, bool arrayOrder, Local local,
                     Chunk chunk);
  uint64_t readyTime(const Instr &in);
  void stamp(const Instr &in, uint64_t start, uint64_t finish);

  TargetDesc tgt;
  bool timingOnly;
  llvm::SmallVector<Listener *, kMaxLoopDepth> listeners;
  /// The program's instruction (with index terms) being executed.
  const Instr *curTemplate = nullptr;
  std::vector<float> spad, acc;
  StampBoard spadW, spadR, accW, accR;
  /// When a matmul may next write each accumulator element: the issue cycle
  /// of the array's last write to it (the array's pipeline keeps its own
  /// writes in order, so an accumulating matmul need not wait for the last
  /// one's drain), else the finish of another unit's write. With
  /// pe_double_buffer, back-to-back matmuls into one output overlap.
  StampBoard accOrder;
  std::vector<Buffer> bufs;
  llvm::StringMap<Dram> dram;
  std::array<uint64_t, kNumUnits> unitFree{};
  uint64_t fenceTime = 0;
  std::pair<uint64_t, uint64_t> last{0, 0};
  Report rep;
};

/// Runs a whole program with the given inputs (by buffer name). Outputs are
/// returned by name. Errors name the asm line of the failing instruction.
struct RunResult {
  Report report;
  llvm::StringMap<std::vector<float>> outputs;
};
using TraceFn = llvm::function_ref<void(const Instr &, uint64_t, uint64_t)>;
/// `trace`, if set, is called after each instruction (instantiated: its
/// index terms applied) with its issue and completion cycles.
llvm::Expected<RunResult>
runProgram(const Program &p, const llvm::StringMap<std::vector<float>> &inputs,
           TraceFn trace = nullptr);

/// Timing-only run: the same report as runProgram (cycles do not depend on
/// data) without inputs. `fastForward` skips periodic loop iterations
/// exactly; off, every iteration runs (what the tests compare against).
/// `skipped`, if set, receives the loop iterations the fast path skipped.
llvm::Expected<Report> timeProgram(const Program &p, bool fastForward = true,
                                   TraceFn trace = nullptr,
                                   uint64_t *skipped = nullptr);

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_SYSTOLIC_SIM_MACHINE_H
