//===- attn-sim.cpp - Run a systolic asm program ---------------------------===//
//
//   attn-sim prog.s --input q=q.npy ... --output out0=o.npy [--report=r.json]
//   attn-sim prog.s --timing-only            (no data: cycles, bytes, MACs)
//   attn-sim prog.s --kernel NAME ...        (a file with several kernels)
//
// Prints the JSON report (docs/systolic-isa.md) on stdout. Every error is one
// line on stderr and exit status 1.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Sim/Machine.h"
#include "attn-mlir/Systolic/Sim/Npy.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <optional>
#include <random>

using namespace mlir::attn::systolic;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<program.s>"),
                                      cl::init("-"));
static cl::list<std::string> inputs("input",
                                    cl::desc("name=path.npy for an input buffer; name is the buffer's "
             "(arg0, arg1, ...: the function's arguments by position) or "
             "its alias (q, k, v, mask, w_e, ...: the attn operand it "
             "feeds)"));
static cl::list<std::string> outputs("output",
                                     cl::desc("name=path.npy for an output buffer"));
static cl::opt<std::string> reportFile("report",
                                       cl::desc("also write the JSON report here"));
static cl::opt<bool> trace(
    "trace", cl::desc("print each instruction's issue and completion cycle "
                      "to stderr"));
static cl::opt<std::string> kernelName(
    "kernel", cl::desc("the kernel to run, for a file with several"),
    cl::init(""));
static cl::opt<bool> timingOnly(
    "timing-only",
    cl::desc("no data: run the clocks only (the same report; loops whose "
             "timing repeats are skipped exactly, so long programs are "
             "cheap); --input/--output are not allowed"));
static cl::opt<bool> noFastForward(
    "no-fast-forward",
    cl::desc("with --timing-only: run every loop iteration (for checking "
             "the fast path)"));
static cl::opt<bool> randomInputs(
    "random-inputs",
    cl::desc("fill inputs not given with --input with values in [-1, 1) from "
             "a fixed seed (for timing: cycles do not depend on data)"));

enum class ProgressMode { Auto, On, Off };
static cl::opt<ProgressMode> progress(
    "progress",
    cl::desc("a progress line on stderr during data runs (auto: when stderr "
             "is a terminal)"),
    cl::values(clEnumValN(ProgressMode::Auto, "auto", "on a terminal only"),
               clEnumValN(ProgressMode::On, "on", "always"),
               clEnumValN(ProgressMode::Off, "off", "never")),
    cl::init(ProgressMode::Auto));

namespace {
/// "attn-sim: 1234567 / 4567890 instructions (27%)", redrawn at most twice a
/// second (a data run of a long program takes seconds and otherwise prints
/// nothing until the end). On a terminal the line is overwritten in place and
/// erased at the end; otherwise (--progress=on into a file) each update is a
/// line of its own and the last one says 100%.
class ProgressLine {
public:
  ProgressLine(uint64_t total, bool terminal) : total(total), terminal(terminal) {}
  void step() {
    if (++done % 4096 != 0)
      return;
    auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(500))
      return;
    last = now;
    draw();
  }
  void finish() {
    done = total;
    if (terminal)
      llvm::errs() << "\r\x1b[K";
    else
      draw();
  }

private:
  void draw() {
    llvm::errs() << (terminal ? "\r" : "") << "attn-sim: " << done << " / "
                 << total << " instructions ("
                 << (total ? done * 100 / total : 100) << "%)"
                 << (terminal ? "" : "\n");
  }
  uint64_t total, done = 0;
  bool terminal;
  std::chrono::steady_clock::time_point last{};
};
} // namespace

/// "arg0 (q), arg1 (k)": the names a host may bind buffers of a kind by.
static std::string bufferList(const Program &p, BufferKind kind) {
  std::string s;
  for (const Buffer &b : p.buffers) {
    if (b.kind != kind)
      continue;
    if (!s.empty())
      s += ", ";
    s += b.name;
    if (!b.alias.empty())
      s += " (" + b.alias + ")";
  }
  return s.empty() ? "none" : s;
}

static int fail(const llvm::Twine &msg) {
  llvm::WithColor::error(llvm::errs(), "attn-sim") << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "systolic-array simulator\n");

  auto buf = llvm::MemoryBuffer::getFileOrSTDIN(inputFile, /*IsText=*/true);
  if (!buf)
    return fail("cannot read '" + inputFile + "': " + buf.getError().message());
  llvm::Expected<Program> prog =
      parseAsm((*buf)->getBuffer(), inputFile, kernelName);
  if (!prog)
    return fail(llvm::toString(prog.takeError()));
  auto printTrace = [&](const Instr &in, uint64_t start, uint64_t finish) {
    llvm::errs() << llvm::format("%8llu %8llu  ", (unsigned long long)start,
                                 (unsigned long long)finish);
    printInstr(llvm::errs(), in);
    llvm::errs() << "\n";
  };
  auto writeReport = [&](const Report &r) -> int {
    llvm::json::Value report = r.toJSON(*prog);
    llvm::outs() << llvm::formatv("{0:2}", report) << "\n";
    if (!reportFile.empty()) {
      std::error_code ec;
      llvm::raw_fd_ostream os(reportFile, ec, llvm::sys::fs::OF_Text);
      if (ec)
        return fail("cannot write '" + reportFile + "': " + ec.message());
      os << llvm::formatv("{0:2}", report) << "\n";
    }
    return 0;
  };
  if (timingOnly) {
    if (!inputs.empty() || !outputs.empty() || randomInputs)
      return fail("--timing-only runs no data: drop --input, --output and "
                  "--random-inputs");
    llvm::Expected<Report> r =
        timeProgram(*prog, !noFastForward,
                    trace ? TraceFn(printTrace) : TraceFn(nullptr));
    if (!r)
      return fail(inputFile + ": " + llvm::toString(r.takeError()));
    return writeReport(*r);
  }
  if (noFastForward)
    return fail("--no-fast-forward needs --timing-only (data runs never "
                "skip iterations)");

  llvm::StringMap<std::vector<float>> data;
  for (const std::string &spec : inputs) {
    auto [name, path] = llvm::StringRef(spec).split('=');
    if (path.empty())
      return fail("--input expects name=path.npy, got '" + spec + "'");
    const Buffer *b = prog->lookupBuffer(name);
    if (!b || b->kind != BufferKind::Input)
      return fail("--input " + name + ": the program has no input buffer '" +
                  name + "' (inputs: " + bufferList(*prog, BufferKind::Input) +
                  ")");
    if (data.count(b->name))
      return fail("--input " + name + ": buffer '" + b->name +
                  "' is already bound");
    llvm::Expected<NpyArray> a = readNpy(path);
    if (!a)
      return fail("--input " + name + ": " + llvm::toString(a.takeError()));
    if (a->shape != b->shape) {
      std::string want, got;
      for (int64_t d : b->shape)
        want += std::to_string(d) + " ";
      for (int64_t d : a->shape)
        got += std::to_string(d) + " ";
      return fail("--input " + name + ": shape [ " + got +
                  "] does not match the buffer's [ " + want + "] (line " +
                  llvm::Twine(b->line) + ")");
    }
    data[b->name] = std::move(a->data);
  }
  if (randomInputs) {
    std::mt19937 gen(42);
    std::uniform_real_distribution<float> dist(-1.f, 1.f);
    for (const Buffer &b : prog->buffers)
      if (b.kind == BufferKind::Input && !data.count(b.name)) {
        std::vector<float> &v = data[b.name];
        v.resize(b.numel());
        for (float &x : v)
          x = dist(gen);
      }
  }
  for (const std::string &spec : outputs) {
    auto [name, path] = llvm::StringRef(spec).split('=');
    const Buffer *b = prog->lookupBuffer(name);
    if (path.empty() || !b || b->kind != BufferKind::Output)
      return fail("--output " + spec + ": expected name=path.npy naming an "
                  "output buffer (outputs: " +
                  bufferList(*prog, BufferKind::Output) + ")");
  }

  std::optional<ProgressLine> bar;
  bool terminal = llvm::errs().is_displayed();
  if (!trace && (progress == ProgressMode::On ||
                 (progress == ProgressMode::Auto && terminal)))
    bar.emplace(dynamicInstructionCount(*prog), terminal);
  auto step = [&](const Instr &, uint64_t, uint64_t) { bar->step(); };
  llvm::Expected<RunResult> res = runProgram(
      *prog, data,
      trace ? TraceFn(printTrace) : bar ? TraceFn(step) : TraceFn(nullptr));
  if (bar)
    bar->finish();
  if (!res)
    return fail(inputFile + ": " + llvm::toString(res.takeError()));

  for (const std::string &spec : outputs) {
    auto [name, path] = llvm::StringRef(spec).split('=');
    const Buffer *b = prog->lookupBuffer(name);
    NpyArray a{b->shape, res->outputs[b->name]};
    if (auto e = writeNpy(path, a))
      return fail(llvm::toString(std::move(e)));
  }
  return writeReport(res->report);
}
