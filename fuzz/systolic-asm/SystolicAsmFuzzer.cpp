//===- SystolicAsmFuzzer.cpp - libFuzzer: attn-sim's asm loader and run ---===//
//
// Each input is a systolic asm program (docs/systolic-isa.md), as attn-sim
// reads it. The contract checked here:
//  * parseAsm turns any text into a program or an error with a message;
//  * an accepted program prints back to text that parses to the same
//    program (printAsm is what attn-translate emits);
//  * the simulator runs it to completion or stops with a message, never
//    crashes, and its report is consistent: no unit is busy longer than the
//    run, one instruction counted per executed instruction (loops
//    expanded), MACs = sum of m*k*n over every iteration;
//  * the timing-only run, with and without the loop fast path, reports
//    exactly what the data run reports.
// Programs whose simulation would be slow (large on-chip memories, buffers
// or tiles) are parsed and printed but not run, so the fuzzer stays fast;
// the limits are far above what the mutator needs to hit every rule.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Core/ISA.h"
#include "attn-mlir/Systolic/Sim/Machine.h"

#include "../FuzzSupport.h"

#include <random>
#include <string>

using namespace mlir::attn::systolic;

using ::attn::fuzz::fail;
using ::attn::fuzz::requireMessage;

namespace {
std::string print(const Program &p) {
  std::string s;
  llvm::raw_string_ostream os(s);
  printAsm(os, p);
  return s;
}

/// Elements of work the simulator does for `in` (its functional loop).
uint64_t work(const Instr &in) {
  uint64_t r = uint64_t(std::max<int64_t>(in.rows, 0));
  uint64_t c = uint64_t(std::max<int64_t>(in.cols, 0));
  uint64_t k = uint64_t(std::max<int64_t>(in.k, 1));
  return in.op == Opcode::Matmul ? r * c * k : r * c;
}

bool cheapToRun(const Program &p) {
  constexpr uint64_t kMaxOnChip = 1 << 20, kMaxDram = 1 << 20,
                     kMaxWork = 1 << 24;
  if (uint64_t(spadElems(p.target)) + uint64_t(accElems(p.target)) >
      kMaxOnChip)
    return false;
  uint64_t dram = 0, w = 0;
  for (const Buffer &b : p.buffers)
    if ((dram += uint64_t(b.numel())) > kMaxDram)
      return false;
  llvm::SmallVector<uint64_t, kMaxLoopDepth + 1> mult{1};
  for (const Instr &in : p.instrs) {
    if (in.op == Opcode::Loop) {
      mult.push_back(llvm::SaturatingMultiply(mult.back(), uint64_t(in.count)));
      continue;
    }
    if (in.op == Opcode::EndLoop) {
      mult.pop_back();
      continue;
    }
    w = llvm::SaturatingAdd(w, llvm::SaturatingMultiply(mult.back(), work(in)));
    if (w > kMaxWork)
      return false;
  }
  return true;
}

/// MACs of every executed matmul.
uint64_t programMacs(const Program &p) {
  llvm::SmallVector<uint64_t, kMaxLoopDepth + 1> mult{1};
  uint64_t macs = 0;
  for (const Instr &in : p.instrs) {
    if (in.op == Opcode::Loop)
      mult.push_back(mult.back() * uint64_t(in.count));
    else if (in.op == Opcode::EndLoop)
      mult.pop_back();
    else if (in.op == Opcode::Matmul)
      macs += mult.back() * uint64_t(in.rows) * in.k * in.cols;
  }
  return macs;
}

void runOne(const Program &prog);
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<std::vector<Program>> progs = parseAsmKernels(text, "fuzz.s");
  if (!progs) {
    requireMessage(progs.takeError(), "parseAsmKernels");
    return 0;
  }
  for (const Program &p : *progs)
    runOne(p);
  return 0;
}

namespace {
void runOne(const Program &p) {
  const Program *prog = &p;

  std::string printed = print(*prog);
  llvm::Expected<Program> again = parseAsm(printed, "printed.s");
  if (!again)
    fail("printAsm output does not parse: " +
         llvm::toString(again.takeError()) + "\n" + printed);
  if (print(*again) != printed)
    fail("printAsm/parseAsm round trip changed the program:\n" + printed +
         "---\n" + print(*again));

  if (auto e = checkSimulatable(prog->target)) {
    requireMessage(std::move(e), "checkSimulatable");
    return;
  }
  if (!cheapToRun(*prog))
    return;

  // Inputs: small deterministic values (exact in f32), so a finding
  // reproduces from the program alone.
  llvm::StringMap<std::vector<float>> inputs;
  for (const Buffer &b : prog->buffers) {
    if (b.kind != BufferKind::Input)
      continue;
    std::vector<float> &v = inputs[b.name];
    v.resize(b.numel());
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = float(int64_t((i * 7 + b.line) % 13) - 6) / 4.f;
  }
  llvm::Expected<RunResult> res = runProgram(*prog, inputs);
  if (!res) {
    requireMessage(res.takeError(), "runProgram");
    return;
  }
  const Report &r = res->report;
  uint64_t macs = programMacs(*prog);
  for (unsigned u = 0; u < kNumUnits; ++u)
    if (r.busy[u] > r.cycles)
      fail("unit " + llvm::Twine(u) + " busy " + llvm::Twine(r.busy[u]) +
           " cycles in a run of " + llvm::Twine(r.cycles));
  if (r.instructions != dynamicInstructionCount(*prog))
    fail("report counts " + llvm::Twine(r.instructions) + " instructions of " +
         llvm::Twine(dynamicInstructionCount(*prog)));
  if (r.macs != macs)
    fail("report counts " + llvm::Twine(r.macs) + " MACs, the program has " +
         llvm::Twine(macs));
  (void)r.toJSON(*prog);
  for (const Buffer &b : prog->buffers)
    if (b.kind == BufferKind::Output &&
        res->outputs[b.name].size() != size_t(b.numel()))
      fail("output '" + b.name + "' has the wrong size");
  for (bool ff : {true, false}) {
    llvm::Expected<Report> t = timeProgram(*prog, ff);
    if (!t)
      fail("timing-only run failed where the data run passed: " +
           llvm::toString(t.takeError()));
    if (!(*t == r))
      fail(llvm::Twine("timing-only run (fast path ") + (ff ? "on" : "off") +
           ") reports other numbers than the data run:\n" + printed);
  }
}
} // namespace

// Structure-aware mutations: an asm program is lines of `key=value` fields,
// so most mutations change one value (to a boundary value, a neighbour, or
// another memory/opcode/buffer kind), or reorder, duplicate or drop a line.
// One in four is libFuzzer's own byte-level mutation.
extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  if (size == 0 || pick(4) == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::string s(reinterpret_cast<char *>(data), size);

  std::vector<std::string> lines;
  for (size_t b = 0, e; b <= s.size(); b = e + 1) {
    e = s.find('\n', b);
    if (e == std::string::npos)
      e = s.size();
    lines.push_back(s.substr(b, e - b));
  }
  std::string &line = lines[pick(lines.size())];

  static const char *kValues[] = {
      "0",   "1",  "-1", "2",    "3",      "7",          "8",
      "15",  "16", "17", "64",   "255",    "256",        "1023",
      "1024", "65535", "65536", "1073741823", "1073741824", "2147483647",
      "4294967296", "9223372036854775807", "-9223372036854775808", "1e38",
      "nan", "inf",  "-inf", "0.5", "x"};
  static const char *kWords[] = {
      "sp",     "acc",   "mvin",    "mvout",   "matmul", "vfill", "vmov",
      "vadd",   "vsub",  "vmul",    "vmax",    "vadds",  "vmuls", "vmaxs",
      "vexp",   "vrecip", "vrsqrt", "vrowmax", "vrowsum", "vcausal", "fence",
      "input",  "output", "scratch", ".buffer", ".kernel", ".target"};

  switch (pick(6)) {
  case 0:
  case 1: { // Replace one number (or the number part of a window).
    std::vector<std::pair<size_t, size_t>> nums;
    for (size_t i = 0; i < line.size();) {
      if (isdigit(uint8_t(line[i])) ||
          (line[i] == '-' && i + 1 < line.size() &&
           isdigit(uint8_t(line[i + 1])))) {
        size_t j = i + 1;
        while (j < line.size() && (isdigit(uint8_t(line[j])) || line[j] == '.' ||
                                   line[j] == 'e'))
          ++j;
        nums.push_back({i, j - i});
        i = j;
      } else {
        ++i;
      }
    }
    if (nums.empty())
      return LLVMFuzzerMutate(data, size, maxSize);
    auto [pos, len] = nums[pick(nums.size())];
    std::string repl;
    if (pick(3) == 0) {
      // A neighbour; unsigned arithmetic wraps instead of overflowing.
      unsigned long long v =
          std::strtoll(line.substr(pos, len).c_str(), nullptr, 10);
      repl = std::to_string((long long)(v + pick(5) - 2));
    } else {
      repl = kValues[pick(std::size(kValues))];
    }
    line.replace(pos, len, repl);
    break;
  }
  case 2: { // Replace one word by another of the ISA's words.
    std::vector<std::pair<size_t, size_t>> words;
    for (size_t i = 0; i < line.size();) {
      if (isalpha(uint8_t(line[i])) || line[i] == '.') {
        size_t j = i + 1;
        while (j < line.size() && isalnum(uint8_t(line[j])))
          ++j;
        words.push_back({i, j - i});
        i = j;
      } else {
        ++i;
      }
    }
    if (words.empty())
      return LLVMFuzzerMutate(data, size, maxSize);
    auto [pos, len] = words[pick(words.size())];
    line.replace(pos, len, kWords[pick(std::size(kWords))]);
    break;
  }
  case 3: { // Duplicate a line elsewhere.
    std::string copy = line;
    lines.insert(lines.begin() + pick(lines.size() + 1), copy);
    break;
  }
  case 4: // Drop a line.
    lines.erase(lines.begin() + pick(lines.size()));
    break;
  case 5: // Swap two lines.
    std::swap(line, lines[pick(lines.size())]);
    break;
  }

  std::string out;
  for (size_t i = 0; i < lines.size(); ++i)
    out += lines[i] + (i + 1 < lines.size() ? "\n" : "");
  if (out.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  memcpy(data, out.data(), out.size());
  return out.size();
}
