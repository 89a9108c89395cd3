//===- ISA.cpp - Instruction rules, asm printer and parser ----------------===//

#include "attn-mlir/Systolic/Core/ISA.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <cstdlib>
#include <set>
#include <tuple>

using namespace mlir::attn::systolic;
using llvm::StringRef;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

StringRef mlir::attn::systolic::stringifyMem(Mem m) {
  return m == Mem::Spad ? "sp" : "acc";
}

std::optional<Mem> mlir::attn::systolic::symbolizeMem(StringRef s) {
  if (s == "sp")
    return Mem::Spad;
  if (s == "acc")
    return Mem::Acc;
  return std::nullopt;
}

StringRef mlir::attn::systolic::stringifyBufferKind(BufferKind k) {
  switch (k) {
  case BufferKind::Input:
    return "input";
  case BufferKind::Output:
    return "output";
  case BufferKind::Scratch:
    return "scratch";
  }
  llvm_unreachable("bad buffer kind");
}

namespace {
struct OpcodeEntry {
  Opcode op;
  StringRef name;
  OpcodeInfo info; // dram, d, a, b, imm, k, causal
};
} // namespace

static const OpcodeEntry kOpcodes[] = {
    {Opcode::Mvin, "mvin", {true, true, false, false, false, false, false}},
    {Opcode::Mvout, "mvout", {true, false, true, false, false, false, false}},
    {Opcode::Matmul, "matmul", {false, true, true, true, false, true, false}},
    {Opcode::VFill, "vfill", {false, true, false, false, true, false, false}},
    {Opcode::VMov, "vmov", {false, true, true, false, false, false, false}},
    {Opcode::VAdd, "vadd", {false, true, true, true, false, false, false}},
    {Opcode::VSub, "vsub", {false, true, true, true, false, false, false}},
    {Opcode::VMul, "vmul", {false, true, true, true, false, false, false}},
    {Opcode::VMax, "vmax", {false, true, true, true, false, false, false}},
    {Opcode::VAddS, "vadds", {false, true, true, false, true, false, false}},
    {Opcode::VMulS, "vmuls", {false, true, true, false, true, false, false}},
    {Opcode::VMaxS, "vmaxs", {false, true, true, false, true, false, false}},
    {Opcode::VExp, "vexp", {false, true, true, false, false, false, false}},
    {Opcode::VRecip, "vrecip", {false, true, true, false, false, false, false}},
    {Opcode::VRsqrt, "vrsqrt", {false, true, true, false, false, false, false}},
    {Opcode::VRowMax, "vrowmax", {false, true, true, false, false, false, false}},
    {Opcode::VRowSum, "vrowsum", {false, true, true, false, false, false, false}},
    {Opcode::VCausal, "vcausal", {false, true, false, false, false, false, true}},
    {Opcode::Fence, "fence", {false, false, false, false, false, false, false}},
    {Opcode::Loop, "loop", {false, false, false, false, false, false, false}},
    {Opcode::EndLoop, "endloop", {false, false, false, false, false, false, false}},
};

StringRef mlir::attn::systolic::stringifyField(Field f) {
  switch (f) {
  case Field::DramOff:
    return "dram";
  case Field::DAddr:
    return "d";
  case Field::AAddr:
    return "a";
  case Field::BAddr:
    return "b";
  case Field::Row0:
    return "row0";
  case Field::Col0:
    return "col0";
  }
  llvm_unreachable("bad field");
}

int64_t &mlir::attn::systolic::fieldRef(Instr &in, Field f) {
  switch (f) {
  case Field::DramOff:
    return in.dram.off;
  case Field::DAddr:
    return in.d.addr;
  case Field::AAddr:
    return in.a.addr;
  case Field::BAddr:
    return in.b.addr;
  case Field::Row0:
    return in.row0;
  case Field::Col0:
    return in.col0;
  }
  llvm_unreachable("bad field");
}

int64_t mlir::attn::systolic::fieldValue(const Instr &in, Field f,
                                         llvm::ArrayRef<int64_t> idx) {
  int64_t v = fieldRef(const_cast<Instr &>(in), f);
  for (const IndexTerm &t : in.terms)
    if (t.field == f)
      v += t.eval(idx[t.level]);
  return v;
}

Instr mlir::attn::systolic::instantiate(const Instr &in,
                                        llvm::ArrayRef<int64_t> idx) {
  Instr c = in;
  c.terms.clear();
  for (const IndexTerm &t : in.terms)
    fieldRef(c, t.field) += t.eval(idx[t.level]);
  return c;
}

StringRef mlir::attn::systolic::stringifyOpcode(Opcode op) {
  for (const OpcodeEntry &e : kOpcodes)
    if (e.op == op)
      return e.name;
  llvm_unreachable("bad opcode");
}

std::optional<Opcode> mlir::attn::systolic::symbolizeOpcode(StringRef name) {
  for (const OpcodeEntry &e : kOpcodes)
    if (e.name == name)
      return e.op;
  return std::nullopt;
}

OpcodeInfo mlir::attn::systolic::opcodeInfo(Opcode op) {
  for (const OpcodeEntry &e : kOpcodes)
    if (e.op == op)
      return e.info;
  llvm_unreachable("bad opcode");
}

bool mlir::attn::systolic::isVectorOp(Opcode op) {
  return op >= Opcode::VFill && op <= Opcode::VCausal;
}

Instr mlir::attn::systolic::makeMvin(LocalRef d, DramRef src, int64_t rows,
                                     int64_t cols) {
  Instr in;
  in.op = Opcode::Mvin;
  in.d = d;
  in.dram = std::move(src);
  in.rows = rows;
  in.cols = cols;
  return in;
}

Instr mlir::attn::systolic::makeMvout(DramRef dst, LocalRef a, int64_t rows,
                                      int64_t cols) {
  Instr in;
  in.op = Opcode::Mvout;
  in.a = a;
  in.dram = std::move(dst);
  in.rows = rows;
  in.cols = cols;
  return in;
}

Instr mlir::attn::systolic::makeMatmul(LocalRef d, LocalRef a, LocalRef b,
                                       int64_t m, int64_t k, int64_t n,
                                       bool accumulate) {
  Instr in;
  in.op = Opcode::Matmul;
  in.d = d;
  in.a = a;
  in.b = b;
  in.rows = m;
  in.k = k;
  in.cols = n;
  in.accumulate = accumulate;
  return in;
}

Instr mlir::attn::systolic::makeVector(Opcode op, LocalRef d, LocalRef a,
                                       LocalRef b, int64_t rows, int64_t cols,
                                       float imm, int64_t row0,
                                       int64_t col0) {
  Instr in;
  in.op = op;
  in.d = d;
  in.a = a;
  in.b = b;
  in.rows = rows;
  in.cols = cols;
  in.imm = imm;
  in.row0 = row0;
  in.col0 = col0;
  return in;
}

Instr mlir::attn::systolic::makeLoop(int64_t count) {
  Instr in;
  in.op = Opcode::Loop;
  in.count = count;
  return in;
}

Instr mlir::attn::systolic::makeEndLoop() {
  Instr in;
  in.op = Opcode::EndLoop;
  return in;
}

int64_t Buffer::numel() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

const Buffer *Program::findBuffer(StringRef n) const {
  for (const Buffer &b : buffers)
    if (b.name == n)
      return &b;
  return nullptr;
}

const Buffer *Program::lookupBuffer(StringRef n) const {
  if (const Buffer *b = findBuffer(n))
    return b;
  for (const Buffer &b : buffers)
    if (!b.alias.empty() && b.alias == n)
      return &b;
  return nullptr;
}

int64_t mlir::attn::systolic::spadElems(const TargetDesc &t) {
  return int64_t(t.spadBytes() / std::max(1u, t.elemBytes()));
}
int64_t mlir::attn::systolic::accElems(const TargetDesc &t) {
  return int64_t(t.accBytesTotal() / std::max(1u, t.accBytes()));
}

//===----------------------------------------------------------------------===//
// Rules
//===----------------------------------------------------------------------===//

/// Checks that a window lies in its memory.
static llvm::Error checkWindow(const LocalWindow &w, const TargetDesc &t) {
  const LocalRef &r = w.ref;
  StringRef what = w.operand;
  int64_t size = r.mem == Mem::Spad ? spadElems(t) : accElems(t);
  if (r.addr < 0 || r.ld < 0 || r.cs < 0)
    return err("operand '" + what + "': negative address or stride");
  int64_t last = w.last();
  if (last >= size)
    return err(llvm::formatv("operand '{0}': {1} window [{2}, {3}] is out of "
                             "range (the {4} holds {5} elements)",
                             what, stringifyMem(r.mem), r.addr, last,
                             r.mem == Mem::Spad ? "scratchpad" : "accumulator",
                             size)
                   .str());
  return llvm::Error::success();
}

static llvm::Error checkDram(const Instr &in, llvm::ArrayRef<Buffer> buffers,
                             bool write) {
  const Buffer *buf = nullptr;
  for (const Buffer &b : buffers)
    if (b.name == in.dram.sym)
      buf = &b;
  if (!buf)
    return err("unknown buffer '" + in.dram.sym + "'");
  if (write && buf->kind == BufferKind::Input)
    return err("mvout writes input buffer '" + in.dram.sym +
               "' (inputs are read-only)");
  if (in.dram.off < 0 || in.dram.ld < 0)
    return err("operand 'dram': negative offset or stride");
  int64_t last = in.dram.off + (in.rows - 1) * in.dram.ld + in.cols - 1;
  if (last >= buf->numel())
    return err(llvm::formatv("operand 'dram': window [{0}, {1}] is out of "
                             "range of buffer '{2}' ({3} elements)",
                             in.dram.off, last, in.dram.sym, buf->numel())
                   .str());
  return llvm::Error::success();
}

static llvm::Error checkConcrete(const Instr &in, const TargetDesc &t,
                                 llvm::ArrayRef<Buffer> buffers);

/// Smallest and largest value of one term over `count` iterations.
static std::pair<int64_t, int64_t> termRange(const IndexTerm &tm,
                                             int64_t count) {
  int64_t lo = 0, hi = 0;
  if (tm.mod > 0 && count < tm.mod) {
    lo = hi = tm.eval(0);
    for (int64_t i = 1; i < count; ++i) {
      lo = std::min(lo, tm.eval(i));
      hi = std::max(hi, tm.eval(i));
    }
    return {lo, hi};
  }
  int64_t top = tm.mod > 0 ? tm.mod - 1 : count - 1;
  return std::minmax<int64_t>(0, tm.coeff * top);
}

llvm::Error mlir::attn::systolic::checkInstr(const Instr &in,
                                             const TargetDesc &t,
                                             llvm::ArrayRef<Buffer> buffers,
                                             llvm::ArrayRef<int64_t> counts) {
  if (in.op == Opcode::Loop || in.op == Opcode::EndLoop)
    return err("'" + stringifyOpcode(in.op) +
               "' is structure, not a checked instruction");
  if (in.terms.empty())
    return checkConcrete(in, t, buffers);
  if (in.op == Opcode::Fence)
    return err("fence takes no index terms");
  // Every field at its extremes: windows grow monotonically with their
  // base, so the smallest and the largest base bound every iteration.
  constexpr int64_t kMax = int64_t(1) << 30;
  Instr lo = in, hi = in;
  lo.terms.clear();
  hi.terms.clear();
  for (const IndexTerm &tm : in.terms) {
    if (tm.level >= counts.size())
      return err(llvm::formatv("index term of '{0}' names loop i{1}, but "
                               "only {2} loop(s) enclose the instruction",
                               stringifyField(tm.field), unsigned(tm.level),
                               counts.size())
                     .str());
    if (tm.mod < 0 || tm.offset < 0 || tm.mod >= kMax || tm.offset >= kMax ||
        tm.coeff >= kMax || tm.coeff <= -kMax)
      return err(llvm::formatv("index term of '{0}': coefficient, modulus "
                               "and offset must be in (-2^30, 2^30) and the "
                               "modulus and offset non-negative",
                               stringifyField(tm.field))
                     .str());
    OpcodeInfo info = opcodeInfo(in.op);
    bool used = tm.field == Field::DramOff   ? info.dram
                : tm.field == Field::DAddr   ? info.d
                : tm.field == Field::AAddr   ? info.a
                : tm.field == Field::BAddr   ? info.b
                                             : info.causal;
    if (!used)
      return err("'" + stringifyOpcode(in.op) + "' has no operand '" +
                 stringifyField(tm.field) + "' to index");
    auto [a, b] = termRange(tm, counts[tm.level]);
    // The base field is any int64 the asm gave; adding the terms' range must
    // not wrap (signed overflow is UB and would hide an out-of-range access).
    if (llvm::AddOverflow(fieldRef(lo, tm.field), a, fieldRef(lo, tm.field)) ||
        llvm::AddOverflow(fieldRef(hi, tm.field), b, fieldRef(hi, tm.field)))
      return err(("operand '" + stringifyField(tm.field) +
                  "' with its index terms is out of the 64-bit range")
                     .str());
  }
  if (auto e = checkConcrete(lo, t, buffers))
    return err("at the first/smallest iteration: " +
               llvm::toString(std::move(e)));
  if (auto e = checkConcrete(hi, t, buffers))
    return err("at the last/largest iteration: " +
               llvm::toString(std::move(e)));
  return llvm::Error::success();
}

llvm::Error LoopNest::step(const Instr &in, const TargetDesc &t,
                           llvm::ArrayRef<Buffer> buffers) {
  if (in.op == Opcode::Loop) {
    if (!in.terms.empty())
      return err("loop takes no index terms");
    if (in.count < 1 || in.count >= (int64_t(1) << 30))
      return err("loop count must be in [1, 2^30), got " +
                 llvm::Twine(in.count));
    if (stack.size() >= kMaxLoopDepth)
      return err("loops nest at most " + llvm::Twine(kMaxLoopDepth) +
                 " deep");
    stack.push_back(in.count);
    return llvm::Error::success();
  }
  if (in.op == Opcode::EndLoop) {
    if (stack.empty())
      return err("endloop without a loop");
    stack.pop_back();
    return llvm::Error::success();
  }
  return checkInstr(in, t, buffers, stack);
}

llvm::Error LoopNest::finish() const {
  if (!stack.empty())
    return err(llvm::formatv("{0} loop(s) not closed by endloop",
                             stack.size())
                   .str());
  return llvm::Error::success();
}

llvm::Error mlir::attn::systolic::checkProgram(const Program &p) {
  if (auto e = checkProgramHeader(p))
    return e;
  LoopNest nest;
  for (auto [i, in] : llvm::enumerate(p.instrs))
    if (auto e = nest.step(in, p.target, p.buffers))
      return err((in.line ? "line " + llvm::Twine(in.line)
                          : "instruction " + llvm::Twine(i)) +
                 ": " + llvm::toString(std::move(e)));
  return nest.finish();
}

uint64_t mlir::attn::systolic::dynamicInstructionCount(const Program &p) {
  llvm::SmallVector<uint64_t, kMaxLoopDepth + 1> mult{1};
  uint64_t n = 0;
  for (const Instr &in : p.instrs) {
    if (in.op == Opcode::Loop) {
      mult.push_back(
          llvm::SaturatingMultiply(mult.back(), uint64_t(std::max<int64_t>(in.count, 0))));
      continue;
    }
    if (in.op == Opcode::EndLoop) {
      if (mult.size() > 1)
        mult.pop_back();
      continue;
    }
    n = llvm::SaturatingAdd(n, mult.back());
  }
  return n;
}

static llvm::Error checkConcrete(const Instr &in, const TargetDesc &t,
                                 llvm::ArrayRef<Buffer> buffers) {
  if (in.op == Opcode::Fence)
    return llvm::Error::success();
  // Bounded so that window arithmetic (addr + i*ld + j*cs) cannot overflow.
  constexpr int64_t kMax = int64_t(1) << 30;
  for (int64_t v : {in.rows, in.cols, in.k, in.row0, in.col0, in.dram.off,
                    in.dram.ld, in.d.addr, in.d.ld, in.d.cs, in.a.addr,
                    in.a.ld, in.a.cs, in.b.addr, in.b.ld, in.b.cs})
    if (v >= kMax || v <= -kMax)
      return err("an operand exceeds 2^30");
  if (in.rows <= 0 || in.cols <= 0 || (in.op == Opcode::Matmul && in.k <= 0))
    return err("extents must be positive");
  switch (in.op) {
  case Opcode::Mvin:
  case Opcode::Mvout:
    if (auto e = checkDram(in, buffers, /*write=*/in.op == Opcode::Mvout))
      return e;
    break;
  case Opcode::Matmul: {
    if (in.a.mem != Mem::Spad || in.b.mem != Mem::Spad)
      return err("matmul reads 'a' and 'b' from the scratchpad (sp)");
    if (in.d.mem != Mem::Acc)
      return err("matmul writes 'd' to the accumulator (acc)");
    int64_t m = in.rows, n = in.cols, k = in.k, R = t.rows, C = t.cols;
    auto tooBig = [&](StringRef dim, int64_t v, StringRef lim, int64_t l) {
      return err(llvm::formatv("{0} dataflow: {1} = {2} exceeds the array's "
                               "{3} ({4}) in one fold",
                               stringifyDataflow(t.dataflow), dim, v, lim, l)
                     .str());
    };
    switch (t.dataflow) {
    case Dataflow::WS:
      if (k > R)
        return tooBig("k", k, "rows", R);
      if (n > C)
        return tooBig("n", n, "cols", C);
      break;
    case Dataflow::OS:
      if (m > R)
        return tooBig("m", m, "rows", R);
      if (n > C)
        return tooBig("n", n, "cols", C);
      break;
    case Dataflow::IS:
      if (k > R)
        return tooBig("k", k, "rows", R);
      if (m > C)
        return tooBig("m", m, "cols", C);
      break;
    }
    break;
  }
  default:
    break;
  }
  for (const LocalWindow &w : localWindows(in))
    if (auto e = checkWindow(w, t))
      return e;
  return llvm::Error::success();
}

llvm::SmallVector<LocalWindow, 3>
mlir::attn::systolic::localWindows(const Instr &in) {
  switch (in.op) {
  case Opcode::Fence:
  case Opcode::Loop:
  case Opcode::EndLoop:
    return {};
  case Opcode::Mvin:
    return {{"d", in.d, in.rows, in.cols}};
  case Opcode::Mvout:
    return {{"a", in.a, in.rows, in.cols}};
  case Opcode::Matmul:
    return {{"a", in.a, in.rows, in.k},
            {"b", in.b, in.k, in.cols},
            {"d", in.d, in.rows, in.cols}};
  case Opcode::VRowMax:
  case Opcode::VRowSum:
    // One value per row.
    return {{"a", in.a, in.rows, in.cols},
            {"d", LocalRef{in.d.mem, in.d.addr, in.d.ld, 0}, in.rows, 1}};
  default: {
    OpcodeInfo info = opcodeInfo(in.op);
    llvm::SmallVector<LocalWindow, 3> w{{"d", in.d, in.rows, in.cols}};
    if (info.a)
      w.push_back({"a", in.a, in.rows, in.cols});
    if (info.b)
      w.push_back({"b", in.b, in.rows, in.cols});
    return w;
  }
  }
}

LocalFootprint mlir::attn::systolic::localFootprint(const Program &p) {
  // Each instruction at the largest value every field takes over its
  // loops (checkInstr's `hi`): windows grow with their base, so that
  // iteration touches the highest element of each window.
  LocalFootprint f;
  llvm::SmallVector<int64_t, kMaxLoopDepth> counts;
  for (const Instr &in : p.instrs) {
    if (in.op == Opcode::Loop) {
      counts.push_back(in.count);
      continue;
    }
    if (in.op == Opcode::EndLoop) {
      if (!counts.empty())
        counts.pop_back();
      continue;
    }
    Instr hi = in;
    hi.terms.clear();
    for (const IndexTerm &tm : in.terms)
      if (tm.level < counts.size())
        fieldRef(hi, tm.field) += termRange(tm, counts[tm.level]).second;
    for (const LocalWindow &w : localWindows(hi)) {
      int64_t &top = w.ref.mem == Mem::Spad ? f.spadElems : f.accElems;
      top = std::max(top, w.last() + 1);
    }
  }
  return f;
}

llvm::Error mlir::attn::systolic::checkProgramHeader(const Program &p) {
  if (auto e = validate(p.target))
    return e;
  // i8 needs quantization scales the ops do not carry.
  if (p.target.elemType == "i8")
    return err("target '" + p.target.name +
               "': the simulator and the lowering support f32 or bf16 data "
               "with f32 accumulation (got " +
               p.target.elemType + "/" + p.target.accType + ")");
  if (auto e = checkBufferNames(p.buffers))
    return e;
  for (const Buffer &b : p.buffers)
    if (auto e = checkBuffer(b))
      return e;
  return llvm::Error::success();
}

/// Names of buffers and kernels: what the asm parser reads as one word.
static bool isIdent(StringRef s) {
  if (s.empty() || !(std::isalpha((unsigned char)s[0]) || s[0] == '_'))
    return false;
  return llvm::all_of(s, [](char c) {
    return std::isalnum((unsigned char)c) || c == '_' || c == '.';
  });
}

llvm::Error
mlir::attn::systolic::checkBufferNames(llvm::ArrayRef<Buffer> buffers) {
  // Names and aliases are one namespace: a host looks a buffer up by either
  // (Program::lookupBuffer), so none may repeat another.
  llvm::StringMap<const Buffer *> owner;
  for (const Buffer &b : buffers) {
    if (!owner.try_emplace(b.name, &b).second) {
      const Buffer *o = owner[b.name];
      if (o->name == b.name)
        return err("buffer '" + b.name + "' declared twice");
      return err("buffer '" + b.name + "': the name is already the alias of "
                 "buffer '" + o->name + "'");
    }
    if (b.alias.empty())
      continue;
    if (!owner.try_emplace(b.alias, &b).second)
      return err("buffer '" + b.name + "': alias '" + b.alias +
                 "' is already the name or alias of buffer '" +
                 owner[b.alias]->name + "'");
  }
  return llvm::Error::success();
}

llvm::Error mlir::attn::systolic::checkBuffer(const Buffer &b) {
  if (!b.alias.empty() && !isIdent(b.alias))
    return err("buffer '" + b.name + "': alias '" + b.alias +
               "' is not a name (letters, digits, '_', '.')");
  if (b.shape.empty() ||
      llvm::any_of(b.shape, [](int64_t d) { return d <= 0; }))
    return err("buffer '" + b.name + "': shape must have positive dims");
  // The simulator holds every buffer in host memory.
  constexpr int64_t kMaxElems = int64_t(1) << 30;
  int64_t n = 1;
  for (int64_t d : b.shape) {
    if (d > kMaxElems || n > kMaxElems / d)
      return err("buffer '" + b.name +
                 "': more than 2^30 elements (the simulator's limit)");
    n *= d;
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Printer
//===----------------------------------------------------------------------===//

/// `v` followed by the field's index terms: `+C*iL`, `+C*iL%M`,
/// `+C*(iL+O)%M`.
static void printAffine(llvm::raw_ostream &os, int64_t v, const Instr &in,
                        Field f) {
  os << v;
  for (const IndexTerm &t : in.terms) {
    if (t.field != f)
      continue;
    os << (t.coeff < 0 ? '-' : '+') << (t.coeff < 0 ? -t.coeff : t.coeff)
       << '*';
    if (t.mod > 0 && t.offset > 0)
      os << "(i" << unsigned(t.level) << '+' << t.offset << ")%" << t.mod;
    else if (t.mod > 0)
      os << 'i' << unsigned(t.level) << '%' << t.mod;
    else
      os << 'i' << unsigned(t.level);
  }
}

static void printRef(llvm::raw_ostream &os, StringRef key, const LocalRef &r,
                     const Instr &in, Field f) {
  os << ' ' << key << '=' << stringifyMem(r.mem) << ':';
  printAffine(os, r.addr, in, f);
  os << ':' << r.ld << ':' << r.cs;
}

static std::string formatFloat(float f) {
  if (std::isinf(f))
    return f < 0 ? "-inf" : "inf";
  return llvm::formatv("{0}", llvm::format("%.9g", double(f))).str();
}

void mlir::attn::systolic::printInstr(llvm::raw_ostream &os, const Instr &in) {
  os << stringifyOpcode(in.op);
  if (in.op == Opcode::Loop)
    os << " count=" << in.count;
  if (in.op == Opcode::Fence || in.op == Opcode::Loop ||
      in.op == Opcode::EndLoop)
    return;
  OpcodeInfo info = opcodeInfo(in.op);
  if (info.d)
    printRef(os, "d", in.d, in, Field::DAddr);
  if (info.dram) {
    os << " dram=" << in.dram.sym << ':';
    printAffine(os, in.dram.off, in, Field::DramOff);
    os << ':' << in.dram.ld;
  }
  if (info.a)
    printRef(os, "a", in.a, in, Field::AAddr);
  if (info.b)
    printRef(os, "b", in.b, in, Field::BAddr);
  if (in.op == Opcode::Matmul) {
    os << " m=" << in.rows << " k=" << in.k << " n=" << in.cols
       << " acc=" << (in.accumulate ? 1 : 0);
    return;
  }
  os << " rows=" << in.rows << " cols=" << in.cols;
  if (info.imm)
    os << " imm=" << formatFloat(in.imm);
  if (info.causal) {
    os << " row0=";
    printAffine(os, in.row0, in, Field::Row0);
    os << " col0=";
    printAffine(os, in.col0, in, Field::Col0);
  }
}

void mlir::attn::systolic::printAsm(llvm::raw_ostream &os, const Program &p) {
  os << "; systolic asm (docs/systolic-isa.md)\n";
  os << ".kernel " << p.name << "\n";
  // The target travels with the program as one line of JSON so that the
  // simulator runs exactly what the compiler planned for.
  std::string json = toJSON(p.target);
  llvm::erase_if(json, [](char c) { return c == '\n'; });
  std::string compact;
  bool inStr = false;
  for (char c : json) {
    if (c == '"')
      inStr = !inStr;
    if (!inStr && c == ' ')
      continue;
    compact += c;
  }
  os << ".target " << compact << "\n";
  for (const Buffer &b : p.buffers) {
    os << ".buffer " << stringifyBufferKind(b.kind) << ' ' << b.name << " [";
    llvm::interleave(b.shape, os, ", ");
    os << "]";
    if (!b.alias.empty())
      os << " alias " << b.alias;
    os << "\n";
  }
  unsigned depth = 0;
  for (const Instr &in : p.instrs) {
    if (in.op == Opcode::EndLoop && depth)
      --depth;
    os.indent(2 * depth);
    printInstr(os, in);
    os << '\n';
    if (in.op == Opcode::Loop)
      ++depth;
  }
}

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

namespace {
class AsmParser {
public:
  AsmParser(StringRef bufName) : bufName(bufName) {}
  llvm::Expected<std::vector<Program>> parse(StringRef text);

private:
  llvm::Error fail(const llvm::Twine &msg) {
    return err(bufName + ":" + llvm::Twine(line) + ": " + msg);
  }
  llvm::Error parseDirective(StringRef dir, StringRef rest);
  llvm::Error parseInstr(StringRef opName, StringRef rest);

  /// Closes the current kernel's section.
  llvm::Error finishKernel();

  StringRef bufName;
  unsigned line = 0;
  Program prog;
  LoopNest nest;
  std::vector<Program> done;
  bool haveTarget = false, haveKernel = false;
};
} // namespace

static bool parseInt(StringRef s, int64_t &v) {
  return !s.getAsInteger(10, v);
}

/// Parses `base(+|-)C*term...` (printAffine's syntax) into `v` and index
/// terms of field `f` appended to `in`.
static bool parseAffine(StringRef s, int64_t &v, Instr &in, Field f) {
  size_t end = s.find_first_of("+-", 1);
  if (!parseInt(s.substr(0, end), v))
    return false;
  s = end == StringRef::npos ? StringRef() : s.substr(end);
  while (!s.empty()) {
    bool neg = s.front() == '-';
    s = s.drop_front();
    size_t star = s.find('*');
    IndexTerm t;
    t.field = f;
    if (star == StringRef::npos || !parseInt(s.substr(0, star), t.coeff) ||
        t.coeff < 0)
      return false;
    if (neg)
      t.coeff = -t.coeff;
    s = s.substr(star + 1);
    // The term runs to the next sign that is not inside parentheses.
    size_t close = s.find(')');
    size_t next = s.find_first_of("+-", s.starts_with("(") && close != StringRef::npos ? close : 0);
    StringRef term = s.substr(0, next);
    s = next == StringRef::npos ? StringRef() : s.substr(next);
    int64_t level = 0;
    if (term.consume_front("(i")) {
      auto [lv, rest] = term.split('+');
      auto [off, mod] = rest.split(")%");
      if (!parseInt(lv, level) || !parseInt(off, t.offset) ||
          !parseInt(mod, t.mod) || t.mod <= 0 || t.offset < 0)
        return false;
    } else if (term.consume_front("i")) {
      auto [lv, mod] = term.split('%');
      if (!parseInt(lv, level))
        return false;
      if (term.contains('%') && (!parseInt(mod, t.mod) || t.mod <= 0))
        return false;
    } else {
      return false;
    }
    if (level < 0 || level >= int64_t(kMaxLoopDepth))
      return false;
    t.level = uint8_t(level);
    in.terms.push_back(t);
  }
  return true;
}

llvm::Error AsmParser::parseDirective(StringRef dir, StringRef rest) {
  rest = rest.trim();
  // One kernel and one target per program: instructions are checked
  // against the target when parsed, so a second `.target` would leave the
  // earlier ones checked against another target (found by
  // systolic-asm-fuzzer).
  // A file may hold several kernels, each a section that starts with
  // `.kernel` and has its own `.target`.
  if (dir == ".target" && haveTarget)
    return fail("second '.target' directive in kernel '" + prog.name +
                "': a kernel has one target");
  if (dir != ".kernel" && !haveKernel)
    return fail("'" + dir + "' before the first '.kernel' directive");
  if (dir == ".kernel") {
    if (!isIdent(rest))
      return fail("'.kernel' expects a name");
    if (haveKernel)
      if (auto e = finishKernel())
        return e;
    for (const Program &p : done)
      if (p.name == rest)
        return fail("kernel '" + rest + "' defined twice");
    prog.name = rest.str();
    haveKernel = true;
    return llvm::Error::success();
  }
  if (dir == ".target") {
    llvm::Expected<TargetDesc> t = rest.starts_with("{")
                                       ? parseTargetJSON(rest)
                                       : loadTarget(rest);
    if (!t)
      return fail("bad target: " + llvm::toString(t.takeError()));
    prog.target = *t;
    haveTarget = true;
    return llvm::Error::success();
  }
  if (dir == ".buffer") {
    auto [kindStr, r1] = rest.split(' ');
    auto [name, shapeStr] = r1.trim().split(' ');
    Buffer b;
    b.line = line;
    if (kindStr == "input")
      b.kind = BufferKind::Input;
    else if (kindStr == "output")
      b.kind = BufferKind::Output;
    else if (kindStr == "scratch")
      b.kind = BufferKind::Scratch;
    else
      return fail("'.buffer' kind must be input, output or scratch, got '" +
                  kindStr + "'");
    if (!isIdent(name))
      return fail("'.buffer' expects a name, got '" + name + "'");
    b.name = name.str();
    shapeStr = shapeStr.trim();
    // An optional `alias NAME` after the shape.
    size_t close = shapeStr.find(']');
    if (close != StringRef::npos) {
      StringRef tail = shapeStr.drop_front(close + 1).trim();
      shapeStr = shapeStr.take_front(close + 1);
      if (!tail.empty()) {
        auto [kw, aliasName] = tail.split(' ');
        aliasName = aliasName.trim();
        if (kw != "alias" || !isIdent(aliasName))
          return fail("'.buffer " + name + "': expected 'alias NAME' after "
                      "the shape, got '" + tail + "'");
        b.alias = aliasName.str();
      }
    }
    if (!shapeStr.consume_front("[") || !shapeStr.consume_back("]"))
      return fail("'.buffer " + name + "': shape must look like [2, 3]");
    llvm::SmallVector<StringRef> dims;
    shapeStr.split(dims, ',');
    for (StringRef d : dims) {
      int64_t v;
      if (!parseInt(d.trim(), v) || v <= 0)
        return fail("'.buffer " + name + "': bad dimension '" + d.trim() +
                    "'");
      b.shape.push_back(v);
    }
    if (auto e = checkBuffer(b))
      return fail(llvm::toString(std::move(e)));
    prog.buffers.push_back(std::move(b));
    if (auto e = checkBufferNames(prog.buffers))
      return fail(llvm::toString(std::move(e)));
    return llvm::Error::success();
  }
  return fail("unknown directive '" + dir + "'");
}

llvm::Error AsmParser::parseInstr(StringRef opName, StringRef rest) {
  std::optional<Opcode> op = symbolizeOpcode(opName);
  if (!op)
    return fail("unknown instruction '" + opName + "'");
  if (!haveTarget)
    return fail("instruction before the '.target' directive");
  Instr in;
  in.op = *op;
  in.line = line;
  OpcodeInfo info = opcodeInfo(*op);
  bool isMatmul = *op == Opcode::Matmul;

  llvm::SmallVector<StringRef> toks;
  rest.split(toks, ' ', -1, /*KeepEmpty=*/false);
  std::set<std::string> seen;
  for (StringRef tok : toks) {
    // Not a structured binding: the lambdas below capture them.
    StringRef key, val;
    std::tie(key, val) = tok.split('=');
    if (val.empty() && !tok.contains('='))
      return fail("expected key=value, got '" + tok + "'");
    if (!seen.insert(key.str()).second)
      return fail("'" + key + "' given twice");
    auto parseLocal = [&](LocalRef &r, Field f) -> llvm::Error {
      llvm::SmallVector<StringRef> parts;
      val.split(parts, ':');
      if (parts.size() != 4 || (parts[0] != "sp" && parts[0] != "acc"))
        return fail("operand '" + key +
                    "' must be sp|acc:addr:ld:cs, got '" + val + "'");
      r.mem = parts[0] == "sp" ? Mem::Spad : Mem::Acc;
      if (!parseAffine(parts[1], r.addr, in, f) || !parseInt(parts[2], r.ld) ||
          !parseInt(parts[3], r.cs))
        return fail("operand '" + key + "': bad integer or index term in '" +
                    val + "'");
      return llvm::Error::success();
    };
    auto parseAffineKey = [&](int64_t &v, Field f) -> llvm::Error {
      if (!parseAffine(val, v, in, f))
        return fail("'" + key + "' expects an integer with optional index "
                    "terms (e.g. 64+16*i0), got '" + val + "'");
      return llvm::Error::success();
    };
    auto parseIntKey = [&](int64_t &v) -> llvm::Error {
      if (!parseInt(val, v))
        return fail("'" + key + "' expects an integer, got '" + val + "'");
      return llvm::Error::success();
    };
    llvm::Error e = llvm::Error::success();
    if (key == "d" && info.d)
      e = parseLocal(in.d, Field::DAddr);
    else if (key == "a" && info.a)
      e = parseLocal(in.a, Field::AAddr);
    else if (key == "b" && info.b)
      e = parseLocal(in.b, Field::BAddr);
    else if (key == "count" && *op == Opcode::Loop)
      e = parseIntKey(in.count);
    else if (key == "dram" && info.dram) {
      llvm::SmallVector<StringRef> parts;
      val.split(parts, ':');
      if (parts.size() != 3 || !isIdent(parts[0]) ||
          !parseAffine(parts[1], in.dram.off, in, Field::DramOff) ||
          !parseInt(parts[2], in.dram.ld))
        e = fail("operand 'dram' must be buffer:offset:ld, got '" + val + "'");
      else
        in.dram.sym = parts[0].str();
    } else if ((key == "rows" && !isMatmul) || (key == "m" && isMatmul))
      e = parseIntKey(in.rows);
    else if ((key == "cols" && !isMatmul) || (key == "n" && isMatmul))
      e = parseIntKey(in.cols);
    else if (key == "k" && isMatmul)
      e = parseIntKey(in.k);
    else if (key == "acc" && isMatmul) {
      if (val != "0" && val != "1")
        e = fail("'acc' expects 0 or 1, got '" + val + "'");
      in.accumulate = val == "1";
    } else if (key == "imm" && info.imm) {
      std::string s = val.str();
      char *end = nullptr;
      in.imm = std::strtof(s.c_str(), &end);
      if (s.empty() || *end)
        e = fail("'imm' expects a number, got '" + val + "'");
    } else if (key == "row0" && info.causal)
      e = parseAffineKey(in.row0, Field::Row0);
    else if (key == "col0" && info.causal)
      e = parseAffineKey(in.col0, Field::Col0);
    else
      e = fail("'" + opName + "' has no operand '" + key + "'");
    if (e)
      return e;
  }
  // Every operand is required: a default would hide a typo.
  llvm::SmallVector<StringRef> required;
  if (info.d)
    required.push_back("d");
  if (info.a)
    required.push_back("a");
  if (info.b)
    required.push_back("b");
  if (info.dram)
    required.push_back("dram");
  if (*op == Opcode::Loop)
    required.push_back("count");
  else if (*op != Opcode::Fence && *op != Opcode::EndLoop) {
    required.append(isMatmul ? std::initializer_list<StringRef>{"m", "k", "n",
                                                                "acc"}
                             : std::initializer_list<StringRef>{"rows",
                                                                "cols"});
  }
  if (info.imm)
    required.push_back("imm");
  if (info.causal)
    required.append({"row0", "col0"});
  for (StringRef r : required)
    if (!seen.count(r.str()))
      return fail("'" + opName + "' is missing operand '" + r + "'");
  if (auto e = nest.step(in, prog.target, prog.buffers))
    return fail(llvm::toString(std::move(e)));
  prog.instrs.push_back(std::move(in));
  return llvm::Error::success();
}

llvm::Error AsmParser::finishKernel() {
  if (!haveTarget)
    return fail("kernel '" + prog.name + "' has no '.target' directive");
  if (auto e = nest.finish())
    return fail("kernel '" + prog.name + "': " + llvm::toString(std::move(e)));
  done.push_back(std::move(prog));
  prog = Program();
  nest = LoopNest();
  haveTarget = false;
  return llvm::Error::success();
}

llvm::Expected<std::vector<Program>> AsmParser::parse(StringRef text) {
  llvm::SmallVector<StringRef> lines;
  text.split(lines, '\n');
  for (StringRef l : lines) {
    ++line;
    l = l.split(';').first.trim();
    if (l.empty())
      continue;
    auto [head, rest] = l.split(' ');
    head = head.trim();
    if (head.starts_with(".")) {
      if (auto e = parseDirective(head, rest))
        return std::move(e);
      if (head == ".target") {
        if (auto e = checkProgramHeader(prog))
          return fail(llvm::toString(std::move(e)));
      }
      continue;
    }
    if (auto e = parseInstr(head, rest))
      return std::move(e);
  }
  if (!haveKernel)
    return err(bufName + ": missing '.kernel' directive");
  if (!haveTarget)
    return err(bufName + ": kernel '" + prog.name +
               "' has no '.target' directive");
  if (auto e = finishKernel())
    return std::move(e);
  return std::move(done);
}

llvm::Expected<std::vector<Program>>
mlir::attn::systolic::parseAsmKernels(StringRef text, StringRef bufName) {
  return AsmParser(bufName).parse(text);
}

llvm::Expected<Program> mlir::attn::systolic::parseAsm(StringRef text,
                                                       StringRef bufName,
                                                       StringRef kernel) {
  llvm::Expected<std::vector<Program>> progs = parseAsmKernels(text, bufName);
  if (!progs)
    return progs.takeError();
  std::string names;
  for (Program &p : *progs) {
    if (p.name == kernel || (kernel.empty() && progs->size() == 1))
      return std::move(p);
    names += (names.empty() ? "" : ", ") + p.name;
  }
  if (kernel.empty())
    return err(bufName + ": " + llvm::Twine(progs->size()) +
               " kernels (" + names + "); choose one by name");
  return err(bufName + ": no kernel '" + kernel + "' (the file has " + names +
             ")");
}
