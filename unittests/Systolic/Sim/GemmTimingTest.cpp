//===- GemmTimingTest.cpp - one GEMM: simulated cycles == the model -------===//
//
// A GEMM issued fold by fold (SCALE-Sim's mapping for the dataflow, the
// streamed extent whole) must keep the array busy for exactly SCALE-Sim v2's
// cycle count -- or, with pe_double_buffer, folds · max(T, R) -- finish
// exactly when the latency model says, and compute the right numbers.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Sim/Machine.h"
#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace mlir::attn::systolic;

namespace {

struct GemmCase {
  Dataflow df;
  unsigned rows, cols;
  int64_t m, k, n;
  bool doubleBuffer = false;
};

/// Program: mvin A and B whole, one matmul per fold, mvout C.
Program gemmProgram(const GemmCase &c) {
  Program p;
  p.name = "gemm";
  p.target.name = "test";
  p.target.rows = c.rows;
  p.target.cols = c.cols;
  p.target.dataflow = c.df;
  p.target.peDoubleBuffer = c.doubleBuffer;
  p.target.spadKiB = 1024;
  p.target.spadBanks = 1;
  p.target.accKiB = 1024;
  p.buffers = {{"a", BufferKind::Input, {c.m, c.k}, 0},
               {"b", BufferKind::Input, {c.k, c.n}, 0},
               {"c", BufferKind::Output, {c.m, c.n}, 0}};
  const int64_t aS = 0, bS = c.m * c.k;
  auto push = [&](Instr in) { p.instrs.push_back(in); };
  Instr ld;
  ld.op = Opcode::Mvin;
  ld.d = {Mem::Spad, aS, c.k, 1};
  ld.dram = {"a", 0, c.k};
  ld.rows = c.m;
  ld.cols = c.k;
  push(ld);
  ld.d = {Mem::Spad, bS, c.n, 1};
  ld.dram = {"b", 0, c.n};
  ld.rows = c.k;
  ld.cols = c.n;
  push(ld);
  // Per-fold extents: WS tiles (K, N), OS (M, N), IS (K, M) by (R, C).
  int64_t mc = c.m, kc = c.k, nc = c.n;
  if (c.df == Dataflow::WS) {
    kc = c.rows;
    nc = c.cols;
  } else if (c.df == Dataflow::OS) {
    mc = c.rows;
    nc = c.cols;
  } else {
    kc = c.rows;
    mc = c.cols;
  }
  for (int64_t i = 0; i < c.m; i += mc)
    for (int64_t j = 0; j < c.n; j += nc)
      for (int64_t l = 0; l < c.k; l += kc) {
        Instr mm;
        mm.op = Opcode::Matmul;
        mm.a = {Mem::Spad, aS + i * c.k + l, c.k, 1};
        mm.b = {Mem::Spad, bS + l * c.n + j, c.n, 1};
        mm.d = {Mem::Acc, i * c.n + j, c.n, 1};
        mm.rows = std::min(mc, c.m - i);
        mm.k = std::min(kc, c.k - l);
        mm.cols = std::min(nc, c.n - j);
        mm.accumulate = l > 0;
        push(mm);
      }
  Instr st;
  st.op = Opcode::Mvout;
  st.a = {Mem::Acc, 0, c.n, 1};
  st.dram = {"c", 0, c.n};
  st.rows = c.m;
  st.cols = c.n;
  push(st);
  return p;
}

class SimGemm : public ::testing::TestWithParam<GemmCase> {};

TEST_P(SimGemm, ArrayCyclesEqualScaleSim) {
  const GemmCase c = GetParam();
  Program p = gemmProgram(c);
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<float> a(c.m * c.k), b(c.k * c.n);
  for (float &x : a)
    x = dist(gen);
  for (float &x : b)
    x = dist(gen);
  llvm::Expected<RunResult> r = runProgram(p, {{"a", a}, {"b", b}});
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());

  GemmTiming t = scaleSimGemm(c.df, c.rows, c.cols, c.m, c.k, c.n);
  // Double-buffered PEs take a fold every max(T, R) cycles (T: the streamed
  // extent, M for WS, K for OS, N for IS), by hand rather than through
  // arrayTiming.
  const uint64_t streamed = c.df == Dataflow::WS   ? c.m
                            : c.df == Dataflow::OS ? c.k
                                                   : c.n;
  const uint64_t busy =
      c.doubleBuffer ? t.folds * std::max<uint64_t>(streamed, c.rows)
                     : t.cycles;
  EXPECT_EQ(r->report.busy[unsigned(Unit::Array)], busy);
  EXPECT_EQ(r->report.macs, t.macs);
  // Folds queue on the array back to back once A and B have landed (each
  // accumulating fold right behind the one it adds to: the array keeps its
  // own writes in order); the store follows the last fold's results.
  InstrTiming la = instrTiming(p.instrs[0], p.target);
  InstrTiming lb = instrTiming(p.instrs[1], p.target);
  InstrTiming st = instrTiming(p.instrs.back(), p.target);
  const uint64_t landed = std::max(la.latency, la.occupancy + lb.latency);
  // The last fold starts busy − step after the first and ends one fold's
  // SCALE-Sim latency later.
  const uint64_t lastFold = busy - busy / t.folds + t.cyclesPerFold;
  EXPECT_EQ(r->report.cycles, landed + lastFold + st.latency);

  const std::vector<float> &got = r->outputs["c"];
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t j = 0; j < c.n; ++j) {
      double want = 0;
      for (int64_t l = 0; l < c.k; ++l)
        want += double(a[i * c.k + l]) * b[l * c.n + j];
      ASSERT_NEAR(got[i * c.n + j], want, 1e-4 * (1 + std::fabs(want)))
          << i << "," << j;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SimGemm,
    ::testing::Values(
        // SCALE-Sim's documented example: 64 folds x 302 = 19328 cycles.
        GemmCase{Dataflow::WS, 16, 16, 256, 64, 256},
        GemmCase{Dataflow::OS, 16, 16, 256, 64, 256},
        GemmCase{Dataflow::IS, 16, 16, 256, 64, 256},
        // Shapes that do not fill the array, non-square arrays.
        GemmCase{Dataflow::WS, 16, 16, 7, 5, 3},
        GemmCase{Dataflow::OS, 16, 16, 37, 23, 19},
        GemmCase{Dataflow::IS, 16, 16, 37, 23, 19},
        GemmCase{Dataflow::WS, 8, 4, 50, 17, 9},
        GemmCase{Dataflow::OS, 8, 4, 50, 17, 9},
        GemmCase{Dataflow::IS, 8, 4, 50, 17, 9},
        // pe_double_buffer: streams shorter and longer than the preload.
        GemmCase{Dataflow::WS, 16, 16, 256, 64, 256, true},
        GemmCase{Dataflow::OS, 16, 16, 256, 64, 256, true},
        GemmCase{Dataflow::IS, 16, 16, 256, 64, 256, true},
        GemmCase{Dataflow::WS, 16, 16, 7, 40, 3, true},
        GemmCase{Dataflow::OS, 8, 4, 50, 17, 9, true},
        GemmCase{Dataflow::IS, 8, 4, 50, 17, 9, true}));

TEST(SimGemmExample, ScaleSimExampleIs19328) {
  Program p = gemmProgram({Dataflow::WS, 16, 16, 256, 64, 256});
  std::vector<float> a(256 * 64, 1.f), b(64 * 256, 1.f);
  llvm::Expected<RunResult> r = runProgram(p, {{"a", a}, {"b", b}});
  ASSERT_TRUE(bool(r));
  EXPECT_EQ(r->report.busy[unsigned(Unit::Array)], 19328u);
}

TEST(Timing, IndependentUnitsOverlapDependentOnesWait) {
  // mvin X; matmul on X waits for it; an unrelated mvin Y overlaps the
  // matmul on the load channel.
  Program p = gemmProgram({Dataflow::WS, 16, 16, 16, 16, 16});
  Machine m(p.target);
  std::vector<float> a(256, 1.f), b(256, 1.f), c(256);
  m.bind(p.buffers[0], a.data());
  m.bind(p.buffers[1], b.data());
  m.bind(p.buffers[2], c.data());
  for (const Instr &in : p.instrs)
    ASSERT_FALSE(bool(m.execute(in)));
  InstrTiming ld = instrTiming(p.instrs[0], p.target);
  InstrTiming mm = instrTiming(p.instrs[2], p.target);
  InstrTiming st = instrTiming(p.instrs[3], p.target);
  // The second mvin queues behind the first on the load channel; the
  // matmul starts when B has landed; the mvout after the matmul.
  uint64_t bLanded = ld.occupancy + ld.latency;
  EXPECT_EQ(m.report().cycles, bLanded + mm.latency + st.latency);
  // Stalls: the matmul waits for B, the mvout for the matmul.
  EXPECT_EQ(m.report().stallCycles, bLanded + (bLanded + mm.latency));
}

} // namespace
