//===- LatencyModelTest.cpp - SCALE-Sim v2 formulas, DMA, vector unit -----===//

#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include <gtest/gtest.h>

using namespace mlir::attn::systolic;

// SCALE-Sim v2's documented example: WS on 16×16, M=N=256, K=64:
// Sr=K=64, Sc=N=256 → 4·16 = 64 folds of 2·16+16+256−2 = 302 cycles.
TEST(ScaleSimGemm, WeightStationaryDocumentedExample) {
  GemmTiming g = scaleSimGemm(Dataflow::WS, 16, 16, 256, 64, 256);
  EXPECT_EQ(g.folds, 64u);
  EXPECT_EQ(g.cyclesPerFold, 302u);
  EXPECT_EQ(g.cycles, 19328u);
  EXPECT_EQ(g.macs, 256u * 64 * 256);
  EXPECT_NEAR(g.utilization, 0.848, 0.0005);
}

// OS on 16×16, same GEMM: Sr=M=256, Sc=N=256 → 256 folds of
// 16+16+64−2 = 94 cycles (v2's coded OS formula).
TEST(ScaleSimGemm, OutputStationaryByHand) {
  GemmTiming g = scaleSimGemm(Dataflow::OS, 16, 16, 256, 64, 256);
  EXPECT_EQ(g.folds, 256u);
  EXPECT_EQ(g.cyclesPerFold, 94u);
  EXPECT_EQ(g.cycles, 24064u);
}

// A non-square array and a GEMM that fills neither dimension: OS on 8×4,
// M=20, K=10, N=30: ceil(20/8)·ceil(30/4) = 3·8 = 24 folds of 8+4+10−2 = 20.
TEST(ScaleSimGemm, OutputStationaryPartialFolds) {
  GemmTiming g = scaleSimGemm(Dataflow::OS, 8, 4, 20, 10, 30);
  EXPECT_EQ(g.folds, 24u);
  EXPECT_EQ(g.cyclesPerFold, 20u);
  EXPECT_EQ(g.cycles, 480u);
}

// IS on 8×8, M=20, K=10, N=30: Sr=K=10, Sc=M=20 → 2·3 = 6 folds of
// 2·8+8+30−2 = 52 cycles; utilization 6000/(312·64).
TEST(ScaleSimGemm, InputStationaryByHand) {
  GemmTiming g = scaleSimGemm(Dataflow::IS, 8, 8, 20, 10, 30);
  EXPECT_EQ(g.folds, 6u);
  EXPECT_EQ(g.cyclesPerFold, 52u);
  EXPECT_EQ(g.cycles, 312u);
  EXPECT_DOUBLE_EQ(g.utilization, 6000.0 / (312.0 * 64.0));
}

// A GEMM smaller than the array is one fold; WS streams T=M rows.
TEST(ScaleSimGemm, SmallerThanArray) {
  GemmTiming g = scaleSimGemm(Dataflow::WS, 16, 16, 5, 3, 7);
  EXPECT_EQ(g.folds, 1u);
  EXPECT_EQ(g.cycles, 2u * 16 + 16 + 5 - 2);
}

TEST(ScaleSimGemm, EmptyGemmCostsNothing) {
  EXPECT_EQ(scaleSimGemm(Dataflow::WS, 16, 16, 0, 64, 256).cycles, 0u);
}

// arrayTiming: without pe_double_buffer, SCALE-Sim's count both ways.
TEST(ArrayTiming, WithoutDoubleBufferIsScaleSim) {
  TargetDesc t = *lookupPreset("edge");
  ASSERT_FALSE(t.peDoubleBuffer);
  t.rows = t.cols = 16;
  ArrayTiming a = arrayTiming(t, 256, 64, 256);
  EXPECT_EQ(a.occupancy, 19328u);
  EXPECT_EQ(a.latency, 19328u);
}

// With it, folds follow at max(T, R); the latency adds the first preload P
// (R for WS and IS, none for OS), the last stream T and the skew R + C − 2.
// WS on 16×16, M=256, K=64, N=256: 64 folds of step 256 → 16384 busy;
// latency 16 + 63·256 + 256 + 30 = 16430.
TEST(ArrayTiming, DoubleBufferedWeightStationary) {
  TargetDesc t = *lookupPreset("gemmini");
  ASSERT_TRUE(t.peDoubleBuffer);
  ArrayTiming a = arrayTiming(t, 256, 64, 256);
  EXPECT_EQ(a.occupancy, 16384u);
  EXPECT_EQ(a.latency, 16430u);
  // A stream shorter than the preload (M=5 < R=16): each fold waits for
  // the next one's 16-cycle preload; one fold's latency is SCALE-Sim's
  // 2·16 + 16 + 5 − 2 = 51.
  a = arrayTiming(t, 5, 3, 7);
  EXPECT_EQ(a.occupancy, 16u);
  EXPECT_EQ(a.latency, 51u);
  a = arrayTiming(t, 5, 40, 7); // 3 folds
  EXPECT_EQ(a.occupancy, 48u);
  EXPECT_EQ(a.latency, 16u + 2 * 16 + 5 + 30);
}

// OS on 8×4, M=20, K=10, N=30: 24 folds, T=K=10, step max(10, 8) = 10 →
// 240 busy; no preload: latency 23·10 + 10 + 10 = 250 (one fold: 20, v2's).
// IS on 8×8, M=20, K=10, N=30: 6 folds, T=N=30 → 180 busy; latency
// 8 + 5·30 + 30 + 14 = 202 (one fold: 52, v2's).
TEST(ArrayTiming, DoubleBufferedOutputAndInputStationary) {
  TargetDesc t;
  t.peDoubleBuffer = true;
  t.dataflow = Dataflow::OS;
  t.rows = 8;
  t.cols = 4;
  ArrayTiming a = arrayTiming(t, 20, 10, 30);
  EXPECT_EQ(a.occupancy, 240u);
  EXPECT_EQ(a.latency, 250u);
  t.dataflow = Dataflow::IS;
  t.cols = 8;
  a = arrayTiming(t, 20, 10, 30);
  EXPECT_EQ(a.occupancy, 180u);
  EXPECT_EQ(a.latency, 202u);
  EXPECT_EQ(arrayTiming(t, 0, 10, 30).occupancy, 0u);
}

TEST(Dma, LatencyPlusBandwidth) {
  TargetDesc t = *lookupPreset("gemmini");
  EXPECT_EQ(dmaCycles(t, 0), 0u);
  EXPECT_EQ(dmaCycles(t, 1), t.dramLatencyCycles + 1);
  EXPECT_EQ(dmaCycles(t, 4096), t.dramLatencyCycles + 4096 / 16);
  EXPECT_EQ(dmaCycles(t, 4097), t.dramLatencyCycles + 4096 / 16 + 1);
}

TEST(VectorUnit, IssuesTimesCyclesPerIssue) {
  TargetDesc t = *lookupPreset("gemmini");
  EXPECT_EQ(vectorCycles(t, 33, VecOpKind::Add), 3u);
  EXPECT_EQ(vectorCycles(t, 33, VecOpKind::Exp), 3u * t.expCycles);
  EXPECT_EQ(vectorCycles(t, 32, VecOpKind::Sqrt), 2u * t.sqrtCycles);
}

// programBusy sums each instruction's occupancy on its unit, times the trip
// counts of its enclosing loops, on gemmini (16 B/cycle, latency 100,
// 16 lanes, exp 4): an mvin of 64×16 floats occupies the load channel
// 4096/16 = 256 cycles (its latency is pipelined, not busy); inside
// `loop 3 { loop 2 { matmul 32×16·16×16 } vexp 16×16 }` the matmul runs 6
// times, 2·16+16+32−2 = 78 cycles each (one weight register per PE; 32
// each with gemmini's two), the exp 3 times, 16 issues of 4.
TEST(ProgramBusy, OccupancyTimesTripCounts) {
  Program p;
  p.target = *lookupPreset("gemmini");
  p.target.peDoubleBuffer = false;
  LocalRef s0{Mem::Spad, 0, 16, 1}, a0{Mem::Acc, 0, 16, 1};
  p.instrs.push_back(makeMvin(s0, DramRef{"x", 0, 16}, 64, 16));
  p.instrs.push_back(makeLoop(3));
  p.instrs.push_back(makeLoop(2));
  p.instrs.push_back(makeMatmul(a0, s0, s0, 32, 16, 16, false));
  p.instrs.push_back(makeEndLoop());
  p.instrs.push_back(makeVector(Opcode::VExp, a0, a0, {}, 16, 16));
  p.instrs.push_back(makeEndLoop());
  std::array<uint64_t, kNumUnits> busy = programBusy(p);
  EXPECT_EQ(busy[unsigned(Unit::Load)], 256u);
  EXPECT_EQ(busy[unsigned(Unit::Store)], 0u);
  EXPECT_EQ(busy[unsigned(Unit::Array)], 6u * 78);
  EXPECT_EQ(busy[unsigned(Unit::Vector)], 3u * 16 * 4);
  p.target.peDoubleBuffer = true;
  EXPECT_EQ(programBusy(p)[unsigned(Unit::Array)], 6u * 32);
}
