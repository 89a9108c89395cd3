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

TEST(CostTarget, CpuPresets) {
  for (llvm::StringRef name : cpuPresetNames()) {
    llvm::Expected<CostTarget> t = loadCostTarget(name);
    ASSERT_TRUE(bool(t)) << name.str();
    EXPECT_FALSE(t->isSystolic());
  }
  EXPECT_EQ(loadCostTarget("cpu")->cpu->name, "zen3");
  CpuTarget icx = *lookupCpuPreset("icelake-server");
  EXPECT_DOUBLE_EQ(icx.flopsPerCycle, 64);
  EXPECT_DOUBLE_EQ(icx.clockGHz, 2.8);
  EXPECT_EQ(icx.onChipBytes(), 1280u * 1024);
  EXPECT_DOUBLE_EQ(lookupCpuPreset("neoverse-n1")->flopsPerCycle, 16);
  EXPECT_FALSE(lookupCpuPreset("pentium"));
}

// target=host from made-up hosts: vector width and FMA from the features,
// the clock from sysfs, an Intel model name, or "cpu MHz", in that order;
// undetected values keep the cpu preset's.
TEST(CostTarget, HostDetection) {
  HostCpuInfo icx;
  icx.cpuName = "icelake-server";
  icx.features = {"avx", "avx2", "avx512f", "fma", "sse2"};
  icx.procCpuinfo = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum "
                    "8375C CPU @ 2.90GHz\ncpu MHz\t\t: 3500.123\n";
  icx.l1dKiB = 48;
  icx.l2KiB = 1280;
  CpuTarget t = cpuTargetFromHost(icx);
  EXPECT_EQ(t.name, "host-icelake-server");
  EXPECT_DOUBLE_EQ(t.flopsPerCycle, 64); // 16 lanes x 2 x 2 FMA pipes
  EXPECT_DOUBLE_EQ(t.expCyclesPerElem, 0.25);
  EXPECT_DOUBLE_EQ(t.clockGHz, 2.9); // the nominal clock, not "cpu MHz"
  EXPECT_EQ(t.l1KiB, 48u);
  EXPECT_EQ(t.l2KiB, 1280u);
  EXPECT_EQ(t.l3KiB, 32768u); // not detected: the preset's
  EXPECT_DOUBLE_EQ(t.dramGBPerS, 10);

  icx.baseKHz = 2600000; // cpufreq's base frequency wins
  EXPECT_DOUBLE_EQ(cpuTargetFromHost(icx).clockGHz, 2.6);

  HostCpuInfo zen;
  zen.cpuName = "znver3";
  zen.features = {"avx", "avx2", "fma"};
  zen.procCpuinfo = "model name\t: AMD EPYC 7B13 64-Core Processor\n"
                    "cpu MHz\t\t: 2450.000\n";
  t = cpuTargetFromHost(zen);
  EXPECT_DOUBLE_EQ(t.flopsPerCycle, 32);
  EXPECT_DOUBLE_EQ(t.clockGHz, 2.45);
  zen.maxKHz = 3500000; // cpufreq's maximum beats "cpu MHz"
  EXPECT_DOUBLE_EQ(cpuTargetFromHost(zen).clockGHz, 3.5);

  HostCpuInfo client; // one 512-bit FMA on Intel's AVX-512 client cores
  client.cpuName = "tigerlake";
  client.features = {"avx", "avx2", "avx512f", "fma"};
  EXPECT_DOUBLE_EQ(cpuTargetFromHost(client).flopsPerCycle, 32);
  // ... unless it is a Xeon that a VM's CPUID makes look like one.
  client.cpuName = "rocketlake";
  client.procCpuinfo = "model name\t: Intel(R) Xeon(R) Processor\n";
  EXPECT_DOUBLE_EQ(cpuTargetFromHost(client).flopsPerCycle, 64);

  HostCpuInfo arm;
  arm.cpuName = "neoverse-n1";
  arm.features = {"neon", "fp-armv8"};
  t = cpuTargetFromHost(arm);
  EXPECT_DOUBLE_EQ(t.flopsPerCycle, 16); // 4 lanes x 2 x 2
  EXPECT_DOUBLE_EQ(t.clockGHz, 2.45);    // nothing detected: the default

  HostCpuInfo old; // SSE only: one add and one multiply pipe
  old.features = {"sse2"};
  t = cpuTargetFromHost(old);
  EXPECT_EQ(t.name, "host-generic");
  EXPECT_DOUBLE_EQ(t.flopsPerCycle, 8);

  // The real host: whatever it is, a usable CPU target.
  llvm::Expected<CostTarget> host = loadCostTarget("host");
  ASSERT_TRUE(bool(host));
  EXPECT_TRUE(llvm::StringRef(host->cpu->name).starts_with("host-"));
  EXPECT_GT(host->cpu->clockGHz, 0);
  EXPECT_GE(host->cpu->flopsPerCycle, 8);
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
  // The same wording as the systolic loader, typo hint included.
  EXPECT_NE(errorOf(R"({"kind": "cpu", "l2kib": 3})")
                .find("unknown key 'l2kib' (did you mean 'l2_kib'?)"),
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

// Each GEMM keeps the array busy for its occupancy: SCALE-Sim v2's 64 folds
// × 302 cycles for 256×64·64×256 on a 16×16 WS array with one weight
// register per PE (edge's kind), 64 × max(M=256, R=16) with gemmini's two.
TEST(Latency, SystolicUsesArrayOccupancyPerGemm) {
  CostTarget t = *loadCostTarget("gemmini");
  OpWork w;
  w.gemms = {{3, 256, 64, 256}};
  Latency l = estimateLatency(t, w);
  EXPECT_EQ(l.computeCycles, 3u * 64 * 256);
  EXPECT_EQ(l.cycles, 3u * 64 * 256);
  t.systolic->peDoubleBuffer = false;
  l = estimateLatency(t, w);
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
