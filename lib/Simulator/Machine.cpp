//===- Machine.cpp - Functional and timing simulator ----------------------===//

#include "attn-mlir/Simulator/Machine.h"

#include "attn-mlir/Target/Systolic/LatencyModel.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>

using namespace mlir::attn::systolic;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

InstrTiming mlir::attn::systolic::instrTiming(const Instr &in, const TargetDesc &t) {
  uint64_t elems = uint64_t(in.rows) * uint64_t(in.cols);
  switch (in.op) {
  case Opcode::Mvin:
  case Opcode::Mvout: {
    uint64_t bytes = elems * 4;
    uint64_t total = dmaCycles(t, bytes);
    // The latency is pipelined: the channel takes the next request once
    // this one's bytes have left, the data lands `latency` cycles later.
    uint64_t occ = total - std::min<uint64_t>(total, t.dramLatencyCycles);
    return {in.op == Opcode::Mvin ? Unit::Load : Unit::Store, occ, total};
  }
  case Opcode::Matmul: {
    uint64_t c = scaleSimGemm(t, in.rows, in.k, in.cols).cycles;
    return {Unit::Array, c, c};
  }
  case Opcode::Fence:
    return {Unit::Vector, 0, 0};
  default:
    break;
  }
  VecOpKind kind = VecOpKind::Add;
  switch (in.op) {
  case Opcode::VMul:
  case Opcode::VMulS:
    kind = VecOpKind::Mul;
    break;
  case Opcode::VMax:
  case Opcode::VMaxS:
  case Opcode::VRowMax:
    kind = VecOpKind::Max;
    break;
  case Opcode::VExp:
    kind = VecOpKind::Exp;
    break;
  case Opcode::VRecip:
    kind = VecOpKind::Div;
    break;
  case Opcode::VRsqrt:
    kind = VecOpKind::Sqrt;
    break;
  default:
    break;
  }
  uint64_t c = vectorCycles(t, elems, kind);
  return {Unit::Vector, c, c};
}

double Report::utilization(const TargetDesc &t) const {
  if (!cycles)
    return 0;
  return double(macs) / (double(cycles) * t.rows * t.cols);
}

llvm::json::Value Report::toJSON(const Program &p) const {
  const TargetDesc &t = p.target;
  return llvm::json::Object{
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
      {"instructions", int64_t(instructions)}};
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

Machine::Machine(const TargetDesc &t) : tgt(t) {
  spad.assign(spadElems(t), 0.f);
  acc.assign(accElems(t), 0.f);
  spadW.assign(spad.size(), 0);
  spadR.assign(spad.size(), 0);
  accW.assign(acc.size(), 0);
  accR.assign(acc.size(), 0);
}

void Machine::bind(const Buffer &b, float *data) {
  bufs.push_back(b);
  Dram &d = dram[b.name];
  d.data = data;
  size_t chunks = (b.numel() + kDramChunk - 1) / kDramChunk;
  d.lastWrite.assign(chunks, 0);
  d.lastRead.assign(chunks, 0);
}

void Machine::allocate(const Buffer &b) {
  Dram &d = dram[b.name];
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
      a.reads.push_back({in.d, in.rows, in.cols});
    a.writes.push_back({in.d, in.rows, in.cols});
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

template <typename Local, typename Chunk>
void Machine::visitAccesses(const Instr &in, Local local, Chunk chunk) {
  Access a = accessesOf(in);
  auto visit = [&](const Access::W &w, bool write) {
    auto &wr = w.r.mem == Mem::Spad ? spadW : accW;
    auto &rd = w.r.mem == Mem::Spad ? spadR : accR;
    forWindow(w.r, w.rows, w.cols,
              [&](int64_t i) { local(wr[i], rd[i], write); });
  };
  for (const Access::W &w : a.reads)
    visit(w, false);
  for (const Access::W &w : a.writes)
    visit(w, true);
  if (!a.dramRead && !a.dramWrite)
    return;
  Dram &d = dram[in.dram.sym];
  for (int64_t i = 0; i < in.rows; ++i) {
    int64_t lo = (in.dram.off + i * in.dram.ld) / kDramChunk;
    int64_t hi = (in.dram.off + i * in.dram.ld + in.cols - 1) / kDramChunk;
    for (int64_t c = lo; c <= hi; ++c)
      chunk(d.lastWrite[c], d.lastRead[c], a.dramWrite);
  }
}

// RAW: wait for the last write; WAR/WAW: also for the last read.
uint64_t Machine::readyTime(const Instr &in) {
  uint64_t t = 0;
  auto wait = [&](uint64_t w, uint64_t r, bool write) {
    t = std::max({t, w, write ? r : uint64_t(0)});
  };
  visitAccesses(in, wait, wait);
  return t;
}

void Machine::stamp(const Instr &in, uint64_t finish) {
  auto mark = [&](uint64_t &w, uint64_t &r, bool write) {
    if (write)
      w = finish;
    else
      r = std::max(r, finish);
  };
  visitAccesses(in, mark, mark);
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

llvm::Error Machine::execute(const Instr &in) {
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
  runFunctional(in);

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
  stamp(in, finish);

  uint64_t bytes = uint64_t(in.rows) * in.cols * 4;
  if (in.op == Opcode::Mvin)
    rep.dramBytesRead += bytes;
  else if (in.op == Opcode::Mvout)
    rep.dramBytesWritten += bytes;
  else if (in.op == Opcode::Matmul)
    rep.macs += uint64_t(in.rows) * in.k * in.cols;
  return llvm::Error::success();
}

llvm::Expected<RunResult>
mlir::attn::systolic::runProgram(
    const Program &p, const llvm::StringMap<std::vector<float>> &inputs,
    llvm::function_ref<void(const Instr &, uint64_t, uint64_t)> trace) {
  if (auto e = checkProgramHeader(p))
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
        return err(llvm::formatv("line {0}: no data for input buffer '{1}'",
                                 b.line, b.name)
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
  for (const Instr &in : p.instrs) {
    if (auto e = m.execute(in))
      return err("line " + llvm::Twine(in.line) + ": " +
                 llvm::toString(std::move(e)));
    if (trace)
      trace(in, m.lastInterval().first, m.lastInterval().second);
  }
  res.report = m.report();
  return std::move(res);
}
