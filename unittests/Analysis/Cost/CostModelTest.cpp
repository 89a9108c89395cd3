//===- CostModelTest.cpp - targets, latency and the memory model ----------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"
#include "attn-mlir/InitAll.h"
#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {

TEST(CostTarget, DefaultCpu) {
  llvm::Expected<CostTarget> t = loadCostTarget("cpu");
  ASSERT_TRUE(bool(t));
  EXPECT_FALSE(t->isSystolic());
  EXPECT_EQ(t->onChipBytes(), 512u * 1024);
  EXPECT_DOUBLE_EQ(t->clockHz(), 2.45e9);
}

TEST(CostTarget, SystolicPresetAndErrors) {
  llvm::Expected<CostTarget> g = loadCostTarget("gemmini");
  ASSERT_TRUE(bool(g));
  EXPECT_TRUE(g->isSystolic());
  EXPECT_EQ(g->onChipBytes(), (256u + 64u) * 1024);
  llvm::Expected<CostTarget> bad = loadCostTarget("tpu-v9");
  ASSERT_FALSE(bool(bad));
  EXPECT_NE(llvm::toString(bad.takeError()).find("unknown target 'tpu-v9'"),
            std::string::npos);
  llvm::Expected<CostTarget> missing = loadCostTarget("/no/such/t.json");
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find("cannot read"),
            std::string::npos);
}

TEST(CpuTargetJSON, KeysAndErrors) {
  llvm::Expected<CpuTarget> t = parseCpuTargetJSON(
      R"({"kind": "cpu", "name": "big", "clock_ghz": 3, "flops_per_cycle": 64,
          "dram_gb_per_s": 30, "l2_kib": 2048})");
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->name, "big");
  EXPECT_EQ(t->onChipBytes(), 2048u * 1024);
  auto errorOf = [](const char *json) {
    llvm::Expected<CpuTarget> r = parseCpuTargetJSON(json);
    return r ? std::string("<ok>") : llvm::toString(r.takeError());
  };
  EXPECT_NE(errorOf(R"({"kind": "cpu", "clock_ghz": -1})").find("clock_ghz"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"kind": "cpu", "l2kib": 3})").find("unknown key"),
            std::string::npos);
  EXPECT_NE(errorOf("{").find("malformed JSON"), std::string::npos);
}

TEST(Latency, CpuRooflinePicksTheLargestTerm) {
  CostTarget t = *loadCostTarget("cpu");
  OpWork w;
  w.macs = 1000 * 32; // 64000 flops / 32 per cycle = 2000 cycles
  w.dramBytes = 4000; // 10 GB/s at 2.45 GHz: 4000 · 2.45 / 10 = 980 cycles
  Latency l = estimateLatency(t, w);
  EXPECT_EQ(l.computeCycles, 2000u);
  EXPECT_EQ(l.memoryCycles, 980u);
  EXPECT_EQ(l.cycles, 2000u);
  EXPECT_EQ(l.bound, Bound::Compute);
  w.dramBytes = 40000;
  EXPECT_EQ(estimateLatency(t, w).bound, Bound::Memory);
  w.dramBytes = 0;
  w.flops.exp = 10000; // 0.5 cycles each
  EXPECT_EQ(estimateLatency(t, w).vectorCycles, 5000u);
  EXPECT_EQ(estimateLatency(t, w).bound, Bound::Vector);
}

TEST(Latency, SystolicUsesScaleSimPerGemm) {
  CostTarget t = *loadCostTarget("gemmini");
  OpWork w;
  w.gemms = {{3, 256, 64, 256}};
  Latency l = estimateLatency(t, w);
  EXPECT_EQ(l.computeCycles, 3u * 19328);
  EXPECT_EQ(l.cycles, 3u * 19328);
}

class MemoryModel : public ::testing::Test {
protected:
  MemoryModel() {
    DialectRegistry registry;
    registry.insert<func::FuncDialect>();
    attn::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }
  OpWork vanilla(int64_t n, VanillaStrategy s) {
    std::string t = llvm::formatv("tensor<1x8x{0}x64xf32>", n).str();
    std::string src = llvm::formatv(
        "func.func @f(%q: {0}, %o: {0}) -> {0} {{\n"
        "  %r = attn.vanilla ins(%q, %q, %q : {0}, {0}, {0}) outs(%o : {0}) "
        "-> {0}\n  return %r : {0}\n}\n",
        t);
    return first(src, s);
  }
  OpWork primal(int64_t n) {
    std::string t = llvm::formatv("tensor<1x8x{0}x64xf32>", n).str();
    std::string src = llvm::formatv(
        "func.func @f(%q: {0}, %w: tensor<8x64x30xf32>, %wc: "
        "tensor<60x64xf32>, %o: {0}) -> {0} {{\n"
        "  %r = attn.primal ins(%q, %q, %w, %w, %wc : {0}, {0}, "
        "tensor<8x64x30xf32>, tensor<8x64x30xf32>, tensor<60x64xf32>) "
        "outs(%o : {0}) -> {0}\n  return %r : {0}\n}\n",
        t);
    return first(src, VanillaStrategy::Flash);
  }
  OpWork first(const std::string &src, VanillaStrategy s) {
    OwningOpRef<ModuleOp> m = parseSourceString<ModuleOp>(src, &context);
    EXPECT_TRUE(m);
    WorkConfig cfg;
    cfg.strategy = s;
    CostAnalysis a(*m);
    return (*a.compute(*loadCostTarget("cpu"), cfg))[0].ops[0].work;
  }
  MLIRContext context;
};

TEST_F(MemoryModel, SramGrowsQuadraticallyOnlyWhenMaterialized) {
  OpWork m1 = vanilla(1024, VanillaStrategy::Materialized),
         m4 = vanilla(4096, VanillaStrategy::Materialized);
  // N·M + 4·N·64 floats per head: (4096² + 4·4096·64) / (1024² + 4·1024·64)
  // = 13.6, tending to 16 as the N×N scores dominate.
  EXPECT_NEAR(double(m4.sramPeakBytes) / m1.sramPeakBytes, 13.6, 0.01);
  OpWork f1 = vanilla(1024, VanillaStrategy::Flash),
         f4 = vanilla(4096, VanillaStrategy::Flash);
  EXPECT_EQ(f1.sramPeakBytes, f4.sramPeakBytes);
  OpWork p1 = primal(1024), p4 = primal(4096);
  EXPECT_EQ(p1.sramPeakBytes, p4.sramPeakBytes);
}

TEST_F(MemoryModel, DramLinearForPrimalSuperlinearForVanilla) {
  OpWork p1 = primal(1024), p4 = primal(4096);
  double primalRatio = double(p4.dramBytes) / p1.dramBytes;
  EXPECT_GT(primalRatio, 3.9);
  EXPECT_LT(primalRatio, 4.1);
  // K and V (4096·128·4 = 2 MiB per head) no longer fit in L2 beside a query
  // tile: flash re-reads them per resident tile.
  OpWork f1 = vanilla(1024, VanillaStrategy::Flash),
         f4 = vanilla(4096, VanillaStrategy::Flash);
  EXPECT_GT(double(f4.dramBytes) / f1.dramBytes, 4.5);
  OpWork m4 = vanilla(4096, VanillaStrategy::Materialized);
  EXPECT_GT(m4.dramBytes, f4.dramBytes);
}

} // namespace
