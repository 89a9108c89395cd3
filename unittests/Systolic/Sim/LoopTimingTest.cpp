//===- LoopTimingTest.cpp - the timing fast path equals unrolled runs -----===//
//
// The simulator skips periodic loop iterations in timing-only mode. Here
// random loop programs (double-buffered pipelines over DMA, array and
// vector unit, nested loops, DRAM writes aligned to the timestamp chunks
// or not, column-slice writes, loops too short to skip) are timed three ways: timing-only with
// the fast path, timing-only without it, and the data run. All three
// reports must be identical, and the fast path must really skip where the
// loops are long.
//
//===----------------------------------------------------------------------===//

#include "TestBuffers.h"
#include "attn-mlir/Systolic/Sim/Machine.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir::attn::systolic;
using mlir::attn::systolic::test::buffer;

namespace {

Instr withTerm(Instr in, Field f, unsigned level, int64_t coeff,
               int64_t mod = 0, int64_t offset = 0) {
  IndexTerm t;
  t.field = f;
  t.level = uint8_t(level);
  t.coeff = coeff;
  t.mod = mod;
  t.offset = offset;
  in.terms.push_back(t);
  return in;
}

/// A double-buffered tile pipeline inside `outer` x `inner` loops: load an
/// A tile, multiply by a resident B, scale on the vector unit, store.
Program pipeline(const TargetDesc &t, int64_t outer, int64_t inner,
                 int64_t tm, int64_t k, int64_t n, bool vector) {
  Program p;
  p.name = "pipeline";
  p.target = t;
  int64_t rows = outer * inner * tm;
  p.buffers = {buffer("a", BufferKind::Input, rows, k),
               buffer("b", BufferKind::Input, k, n),
               buffer("c", BufferKind::Output, rows, n)};
  const int64_t bS = 0, aS = k * n, accHalf = tm * n;
  p.instrs.push_back(makeMvin({Mem::Spad, bS, n, 1}, {"b", 0, n}, k, n));
  if (outer > 1)
    p.instrs.push_back(makeLoop(outer));
  p.instrs.push_back(makeLoop(inner));
  unsigned lvl = outer > 1 ? 1 : 0;
  auto idx = [&](Instr in, Field f, int64_t perInner, int64_t mod = 0,
                 int64_t off = 0) {
    in = withTerm(in, f, lvl, perInner, mod, off);
    if (outer > 1 && mod == 0)
      in = withTerm(in, f, 0, perInner * inner);
    return in;
  };
  Instr ld = makeMvin({Mem::Spad, aS, k, 1}, {"a", 0, k}, tm, k);
  ld = idx(ld, Field::DAddr, tm * k, 2);
  ld = idx(ld, Field::DramOff, tm * k);
  p.instrs.push_back(ld);
  Instr mm = makeMatmul({Mem::Acc, 0, n, 1}, {Mem::Spad, aS, k, 1},
                        {Mem::Spad, bS, n, 1}, tm, std::min<int64_t>(k, t.rows),
                        std::min<int64_t>(n, t.cols), false);
  mm = idx(mm, Field::AAddr, tm * k, 2);
  mm = idx(mm, Field::DAddr, accHalf, 2);
  p.instrs.push_back(mm);
  if (vector) {
    Instr v = makeVector(Opcode::VMulS, {Mem::Acc, 0, n, 1},
                         {Mem::Acc, 0, n, 1}, {}, tm, n, 0.5f);
    v = idx(v, Field::DAddr, accHalf, 2);
    v = idx(v, Field::AAddr, accHalf, 2);
    p.instrs.push_back(v);
  }
  Instr st = makeMvout({"c", 0, n}, {Mem::Acc, 0, n, 1}, tm, n);
  st = idx(st, Field::AAddr, accHalf, 2);
  st = idx(st, Field::DramOff, tm * n);
  p.instrs.push_back(st);
  p.instrs.push_back(makeEndLoop());
  if (outer > 1)
    p.instrs.push_back(makeEndLoop());
  return p;
}

/// A loop that loads a tm x n tile per iteration (double-buffered), scales
/// it on the vector unit and stores it as `slices` column slices (tm rows of
/// n / slices elements, row stride `ld`), as primal's O chunks leave. With
/// `spill`, each iteration also writes the first n / slices elements of the
/// next iteration's first row: DRAM chunks shared between iterations.
Program slicedStores(const TargetDesc &t, int64_t iters, int64_t tm,
                     int64_t n, int64_t slices, int64_t ld, bool spill) {
  Program p;
  p.name = "sliced";
  p.target = t;
  p.buffers = {buffer("a", BufferKind::Input, iters * tm, n),
               buffer("c", BufferKind::Output, iters * tm + 1, ld)};
  const int64_t w = n / slices;
  p.instrs.push_back(makeLoop(iters));
  Instr in = makeMvin({Mem::Spad, 0, n, 1}, {"a", 0, n}, tm, n);
  in = withTerm(in, Field::DAddr, 0, tm * n, 2);
  in = withTerm(in, Field::DramOff, 0, tm * n);
  p.instrs.push_back(in);
  Instr v = makeVector(Opcode::VMulS, {Mem::Spad, 0, n, 1},
                       {Mem::Spad, 0, n, 1}, {}, tm, n, 0.5f);
  v = withTerm(v, Field::DAddr, 0, tm * n, 2);
  v = withTerm(v, Field::AAddr, 0, tm * n, 2);
  p.instrs.push_back(v);
  for (int64_t j = 0; j < slices; ++j) {
    Instr st = makeMvout({"c", j * w, ld}, {Mem::Spad, j * w, n, 1}, tm, w);
    st = withTerm(st, Field::AAddr, 0, tm * n, 2);
    st = withTerm(st, Field::DramOff, 0, tm * ld);
    p.instrs.push_back(st);
  }
  if (spill) {
    Instr st = makeMvout({"c", tm * ld, ld}, {Mem::Spad, 0, n, 1}, 1, w);
    st = withTerm(st, Field::AAddr, 0, tm * n, 2);
    st = withTerm(st, Field::DramOff, 0, tm * ld);
    p.instrs.push_back(st);
  }
  p.instrs.push_back(makeEndLoop());
  return p;
}

enum class Skips { Some, None, Any };

void expectSameTiming(const Program &p, Skips expect,
                      const std::string &what) {
  llvm::Error err = checkProgram(p);
  ASSERT_FALSE(bool(err)) << what << ": " << llvm::toString(std::move(err));
  uint64_t skipped = 0;
  llvm::Expected<Report> fast = timeProgram(p, true, nullptr, &skipped);
  llvm::Expected<Report> slow = timeProgram(p, false);
  ASSERT_TRUE(bool(fast)) << llvm::toString(fast.takeError());
  ASSERT_TRUE(bool(slow)) << llvm::toString(slow.takeError());
  llvm::StringMap<std::vector<float>> inputs;
  for (const Buffer &b : p.buffers)
    if (b.kind == BufferKind::Input)
      inputs[b.name].assign(b.numel(), 1.f);
  llvm::Expected<RunResult> data = runProgram(p, inputs);
  ASSERT_TRUE(bool(data)) << llvm::toString(data.takeError());
  EXPECT_TRUE(*fast == *slow) << what << ": fast " << fast->cycles
                              << " cycles, unrolled " << slow->cycles;
  EXPECT_TRUE(*slow == data->report) << what;
  EXPECT_EQ(slow->instructions, dynamicInstructionCount(p)) << what;
  if (expect == Skips::Some) {
    EXPECT_GT(skipped, 0u) << what << ": the fast path never engaged";
  }
  if (expect == Skips::None) {
    EXPECT_EQ(skipped, 0u) << what << ": the fast path should decline";
  }
}

TargetDesc target(const char *name) {
  llvm::Expected<TargetDesc> t = lookupPreset(name);
  EXPECT_TRUE(bool(t));
  return *t;
}

TEST(LoopTiming, LongPipelineIsSkippedExactly) {
  expectSameTiming(pipeline(target("gemmini"), 1, 400, 64, 16, 16, true),
                   Skips::Some, "gemmini 400 tiles");
  expectSameTiming(pipeline(target("edge"), 7, 60, 16, 8, 8, true),
                   Skips::Some, "edge 7 x 60 tiles");
}

TEST(LoopTiming, ShortAndUnalignedLoops) {
  // 3 iterations: nothing to skip. Rows of 5 x 6 = 30 elements: DRAM
  // writes share timestamp chunks, so the fast path must decline.
  expectSameTiming(pipeline(target("edge"), 1, 3, 16, 8, 8, false),
                   Skips::None, "3 iterations");
  expectSameTiming(pipeline(target("edge"), 2, 90, 5, 4, 6, true),
                   Skips::None, "unaligned stores");
}

TEST(LoopTiming, ColumnSliceStoresAreSkippedExactly) {
  // Four 16-column slices of 64-element rows per iteration: each slice is a
  // strided rectangle, and the four share every DRAM chunk of their rows,
  // but no chunk is shared between iterations.
  expectSameTiming(slicedStores(target("gemmini"), 300, 16, 64, 4, 64, false),
                   Skips::Some, "4 column slices");
  expectSameTiming(slicedStores(target("gemmini"), 200, 8, 32, 2, 128, false),
                   Skips::Some, "2 slices, rows padded to 128");
  // The spilled write shares a chunk with the next iteration's first slice:
  // the fast path must decline.
  expectSameTiming(slicedStores(target("gemmini"), 200, 16, 64, 4, 64, true),
                   Skips::None, "a write into the next iteration's chunks");
}

TEST(LoopTiming, RandomPipelines) {
  std::mt19937 gen(77);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(gen);
  };
  const char *presets[] = {"gemmini", "edge"};
  for (int i = 0; i < 40; ++i) {
    TargetDesc t = target(presets[pick(0, 1)]);
    int64_t tm = pick(1, 40), k = pick(1, 16), n = pick(1, 16);
    Program p = pipeline(t, pick(1, 4), pick(1, 120), tm, k, n, pick(0, 1));
    expectSameTiming(p, Skips::Any, "random pipeline " + std::to_string(i));
  }
}

} // namespace
