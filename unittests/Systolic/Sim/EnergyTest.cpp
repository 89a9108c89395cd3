//===- EnergyTest.cpp - the action-count energy model ---------------------===//
//
// A small hand-written program whose energy is worked out by hand here
// (action counts x the target's table, plus idle cycles x the idle
// entries) must equal what the data run and the timing-only run report;
// a long loop's energy with the timing fast path must equal the unrolled
// run's.
//
//===----------------------------------------------------------------------===//

#include "TestBuffers.h"
#include "attn-mlir/Systolic/Sim/Machine.h"

#include <gtest/gtest.h>

using namespace mlir::attn::systolic;
using mlir::attn::systolic::test::buffer;

namespace {

// Table values are dyadic so every product and sum below is exact in
// double and the comparisons can be exact.
const char *kProgram = R"(.kernel e
.target {"name":"etest","rows":8,"cols":8,"dataflow":"ws","spad_kib":64,"spad_banks":2,"acc_kib":16,"dram_bytes_per_cycle":8,"dram_latency_cycles":50,"vector_lanes":8,"clock_mhz":500,"energy_pj":{"mac":4.5,"spad_read_byte":2,"spad_write_byte":2.5,"acc_read_byte":1.5,"acc_write_byte":1.25,"dram_byte":160,"vector_add":1,"vector_mul":4,"vector_exp":32,"vector_div":16,"vector_sqrt":24,"idle_dma_load":0.5,"idle_dma_store":0.25,"idle_array":8,"idle_vector":2}}
.buffer input x [4, 8]
.buffer input w [8, 8]
.buffer output y [4, 8]
mvin d=sp:0:8:1 dram=x:0:8 rows=4 cols=8
mvin d=sp:32:8:1 dram=w:0:8 rows=8 cols=8
matmul d=acc:0:8:1 a=sp:0:8:1 b=sp:32:8:1 m=4 k=8 n=8 acc=0
matmul d=acc:0:8:1 a=sp:0:8:1 b=sp:32:8:1 m=4 k=8 n=8 acc=1
vexp d=acc:0:8:1 a=acc:0:8:1 rows=4 cols=8
vmuls d=acc:0:8:1 a=acc:0:8:1 rows=4 cols=8 imm=0.5
mvout dram=y:0:8 a=acc:0:8:1 rows=4 cols=8
)";

TEST(Energy, HandComputedProgramMatchesBothRuns) {
  llvm::Expected<Program> p = parseAsm(kProgram);
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());

  // Timing by hand (docs/systolic-isa.md, "Timing"): an mvin of B bytes
  // occupies the load DMA B/8 cycles and completes 50 later; an 8x8 WS
  // fold with m=4 takes 2*8+8+4-2 = 26 cycles; vexp of 32 elements on 8
  // lanes 4 issues x 4 cycles, vmuls 4 x 1.
  //   mvin x   128 B  [0, 66)     occupies 16
  //   mvin w   256 B  [16, 98)    occupies 32
  //   matmul          [98, 124)   waits for w
  //   matmul acc=1    [124, 150)
  //   vexp            [150, 166)
  //   vmuls           [166, 170)
  //   mvout    128 B  [170, 236)  occupies 16
  const uint64_t cycles = 236;
  const uint64_t busyLoad = 48, busyStore = 16, busyArray = 52,
                 busyVector = 20;

  // Actions by hand (f32: 4 bytes per element).
  //   load DMA: DRAM 128 + 256 B, scratchpad writes 128 + 256 B.
  //   array: 2 x 4*8*8 MACs; each matmul reads a (4x8) and b (8x8) once:
  //          2 x 384 B of scratchpad; writes the 4x8 accumulator tile
  //          twice (2 x 128 B) and reads it once (acc=1, 128 B).
  //   vector: vexp 32 + vmuls 32 elements, each reading and writing the
  //           4x8 accumulator tile (2 x 128 B each way).
  //   store DMA: reads the tile (128 B), DRAM 128 B.
  const double load = 384 * 160.0 + 384 * 2.5 + (cycles - busyLoad) * 0.5;
  const double array = 512 * 4.5 + 768 * 2.0 + 128 * 1.5 + 256 * 1.25 +
                       (cycles - busyArray) * 8.0;
  const double vector = 32 * 32.0 + 32 * 4.0 + 256 * 1.5 + 256 * 1.25 +
                        (cycles - busyVector) * 2.0;
  const double store = 128 * 1.5 + 128 * 160.0 + (cycles - busyStore) * 0.25;
  const double total = load + store + array + vector;
  ASSERT_EQ(total, 91333.0); // 62494 + 20727 + 5824 + 2288

  llvm::StringMap<std::vector<float>> inputs;
  inputs["x"].assign(32, 0.25f);
  inputs["w"].assign(64, 0.5f);
  llvm::Expected<RunResult> data = runProgram(*p, inputs);
  ASSERT_TRUE(bool(data)) << llvm::toString(data.takeError());
  llvm::Expected<Report> timed = timeProgram(*p);
  ASSERT_TRUE(bool(timed)) << llvm::toString(timed.takeError());

  for (const Report *r : {&data->report, &*timed}) {
    EXPECT_EQ(r->cycles, cycles);
    EXPECT_EQ(r->busy[unsigned(Unit::Load)], busyLoad);
    EXPECT_EQ(r->busy[unsigned(Unit::Store)], busyStore);
    EXPECT_EQ(r->busy[unsigned(Unit::Array)], busyArray);
    EXPECT_EQ(r->busy[unsigned(Unit::Vector)], busyVector);
    EnergyBreakdown e = r->energy(p->target);
    EXPECT_EQ(e.units[unsigned(Unit::Load)], load);
    EXPECT_EQ(e.units[unsigned(Unit::Store)], store);
    EXPECT_EQ(e.units[unsigned(Unit::Array)], array);
    EXPECT_EQ(e.units[unsigned(Unit::Vector)], vector);
    EXPECT_EQ(e.total, total);
    // Per entry: the same products regrouped.
    EXPECT_EQ(e.entries[unsigned(EnergyKey::Mac)], 512 * 4.5);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::DramByte)], 512 * 160.0);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::SpadReadByte)], 768 * 2.0);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::SpadWriteByte)], 384 * 2.5);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::AccReadByte)], 512 * 1.5);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::AccWriteByte)], 512 * 1.25);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::VectorExp)], 32 * 32.0);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::VectorMul)], 32 * 4.0);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::VectorAdd)], 0.0);
    EXPECT_EQ(e.entries[unsigned(EnergyKey::IdleArray)], 184 * 8.0);
    // The JSON carries the same numbers.
    llvm::json::Object j = r->toJSON(*p);
    const llvm::json::Object *ej = j.getObject("energy_pj");
    ASSERT_TRUE(ej);
    EXPECT_EQ(ej->getNumber("total"), total);
    EXPECT_EQ(ej->getObject("units")->getNumber("dma_load"), load);
    EXPECT_EQ(ej->getObject("units")->getNumber("array"), array);
    EXPECT_EQ(ej->getObject("entries")->getNumber("idle_vector"),
              (cycles - busyVector) * 2.0);
    const llvm::json::Object *counts = j.getObject("actions");
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->getInteger("mac"), 512);
    EXPECT_EQ(counts->getInteger("spad_read_byte"), 768);
    EXPECT_EQ(counts->getInteger("acc_read_byte"), 512);
    EXPECT_EQ(counts->getInteger("dram_byte"), 512);
    EXPECT_EQ(counts->getInteger("vector_exp"), 32);
  }
  EXPECT_TRUE(data->report == *timed);
}

// Every vector opcode counts rows*cols operations of its timing class;
// reductions write one element per row.
TEST(Energy, VectorOpcodesCountTheirKind) {
  TargetDesc t = *lookupPreset("edge");
  LocalRef a{Mem::Acc, 0, 8, 1}, b{Mem::Acc, 64, 8, 1}, d{Mem::Acc, 128, 8, 1};
  auto count = [&](Instr in) {
    std::array<uint64_t, kNumActionKinds> c{};
    countActions(in, t, c);
    return c;
  };
  auto at = [](const std::array<uint64_t, kNumActionKinds> &c, EnergyKey k) {
    return c[unsigned(k)];
  };
  struct Case {
    Opcode op;
    EnergyKey key;
  } cases[] = {{Opcode::VAdd, EnergyKey::VectorAdd},
               {Opcode::VSub, EnergyKey::VectorAdd},
               {Opcode::VMax, EnergyKey::VectorAdd},
               {Opcode::VMaxS, EnergyKey::VectorAdd},
               {Opcode::VAddS, EnergyKey::VectorAdd},
               {Opcode::VMov, EnergyKey::VectorAdd},
               {Opcode::VFill, EnergyKey::VectorAdd},
               {Opcode::VCausal, EnergyKey::VectorAdd},
               {Opcode::VMul, EnergyKey::VectorMul},
               {Opcode::VMulS, EnergyKey::VectorMul},
               {Opcode::VExp, EnergyKey::VectorExp},
               {Opcode::VRecip, EnergyKey::VectorDiv},
               {Opcode::VRsqrt, EnergyKey::VectorSqrt}};
  for (const Case &c : cases) {
    auto n = count(makeVector(c.op, d, a, b, 3, 5));
    EXPECT_EQ(at(n, c.key), 15u) << stringifyOpcode(c.op).str();
    uint64_t ops = 0;
    for (unsigned k = unsigned(EnergyKey::VectorAdd); k < kNumActionKinds; ++k)
      ops += n[k];
    EXPECT_EQ(ops, 15u) << stringifyOpcode(c.op).str();
    EXPECT_EQ(at(n, EnergyKey::AccWriteByte), 60u);
    OpcodeInfo info = opcodeInfo(c.op);
    uint64_t reads = (info.a ? 1 : 0) + (info.b ? 1 : 0) +
                     (c.op == Opcode::VCausal ? 1 : 0);
    EXPECT_EQ(at(n, EnergyKey::AccReadByte), 60u * reads)
        << stringifyOpcode(c.op).str();
  }
  auto rowSum = count(makeVector(Opcode::VRowSum, {Mem::Acc, 128, 1, 0}, a,
                                 {}, 3, 5));
  EXPECT_EQ(at(rowSum, EnergyKey::VectorAdd), 15u);
  EXPECT_EQ(at(rowSum, EnergyKey::AccReadByte), 60u);
  EXPECT_EQ(at(rowSum, EnergyKey::AccWriteByte), 12u);
  auto fence = count(Instr{});
  for (uint64_t v : fence)
    EXPECT_EQ(v, 0u);
}

Instr withTerm(Instr in, Field f, int64_t coeff, int64_t mod = 0) {
  IndexTerm t;
  t.field = f;
  t.level = 0;
  t.coeff = coeff;
  t.mod = mod;
  in.terms.push_back(t);
  return in;
}

// A long double-buffered loop: the fast path skips most iterations, and
// the action counts it adds for them -- hence the energy -- are exactly
// those of the unrolled run.
TEST(Energy, FastForwardScalesCountsExactly) {
  Program p;
  p.name = "loop";
  p.target = *lookupPreset("gemmini");
  const int64_t iters = 3000, tm = 16, k = 16, n = 16;
  p.buffers = {buffer("a", BufferKind::Input, iters * tm, k),
               buffer("b", BufferKind::Input, k, n),
               buffer("c", BufferKind::Output, iters * tm, n)};
  const int64_t bS = 0, aS = k * n;
  p.instrs.push_back(makeMvin({Mem::Spad, bS, n, 1}, {"b", 0, n}, k, n));
  p.instrs.push_back(makeLoop(iters));
  Instr ld = makeMvin({Mem::Spad, aS, k, 1}, {"a", 0, k}, tm, k);
  ld = withTerm(withTerm(ld, Field::DAddr, tm * k, 2), Field::DramOff, tm * k);
  p.instrs.push_back(ld);
  Instr mm = makeMatmul({Mem::Acc, 0, n, 1}, {Mem::Spad, aS, k, 1},
                        {Mem::Spad, bS, n, 1}, tm, k, n, false);
  mm = withTerm(withTerm(mm, Field::AAddr, tm * k, 2), Field::DAddr, tm * n, 2);
  p.instrs.push_back(mm);
  Instr ex = makeVector(Opcode::VExp, {Mem::Acc, 0, n, 1}, {Mem::Acc, 0, n, 1},
                        {}, tm, n);
  ex = withTerm(withTerm(ex, Field::DAddr, tm * n, 2), Field::AAddr, tm * n, 2);
  p.instrs.push_back(ex);
  Instr st = makeMvout({"c", 0, n}, {Mem::Acc, 0, n, 1}, tm, n);
  st = withTerm(withTerm(st, Field::AAddr, tm * n, 2), Field::DramOff, tm * n);
  p.instrs.push_back(st);
  p.instrs.push_back(makeEndLoop());

  uint64_t skipped = 0;
  llvm::Expected<Report> fast = timeProgram(p, true, nullptr, &skipped);
  llvm::Expected<Report> slow = timeProgram(p, false);
  ASSERT_TRUE(bool(fast)) << llvm::toString(fast.takeError());
  ASSERT_TRUE(bool(slow)) << llvm::toString(slow.takeError());
  EXPECT_GT(skipped, uint64_t(iters / 2));
  EXPECT_TRUE(*fast == *slow);
  EXPECT_EQ(fast->actions, slow->actions);
  EnergyBreakdown ef = fast->energy(p.target), es = slow->energy(p.target);
  EXPECT_EQ(ef.total, es.total);
  EXPECT_EQ(ef.units, es.units);
  EXPECT_EQ(ef.entries, es.entries);
  // And the counts are the closed form.
  uint64_t macs = uint64_t(iters) * tm * k * n;
  EXPECT_EQ(fast->actions[unsigned(Unit::Array)][unsigned(EnergyKey::Mac)],
            macs);
  EXPECT_EQ(
      fast->actions[unsigned(Unit::Vector)][unsigned(EnergyKey::VectorExp)],
      uint64_t(iters) * tm * n);
  EXPECT_EQ(fast->actions[unsigned(Unit::Load)][unsigned(EnergyKey::DramByte)],
            uint64_t(k * n + iters * tm * k) * 4);
  EXPECT_EQ(
      fast->actions[unsigned(Unit::Store)][unsigned(EnergyKey::AccReadByte)],
      uint64_t(iters) * tm * n * 4);
}

} // namespace
