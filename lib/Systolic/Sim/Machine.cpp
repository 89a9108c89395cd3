//===- Machine.cpp - Functional and timing simulator ----------------------===//

#include "attn-mlir/Systolic/Sim/Machine.h"

#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

using namespace mlir::attn::systolic;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

double Report::utilization(const TargetDesc &t) const {
  if (!cycles)
    return 0;
  return double(macs) / (double(cycles) * t.rows * t.cols);
}

bool Report::operator==(const Report &o) const {
  return cycles == o.cycles && busy == o.busy &&
         stallCycles == o.stallCycles && macs == o.macs &&
         instructions == o.instructions && dramBytesRead == o.dramBytesRead &&
         dramBytesWritten == o.dramBytesWritten && actions == o.actions;
}

uint64_t Report::idleCycles(Unit u) const {
  uint64_t b = busy[unsigned(u)];
  return cycles > b ? cycles - b : 0;
}

std::array<uint64_t, kNumActionKinds> Report::actionTotals() const {
  std::array<uint64_t, kNumActionKinds> n{};
  for (unsigned u = 0; u < kNumUnits; ++u)
    for (unsigned a = 0; a < kNumActionKinds; ++a)
      n[a] += actions[u][a];
  return n;
}

EnergyBreakdown Report::energy(const TargetDesc &t) const {
  EnergyTable table = energyTable(t);
  EnergyBreakdown e;
  for (unsigned u = 0; u < kNumUnits; ++u) {
    double unitPJ = 0;
    for (unsigned a = 0; a < kNumActionKinds; ++a)
      unitPJ += double(actions[u][a]) * table.pj[a];
    unsigned idleKey = kNumActionKinds + u;
    unitPJ += double(idleCycles(Unit(u))) * table.pj[idleKey];
    e.units[u] = unitPJ;
    e.total += unitPJ;
  }
  std::array<uint64_t, kNumActionKinds> n = actionTotals();
  for (unsigned a = 0; a < kNumActionKinds; ++a)
    e.entries[a] = double(n[a]) * table.pj[a];
  for (unsigned u = 0; u < kNumUnits; ++u)
    e.entries[kNumActionKinds + u] =
        double(idleCycles(Unit(u))) * table.pj[kNumActionKinds + u];
  return e;
}

ProgramBound mlir::attn::systolic::lowerBound(const Program &p,
                                              const Report &r) {
  const TargetDesc &t = p.target;
  ProgramBound b;
  uint64_t pes = uint64_t(t.rows) * t.cols;
  b.array = (r.macs + pes - 1) / pes;
  b.vector = r.busy[unsigned(Unit::Vector)];
  uint64_t in = 0, out = 0;
  for (const Buffer &buf : p.buffers) {
    if (buf.kind == BufferKind::Input)
      in += uint64_t(buf.numel()) * t.elemBytes();
    else if (buf.kind == BufferKind::Output)
      out += uint64_t(buf.numel()) * t.elemBytes();
  }
  // Compulsory traffic: every input byte read once and every output byte
  // written once, at the narrower on-chip width (the element type) -- but no more than the program moves (primal_weights
  // gathers p rows of X, not X). Load and store channels run in parallel;
  // each pays its latency once.
  in = std::min(in, r.dramBytesRead);
  out = std::min(out, r.dramBytesWritten);
  b.dma = std::max(dmaCycles(t, in), dmaCycles(t, out));
  b.cycles = std::max({b.array, b.vector, b.dma});
  b.unit = b.cycles == b.array ? "array" : b.cycles == b.dma ? "dma" : "vector";
  return b;
}

llvm::json::Object Report::toJSON(const Program &p) const {
  const TargetDesc &t = p.target;
  ProgramBound b = lowerBound(p, *this);
  EnergyBreakdown e = energy(t);
  auto unitObject = [](auto get) {
    return llvm::json::Object{{"array", get(Unit::Array)},
                              {"dma_load", get(Unit::Load)},
                              {"dma_store", get(Unit::Store)},
                              {"vector", get(Unit::Vector)}};
  };
  llvm::json::Object entries, counts;
  for (unsigned k = 0; k < kNumEnergyKeys; ++k)
    entries[energyKeyName(EnergyKey(k))] = e.entries[k];
  std::array<uint64_t, kNumActionKinds> n = actionTotals();
  for (unsigned a = 0; a < kNumActionKinds; ++a)
    counts[energyKeyName(EnergyKey(a))] = int64_t(n[a]);
  return llvm::json::Object{
      {"actions", std::move(counts)},
      {"energy_pj",
       llvm::json::Object{
           {"total", e.total},
           {"units", unitObject([&](Unit u) { return e.units[unsigned(u)]; })},
           {"entries", std::move(entries)}}},
      {"bound_cycles", int64_t(b.cycles)},
      {"bound_unit", b.unit},
      {"bound_terms", llvm::json::Object{{"array", int64_t(b.array)},
                                         {"dma", int64_t(b.dma)},
                                         {"vector", int64_t(b.vector)}}},
      {"efficiency", cycles ? double(b.cycles) / double(cycles) : 0.0},
      {"kernel", p.name},
      {"target", t.name},
      {"cycles", int64_t(cycles)},
      {"time_us", double(cycles) / t.clockMHz},
      {"busy",
       llvm::json::Object{{"array", int64_t(busy[unsigned(Unit::Array)])},
                          {"dma_load", int64_t(busy[unsigned(Unit::Load)])},
                          {"dma_store", int64_t(busy[unsigned(Unit::Store)])},
                          {"vector", int64_t(busy[unsigned(Unit::Vector)])}}},
      {"stall_cycles", int64_t(stallCycles)},
      {"macs", int64_t(macs)},
      {"utilization", utilization(t)},
      {"dram_bytes_read", int64_t(dramBytesRead)},
      {"dram_bytes_written", int64_t(dramBytesWritten)},
      {"instructions", int64_t(instructions)},
      {"program_instructions", int64_t(p.instrs.size())},
      {"sram_peak_bytes", [&] {
         LocalFootprint f = localFootprint(p);
         int64_t spadB = f.spadElems * t.elemBytes(),
                 accB = f.accElems * t.accBytes();
         return llvm::json::Object{
             {"acc", accB}, {"spad", spadB}, {"total", spadB + accB}};
       }()}};
}

llvm::Error mlir::attn::systolic::checkSimulatable(const TargetDesc &t) {
  constexpr int64_t kMaxElems = int64_t(1) << 24;
  if (spadElems(t) > kMaxElems || accElems(t) > kMaxElems)
    return err(llvm::formatv("target '{0}': the simulator holds at most 2^24 "
                             "elements per on-chip memory (64 MiB of f32); "
                             "spad_kib={1} acc_kib={2} is too large",
                             t.name, t.spadKiB, t.accKiB)
                   .str());
  return llvm::Error::success();
}

Machine::Machine(const TargetDesc &t, bool timingOnly)
    : tgt(t), timingOnly(timingOnly) {
  if (!timingOnly) {
    spad.assign(spadElems(t), 0.f);
    acc.assign(accElems(t), 0.f);
  }
  spadW.assign(spadElems(t));
  spadR.assign(spadElems(t));
  accW.assign(accElems(t));
  accR.assign(accElems(t));
  accOrder.assign(accElems(t));
}

void Machine::bind(const Buffer &b, float *data) {
  bufs.push_back(b);
  Dram &d = dram[b.name];
  d.data = data;
  d.input = b.kind == BufferKind::Input;
  if (d.input)
    return;
  size_t chunks = (b.numel() + kDramChunk - 1) / kDramChunk;
  d.lastWrite.assign(chunks, 0);
  d.lastRead.assign(chunks, 0);
}

void Machine::allocate(const Buffer &b) {
  Dram &d = dram[b.name];
  if (!timingOnly)
    d.owned.assign(b.numel(), 0.f);
  bind(b, d.owned.data());
}

template <typename Fn>
static void forWindow(const LocalRef &r, int64_t rows, int64_t cols, Fn fn) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      fn(r.addr + i * r.ld + j * r.cs);
}

namespace {
/// The windows one instruction reads and writes.
struct Access {
  struct W {
    LocalRef r;
    int64_t rows, cols;
    /// A matmul's output window (read too when it accumulates): ordered
    /// behind the array's earlier writes by the array's own pipeline.
    bool arrayOut = false;
  };
  llvm::SmallVector<W, 3> reads, writes;
  bool dramRead = false, dramWrite = false;
};
} // namespace

static Access accessesOf(const Instr &in) {
  Access a;
  switch (in.op) {
  case Opcode::Mvin:
    a.dramRead = true;
    a.writes.push_back({in.d, in.rows, in.cols});
    break;
  case Opcode::Mvout:
    a.dramWrite = true;
    a.reads.push_back({in.a, in.rows, in.cols});
    break;
  case Opcode::Matmul:
    a.reads.push_back({in.a, in.rows, in.k});
    a.reads.push_back({in.b, in.k, in.cols});
    if (in.accumulate)
      a.reads.push_back({in.d, in.rows, in.cols, true});
    a.writes.push_back({in.d, in.rows, in.cols, true});
    break;
  case Opcode::VRowMax:
  case Opcode::VRowSum:
    a.reads.push_back({in.a, in.rows, in.cols});
    a.writes.push_back({LocalRef{in.d.mem, in.d.addr, in.d.ld, 0}, in.rows, 1});
    break;
  case Opcode::Fence:
    break;
  default: {
    OpcodeInfo info = opcodeInfo(in.op);
    if (info.a)
      a.reads.push_back({in.a, in.rows, in.cols});
    if (info.b)
      a.reads.push_back({in.b, in.rows, in.cols});
    if (in.op == Opcode::VCausal)
      a.reads.push_back({in.d, in.rows, in.cols});
    a.writes.push_back({in.d, in.rows, in.cols});
  }
  }
  return a;
}

void mlir::attn::systolic::countActions(
    const Instr &in, const TargetDesc &t,
    std::array<uint64_t, kNumActionKinds> &counts) {
  auto add = [&](EnergyKey k, uint64_t n) { counts[unsigned(k)] += n; };
  Access a = accessesOf(in);
  auto bytes = [&](const Access::W &w) {
    return uint64_t(w.rows) * uint64_t(w.cols) *
           (w.r.mem == Mem::Spad ? t.elemBytes() : t.accBytes());
  };
  for (const Access::W &w : a.reads)
    add(w.r.mem == Mem::Spad ? EnergyKey::SpadReadByte
                             : EnergyKey::AccReadByte,
        bytes(w));
  for (const Access::W &w : a.writes)
    add(w.r.mem == Mem::Spad ? EnergyKey::SpadWriteByte
                             : EnergyKey::AccWriteByte,
        bytes(w));
  const uint64_t elems = uint64_t(in.rows) * uint64_t(in.cols);
  switch (in.op) {
  case Opcode::Mvin:
  case Opcode::Mvout:
    add(EnergyKey::DramByte, dmaBytes(in, t));
    return;
  case Opcode::Matmul:
    add(EnergyKey::Mac, elems * uint64_t(in.k));
    return;
  case Opcode::Fence:
  case Opcode::Loop:
  case Opcode::EndLoop:
    return;
  default:
    break;
  }
  switch (vectorKind(in.op)) {
  case VecOpKind::Add:
  case VecOpKind::Max:
    add(EnergyKey::VectorAdd, elems);
    break;
  case VecOpKind::Mul:
    add(EnergyKey::VectorMul, elems);
    break;
  case VecOpKind::Exp:
    add(EnergyKey::VectorExp, elems);
    break;
  case VecOpKind::Div:
    add(EnergyKey::VectorDiv, elems);
    break;
  case VecOpKind::Sqrt:
    add(EnergyKey::VectorSqrt, elems);
    break;
  }
}

template <typename Local, typename Chunk>
void Machine::visitAccesses(const Instr &in, bool arrayOrder, Local local,
                            Chunk chunk) {
  Access a = accessesOf(in);
  // Row by row, so StampBoard can take whole blocks at once.
  auto visit = [&](const Access::W &w, bool write) {
    StampBoard &wr = w.r.mem == Mem::Spad ? spadW
                     : arrayOrder && w.arrayOut ? accOrder
                                                : accW;
    StampBoard &rd = w.r.mem == Mem::Spad ? spadR : accR;
    // The walk's order does not matter (a max), so take the window as
    // segments that are as long and as contiguous as it allows: whole
    // contiguous windows at once, columns of transposed ones.
    int64_t rows = w.rows, cols = w.cols, ld = w.r.ld, cs = w.r.cs;
    if (cols == 1) { // one column: one segment, `ld` apart
      cols = rows, rows = 1, cs = ld;
    } else if (ld == 1 && cs != 1) { // transposed: walk its columns
      std::swap(rows, cols);
      std::swap(ld, cs);
    }
    if (cs == 1 && ld == cols) // rows back to back: one segment
      cols *= rows, rows = 1;
    for (int64_t i = 0; i < rows; ++i)
      local(wr, rd, w.r.addr + i * ld, cols, cs, write);
  };
  for (const Access::W &w : a.reads)
    if (arrayOrder || !w.arrayOut)
      visit(w, false);
  for (const Access::W &w : a.writes)
    visit(w, true);
  if (!a.dramRead && !a.dramWrite)
    return;
  Dram &d = dram[in.dram.sym];
  if (d.input)
    return;
  forDramChunks(in.dram.off, in.dram.ld, in.rows, in.cols, [&](int64_t c) {
    chunk(d.lastWrite[c], d.lastRead[c], a.dramWrite);
  });
}

// RAW: wait for the last write; WAR/WAW: also for the last read.
uint64_t Machine::readyTime(const Instr &in) {
  uint64_t t = 0;
  auto waitRow = [&](const StampBoard &w, const StampBoard &r, int64_t a,
                     int64_t n, int64_t cs, bool write) {
    t = std::max(t, w.maxOf(a, n, cs));
    if (write)
      t = std::max(t, r.maxOf(a, n, cs));
  };
  auto waitChunk = [&](uint64_t w, uint64_t r, bool write) {
    t = std::max({t, w, write ? r : uint64_t(0)});
  };
  visitAccesses(in, /*arrayOrder=*/true, waitRow, waitChunk);
  return t;
}

void Machine::stamp(const Instr &in, uint64_t start, uint64_t finish) {
  // A write's finish is never below the element's stamps (readyTime), so
  // raising to it is setting it. The array's own later matmuls may follow
  // its accumulator writes from `start` on (accOrder); other writers'
  // results must have landed.
  const uint64_t order = in.op == Opcode::Matmul ? start : finish;
  auto markRow = [&](StampBoard &w, StampBoard &r, int64_t a, int64_t n,
                     int64_t cs, bool write) {
    (write ? w : r).raise(a, n, cs, finish);
    if (write && &w == &accW)
      accOrder.raise(a, n, cs, order);
  };
  auto markChunk = [&](uint64_t &w, uint64_t &r, bool write) {
    if (write)
      w = finish;
    else
      r = std::max(r, finish);
  };
  visitAccesses(in, /*arrayOrder=*/false, markRow, markChunk);
  if (listeners.empty())
    return;
  Access a = accessesOf(in);
  for (const auto *ws : {&a.reads, &a.writes})
    for (const Access::W &w : *ws)
      forWindow(w.r, w.rows, w.cols, [&](int64_t i) {
        for (Listener *l : listeners)
          l->onLocal(w.r.mem, i);
      });
}

void Machine::runFunctional(const Instr &in) {
  auto mem = [&](Mem m) -> float * {
    return m == Mem::Spad ? spad.data() : acc.data();
  };
  auto at = [&](const LocalRef &r, int64_t i, int64_t j) -> float & {
    return mem(r.mem)[r.addr + i * r.ld + j * r.cs];
  };
  const int64_t R = in.rows, C = in.cols;
  switch (in.op) {
  case Opcode::Mvin: {
    const float *src = dram[in.dram.sym].data;
    for (int64_t i = 0; i < R; ++i)
      for (int64_t j = 0; j < C; ++j)
        at(in.d, i, j) = src[in.dram.off + i * in.dram.ld + j];
    return;
  }
  case Opcode::Mvout: {
    float *dst = dram[in.dram.sym].data;
    for (int64_t i = 0; i < R; ++i)
      for (int64_t j = 0; j < C; ++j)
        dst[in.dram.off + i * in.dram.ld + j] = at(in.a, i, j);
    return;
  }
  case Opcode::Matmul:
    for (int64_t i = 0; i < R; ++i)
      for (int64_t j = 0; j < C; ++j) {
        float s = in.accumulate ? at(in.d, i, j) : 0.f;
        for (int64_t k = 0; k < in.k; ++k)
          s += at(in.a, i, k) * at(in.b, k, j);
        at(in.d, i, j) = s;
      }
    return;
  case Opcode::VRowMax:
  case Opcode::VRowSum:
    for (int64_t i = 0; i < R; ++i) {
      float r = in.op == Opcode::VRowMax
                    ? -std::numeric_limits<float>::infinity()
                    : 0.f;
      for (int64_t j = 0; j < C; ++j)
        r = in.op == Opcode::VRowMax ? std::max(r, at(in.a, i, j))
                                     : r + at(in.a, i, j);
      mem(in.d.mem)[in.d.addr + i * in.d.ld] = r;
    }
    return;
  case Opcode::Fence:
    return;
  default:
    break;
  }
  const float ninf = -std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < C; ++j) {
      float &d = at(in.d, i, j);
      switch (in.op) {
      case Opcode::VFill:
        d = in.imm;
        break;
      case Opcode::VMov:
        d = at(in.a, i, j);
        break;
      case Opcode::VAdd:
        d = at(in.a, i, j) + at(in.b, i, j);
        break;
      case Opcode::VSub:
        d = at(in.a, i, j) - at(in.b, i, j);
        break;
      case Opcode::VMul:
        d = at(in.a, i, j) * at(in.b, i, j);
        break;
      case Opcode::VMax:
        d = std::max(at(in.a, i, j), at(in.b, i, j));
        break;
      case Opcode::VAddS:
        d = at(in.a, i, j) + in.imm;
        break;
      case Opcode::VMulS:
        d = at(in.a, i, j) * in.imm;
        break;
      case Opcode::VMaxS:
        d = std::max(at(in.a, i, j), in.imm);
        break;
      case Opcode::VExp:
        d = std::exp(at(in.a, i, j));
        break;
      case Opcode::VRecip:
        d = 1.f / at(in.a, i, j);
        break;
      case Opcode::VRsqrt:
        d = 1.f / std::sqrt(at(in.a, i, j));
        break;
      case Opcode::VCausal:
        if (in.col0 + j > in.row0 + i)
          d = ninf;
        break;
      default:
        llvm_unreachable("not an element-wise vector op");
      }
    }
}

void Machine::roundStores(const Instr &in) {
  if (tgt.elemType == "f32")
    return;
  // The scratchpad holds the element type; the functional code computes in
  // f32 (products and sums as the accumulator does), so what it wrote there
  // is rounded here. DRAM holds what the DMA moved: scratchpad elements or
  // accumulator values (dmaBytes).
  for (const Access::W &w : accessesOf(in).writes)
    if (w.r.mem == Mem::Spad)
      forWindow(w.r, w.rows, w.cols,
                [&](int64_t a) { spad[a] = tgt.storeElem(spad[a]); });
}

llvm::Error Machine::execute(const Instr &in) {
  if (in.op == Opcode::Loop || in.op == Opcode::EndLoop || !in.terms.empty())
    return err("loops run through runProgram/timeProgram");
  if (auto e = checkInstr(in, tgt, bufs))
    return e;
  ++rep.instructions;
  if (in.op == Opcode::Fence) {
    uint64_t last = 0;
    for (uint64_t f : unitFree)
      last = std::max(last, f);
    fenceTime = std::max(fenceTime, std::max(last, rep.cycles));
    return llvm::Error::success();
  }
  if (!timingOnly) {
    runFunctional(in);
    roundStores(in);
  }

  InstrTiming tm = instrTiming(in, tgt);
  unsigned u = unsigned(tm.unit);
  uint64_t free = std::max(unitFree[u], fenceTime);
  uint64_t start = std::max(free, readyTime(in));
  rep.stallCycles += start - free;
  uint64_t finish = start + tm.latency;
  last = {start, finish};
  unitFree[u] = start + tm.occupancy;
  rep.busy[u] += tm.occupancy;
  rep.cycles = std::max(rep.cycles, finish);
  stamp(in, start, finish);
  if (in.op == Opcode::Mvout && !listeners.empty()) {
    Dram &d = dram[in.dram.sym];
    for (Listener *l : listeners)
      l->onDramWrite(d, in, curTemplate, start, finish);
  }

  uint64_t bytes = dmaBytes(in, tgt);
  if (in.op == Opcode::Mvin)
    rep.dramBytesRead += bytes;
  else if (in.op == Opcode::Mvout)
    rep.dramBytesWritten += bytes;
  else if (in.op == Opcode::Matmul)
    rep.macs += uint64_t(in.rows) * in.k * in.cols;
  countActions(in, tgt, rep.actions[u]);
  return llvm::Error::success();
}


//===----------------------------------------------------------------------===//
// Loops and the timing fast path
//===----------------------------------------------------------------------===//

namespace mlir::attn::systolic {

/// Runs a program's instructions, loops included. With `fastForward` (only
/// in timing-only mode, without a trace) a loop whose timing state has
/// become periodic skips its remaining whole periods (Machine.h).
class LoopRunner {
public:
  LoopRunner(Machine &m, const Program &p, bool fastForward, TraceFn trace)
      : m(m), p(p), ff(fastForward && m.timingOnly && !trace), trace(trace) {
    llvm::SmallVector<size_t, kMaxLoopDepth> open;
    endOf.assign(p.instrs.size(), 0);
    for (size_t i = 0; i < p.instrs.size(); ++i) {
      if (p.instrs[i].op == Opcode::Loop)
        open.push_back(i);
      else if (p.instrs[i].op == Opcode::EndLoop) {
        endOf[open.back()] = i;
        open.pop_back();
      }
    }
  }
  llvm::Error run() { return runRange(0, p.instrs.size()); }
  /// Iterations the fast path skipped, over all loop executions.
  uint64_t skipped = 0;

private:
  /// What one fast-path attempt at a loop records.
  struct Event {
    Machine::Dram *d;
    int64_t off, ld, rows, cols;
    uint64_t start, finish;
    const Instr *tmpl;
  };
  struct Recorder : Machine::Listener {
    explicit Recorder(Machine &m)
        : spadMark(m.spadW.size(), 0), accMark(m.accW.size(), 0) {}
    void onLocal(Mem mem, int64_t a) override {
      if (!footprintOpen)
        return;
      auto &mark = mem == Mem::Spad ? spadMark : accMark;
      if (mark[a])
        return;
      mark[a] = 1;
      (mem == Mem::Spad ? spad : acc).push_back(a);
    }
    void onDramWrite(Machine::Dram &d, const Instr &in, const Instr *tmpl,
                     uint64_t start, uint64_t finish) override {
      events.push_back(
          {&d, in.dram.off, in.dram.ld, in.rows, in.cols, start, finish, tmpl});
    }
    bool footprintOpen = true;
    std::vector<uint8_t> spadMark, accMark;
    std::vector<int64_t> spad, acc;
    std::vector<Event> events;
  };
  struct Snapshot {
    std::array<uint64_t, kNumUnits> unitFree;
    Report rep;
    std::vector<uint64_t> stamps;
  };

  llvm::Error lineError(const Instr &in, size_t i, llvm::Error e) {
    return err((in.line ? "line " + llvm::Twine(in.line)
                        : "instruction " + llvm::Twine(i)) +
               ": " + llvm::toString(std::move(e)));
  }

  llvm::Error runRange(size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      const Instr &in = p.instrs[i];
      if (in.op == Opcode::Loop) {
        if (auto err = runLoop(i))
          return err;
        i = endOf[i];
        continue;
      }
      m.curTemplate = &in;
      llvm::Error r = llvm::Error::success();
      if (in.terms.empty()) {
        r = m.execute(in);
        if (!r && trace)
          trace(in, m.last.first, m.last.second);
      } else {
        Instr c = instantiate(in, idx);
        r = m.execute(c);
        if (!r && trace)
          trace(c, m.last.first, m.last.second);
      }
      if (r)
        return lineError(in, i, std::move(r));
    }
    return llvm::Error::success();
  }

  /// The period (in iterations) after which the loop at `pos` touches the
  /// same on-chip addresses again, or 0 if it may not be skipped: fences,
  /// reads of DRAM the program writes, on-chip addresses that move with the
  /// index.
  int64_t period(size_t pos, unsigned level) const {
    int64_t P = 1;
    for (size_t i = pos + 1; i < endOf[pos]; ++i) {
      const Instr &in = p.instrs[i];
      if (in.op == Opcode::Fence)
        return 0;
      if (in.op == Opcode::Mvin) {
        const Buffer *b = p.findBuffer(in.dram.sym);
        if (!b || b->kind != BufferKind::Input)
          return 0;
      }
      for (const IndexTerm &t : in.terms) {
        if (t.level != level || t.field == Field::Row0 ||
            t.field == Field::Col0)
          continue;
        if (t.mod == 0) {
          if (t.field != Field::DramOff)
            return 0;
          continue;
        }
        P = std::lcm(P, t.mod);
        if (P > 64)
          return 0;
      }
    }
    return P;
  }

  Snapshot snapshot(const Recorder &r) const {
    Snapshot s{m.unitFree, m.rep, {}};
    s.stamps.reserve(2 * r.spad.size() + 3 * r.acc.size());
    for (int64_t a : r.spad) {
      s.stamps.push_back(m.spadW.get(a));
      s.stamps.push_back(m.spadR.get(a));
    }
    for (int64_t a : r.acc) {
      s.stamps.push_back(m.accW.get(a));
      s.stamps.push_back(m.accR.get(a));
      s.stamps.push_back(m.accOrder.get(a));
    }
    return s;
  }

  static int64_t dramStride(const Instr *tmpl, unsigned level) {
    int64_t s = 0;
    for (const IndexTerm &t : tmpl->terms)
      if (t.field == Field::DramOff && t.level == level && t.mod == 0)
        s += t.coeff;
    return s;
  }

  /// If `cur` is `prev` advanced by one common delta, skips the whole
  /// periods left after iteration `it` and returns the iterations skipped.
  int64_t tryAdvance(const Snapshot &prev, const Snapshot &cur, Recorder &r,
                     unsigned level, int64_t P, int64_t it, int64_t count) {
    int64_t S = (count - it) / P;
    if (S <= 0)
      return 0;
    uint64_t delta = 0;
    for (unsigned u = 0; u < kNumUnits; ++u) {
      if (cur.unitFree[u] < prev.unitFree[u])
        return 0;
      delta = std::max(delta, cur.unitFree[u] - prev.unitFree[u]);
    }
    if (!delta)
      return 0;
    auto ok = [&](uint64_t a, uint64_t b) {
      return b == a || b == a + delta;
    };
    for (unsigned u = 0; u < kNumUnits; ++u)
      if (!ok(prev.unitFree[u], cur.unitFree[u]))
        return 0;
    if (!ok(prev.rep.cycles, cur.rep.cycles))
      return 0;
    for (size_t i = 0; i < cur.stamps.size(); ++i)
      if (!ok(prev.stamps[i], cur.stamps[i]))
        return 0;
    // DRAM writes of the skipped iterations. Timing is kept per chunk of
    // kDramChunk elements, so an iteration's chunks must be the recorded
    // ones shifted by whole chunks (stride % C == 0), no chunk may be shared
    // between iterations (stride covers an event's chunk span), and none may
    // have been touched by a later time than the write would start; then
    // they are stamped, in event order, as the unrolled run would stamp them.
    // Events may be strided rectangles (a column slice of the output).
    const int64_t C = Machine::kDramChunk;
    // One stride for all of a period's writes per DRAM buffer, whose chunk
    // span it covers: then no two iterations share a chunk.
    struct Span {
      int64_t stride, first, last; // chunks [first, last]
    };
    llvm::SmallDenseMap<Machine::Dram *, Span> spans;
    for (const Event &e : r.events) {
      int64_t stride = dramStride(e.tmpl, level) * P;
      int64_t first = e.off / C,
              last = (e.off + (e.rows - 1) * e.ld + e.cols - 1) / C;
      if (e.ld < 0 || stride % C)
        return 0;
      auto [it, fresh] = spans.try_emplace(e.d, Span{stride, first, last});
      Span &sp = it->second;
      if (!fresh && sp.stride != stride)
        return 0;
      sp.first = std::min(sp.first, first);
      sp.last = std::max(sp.last, last);
    }
    for (const auto &kv : spans)
      if (kv.second.stride / C < kv.second.last - kv.second.first + 1)
        return 0;
    for (const Event &e : r.events) {
      int64_t stride = dramStride(e.tmpl, level) * P;
      for (int64_t t = 1; t <= S; ++t) {
        uint64_t start = e.start + uint64_t(t) * delta;
        bool clash = false;
        Machine::forDramChunks(
            e.off + stride * t, e.ld, e.rows, e.cols, [&](int64_t c) {
              clash |= e.d->lastWrite[c] > start || e.d->lastRead[c] > start;
            });
        if (clash)
          return 0;
      }
    }
    // Commit: the listener of this loop goes, outer ones hear the skipped
    // iterations' writes.
    m.listeners.pop_back();
    for (const Event &e : r.events) {
      int64_t stride = dramStride(e.tmpl, level) * P;
      for (int64_t t = 1; t <= S; ++t) {
        int64_t off = e.off + stride * t;
        uint64_t start = e.start + uint64_t(t) * delta,
                 finish = e.finish + uint64_t(t) * delta;
        Machine::forDramChunks(off, e.ld, e.rows, e.cols,
                               [&](int64_t c) { e.d->lastWrite[c] = finish; });
        if (!m.listeners.empty()) {
          Instr shifted = makeMvout({}, {}, e.rows, e.cols);
          shifted.dram.off = off;
          shifted.dram.ld = e.ld;
          for (Machine::Listener *l : m.listeners)
            l->onDramWrite(*e.d, shifted, e.tmpl, start, finish);
        }
      }
    }
    const uint64_t adv = uint64_t(S) * delta;
    for (unsigned u = 0; u < kNumUnits; ++u)
      if (cur.unitFree[u] != prev.unitFree[u])
        m.unitFree[u] += adv;
    size_t k = 0;
    auto bump = [&](StampBoard &b, int64_t a) {
      if (cur.stamps[k] != prev.stamps[k])
        b.raise(a, b.get(a) + adv);
      ++k;
    };
    for (int64_t a : r.spad) {
      bump(m.spadW, a);
      bump(m.spadR, a);
    }
    for (int64_t a : r.acc) {
      bump(m.accW, a);
      bump(m.accR, a);
      bump(m.accOrder, a);
    }
    Report &rep = m.rep;
    auto grow = [&](uint64_t &v, uint64_t c, uint64_t pv) {
      v += uint64_t(S) * (c - pv);
    };
    grow(rep.cycles, cur.rep.cycles, prev.rep.cycles);
    for (unsigned u = 0; u < kNumUnits; ++u)
      grow(rep.busy[u], cur.rep.busy[u], prev.rep.busy[u]);
    grow(rep.stallCycles, cur.rep.stallCycles, prev.rep.stallCycles);
    grow(rep.macs, cur.rep.macs, prev.rep.macs);
    grow(rep.instructions, cur.rep.instructions, prev.rep.instructions);
    grow(rep.dramBytesRead, cur.rep.dramBytesRead, prev.rep.dramBytesRead);
    grow(rep.dramBytesWritten, cur.rep.dramBytesWritten,
         prev.rep.dramBytesWritten);
    // Action counts scale like the MACs and DRAM bytes: the skipped
    // iterations repeat the instructions of the last period.
    for (unsigned u = 0; u < kNumUnits; ++u)
      for (unsigned a = 0; a < kNumActionKinds; ++a)
        grow(rep.actions[u][a], cur.rep.actions[u][a],
             prev.rep.actions[u][a]);
    m.last.first += adv;
    m.last.second += adv;
    return S * P;
  }

  llvm::Error runLoop(size_t pos) {
    const Instr &L = p.instrs[pos];
    const unsigned level = idx.size();
    const int64_t count = L.count;
    idx.push_back(0);
    auto body = [&](int64_t i) {
      idx.back() = i;
      return runRange(pos + 1, endOf[pos]);
    };
    int64_t P = ff ? period(pos, level) : 0;
    // Worth trying when a few periods leave many to skip.
    if (!P || count < 4 * P) {
      for (int64_t i = 0; i < count; ++i)
        if (auto e = body(i))
          return e;
      idx.pop_back();
      return llvm::Error::success();
    }
    constexpr int64_t kMaxPeriods = 16;
    Recorder rec(m);
    m.listeners.push_back(&rec);
    bool listening = true;
    std::optional<Snapshot> prev;
    int64_t i = 0;
    while (i < count) {
      if (listening && i % P == 0)
        rec.events.clear();
      if (auto e = body(i)) {
        if (listening)
          m.listeners.pop_back();
        return e;
      }
      ++i;
      if (!listening || i % P)
        continue;
      rec.footprintOpen = false;
      Snapshot cur = snapshot(rec);
      int64_t skipped =
          prev ? tryAdvance(*prev, cur, rec, level, P, i, count) : 0;
      if (skipped) {
        i += skipped;
        this->skipped += uint64_t(skipped);
        listening = false; // tryAdvance removed the listener
      } else if (i / P >= kMaxPeriods || i + P > count) {
        m.listeners.pop_back();
        listening = false;
      } else {
        prev = std::move(cur);
      }
    }
    if (listening)
      m.listeners.pop_back();
    idx.pop_back();
    return llvm::Error::success();
  }

  Machine &m;
  const Program &p;
  bool ff;
  TraceFn trace;
  std::vector<size_t> endOf;
  llvm::SmallVector<int64_t, kMaxLoopDepth> idx;
};

} // namespace mlir::attn::systolic

llvm::Expected<RunResult>
mlir::attn::systolic::runProgram(
    const Program &p, const llvm::StringMap<std::vector<float>> &inputs,
    TraceFn trace) {
  if (auto e = checkProgram(p))
    return std::move(e);
  if (auto e = checkSimulatable(p.target))
    return std::move(e);
  Machine m(p.target);
  RunResult res;
  llvm::StringMap<std::vector<float>> inputCopies;
  for (const Buffer &b : p.buffers) {
    switch (b.kind) {
    case BufferKind::Input: {
      auto it = inputs.find(b.name);
      if (it == inputs.end())
        return err(llvm::formatv("line {0}: no data for input buffer '{1}'{2}",
                                 b.line, b.name,
                                 b.alias.empty() ? std::string()
                                                 : " (alias '" + b.alias + "')")
                       .str());
      if (int64_t(it->second.size()) != b.numel())
        return err(llvm::formatv("line {0}: input '{1}' has {2} elements, the "
                                 "buffer needs {3}",
                                 b.line, b.name, it->second.size(), b.numel())
                       .str());
      std::vector<float> &copy = inputCopies[b.name] = it->second;
      m.bind(b, copy.data());
      break;
    }
    case BufferKind::Output: {
      std::vector<float> &out = res.outputs[b.name];
      out.assign(b.numel(), 0.f);
      m.bind(b, out.data());
      break;
    }
    case BufferKind::Scratch:
      m.allocate(b);
      break;
    }
  }
  for (const auto &kv : inputs)
    if (!p.findBuffer(kv.getKey()) ||
        p.findBuffer(kv.getKey())->kind != BufferKind::Input)
      return err("'" + kv.getKey() + "' is not an input buffer of kernel '" +
                 p.name + "'");
  if (auto e = LoopRunner(m, p, /*fastForward=*/false, trace).run())
    return std::move(e);
  res.report = m.report();
  return std::move(res);
}

llvm::Expected<Report> mlir::attn::systolic::timeProgram(const Program &p,
                                                         bool fastForward,
                                                         TraceFn trace,
                                                         uint64_t *skipped) {
  if (auto e = checkProgram(p))
    return std::move(e);
  if (auto e = checkSimulatable(p.target))
    return std::move(e);
  Machine m(p.target, /*timingOnly=*/true);
  for (const Buffer &b : p.buffers)
    m.allocate(b);
  LoopRunner runner(m, p, fastForward, trace);
  if (auto e = runner.run())
    return std::move(e);
  if (skipped)
    *skipped = runner.skipped;
  return m.report();
}
