//===- SystolicNumericsTest.cpp - systolic kernels vs the reference -------===//
//
// Every case is lowered with attn-systolic-pipeline in-process, printed as
// asm, parsed back and run in the simulator (the asm path); the C path runs
// kernels that attn-translate --systolic-to-c generated at build time
// (Inputs/*.mlir) through systolic_rt.h. Both are compared with the
// double-precision reference: max relative error <= 1e-4, floored at 1 % of
// the output's magnitude (as the CPU tests do). attn-cost's report of every
// function (CostAnalysis, before lowering) must equal the simulator's report
// of the lowered kernel field for field, and the timing-only run with and
// without its loop fast path must equal the data run's report.
//
//===----------------------------------------------------------------------===//

#include "AttnReference.h"

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"

#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h"
#include "attn-mlir/InitAll.h"
#include "attn-mlir/Pipelines/SystolicPipeline.h"
#include "attn-mlir/Systolic/Lowering/AttnToProgram.h"
#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "attn-mlir/Systolic/Sim/Machine.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "systolic_rt.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <random>
#include <sstream>

using namespace mlir;
namespace as = ::mlir::attn::systolic;
namespace ref = ::attn::ref;

namespace {

constexpr double kTolerance = 1e-4;
/// bf16 targets store every input, every intermediate in the scratchpad
/// (P, the scaled projections, the running means) and every output with 8
/// significant bits, each within 2^-9 relative; sums of such terms carry
/// absolute errors of that order times the output's magnitude. So bf16
/// results are compared absolutely against the output's largest value:
/// within 2^-6 (see the measured errors in docs/systolic.md, bf16), still
/// far below a wrong result's error (a dropped key block or a mis-scaled
/// row is off by O(1)).
constexpr double kBF16Tolerance = 1.0 / 64;

double magnitude(const ref::Tensor &t) {
  double m = 0;
  for (double x : t.data)
    m = std::max(m, std::fabs(x));
  return m;
}

std::string tensorType(const std::vector<int64_t> &shape) {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + "f32>";
}

std::vector<int64_t> cat(std::vector<int64_t> a, std::vector<int64_t> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// One workload: its MLIR function, its inputs and the reference output.
struct Workload {
  std::string mlir;
  std::vector<ref::Tensor> inputs;
  ref::Tensor want;
};

struct VanillaCase {
  std::vector<int64_t> batch;
  int64_t n, m, d, dv;
  bool causal;
  std::optional<std::vector<int64_t>> mask; // mask shape
  /// Rows of a [N, M] mask set to -inf (a fully masked row: zeros, as
  /// PyTorch's _safe_softmax) and to -1e30 (finite: still a softmax).
  int64_t deadRow = -1, hugeRow = -1;
  /// Bottom-right causal alignment (KV-cache decoding).
  bool bottomRight = false;
};

Workload vanilla(const VanillaCase &c, uint32_t seed) {
  Workload w;
  auto q = ref::Tensor::random(cat(c.batch, {c.n, c.d}), seed);
  auto k = ref::Tensor::random(cat(c.batch, {c.m, c.d}), seed + 1);
  auto v = ref::Tensor::random(cat(c.batch, {c.m, c.dv}), seed + 2);
  std::optional<ref::Tensor> mask;
  if (c.mask) {
    mask = ref::Tensor::random(*c.mask, seed + 3, -2.0, 0.0);
    for (auto [row, value] : {std::pair<int64_t, double>{c.deadRow, -INFINITY},
                              {c.hugeRow, -1e30}})
      if (row >= 0)
        for (int64_t j = 0; j < c.m; ++j)
          mask->data[row * c.m + j] = value;
  }
  std::vector<int64_t> out = cat(c.batch, {c.n, c.dv});
  std::string ins = "%q, %k, %v", tys = tensorType(q.shape) + ", " +
                                        tensorType(k.shape) + ", " +
                                        tensorType(v.shape);
  std::string args = "%q: " + tensorType(q.shape) + ", %k: " +
                     tensorType(k.shape) + ", %v: " + tensorType(v.shape);
  if (mask) {
    ins += ", %mask";
    tys += ", " + tensorType(mask->shape);
    args += ", %mask: " + tensorType(mask->shape);
  }
  w.mlir = "func.func @kernel(" + args + ") -> " + tensorType(out) +
           " {\n  %e = tensor.empty() : " + tensorType(out) +
           "\n  %o = attn.vanilla ins(" + ins + " : " + tys + ") outs(%e : " +
           tensorType(out) + ") " +
           (!c.causal        ? ""
            : c.bottomRight ? "{alignment = #attn.alignment<bottom_right>, "
                              "causal} "
            : c.n == c.m    ? "{causal} "
                            : "{alignment = #attn.alignment<top_left>, "
                              "causal} ") +
           "-> " +
           tensorType(out) + "\n  return %o : " + tensorType(out) + "\n}\n";
  w.want = ref::vanilla(q, k, v, mask ? &*mask : nullptr, std::nullopt,
                        c.causal, std::nullopt, false,
                        c.bottomRight ? c.m - c.n : 0);
  w.inputs = {q, k, v};
  if (mask)
    w.inputs.push_back(*mask);
  return w;
}

struct PrimalCase {
  std::vector<int64_t> batch; // [B, H]
  int64_t n, d, s, dv, p;
  bool bias, l2, weights; // weights: W_e, W_r from primal_weights
  bool causal = false;
};

Workload primal(const PrimalCase &c, uint32_t seed) {
  Workload w;
  auto q = ref::Tensor::random(cat(c.batch, {c.n, c.d}), seed);
  auto k = ref::Tensor::random(cat(c.batch, {c.n, c.d}), seed + 1);
  std::vector<int64_t> heads(c.batch.end() - 1, c.batch.end());
  auto wc = ref::Tensor::random({2 * c.s, c.dv}, seed + 4);
  auto bc = ref::Tensor::random({c.dv}, seed + 5);
  std::vector<int64_t> out = cat(c.batch, {c.n, c.dv});
  std::string fm =
      c.l2 ? (c.causal ? " {causal}" : "")
           : (c.causal ? " {causal, feature_map = #attn.feature_map<identity>}"
                       : " {feature_map = #attn.feature_map<identity>}");
  std::string qt = tensorType(q.shape), ot = tensorType(out),
              wct = tensorType(wc.shape), bct = tensorType(bc.shape);
  std::string body, args = "%q: " + qt + ", %k: " + qt;
  ref::Tensor we, wr;
  std::vector<ref::Tensor> extra;
  if (c.weights) {
    auto te = ref::Tensor::random(cat(heads, {c.p, c.s}), seed + 2);
    auto tr = ref::Tensor::random(cat(heads, {c.p, c.s}), seed + 3);
    we = ref::primalWeights(q, te);
    wr = ref::primalWeights(k, tr);
    std::string tt = tensorType(te.shape),
                wt = tensorType(cat(c.batch, {c.d, c.s}));
    args += ", %te: " + tt + ", %tr: " + tt;
    body += "  %ew = tensor.empty() : " + wt + "\n";
    body += "  %we = attn.primal_weights ins(%q, %te : " + qt + ", " + tt +
            ") outs(%ew : " + wt + ") -> " + wt + "\n";
    body += "  %wr = attn.primal_weights ins(%k, %tr : " + qt + ", " + tt +
            ") outs(%ew : " + wt + ") -> " + wt + "\n";
    extra = {te, tr};
    body += "  %e = tensor.empty() : " + ot + "\n";
    body += "  %o = attn.primal ins(%q, %k, %we, %wr, %wc" +
            std::string(c.bias ? ", %bc" : "") + " : " + qt + ", " + qt +
            ", " + wt + ", " + wt + ", " + wct + (c.bias ? ", " + bct : "") +
            ") outs(%e : " + ot + ")" + fm + " -> " + ot + "\n";
  } else {
    we = ref::Tensor::random(cat(heads, {c.d, c.s}), seed + 2);
    wr = ref::Tensor::random(cat(heads, {c.d, c.s}), seed + 3);
    std::string wt = tensorType(we.shape);
    args += ", %we: " + wt + ", %wr: " + wt;
    extra = {we, wr};
    body += "  %e = tensor.empty() : " + ot + "\n";
    body += "  %o = attn.primal ins(%q, %k, %we, %wr, %wc" +
            std::string(c.bias ? ", %bc" : "") + " : " + qt + ", " + qt +
            ", " + wt + ", " + wt + ", " + wct + (c.bias ? ", " + bct : "") +
            ") outs(%e : " + ot + ")" + fm + " -> " + ot + "\n";
  }
  args += ", %wc: " + wct;
  if (c.bias)
    args += ", %bc: " + bct;
  w.mlir = "func.func @kernel(" + args + ") -> " + ot + " {\n" + body +
           "  return %o : " + ot + "\n}\n";
  w.want = ref::primal(q, k, we, wr, wc, c.bias ? &bc : nullptr,
                       c.l2 ? ref::FeatureMap::L2 : ref::FeatureMap::Identity,
                       c.causal);
  w.inputs = {q, k};
  w.inputs.insert(w.inputs.end(), extra.begin(), extra.end());
  w.inputs.push_back(wc);
  if (c.bias)
    w.inputs.push_back(bc);
  return w;
}

std::string jsonText(const llvm::json::Value &v) {
  return llvm::formatv("{0}", v).str();
}

/// attn-cost's simulator report for the function (before lowering), or
/// nullopt when attn-cost refuses it.
std::optional<llvm::json::Object>
costReport(ModuleOp module, const std::string &target,
           mlir::attn::VanillaStrategy strategy) {
  llvm::Expected<mlir::attn::cost::CostTarget> t =
      mlir::attn::cost::loadCostTarget(target);
  EXPECT_TRUE(bool(t)) << llvm::toString(t.takeError());
  if (!t)
    return std::nullopt;
  mlir::attn::cost::WorkConfig config;
  config.strategy = strategy;
  mlir::attn::cost::CostAnalysis analysis(module);
  auto costs = analysis.compute(*t, config);
  if (failed(costs) || costs->empty() || !costs->front().systolic)
    return std::nullopt;
  return *costs->front().systolic;
}

/// Lowers `w` for `target`, goes through the asm text and simulates it,
/// then checks that attn-cost reports exactly what the simulator does and
/// that timing-only runs (fast path on and off) agree with the data run.
as::RunResult runAsmPath(const Workload &w, const std::string &target,
                         mlir::attn::VanillaStrategy strategy,
                         const std::string &what = "") {
  DialectRegistry registry;
  mlir::attn::registerAllDialects(registry);
  registry.insert<func::FuncDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(w.mlir, &ctx);
  EXPECT_TRUE(module) << w.mlir;
  if (!module)
    return {};
  std::optional<llvm::json::Object> cost =
      costReport(*module, target, strategy);
  EXPECT_TRUE(cost.has_value()) << what << ": attn-cost refused\n" << w.mlir;
  PassManager pm(&ctx);
  mlir::attn::SystolicPipelineOptions opts;
  opts.target = target;
  opts.strategy = strategy;
  mlir::attn::buildSystolicPipeline(pm, opts);
  EXPECT_TRUE(succeeded(pm.run(*module)));
  auto kernels = module->getOps<systolic::KernelOp>();
  EXPECT_FALSE(kernels.empty());
  if (kernels.empty())
    return {};
  FailureOr<as::Program> prog = systolic::kernelToProgram(*kernels.begin());
  EXPECT_TRUE(succeeded(prog));
  std::string text;
  llvm::raw_string_ostream os(text);
  as::printAsm(os, *prog);
  llvm::Expected<as::Program> parsed = as::parseAsm(text);
  EXPECT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  if (!parsed)
    return {};
  llvm::StringMap<std::vector<float>> inputs;
  for (size_t i = 0; i < w.inputs.size(); ++i)
    inputs["arg" + std::to_string(i)] = w.inputs[i].toFloat();
  llvm::Expected<as::RunResult> res = as::runProgram(*parsed, inputs);
  EXPECT_TRUE(bool(res)) << llvm::toString(res.takeError());
  if (!res)
    return {};
  // Cost equals simulation: the same JSON, field for field.
  llvm::json::Value sim = llvm::json::Object(res->report.toJSON(*parsed));
  if (cost) {
    llvm::json::Value c = llvm::json::Object(*cost);
    EXPECT_EQ(c, sim) << what << ": attn-cost " << jsonText(c)
                      << "\nattn-sim " << jsonText(sim);
  }
  for (bool ff : {true, false}) {
    llvm::Expected<as::Report> t = as::timeProgram(*parsed, ff);
    EXPECT_TRUE(bool(t)) << llvm::toString(t.takeError());
    if (t) {
      EXPECT_TRUE(*t == res->report)
          << what << ": timing-only (fast path " << ff << ") "
          << jsonText(llvm::json::Object(t->toJSON(*parsed)))
          << "\nvs data run " << jsonText(sim);
    }
  }
  return std::move(*res);
}

void expectClose(const ref::Tensor &want, const std::vector<float> &got,
                 const std::string &what, double tol = kTolerance) {
  ASSERT_EQ(got.size(), want.data.size()) << what;
  if (tol == kBF16Tolerance) {
    double err = ref::maxAbsError(want, got) / magnitude(want);
    EXPECT_LE(err, tol) << what << " (bf16: max abs error / max |want|)";
    return;
  }
  double rel = ref::maxRelError(want, got, 0.01 * magnitude(want));
  EXPECT_LE(rel, tol) << what;
}

bool isBF16(const std::string &target) {
  return target.find("bf16") != std::string::npos;
}


/// A JSON target: gemmini's parameters with another dataflow.
std::string gemminiWith(const std::string &df) {
  // Per process: ctest runs the test cases of this binary in parallel.
  std::string path = ::testing::TempDir() + "/gemmini-" + df + "-" +
                     std::to_string(::getpid()) + ".json";
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  os << R"({"name": "gemmini-)" << df
     << R"(", "rows": 16, "cols": 16, "dataflow": ")" << df << R"("})";
  return path;
}

struct Param {
  std::string name, target;
  mlir::attn::VanillaStrategy strategy;
};

// Names rather than bytes in test listings.
[[maybe_unused]] void PrintTo(const Param &p, std::ostream *os) {
  *os << p.name;
}

std::vector<Param> targets() {
  using S = mlir::attn::VanillaStrategy;
  return {{"gemmini_flash", "gemmini", S::Flash},
          {"gemmini_materialized", "gemmini", S::Materialized},
          {"edge_flash", "edge", S::Flash},
          {"edge_materialized", "edge", S::Materialized},
          {"tpu_flash", "tpu-v1", S::Flash},
          {"gemmini_bf16_flash", "gemmini-bf16", S::Flash},
          {"gemmini_bf16_materialized", "gemmini-bf16", S::Materialized},
          {"os_flash", "os", S::Flash},
          {"is_materialized", "is", S::Materialized}};
}

class SystolicAsm : public ::testing::TestWithParam<Param> {
protected:
  std::string target() {
    const std::string &t = GetParam().target;
    return t == "os" || t == "is" ? gemminiWith(t) : t;
  }
  double tol() const {
    return isBF16(GetParam().target) ? kBF16Tolerance : kTolerance;
  }
};

TEST_P(SystolicAsm, VanillaMatchesReference) {
  std::vector<VanillaCase> cases = {
      {{2}, 40, 72, 32, 24, false, std::nullopt},
      {{2}, 40, 72, 32, 24, true, std::nullopt},
      {{}, 33, 50, 16, 20, true, std::vector<int64_t>{33, 50}},
      {{}, 33, 50, 16, 20, false, std::vector<int64_t>{33, 50}, 5, 7},
      {{2, 1}, 70, 45, 20, 12, false, std::vector<int64_t>{2, 1, 1, 45}},
      {{}, 17, 17, 8, 8, true, std::nullopt}};
  // One-token decoding against a KV cache (bottom-right causal).
  VanillaCase decode{{2, 3}, 1, 77, 16, 8, true, std::nullopt};
  decode.bottomRight = true;
  cases.push_back(decode);
  for (size_t i = 0; i < cases.size(); ++i) {
    Workload w = vanilla(cases[i], 100 + 7 * i);
    std::string what = "vanilla case " + std::to_string(i);
    as::RunResult r = runAsmPath(w, target(), GetParam().strategy, what);
    expectClose(w.want, r.outputs["out0"], what, tol());
    EXPECT_GT(r.report.macs, 0u);
  }
}

TEST_P(SystolicAsm, PrimalMatchesReference) {
  std::vector<PrimalCase> cases = {
      {{2, 3}, 50, 16, 8, 24, 10, true, true, true},
      {{1, 2}, 37, 20, 6, 10, 37, false, true, true},
      {{2, 2}, 29, 12, 5, 7, 0, true, false, false},
      // Causal: running means on the vector unit, then the same GEMMs.
      {{2, 3}, 50, 16, 8, 24, 10, true, true, true, true},
      {{1, 2}, 77, 20, 6, 10, 0, false, false, false, true}};
  for (size_t i = 0; i < cases.size(); ++i) {
    Workload w = primal(cases[i], 300 + 11 * i);
    std::string what = "primal case " + std::to_string(i);
    as::RunResult r = runAsmPath(w, target(), GetParam().strategy, what);
    expectClose(w.want, r.outputs["out0"], what, tol());
  }
}

/// attn.primal_stream through attn-sim: a sequence run in chunks, each a
/// program with the state in (q_sum, k_sum buffers) and out (out1, out2) and
/// `seen` a constant, equals causal attn.primal on the whole sequence (the
/// state bit-identical to one chunk of all tokens, outputs within 1e-6) and
/// the reference; cost equals simulation for every program (runAsmPath).
TEST_P(SystolicAsm, StreamChunksMatchWhole) {
  const std::vector<int64_t> batch = {2, 3};
  const int64_t n = 45, d = 12, s = 5, dv = 9;
  PrimalCase whole{batch, n, d, s, dv, 0, true, true, false, true};
  Workload w = primal(whole, 800);
  // w.inputs: q, k, we, wr, wc, bc.
  as::RunResult all = runAsmPath(w, target(), GetParam().strategy, "whole");
  expectClose(w.want, all.outputs["out0"], "whole", tol());

  auto chunkRun = [&](int64_t t0, int64_t t, const ref::Tensor &qs,
                      const ref::Tensor &ks) {
    auto rows = [&](const ref::Tensor &x) {
      ref::Tensor r = ref::Tensor::zeros(cat(batch, {t, d}));
      for (int64_t b = 0; b < 6; ++b)
        std::copy_n(x.data.begin() + (b * n + t0) * d, t * d,
                    r.data.begin() + b * t * d);
      return r;
    };
    std::string qt = tensorType(cat(batch, {t, d})),
                ot = tensorType(cat(batch, {t, dv})),
                st = tensorType(cat(batch, {d})),
                wt = tensorType(w.inputs[2].shape),
                wct = tensorType(w.inputs[4].shape),
                bct = tensorType(w.inputs[5].shape);
    Workload c;
    c.mlir = "func.func @kernel(%q: " + qt + ", %k: " + qt + ", %we: " + wt +
             ", %wr: " + wt + ", %wc: " + wct + ", %bc: " + bct +
             ", %qs: " + st + ", %ks: " + st + ") -> (" + ot + ", " + st +
             ", " + st + ") {\n  %e = tensor.empty() : " + ot +
             "\n  %t = arith.constant " + std::to_string(t0) +
             " : index\n  %o:3 = attn.primal_stream ins(%q, %k, %we, %wr, "
             "%wc, %bc : " + qt + ", " + qt + ", " + wt + ", " + wt + ", " +
             wct + ", " + bct + ") outs(%e, %qs, %ks : " + ot + ", " + st +
             ", " + st + ") seen(%t) -> " + ot + ", " + st + ", " + st +
             "\n  return %o#0, %o#1, %o#2 : " + ot + ", " + st + ", " + st +
             "\n}\n";
    c.inputs = {rows(w.inputs[0]), rows(w.inputs[1]), w.inputs[2],
                w.inputs[3], w.inputs[4], w.inputs[5], qs, ks};
    c.want = ref::Tensor::zeros(cat(batch, {t, dv}));
    return runAsmPath(c, target(), GetParam().strategy,
                      "chunk at " + std::to_string(t0));
  };
  ref::Tensor zero = ref::Tensor::zeros(cat(batch, {d}));
  as::RunResult one = chunkRun(0, n, zero, zero);
  EXPECT_EQ(one.outputs["out0"], all.outputs["out0"]);
  for (std::vector<int64_t> sizes :
       {std::vector<int64_t>{1, 16, 7, 21}, std::vector<int64_t>{44, 1}}) {
    std::vector<float> out(6 * n * dv);
    ref::Tensor qs = zero, ks = zero;
    int64_t t0 = 0;
    for (int64_t t : sizes) {
      as::RunResult r = chunkRun(t0, t, qs, ks);
      for (int64_t b = 0; b < 6; ++b)
        std::copy_n(r.outputs["out0"].begin() + b * t * dv, t * dv,
                    out.begin() + (b * n + t0) * dv);
      qs = ref::Tensor::fromFloat(qs.shape, r.outputs["out1"]);
      ks = ref::Tensor::fromFloat(ks.shape, r.outputs["out2"]);
      t0 += t;
    }
    expectClose(w.want, out, "chunks", tol());
    // Chunking changes nothing, on bf16 targets too: the running sums stay
    // in the f32 accumulator and go to DRAM from there (statMem, dmaBytes).
    EXPECT_EQ(qs.toFloat(), one.outputs["out1"]);
    EXPECT_EQ(ks.toFloat(), one.outputs["out2"]);
    ref::Tensor allT = ref::Tensor::fromFloat(w.want.shape, all.outputs["out0"]);
    EXPECT_LE(ref::maxRelError(allT, out, 0.01 * magnitude(allT)), 1e-6);
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, SystolicAsm, ::testing::ValuesIn(targets()),
                         [](const auto &info) { return info.param.name; });

/// Deepest loop nest of a program.
unsigned loopDepth(const as::Program &p) {
  unsigned depth = 0, deepest = 0;
  for (const as::Instr &in : p.instrs) {
    if (in.op == as::Opcode::Loop)
      deepest = std::max(deepest, ++depth);
    else if (in.op == as::Opcode::EndLoop)
      --depth;
  }
  return deepest;
}

// Numerics through the loop path on every preset and dataflow family: the
// shapes give >= 2 iterations of every loop the schedule has (batch, query
// blocks, key blocks; a loop of one iteration is emitted inline, so every
// loop in the program has >= 2) and a peeled partial tile after each.
TEST_P(SystolicAsm, LoopsMatchReference) {
  const std::string &t = GetParam().target;
  // Query blocks are at most max(256, 4 * side) rows, key blocks 64 keys
  // or one side: enough full blocks of each for two iterations of every
  // loop, and a partial one. Materialized needs the most: its loop over
  // query blocks runs pairs of full blocks (pass 1 of one overlaps pass 2
  // of the previous one: three blocks), and its key loop starts after the
  // first kLag + 1 = 3 tiles (five blocks).
  int64_t side = t == "tpu-v1" ? 256 : t == "edge" ? 8 : 16;
  // bf16 doubles the scratchpad's elements, and blocks follow.
  if (isBF16(t))
    side *= 2;
  int64_t qb = std::max<int64_t>(256, 4 * side), kb = std::max<int64_t>(64, side);
  VanillaCase v{{2}, 3 * qb + 37, 5 * kb + 13, 8, 8, false, std::nullopt};
  PrimalCase p{{2, 1}, 2 * qb + 21, 8, 4, 8, 0, true, true, false};
  if (t == "tpu-v1") { // keep the data run short: one slice
    v.batch = {1};
    p.batch = {1, 1};
  }
  for (int i = 0; i < 2; ++i) {
    Workload w = i == 0 ? vanilla(v, 4000) : primal(p, 4100);
    std::string what = i == 0 ? "vanilla loops" : "primal loops";
    as::RunResult r = runAsmPath(w, target(), GetParam().strategy, what);
    expectClose(w.want, r.outputs["out0"], what, tol());
    EXPECT_GT(r.report.instructions, 0u);
  }
  // The programs really loop: query and key blocks inside the batch loop.
  DialectRegistry registry;
  mlir::attn::registerAllDialects(registry);
  registry.insert<func::FuncDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(vanilla(v, 4000).mlir, &ctx);
  ASSERT_TRUE(module);
  llvm::Expected<as::TargetDesc> desc = as::loadTarget(target());
  ASSERT_TRUE(bool(desc)) << llvm::toString(desc.takeError());
  as::LoweringOptions opts;
  opts.strategy = GetParam().strategy;
  FailureOr<as::Program> prog = as::lowerFunction(
      *module->getOps<func::FuncOp>().begin(), *desc, opts);
  ASSERT_TRUE(succeeded(prog));
  EXPECT_GE(loopDepth(*prog), v.batch[0] > 1 ? 3u : 2u);
}

/// A JSON target file with the given body.
std::string jsonTarget(const std::string &name, const std::string &body) {
  std::string path = ::testing::TempDir() + "/" + name + "-" +
                     std::to_string(::getpid()) + ".json";
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  os << body;
  return path;
}

// The differential set: random attn programs x targets x strategies. Each
// is checked against the double reference (through hardware loops with
// several iterations: shapes are large against the small arrays), and
// attn-cost's report must equal the simulator's exactly (runAsmPath).
class SystolicDifferential : public ::testing::TestWithParam<int> {};

TEST_P(SystolicDifferential, RandomProgramsCostEqualsSimulation) {
  using S = mlir::attn::VanillaStrategy;
  std::vector<std::string> targets = {
      "gemmini", "edge",
      gemminiWith("os"), gemminiWith("is"),
      jsonTarget("os8", R"({"name": "os8", "rows": 8, "cols": 8,
          "dataflow": "os", "spad_kib": 32, "acc_kib": 16})"),
      jsonTarget("is4x12", R"({"name": "is4x12", "rows": 4, "cols": 12,
          "dataflow": "is", "spad_kib": 48, "spad_banks": 4,
          "acc_kib": 24})")};
  std::mt19937 gen(1234 + GetParam());
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(gen);
  };
  // 8 shards x 26 programs = 208 programs.
  for (int i = 0; i < 26; ++i) {
    const std::string &target = targets[pick(0, targets.size() - 1)];
    S strategy = pick(0, 1) ? S::Flash : S::Materialized;
    std::string what = "program " + std::to_string(i) + " of shard " +
                       std::to_string(GetParam()) + " on " + target;
    Workload w;
    if (pick(0, 2)) {
      VanillaCase c;
      int rank = int(pick(0, 2));
      for (int r = 0; r < rank; ++r)
        c.batch.push_back(pick(1, 2));
      c.n = pick(1, 80);
      c.m = pick(1, 80);
      c.d = pick(1, 24);
      c.dv = pick(1, 24);
      c.causal = pick(0, 1);
      int mk = int(pick(0, 2));
      if (mk == 1) {
        c.mask = std::vector<int64_t>{c.n, c.m};
        if (pick(0, 1))
          c.deadRow = pick(0, c.n - 1);
      }
      else if (mk == 2 && rank == 2)
        c.mask = std::vector<int64_t>{c.batch[0], 1, 1, c.m};
      w = vanilla(c, 5000 + 97 * i + GetParam());
    } else {
      PrimalCase c;
      c.batch = {pick(1, 2), pick(1, 3)};
      c.n = pick(1, 70);
      c.d = pick(1, 20);
      c.s = pick(1, 10);
      c.dv = pick(1, 24);
      c.weights = pick(0, 1);
      c.p = c.weights ? pick(1, c.n) : 0;
      c.bias = pick(0, 1);
      c.l2 = pick(0, 1);
      c.causal = pick(0, 1);
      w = primal(c, 7000 + 89 * i + GetParam());
    }
    as::RunResult r = runAsmPath(w, target, strategy, what);
    expectClose(w.want, r.outputs["out0"], what + "\n" + w.mlir);
  }
}

INSTANTIATE_TEST_SUITE_P(Shards, SystolicDifferential, ::testing::Range(0, 8));

// The materialized schedule's software pipeline (pass 1 of query block
// i + 1 interleaved with pass 2 of block i, two sets of Q and row
// statistics) on awkward shapes: a partial last query block, N != M, key
// counts below, at and past kLag + 1 tiles, a causal top-left diagonal, a
// [N, M] mask with a fully masked and a huge-negative row, a broadcast mask,
// batch dims. The plan must overlap (else this tests the serial form), the
// numbers match the double reference and attn-cost equals the simulator.
TEST(SystolicMaterializedOverlap, AwkwardShapesMatchReference) {
  using S = mlir::attn::VanillaStrategy;
  std::vector<VanillaCase> cases;
  {
    VanillaCase c{{2}, 301, 77, 20, 12, true, std::vector<int64_t>{301, 77}};
    c.deadRow = 150;
    c.hugeRow = 7;
    cases.push_back(c);
  }
  cases.push_back({{2, 2}, 263, 200, 64, 64, false,
                   std::vector<int64_t>{2, 1, 1, 200}});
  cases.push_back({{}, 257, 33, 16, 24, false, std::nullopt});
  cases.push_back({{}, 300, 1, 8, 8, true, std::nullopt});
  cases.push_back({{3}, 200, 411, 24, 8, true, std::nullopt});
  for (const char *target : {"gemmini", "edge"}) {
    llvm::Expected<as::TargetDesc> desc = as::loadTarget(target);
    ASSERT_TRUE(bool(desc)) << llvm::toString(desc.takeError());
    as::Program scratch;
    scratch.target = *desc;
    as::ScheduleEmitter e(scratch);
    for (size_t i = 0; i < cases.size(); ++i) {
      const VanillaCase &c = cases[i];
      std::string what = std::string(target) + " case " + std::to_string(i);
      as::VanillaShape shape{c.n,  c.m,
                             c.d,  c.dv,
                             float(1 / std::sqrt(double(c.d))), c.causal};
      std::string why;
      std::optional<as::MaterializedPlan> plan =
          as::planMaterialized(e, shape, bool(c.mask), why);
      ASSERT_TRUE(plan.has_value()) << what << ": " << why;
      EXPECT_TRUE(plan->overlap) << what;
      EXPECT_GT(c.n, plan->bq) << what << ": one query block, no pipeline";
      Workload w = vanilla(c, 9100 + 10 * uint32_t(i));
      as::RunResult r = runAsmPath(w, target, S::Materialized, what);
      expectClose(w.want, r.outputs["out0"], what + "\n" + w.mlir);
    }
  }
}

// The flash schedule with every score ring (FlashPlan::ring) and key block
// the planner may pick, not only its choice: emitted directly, run on the
// simulator's data path and compared with the double reference. Shapes
// cover partial query blocks, partial key blocks shorter than one chunk and
// between one chunk and a block, N != M, causal (masked diagonal blocks,
// skipped ones) and a mask with a fully masked row.
TEST(SystolicFlashRing, EveryRingMatchesReference) {
  std::vector<VanillaCase> cases;
  cases.push_back({{}, 70, 100, 16, 24, false, std::nullopt});
  cases.push_back({{}, 90, 90, 8, 16, true, std::nullopt});
  {
    VanillaCase c{{}, 50, 73, 16, 8, false, std::vector<int64_t>{50, 73}};
    c.deadRow = 11;
    cases.push_back(c);
  }
  llvm::Expected<as::TargetDesc> desc = as::loadTarget("gemmini");
  ASSERT_TRUE(bool(desc)) << llvm::toString(desc.takeError());
  int tried = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const VanillaCase &c = cases[i];
    Workload w = vanilla(c, 9300 + 10 * uint32_t(i));
    for (int64_t bk : {16, 32, 64}) {
      as::Program p;
      p.target = *desc;
      as::ScheduleEmitter e(p);
      for (int64_t ring : as::flashScoreRings(e, bk)) {
        as::Program prog;
        prog.target = *desc;
        auto buffer = [&](const char *name, as::BufferKind kind,
                          int64_t rows, int64_t cols) {
          as::Buffer b;
          b.name = name;
          b.kind = kind;
          b.shape = {rows, cols};
          prog.buffers.push_back(b);
        };
        buffer("q", as::BufferKind::Input, c.n, c.d);
        buffer("k", as::BufferKind::Input, c.m, c.d);
        buffer("v", as::BufferKind::Input, c.m, c.dv);
        buffer("out", as::BufferKind::Output, c.n, c.dv);
        as::VanillaOperands ops{{"q", as::Expr(0), c.d},
                                {"k", as::Expr(0), c.d},
                                {"v", as::Expr(0), c.dv},
                                {"out", as::Expr(0), c.dv},
                                std::nullopt,
                                {}};
        llvm::StringMap<std::vector<float>> inputs;
        inputs["q"] = w.inputs[0].toFloat();
        inputs["k"] = w.inputs[1].toFloat();
        inputs["v"] = w.inputs[2].toFloat();
        if (c.mask) {
          buffer("mask", as::BufferKind::Input, c.n, c.m);
          ops.mask = as::DramMat{"mask", as::Expr(0), c.m};
          inputs["mask"] = w.inputs[3].toFloat();
        }
        as::ScheduleEmitter pe(prog);
        as::VanillaShape shape{c.n, c.m, c.d, c.dv,
                               float(1 / std::sqrt(double(c.d))), c.causal};
        // 32 query rows: two or three blocks, the last one partial.
        as::emitFlash(pe, shape, ops, as::FlashPlan{32, bk, ring});
        std::string what = "case " + std::to_string(i) + ", bk " +
                           std::to_string(bk) + ", ring " +
                           std::to_string(ring);
        llvm::Expected<as::RunResult> r = as::runProgram(prog, inputs);
        ASSERT_TRUE(bool(r)) << what << ": " << llvm::toString(r.takeError());
        expectClose(w.want, r->outputs["out"], what);
        ++tried;
      }
    }
  }
  // Rings {0, 16} for bk = 16, {0, 16, 32} for 32, {0, 16, 32, 64} for 64.
  EXPECT_EQ(tried, 3 * 9);
}

// The primal schedule with every buffering the planner may pick
// (PrimalPlan: one or two Q/K buffers, O's slots over e/r or beside them,
// one or two weight buffers),
// not only its choice: emitted directly, run on the simulator's data path,
// compared with the double reference. d = 24 and dv = 40 split into partial
// chunks (squares 16 + 8, O 16 + 16 + 8: three O chunks through two
// slots), s = 20 is wider than an O chunk, 70 rows leave a partial block.
// Each plan runs on one slice and on a [2, 3] batch through
// emitPrimalBatch, where Slots chains the slices (a slice's last block
// loads the next slice's first; with bq = 70 that is its only block, and
// with two buffers the next block may land in the same buffer; the other
// plans pair the slices, three heads leave one unpaired, and 5 or 3 blocks
// a slice flip the Q/K buffers from slice to slice).
TEST(SystolicPrimalPlans, EveryPlanMatchesReference) {
  int tried = 0;
  // bf16: O leaves through the scratchpad in every plan, the norms stay in
  // it (bf16), and Slots places them differently.
  for (const char *target : {"gemmini", "gemmini-bf16"})
  for (bool l2 : {true, false})
  for (const std::vector<int64_t> &batch :
       {std::vector<int64_t>{1}, std::vector<int64_t>{2, 3}}) {
    llvm::Expected<as::TargetDesc> desc = as::loadTarget(target);
    ASSERT_TRUE(bool(desc)) << llvm::toString(desc.takeError());
    PrimalCase c{batch, 70, 24, 20, 40, 0, /*bias=*/l2, l2, false};
    Workload w = primal(c, 9400 + uint32_t(l2));
    const int64_t slices = batch.size() == 2 ? batch[0] * batch[1] : 1,
                  heads = batch.back();
    for (int64_t bq : {16, 32, 70})
      for (int64_t buffers : {1, 2})
        for (as::PrimalAcc accLayout :
             {as::PrimalAcc::Beside, as::PrimalAcc::Shared,
              as::PrimalAcc::Slots})
          for (int64_t wBuffers : {1, 2}) {
          if (wBuffers == 2 && accLayout == as::PrimalAcc::Slots)
            continue;
          as::Program prog;
          prog.target = *desc;
          auto buffer = [&](const char *name, as::BufferKind kind,
                            std::vector<int64_t> shape) {
            as::Buffer b;
            b.name = name;
            b.kind = kind;
            b.shape = std::move(shape);
            prog.buffers.push_back(b);
          };
          buffer("q", as::BufferKind::Input, {slices * c.n, c.d});
          buffer("k", as::BufferKind::Input, {slices * c.n, c.d});
          buffer("we", as::BufferKind::Input, {heads * c.d, c.s});
          buffer("wr", as::BufferKind::Input, {heads * c.d, c.s});
          buffer("wc", as::BufferKind::Input, {2 * c.s, c.dv});
          buffer("out", as::BufferKind::Output, {slices * c.n, c.dv});
          as::PrimalOperands ops{{"q", as::Expr(0), c.d},
                                 {"k", as::Expr(0), c.d},
                                 {"we", as::Expr(0), c.s},
                                 {"wr", as::Expr(0), c.s},
                                 {"wc", as::Expr(0), c.dv},
                                 {"out", as::Expr(0), c.dv},
                                 std::nullopt};
          llvm::StringMap<std::vector<float>> inputs;
          const char *names[] = {"q", "k", "we", "wr", "wc"};
          for (int i = 0; i < 5; ++i)
            inputs[names[i]] = w.inputs[i].toFloat();
          if (c.bias) {
            buffer("bc", as::BufferKind::Input, {c.dv});
            ops.bias = as::DramMat{"bc", as::Expr(0), 0};
            inputs["bc"] = w.inputs[5].toFloat();
          }
          as::ScheduleEmitter e(prog);
          as::PrimalShape shape{c.n, c.d, c.s, c.dv, c.l2};
          const as::PrimalPlan plan{bq, buffers, accLayout, wBuffers};
          if (slices == 1) {
            as::emitPrimal(e, shape, ops, plan);
          } else {
            // Slice (b, h): its rows of Q, K and O, head h's weights.
            as::emitPrimalBatch(
                e, shape, plan, batch, /*contiguous=*/true,
                [&](llvm::ArrayRef<as::Expr> idx) {
                  const as::Expr slice = idx[0] * batch[1] + idx[1];
                  as::PrimalOperands o = ops;
                  o.q.off = o.k.off = slice * (c.n * c.d);
                  o.out.off = slice * (c.n * c.dv);
                  o.we.off = o.wr.off = idx[1] * (c.d * c.s);
                  return o;
                });
          }
          std::string what = std::string(target) + ", batch " +
                             std::to_string(slices) + ", l2 " +
                             std::to_string(l2) + ", bq " +
                             std::to_string(bq) + ", buffers " +
                             std::to_string(buffers) + ", acc " +
                             std::to_string(int(accLayout)) + ", weights " +
                             std::to_string(wBuffers);
          llvm::Expected<as::RunResult> r = as::runProgram(prog, inputs);
          ASSERT_TRUE(bool(r))
              << what << ": " << llvm::toString(r.takeError());
          expectClose(w.want, r->outputs["out"], what,
                      isBF16(target) ? kBF16Tolerance : kTolerance);
          ++tried;
        }
  }
  EXPECT_EQ(tried, 2 * 2 * 2 * 3 * 2 * 5);
}

} // namespace

//===----------------------------------------------------------------------===//
// C path: kernels generated at build time (Inputs/c-kernels-*.mlir)
//===----------------------------------------------------------------------===//

extern "C" {
extern const char *gem_vanilla_causal_target_json;
int gem_vanilla_causal(srt_ctx *, const float *, const float *, const float *,
                       float *);
extern const char *gem_primal_target_json;
int gem_primal(srt_ctx *, const float *, const float *, const float *,
               const float *, const float *, const float *, float *);
extern const char *edge_vanilla_mask_target_json;
int edge_vanilla_mask(srt_ctx *, const float *, const float *, const float *,
                      const float *, float *);
extern const char *edge_primal_target_json;
int edge_primal(srt_ctx *, const float *, const float *, const float *,
                const float *, const float *, const float *, float *);
}

namespace {

struct Ctx {
  srt_ctx *ctx;
  explicit Ctx(const char *json) : ctx(srt_create(json)) {}
  ~Ctx() { srt_destroy(ctx); }
};

// Shapes must match Inputs/c-kernels-*.mlir.
TEST(SystolicC, GemminiVanillaFlashCausal) {
  VanillaCase c{{2}, 40, 72, 32, 24, true, std::nullopt};
  Workload w = vanilla(c, 900);
  auto q = w.inputs[0].toFloat(), k = w.inputs[1].toFloat(),
       v = w.inputs[2].toFloat();
  std::vector<float> out(w.want.data.size());
  Ctx ctx(gem_vanilla_causal_target_json);
  ASSERT_NE(ctx.ctx, nullptr);
  ASSERT_EQ(gem_vanilla_causal(ctx.ctx, q.data(), k.data(), v.data(),
                               out.data()),
            0)
      << srt_error(ctx.ctx);
  expectClose(w.want, out, "C gemmini vanilla flash causal");
  EXPECT_GT(srt_cycles(ctx.ctx), 0u);
}

TEST(SystolicC, EdgeVanillaMaterializedMask) {
  VanillaCase c{{}, 33, 50, 16, 20, false, std::vector<int64_t>{33, 50}};
  Workload w = vanilla(c, 901);
  std::vector<std::vector<float>> in;
  for (auto &t : w.inputs)
    in.push_back(t.toFloat());
  std::vector<float> out(w.want.data.size());
  Ctx ctx(edge_vanilla_mask_target_json);
  ASSERT_NE(ctx.ctx, nullptr);
  ASSERT_EQ(edge_vanilla_mask(ctx.ctx, in[0].data(), in[1].data(),
                              in[2].data(), in[3].data(), out.data()),
            0)
      << srt_error(ctx.ctx);
  expectClose(w.want, out, "C edge vanilla materialized mask");
}

void runPrimalC(int (*fn)(srt_ctx *, const float *, const float *,
                          const float *, const float *, const float *,
                          const float *, float *),
                const char *json, uint32_t seed) {
  PrimalCase c{{2, 3}, 50, 16, 8, 24, 10, true, true, true};
  Workload w = primal(c, seed);
  std::vector<std::vector<float>> in;
  for (auto &t : w.inputs)
    in.push_back(t.toFloat());
  std::vector<float> out(w.want.data.size());
  Ctx ctx(json);
  ASSERT_NE(ctx.ctx, nullptr);
  ASSERT_EQ(fn(ctx.ctx, in[0].data(), in[1].data(), in[2].data(), in[3].data(),
               in[4].data(), in[5].data(), out.data()),
            0)
      << srt_error(ctx.ctx);
  expectClose(w.want, out, "C primal with primal_weights");
}

TEST(SystolicC, GemminiPrimalWithWeights) {
  runPrimalC(gem_primal, gem_primal_target_json, 902);
}
TEST(SystolicC, EdgePrimalWithWeights) {
  runPrimalC(edge_primal, edge_primal_target_json, 903);
}

} // namespace
