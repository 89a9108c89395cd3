//===- attn-cost-sweep.cpp - the cost model over sequence lengths ---------===//
//
// Evaluates vanilla attention (materialized and flash) and Primal-Attention
// over N = n-min … n-max (powers of two) for one (B, H, d, dv, s) and one
// target, through the same WorkOpInterface and CostAnalysis as `attn-cost`,
// and writes CSV. scripts/plot-cost-sweep.py renders it.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"
#include "attn-mlir/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/Support/FileUtilities.h"

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;
namespace cl = llvm::cl;

// Our options in one category; --help hides LLVM's (HideUnrelatedOptions).
static cl::OptionCategory sweepCategory("attn-cost-sweep options");

static cl::opt<int64_t> batch("batch", cl::desc("Batch size B"), cl::cat(sweepCategory), cl::init(1));
static cl::opt<int64_t> heads("heads", cl::desc("Heads H"), cl::cat(sweepCategory), cl::init(8));
static cl::opt<int64_t> headDim("d", cl::desc("Head dim d"), cl::cat(sweepCategory), cl::init(64));
static cl::opt<int64_t> valueDim("dv", cl::desc("Value dim dv (0 = d)"),
                                 cl::cat(sweepCategory), cl::init(0));
static cl::opt<int64_t> rank("s", cl::desc("Primal rank s"), cl::cat(sweepCategory), cl::init(30));
static cl::opt<int64_t> nMin("n-min", cl::desc("Smallest N"), cl::cat(sweepCategory), cl::init(128));
static cl::opt<int64_t> nMax("n-max", cl::desc("Largest N"), cl::cat(sweepCategory), cl::init(65536));
static cl::opt<int64_t> rowTile("row-tile", cl::desc("Query rows per tile"),
                                cl::cat(sweepCategory), cl::init(64));
static cl::opt<int64_t> keyBlock("key-block", cl::desc("Keys per flash block"),
                                 cl::cat(sweepCategory), cl::init(64));
static cl::opt<std::string>
    target("target",
           cl::desc("host, cpu (= zen3), icelake-server, neoverse-n1, "
                    "gemmini, gemmini-bf16, tpu-v1, edge, or a .json target file"),
           cl::cat(sweepCategory), cl::init("cpu"));
static cl::opt<std::string> output("o", cl::desc("Output CSV ('-' = stdout)"),
                                   cl::cat(sweepCategory), cl::init("-"));
static cl::opt<bool> decode(
    "decode",
    cl::desc("Per-token decoding cost vs context length N instead: "
             "primal-stream (one token of attn.primal_stream, constant "
             "state) and softmax-decode (one query against a KV cache of N "
             "keys, bottom-right causal flash); adds a state_bytes column"),
    cl::cat(sweepCategory), cl::init(false));
static cl::opt<bool> progress(
    "progress",
    cl::desc("Print a progress line to stderr (default: when stderr is a "
             "terminal)"),
    cl::cat(sweepCategory), cl::init(false));

static std::string vanillaModule(int64_t n, int64_t d, int64_t dv) {
  auto t = [&](int64_t last) {
    return llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", batch, heads, n, last)
        .str();
  };
  return llvm::formatv("func.func @f(%q: {0}, %v: {1}, %o: {1}) -> {1} {{\n"
                       "  %r = attn.vanilla ins(%q, %q, %v : {0}, {0}, {1}) "
                       "outs(%o : {1}) -> {1}\n  return %r : {1}\n}\n",
                       t(d), t(dv))
      .str();
}

static std::string primalModule(int64_t n, int64_t d, int64_t dv, int64_t s) {
  std::string q =
      llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", batch, heads, n, d).str();
  std::string o =
      llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", batch, heads, n, dv).str();
  std::string w = llvm::formatv("tensor<{0}x{1}x{2}xf32>", heads, d, s).str();
  std::string wc = llvm::formatv("tensor<{0}x{1}xf32>", 2 * s, dv).str();
  std::string bc = llvm::formatv("tensor<{0}xf32>", dv).str();
  return llvm::formatv(
             "func.func @f(%q: {0}, %w: {1}, %wc: {2}, %bc: {3}, %o: {4}) -> "
             "{4} {{\n  %r = attn.primal ins(%q, %q, %w, %w, %wc, %bc : {0}, "
             "{0}, {1}, {1}, {2}, {3}) outs(%o : {4}) -> {4}\n"
             "  return %r : {4}\n}\n",
             q, w, wc, bc, o)
      .str();
}

/// One new token against a KV cache of n keys (bottom-right causal).
static std::string decodeModule(int64_t n, int64_t d, int64_t dv) {
  auto t = [&](int64_t rows, int64_t last) {
    return llvm::formatv("tensor<{0}x{1}x{2}x{3}xf32>", batch, heads, rows,
                         last)
        .str();
  };
  return llvm::formatv(
             "func.func @f(%q: {0}, %k: {1}, %v: {2}, %o: {3}) -> {3} {{\n"
             "  %r = attn.vanilla ins(%q, %k, %v : {0}, {1}, {2}) "
             "outs(%o : {3}) {{causal, alignment = "
             "#attn.alignment<bottom_right>} -> {3}\n  return %r : {3}\n}\n",
             t(1, d), t(n, d), t(n, dv), t(1, dv))
      .str();
}

/// One new token of causal primal at position n, with its state.
static std::string streamModule(int64_t n, int64_t d, int64_t dv, int64_t s) {
  std::string q =
      llvm::formatv("tensor<{0}x{1}x1x{2}xf32>", batch, heads, d).str();
  std::string o =
      llvm::formatv("tensor<{0}x{1}x1x{2}xf32>", batch, heads, dv).str();
  std::string st =
      llvm::formatv("tensor<{0}x{1}x{2}xf32>", batch, heads, d).str();
  std::string w = llvm::formatv("tensor<{0}x{1}x{2}xf32>", heads, d, s).str();
  std::string wc = llvm::formatv("tensor<{0}x{1}xf32>", 2 * s, dv).str();
  std::string bc = llvm::formatv("tensor<{0}xf32>", dv).str();
  return llvm::formatv(
             "func.func @f(%q: {0}, %w: {1}, %wc: {2}, %bc: {3}, %o: {4}, "
             "%st: {5}) -> {4} {{\n  %t = arith.constant {6} : index\n"
             "  %r:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc, %bc : {0}, "
             "{0}, {1}, {1}, {2}, {3}) outs(%o, %st, %st : {4}, {5}, {5}) "
             "seen(%t) -> {4}, {5}, {5}\n  return %r#0 : {4}\n}\n",
             q, w, wc, bc, o, st, n - 1)
      .str();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(sweepCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "attn-cost-sweep: vanilla (materialized, flash) vs primal attention "
      "costs over sequence length, as CSV\n");
  int64_t dv = valueDim ? valueDim : headDim;
  auto fail = [](const llvm::Twine &msg) {
    llvm::errs() << "attn-cost-sweep: error: " << msg << "\n";
    return 1;
  };
  for (auto [name, v] : {std::pair<const char *, int64_t>{"batch", batch},
                         {"heads", heads}, {"d", headDim}, {"dv", dv},
                         {"s", rank}, {"n-min", nMin}, {"n-max", nMax},
                         {"row-tile", rowTile}, {"key-block", keyBlock}})
    if (v <= 0)
      return fail(llvm::Twine("--") + name + " must be > 0, got " +
                  llvm::Twine(v));
  if (nMin > nMax)
    return fail("--n-min must not exceed --n-max");
  if (nMax > (int64_t(1) << 24))
    return fail("--n-max must be at most 2^24");
  llvm::Expected<CostTarget> tgt = loadCostTarget(target);
  if (!tgt)
    return fail(llvm::toString(tgt.takeError()));

  DialectRegistry registry;
  registry.insert<func::FuncDialect>();
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(output, &error);
  if (!out)
    return fail(error);
  llvm::raw_ostream &os = out->os();
  os << "variant,n,macs,flops,exps,sram_peak_bytes,dram_bytes,"
        "latency_cycles,latency_s,bound,target"
     << (decode ? ",state_bytes" : "") << "\n";

  struct Variant {
    const char *name;
    bool primal;
    VanillaStrategy strategy;
  };
  const Variant sequenceVariants[] = {
      {"vanilla-materialized", false, VanillaStrategy::Materialized},
      {"vanilla-flash", false, VanillaStrategy::Flash},
      {"primal", true, VanillaStrategy::Flash}};
  const Variant decodeVariants[] = {
      {"softmax-decode", false, VanillaStrategy::Flash},
      {"primal-stream", true, VanillaStrategy::Flash}};
  ArrayRef<Variant> variants = decode ? ArrayRef<Variant>(decodeVariants)
                                      : ArrayRef<Variant>(sequenceVariants);
  // A progress line on a terminal: large N take a while (the flash DRAM
  // model walks tile heights); never in a pipe or a file.
  bool showProgress =
      progress || llvm::sys::Process::StandardErrIsDisplayed();
  unsigned steps = 0, done = 0;
  for (int64_t n = nMin; n <= nMax; n *= 2) {
    ++steps;
    if (n > nMax / 2)
      break;
  }
  for (int64_t n = nMin; n <= nMax; n *= 2) {
    if (showProgress)
      llvm::errs() << llvm::formatv("\rattn-cost-sweep: N = {0} ({1}/{2})",
                                    n, ++done, steps);
    for (const Variant &v : variants) {
      std::string src =
          decode ? (v.primal ? streamModule(n, headDim, dv, rank)
                             : decodeModule(n, headDim, dv))
                 : (v.primal ? primalModule(n, headDim, dv, rank)
                             : vanillaModule(n, headDim, dv));
      OwningOpRef<ModuleOp> m = parseSourceString<ModuleOp>(src, &context);
      if (!m)
        return fail("cannot build the module for N=" + llvm::Twine(n));
      WorkConfig cfg;
      cfg.strategy = v.strategy;
      cfg.rowTile = rowTile;
      cfg.keyBlock = keyBlock;
      CostAnalysis analysis(*m);
      // On a systolic target attn-cost prices the lowered program; a shape
      // the lowering refuses, or whose program the simulator refuses (the
      // N x M scratch of materialized past its 2^30-element buffer limit),
      // is a row saying so, not the end of the sweep.
      std::string refusal;
      FailureOr<ArrayRef<FunctionCost>> fc = failure();
      {
        ScopedDiagnosticHandler capture(&context, [&](Diagnostic &d) {
          if (refusal.empty())
            refusal = d.str();
          return success();
        });
        fc = analysis.compute(*tgt, cfg);
      }
      if (failed(fc) && tgt->isSystolic() &&
          (refusal.find("systolic lowering") != std::string::npos ||
           refusal.find("systolic simulation") != std::string::npos)) {
        os << llvm::formatv("{0},{1},,,,,,,,refused,{2}{3}\n", v.name, n,
                            tgt->name(), decode ? "," : "");
        continue;
      }
      if (failed(fc))
        return fail("cannot cost N=" + llvm::Twine(n) +
                    (refusal.empty() ? "" : ": " + refusal));
      const FunctionCost &f = (*fc)[0];
      os << llvm::formatv("{0},{1},{2},{3},{4},{5},{6},{7},{8:e6},{9},{10}",
                          v.name, n, f.total.macs, f.total.totalFlops(),
                          f.total.flops.exp, f.total.sramPeakBytes,
                          f.total.dramBytes, f.latency.cycles,
                          f.latency.seconds, stringifyBound(f.latency.bound),
                          tgt->name());
      if (decode)
        os << "," << f.total.stateBytes;
      os << "\n";
    }
    if (n > nMax / 2)
      break;
  }
  if (showProgress)
    llvm::errs() << "\n";
  out->keep();
  return 0;
}
