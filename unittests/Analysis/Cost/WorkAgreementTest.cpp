//===- WorkAgreementTest.cpp - analytic work == counted work --------------===//
//
// For many shapes (tile-divisible or not, N ≠ M, causal, masks, bias, shared
// weights, both vanilla strategies), the attn ops' closed-form MACs and exps
// (WorkOpInterface) must equal what attn-count-work counts in the tiled and
// decomposed loops, and both must equal the acceptance formulas computed
// here by hand.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"
#include "attn-mlir/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {

class WorkAgreement : public ::testing::Test {
protected:
  WorkAgreement() {
    DialectRegistry registry;
    registry.insert<func::FuncDialect>();
    attn::registerAllDialects(registry);
    attn::registerAllPasses();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  struct Counts {
    uint64_t macs = 0, exps = 0, flops = 0;
  };

  /// Analytic (attn-cost) and counted (attn-count-work) MACs/exps/flops of
  /// `src` lowered with `strategy`, `rowTile` and `keyBlock`.
  std::pair<Counts, Counts> both(const std::string &src,
                                 VanillaStrategy strategy, int64_t rowTile,
                                 int64_t keyBlock, int64_t kvSplits = 1) {
    OwningOpRef<ModuleOp> m = parseSourceString<ModuleOp>(src, &context);
    EXPECT_TRUE(m) << src;
    if (!m)
      return {};
    WorkConfig cfg;
    cfg.strategy = strategy;
    cfg.rowTile = rowTile;
    cfg.keyBlock = keyBlock;
    cfg.kvSplits = kvSplits;
    CostAnalysis cost(*m);
    FailureOr<ArrayRef<FunctionCost>> fc =
        cost.compute(*loadCostTarget("cpu"), cfg);
    EXPECT_TRUE(succeeded(fc));
    Counts analytic;
    if (succeeded(fc)) {
      const OpWork &t = (*fc)[0].total;
      analytic = {t.macs, t.flops.exp, t.totalFlops()};
    }

    std::string pipeline = llvm::formatv(
        "attn-tile{{row-tile={0}},convert-attn-to-linalg{{"
        "strategy={1} key-block={2} kv-splits={3}},"
        "attn-decompose-linalg-aggregates",
        rowTile,
        strategy == VanillaStrategy::Flash ? "flash" : "materialized",
        keyBlock, kvSplits);
    PassManager pm(&context); // anchored on builtin.module
    EXPECT_TRUE(succeeded(parsePassPipeline(pipeline, pm))) << pipeline;
    EXPECT_TRUE(succeeded(pm.run(*m))) << src;
    WorkCountAnalysis count(*m);
    FailureOr<ArrayRef<WorkCount>> wc = count.compute();
    EXPECT_TRUE(succeeded(wc));
    Counts counted;
    if (succeeded(wc))
      counted = {(*wc)[0].macs, (*wc)[0].flops.exp,
                 2 * (*wc)[0].macs + (*wc)[0].flops.total()};
    return {analytic, counted};
  }

  MLIRContext context;
};

std::string t4(int64_t a, int64_t b, int64_t c, int64_t d) {
  return llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", a, b, c, d).str();
}

struct VanillaCase {
  int64_t b, h, n, m, d, dv;
  bool causal;
  /// "", "nm" ([N,M]), "bm" ([B,1,1,M]), "m" ([M]) or "nm_i1" (an i1
  /// [N,M] mask: flash scales a float mask by log2(e), not an i1 one).
  const char *mask;
  int64_t rowTile, keyBlock;
  /// Sliding window W (-1: none).
  int64_t window = -1;
  /// Bottom-right alignment (query row i at key position i + M - N).
  bool bottomRight = false;
};

std::string vanillaSrc(const VanillaCase &c) {
  std::string q = t4(c.b, c.h, c.n, c.d), k = t4(c.b, c.h, c.m, c.d),
              v = t4(c.b, c.h, c.m, c.dv), o = t4(c.b, c.h, c.n, c.dv);
  std::string maskT, maskArg, maskUse;
  if (std::string(c.mask) == "nm")
    maskT = llvm::formatv("tensor<{0}x{1}xf32>", c.n, c.m).str();
  else if (std::string(c.mask) == "nm_i1")
    maskT = llvm::formatv("tensor<{0}x{1}xi1>", c.n, c.m).str();
  else if (std::string(c.mask) == "bm")
    maskT = t4(c.b, 1, 1, c.m);
  else if (std::string(c.mask) == "m")
    maskT = llvm::formatv("tensor<{0}xf32>", c.m).str();
  if (!maskT.empty()) {
    maskArg = ", %mask: " + maskT;
    maskUse = ", %mask";
    maskT = ", " + maskT;
  }
  std::string attrs;
  if (c.causal || c.window >= 0) {
    attrs = "{";
    if (c.causal)
      attrs += "causal";
    if (c.window >= 0)
      attrs += std::string(c.causal ? ", " : "") +
               "window = " + std::to_string(c.window);
    if (c.bottomRight || c.n != c.m)
      attrs += std::string(", alignment = #attn.alignment<") +
               (c.bottomRight ? "bottom_right" : "top_left") + ">";
    attrs += "}";
  }
  return llvm::formatv(
             "func.func @f(%q: {0}, %k: {1}, %v: {2}, %o: {3}{4}) -> {3} {{\n"
             "  %r = attn.vanilla ins(%q, %k, %v{5} : {0}, {1}, {2}{6}) "
             "outs(%o : {3}) {7} -> {3}\n"
             "  return %r : {3}\n}\n",
             q, k, v, o, maskArg, maskUse, maskT, attrs)
      .str();
}

TEST_F(WorkAgreement, Vanilla) {
  const VanillaCase cases[] = {
      {1, 1, 64, 64, 16, 16, false, "", 64, 64},
      {1, 2, 100, 70, 16, 24, false, "", 48, 32},
      {2, 3, 37, 129, 8, 5, true, "", 16, 64},
      {1, 2, 50, 50, 32, 32, false, "nm", 64, 16},
      {1, 2, 50, 70, 8, 8, true, "nm_i1", 16, 32},
      {2, 1, 33, 17, 4, 4, true, "bm", 8, 5},
      {1, 1, 65, 31, 8, 8, false, "m", 64, 100},
      {1, 4, 256, 256, 32, 32, true, "", 64, 64},
      // Windows: blocks before the tile's first query minus W are skipped.
      {1, 2, 130, 130, 8, 8, true, "", 64, 16, 17},
      {1, 1, 70, 150, 8, 8, false, "nm", 32, 32, 40},
      {2, 1, 33, 33, 4, 4, true, "bm", 8, 5, 0},
      // Bottom-right (KV-cache decode): rows sit at i + M - N; N > M gives
      // rows that see no key at all.
      {1, 2, 1, 129, 8, 8, true, "", 64, 32, -1, true},
      {2, 1, 7, 100, 8, 4, true, "m", 4, 16, -1, true},
      {1, 1, 40, 17, 8, 8, true, "", 16, 8, -1, true},
      {1, 1, 7, 100, 8, 8, true, "", 4, 16, 20, true},
  };
  for (const VanillaCase &c : cases) {
    for (VanillaStrategy s :
         {VanillaStrategy::Flash, VanillaStrategy::Materialized}) {
      std::string src = vanillaSrc(c);
      auto [analytic, counted] = both(src, s, c.rowTile, c.keyBlock);
      uint64_t bh = c.b * c.h;
      // Acceptance formula: B·H·(N·M·d + N·M·dv) -- over the scores the
      // lowering computes: flash skips, per query tile of rowTile rows,
      // the key blocks that start after the tile's last query (causal).
      int64_t block = std::min(c.keyBlock, c.m);
      uint64_t rowKeys = 0, rowBlocks = 0;
      bool flash = s == VanillaStrategy::Flash;
      int64_t rows = std::min(c.rowTile, c.n);
      int64_t off = c.bottomRight ? c.m - c.n : 0;
      for (int64_t t0 = 0; t0 < c.n; t0 += rows) {
        int64_t r = std::min(rows, c.n - t0);
        for (int64_t k0 = 0; k0 < c.m; k0 += block) {
          int64_t len = std::min(block, c.m - k0);
          if (flash && c.causal && k0 > off + t0 + r - 1)
            continue;
          if (flash && c.window >= 0 &&
              k0 + len - 1 < off + t0 - c.window)
            continue;
          rowKeys += r * std::min(block, c.m - k0);
          rowBlocks += r;
        }
      }
      if ((!c.causal && c.window < 0) || !flash) {
        EXPECT_EQ(rowKeys, uint64_t(c.n * c.m));
      }
      uint64_t macs = bh * (rowKeys * c.d + rowKeys * c.dv);
      // One exp per score, plus one per row and key block for the flash
      // rescale factor.
      uint64_t exps = bh * rowKeys + (flash ? bh * rowBlocks : 0);
      SCOPED_TRACE(src + (s == VanillaStrategy::Flash ? " flash" : " mat"));
      EXPECT_EQ(analytic.macs, macs);
      EXPECT_EQ(counted.macs, macs);
      EXPECT_EQ(analytic.exps, exps);
      EXPECT_EQ(counted.exps, exps);
      EXPECT_EQ(analytic.flops, counted.flops);
    }
  }
}

/// Split-KV: attn-cost's combine term equals what the split loops and the
/// combine execute, for split counts below, at and above the number of key
/// blocks, with causal bottom-right decoding and a window.
TEST_F(WorkAgreement, VanillaSplitKV) {
  const VanillaCase cases[] = {
      {1, 2, 1, 300, 16, 8, true, "", 64, 64, -1, true},
      {2, 1, 7, 129, 8, 4, true, "m", 4, 16, -1, true},
      {1, 1, 33, 70, 8, 8, false, "nm", 16, 8},
      {1, 1, 7, 100, 8, 8, true, "", 4, 16, 20, true},
  };
  for (const VanillaCase &c : cases)
    for (int64_t splits : {2, 3, 5, 64}) {
      std::string src = vanillaSrc(c);
      SCOPED_TRACE(src + " kv-splits=" + std::to_string(splits));
      auto [analytic, counted] =
          both(src, VanillaStrategy::Flash, c.rowTile, c.keyBlock, splits);
      auto [plainA, plainC] =
          both(src, VanillaStrategy::Flash, c.rowTile, c.keyBlock, 1);
      EXPECT_EQ(analytic.macs, counted.macs);
      EXPECT_EQ(analytic.exps, counted.exps);
      EXPECT_EQ(analytic.flops, counted.flops);
      // The combine adds work, never removes any.
      EXPECT_GT(counted.macs, plainC.macs);
    }
}

struct PrimalCase {
  int64_t b, h, n, d, s, dv;
  bool causal, l2, bias, sharedWeights;
  int64_t rowTile;
};

TEST_F(WorkAgreement, Primal) {
  const PrimalCase cases[] = {
      {1, 2, 100, 16, 8, 24, false, true, true, false, 48},
      {2, 2, 37, 8, 5, 6, true, true, false, true, 0},
      {1, 3, 64, 32, 30, 32, false, false, true, true, 64},
      {2, 8, 129, 64, 30, 64, false, true, true, false, 64},
      {1, 1, 7, 4, 3, 4, true, false, false, false, 0},
  };
  for (const PrimalCase &c : cases) {
    std::string q = t4(c.b, c.h, c.n, c.d), o = t4(c.b, c.h, c.n, c.dv);
    std::string we =
        c.sharedWeights
            ? llvm::formatv("tensor<{0}x{1}x{2}xf32>", c.h, c.d, c.s).str()
            : t4(c.b, c.h, c.d, c.s);
    std::string wc =
        llvm::formatv("tensor<{0}x{1}xf32>", 2 * c.s, c.dv).str();
    std::string bc = llvm::formatv("tensor<{0}xf32>", c.dv).str();
    std::string attrs;
    if (c.causal)
      attrs += "causal";
    if (!c.l2)
      attrs += std::string(attrs.empty() ? "" : ", ") +
               "feature_map = #attn.feature_map<identity>";
    std::string src = llvm::formatv(
        "func.func @f(%q: {0}, %k: {0}, %we: {1}, %wr: {1}, %wc: {2}, "
        "%bc: {3}, %o: {4}) -> {4} {{\n"
        "  %r = attn.primal ins(%q, %k, %we, %wr, %wc{5} : {0}, {0}, {1}, "
        "{1}, {2}{6}) outs(%o : {4}) {7} -> {4}\n"
        "  return %r : {4}\n}\n",
        q, we, wc, bc, o, c.bias ? ", %bc" : "", c.bias ? ", " + bc : "",
        attrs.empty() ? "" : "{" + attrs + "}");
    auto [analytic, counted] =
        both(src, VanillaStrategy::Flash, c.rowTile, 64);
    SCOPED_TRACE(src);
    // Acceptance formula: B·H·(2·N·d·s + 2·N·s·dv), with the projections'
    // s rounded up to a multiple of 8 (the CPU lowering pads W_e and W_r
    // with zero columns: s = 5 -> 8, 30 -> 32, 8 stays); no exps at all.
    uint64_t sp = (c.s + 7) / 8 * 8;
    uint64_t macs = c.b * c.h * (2 * c.n * c.d * sp + 2 * c.n * c.s * c.dv);
    EXPECT_EQ(analytic.macs, macs);
    EXPECT_EQ(counted.macs, macs);
    EXPECT_EQ(analytic.exps, 0u);
    EXPECT_EQ(counted.exps, 0u);
    EXPECT_EQ(analytic.flops, counted.flops);
  }
}

TEST_F(WorkAgreement, PrimalWeights) {
  struct Case {
    int64_t b, h, n, d, p, s;
    bool sharedTheta;
    int64_t rowTile;
  };
  for (Case c : {Case{1, 2, 100, 16, 30, 8, true, 64},
                 Case{2, 8, 128, 64, 40, 16, true, 16},
                 Case{1, 2, 50, 8, 50, 4, false, 7},
                 Case{1, 1, 9, 3, 1, 2, true, 0}}) {
    std::string x = t4(c.b, c.h, c.n, c.d), o = t4(c.b, c.h, c.d, c.s);
    std::string th =
        c.sharedTheta
            ? llvm::formatv("tensor<{0}x{1}x{2}xf32>", c.h, c.p, c.s).str()
            : t4(c.b, c.h, c.p, c.s);
    std::string src = llvm::formatv(
        "func.func @f(%x: {0}, %t: {1}, %o: {2}) -> {2} {{\n"
        "  %r = attn.primal_weights ins(%x, %t : {0}, {1}) outs(%o : {2}) "
        "-> {2}\n  return %r : {2}\n}\n",
        x, th, o);
    auto [analytic, counted] =
        both(src, VanillaStrategy::Flash, c.rowTile, 64);
    SCOPED_TRACE(src);
    // Acceptance formula: B·H·p·d·s.
    uint64_t macs = c.b * c.h * c.p * c.d * c.s;
    EXPECT_EQ(analytic.macs, macs);
    EXPECT_EQ(counted.macs, macs);
    EXPECT_EQ(analytic.flops, counted.flops);
  }
}

} // namespace
