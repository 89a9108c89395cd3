//===- TargetDesc.cpp - Presets, JSON parsing and validation --------------===//

#include "attn-mlir/Systolic/Core/TargetDesc.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir::attn::systolic;
using llvm::StringRef;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

StringRef mlir::attn::systolic::stringifyDataflow(Dataflow df) {
  switch (df) {
  case Dataflow::WS:
    return "ws";
  case Dataflow::OS:
    return "os";
  case Dataflow::IS:
    return "is";
  }
  llvm_unreachable("unknown dataflow");
}

std::optional<Dataflow> mlir::attn::systolic::symbolizeDataflow(StringRef s) {
  for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS})
    if (stringifyDataflow(df) == s)
      return df;
  return std::nullopt;
}

static unsigned typeBytes(StringRef type) {
  return llvm::StringSwitch<unsigned>(type)
      .Case("f32", 4)
      .Case("i32", 4)
      .Case("bf16", 2)
      .Case("i8", 1)
      .Default(0);
}

unsigned TargetDesc::elemBytes() const { return typeBytes(elemType); }
unsigned TargetDesc::accBytes() const { return typeBytes(accType); }

float mlir::attn::systolic::roundToBF16(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  if ((bits & 0x7fffffffu) > 0x7f800000u) // NaN: keep it a (quiet) NaN
    bits |= 0x00400000u;
  else // round to nearest, ties to even, on the 16 dropped bits
    bits += 0x7fffu + ((bits >> 16) & 1u);
  bits &= 0xffff0000u;
  std::memcpy(&v, &bits, 4);
  return v;
}

float TargetDesc::storeElem(float v) const {
  return elemType == "bf16" ? roundToBF16(v) : v;
}
uint64_t TargetDesc::spadRows() const {
  return spadBytes() / (uint64_t(cols) * elemBytes());
}
uint64_t TargetDesc::accRows() const {
  return accBytesTotal() / (uint64_t(cols) * accBytes());
}

//===----------------------------------------------------------------------===//
// Energy
//===----------------------------------------------------------------------===//

static constexpr StringRef kEnergyNames[kNumEnergyKeys] = {
    "mac",           "spad_read_byte", "spad_write_byte", "acc_read_byte",
    "acc_write_byte", "dram_byte",     "vector_add",      "vector_mul",
    "vector_exp",    "vector_div",     "vector_sqrt",     "idle_dma_load",
    "idle_dma_store", "idle_array",    "idle_vector"};

StringRef mlir::attn::systolic::energyKeyName(EnergyKey k) {
  return kEnergyNames[unsigned(k)];
}

std::optional<EnergyKey>
mlir::attn::systolic::symbolizeEnergyKey(StringRef name) {
  for (unsigned i = 0; i < kNumEnergyKeys; ++i)
    if (kEnergyNames[i] == name)
      return EnergyKey(i);
  return std::nullopt;
}

/// Every entry of the table, given or derived, is in [0, kMaxEnergyPJ] pJ:
/// 1 mJ per action is far above any real action, and counts up to 2^64
/// times it stay finite doubles.
static constexpr double kMaxEnergyPJ = 1e9;

// Horowitz, "Computing's Energy Problem (and what we can do about it)",
// ISSCC 2014 (paper 1.1), the table of rough energy costs per operation
// at 45 nm, 0.9 V.
namespace horowitz {
constexpr double kFAdd32 = 0.9, kFMul32 = 3.7; // f32 add, multiply
constexpr double kFMul16 = 1.1;                // f16 multiply (taken for bf16)
constexpr double kIAdd32 = 0.1, kIMul8 = 0.2;  // i32 add, i8 multiply
/// 64-bit SRAM (cache) accesses: 8 KB 10 pJ, 32 KB 20 pJ, 1 MB 100 pJ.
constexpr double kSramKiB[3] = {8, 32, 1024}, kSramPJ[3] = {10, 20, 100};
/// DRAM: 1.3-2.6 nJ per 64-bit access; we take the low end.
constexpr double kDram64PJ = 1300;
} // namespace horowitz

/// Energy of one 64-bit access to an SRAM of `kib` KiB: the power law
/// through Horowitz's two neighbouring points (linear in log energy over
/// log capacity), extended beyond 8 KB and 1 MB with the end segments'
/// exponents (0.5 below 32 KB, log 5 / log 32 = 0.46 above).
static double sram64PJ(double kib) {
  using namespace horowitz;
  unsigned seg = kib <= kSramKiB[1] ? 0 : 1;
  double slope = std::log(kSramPJ[seg + 1] / kSramPJ[seg]) /
                 std::log(kSramKiB[seg + 1] / kSramKiB[seg]);
  return kSramPJ[seg] * std::pow(kib / kSramKiB[seg], slope);
}

/// Idle (leakage, clock-gated) energy per cycle as a fraction of a unit's
/// peak dynamic energy per cycle: an assumption, not from the source.
static constexpr double kIdleFraction = 0.1;
/// Vector-unit functions as multiples of one f32 FMA (FMUL + FADD):
/// vexp a range reduction plus a degree-6 polynomial (8 FMAs), vrecip a
/// seed plus two Newton-Raphson steps of 2 FMAs (4), vrsqrt a seed plus
/// two steps of 3 FMAs (6).
static constexpr double kExpFMAs = 8, kDivFMAs = 4, kSqrtFMAs = 6;

EnergyTable mlir::attn::systolic::defaultEnergyTable(const TargetDesc &t) {
  using namespace horowitz;
  EnergyTable e;
  double mac = kFMul32 + kFAdd32;
  if (t.elemType == "bf16")
    mac = kFMul16 + kFAdd32;
  else if (t.elemType == "i8")
    mac = kIMul8 + kIAdd32;
  e[EnergyKey::Mac] = mac;
  // An access reads one bank of the scratchpad; the accumulator is taken
  // as one bank.
  double spadByte =
      sram64PJ(double(t.spadKiB) / std::max(1u, t.spadBanks)) / 8;
  double accByte = sram64PJ(double(t.accKiB)) / 8;
  e[EnergyKey::SpadReadByte] = e[EnergyKey::SpadWriteByte] = spadByte;
  e[EnergyKey::AccReadByte] = e[EnergyKey::AccWriteByte] = accByte;
  e[EnergyKey::DramByte] = kDram64PJ / 8;
  const double fma = kFMul32 + kFAdd32;
  e[EnergyKey::VectorAdd] = kFAdd32;
  e[EnergyKey::VectorMul] = kFMul32;
  e[EnergyKey::VectorExp] = kExpFMAs * fma;
  e[EnergyKey::VectorDiv] = kDivFMAs * fma;
  e[EnergyKey::VectorSqrt] = kSqrtFMAs * fma;
  // Peak dynamic energy per cycle: a DMA engine writes (load) or reads
  // (store) dram_bytes_per_cycle of SRAM (the DRAM device's energy is
  // counted per byte moved, not as the engine's leakage); the array does
  // rows x cols MACs; the vector unit `lanes` multiplies.
  auto idle = [](double peak) {
    return std::min(kMaxEnergyPJ, kIdleFraction * peak);
  };
  e[EnergyKey::IdleDmaLoad] = idle(t.dramBytesPerCycle * spadByte);
  e[EnergyKey::IdleDmaStore] = idle(t.dramBytesPerCycle * spadByte);
  e[EnergyKey::IdleArray] = idle(double(t.rows) * t.cols * mac);
  e[EnergyKey::IdleVector] = idle(double(t.vectorLanes) * kFMul32);
  for (double &v : e.pj)
    v = std::min(v, kMaxEnergyPJ);
  return e;
}

EnergyTable mlir::attn::systolic::energyTable(const TargetDesc &t) {
  EnergyTable e = defaultEnergyTable(t);
  for (unsigned i = 0; i < kNumEnergyKeys; ++i)
    if (t.energyPJ[i])
      e.pj[i] = *t.energyPJ[i];
  return e;
}

/// "key 'energy_pj.K'": the name errors use for an entry.
static std::string energyPath(StringRef key) {
  return ("energy_pj." + key).str();
}

llvm::Error mlir::attn::systolic::unknownKeyError(
    StringRef key, llvm::ArrayRef<StringRef> known, StringRef prefix) {
  std::optional<StringRef> best;
  unsigned bestDist = 3; // at most two edits: a likely typo
  for (StringRef k : known) {
    unsigned d = key.edit_distance(k, true, bestDist);
    if (d < bestDist)
      best = k, bestDist = d;
  }
  std::string path = prefix.empty() ? key.str() : (prefix + "." + key).str();
  std::string hint = best ? (" (did you mean '" + *best + "'?)").str() : "";
  return err("unknown key '" + path + "'" + hint);
}

llvm::Error mlir::attn::systolic::setEnergyEntry(TargetDesc &t, StringRef key,
                                                 double pj) {
  std::optional<EnergyKey> k = symbolizeEnergyKey(key);
  if (!k)
    return unknownKeyError(key, kEnergyNames, "energy_pj");
  if (llvm::Error e = checkKeyRange(energyPath(key), pj, 0, kMaxEnergyPJ))
    return e;
  t.energyPJ[unsigned(*k)] = pj;
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Presets
//===----------------------------------------------------------------------===//

static TargetDesc gemmini() {
  // Gemmini's default configuration (DESIGN.md §4) with f32 data: 16×16 WS
  // mesh, 256 KiB scratchpad in 4 banks, 64 KiB accumulator, a 128-bit DMA
  // bus (16 B/cycle), 1 GHz. Its PEs hold two weights (PE.scala's c1 and
  // c2: one computes while the next fold's preload shifts into the other).
  TargetDesc t;
  t.name = "gemmini";
  t.peDoubleBuffer = true;
  return t;
}

static TargetDesc gemminiBF16() {
  // Gemmini's bf16 configuration: the same memories, bf16 data in the
  // scratchpad and DRAM (twice the elements, half the DMA bytes per
  // element), f32 accumulation.
  TargetDesc t;
  t.name = "gemmini-bf16";
  t.elemType = "bf16";
  t.peDoubleBuffer = true;
  return t;
}

static TargetDesc tpuV1() {
  // TPU-v1-like: 256×256 WS matrix unit, 24 MiB unified buffer, 4 MiB
  // accumulators, ~34 GB/s DDR3 at 700 MHz (≈ 48 B/cycle). The matrix unit
  // holds a second weight tile to hide the 256 cycles of shifting one in
  // (Jouppi et al., ISCA 2017, section 2).
  TargetDesc t;
  t.name = "tpu-v1";
  t.peDoubleBuffer = true;
  t.rows = t.cols = 256;
  t.spadKiB = 24 * 1024;
  t.spadBanks = 8;
  t.accKiB = 4 * 1024;
  t.dramBytesPerCycle = 48;
  t.dramLatencyCycles = 200;
  t.vectorLanes = 256;
  t.clockMHz = 700;
  return t;
}

static TargetDesc edge() {
  // A small edge accelerator: 8×8 array, 64 KiB scratchpad, 16 KiB
  // accumulator, 8 B/cycle DMA, 8-lane vector unit, 500 MHz. One weight
  // register per PE: every fold pays SCALE-Sim's fill and drain.
  TargetDesc t;
  t.name = "edge";
  t.rows = t.cols = 8;
  t.spadKiB = 64;
  t.spadBanks = 2;
  t.accKiB = 16;
  t.dramBytesPerCycle = 8;
  t.dramLatencyCycles = 50;
  t.vectorLanes = 8;
  t.clockMHz = 500;
  return t;
}

std::vector<StringRef> mlir::attn::systolic::presetNames() {
  return {"gemmini", "gemmini-bf16", "tpu-v1", "edge"};
}

llvm::Expected<TargetDesc> mlir::attn::systolic::lookupPreset(StringRef name) {
  if (name == "gemmini")
    return gemmini();
  if (name == "gemmini-bf16")
    return gemminiBF16();
  if (name == "tpu-v1")
    return tpuV1();
  if (name == "edge")
    return edge();
  return err("unknown systolic target preset '" + name +
             "' (known: gemmini, gemmini-bf16, tpu-v1, edge; or give a .json file)");
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

namespace {
/// The accepted range of a numeric key. Wide enough for any real
/// accelerator, narrow enough that every cycle count the models derive
/// (bytes / dram_bytes_per_cycle, elements * exp_cycles, ...) stays far
/// inside uint64_t.
struct KeyRange {
  StringRef key;
  double lo, hi;
  double (*get)(const TargetDesc &);
};
} // namespace

static const KeyRange kRanges[] = {
    {"rows", 1, 4096, [](const TargetDesc &t) { return double(t.rows); }},
    {"cols", 1, 4096, [](const TargetDesc &t) { return double(t.cols); }},
    {"spad_kib", 1, 1 << 20,
     [](const TargetDesc &t) { return double(t.spadKiB); }},
    {"spad_banks", 1, 1024,
     [](const TargetDesc &t) { return double(t.spadBanks); }},
    {"acc_kib", 1, 1 << 20,
     [](const TargetDesc &t) { return double(t.accKiB); }},
    {"dram_bytes_per_cycle", 0.01, 1e6,
     [](const TargetDesc &t) { return t.dramBytesPerCycle; }},
    {"dram_latency_cycles", 0, 1e6,
     [](const TargetDesc &t) { return double(t.dramLatencyCycles); }},
    {"vector_lanes", 1, 65536,
     [](const TargetDesc &t) { return double(t.vectorLanes); }},
    {"exp_cycles", 1, 1024,
     [](const TargetDesc &t) { return double(t.expCycles); }},
    {"div_cycles", 1, 1024,
     [](const TargetDesc &t) { return double(t.divCycles); }},
    {"sqrt_cycles", 1, 1024,
     [](const TargetDesc &t) { return double(t.sqrtCycles); }},
    {"clock_mhz", 1, 1e6,
     [](const TargetDesc &t) { return t.clockMHz; }},
};

llvm::Error mlir::attn::systolic::checkKeyRange(StringRef key, double v,
                                               double lo, double hi) {
  if (v >= lo && v <= hi)
    return llvm::Error::success();
  auto num = [](double x) { return llvm::format("%.10g", x); };
  return err(llvm::formatv("key '{0}': must be in [{1}, {2}], got {3}", key,
                           num(lo), num(hi), num(v)));
}

static llvm::Error checkRanges(const TargetDesc &t) {
  for (const KeyRange &r : kRanges)
    if (llvm::Error e = checkKeyRange(r.key, r.get(t), r.lo, r.hi))
      return e;
  // The explicit energy entries (the derived ones are in range by
  // construction). NaN fails the range check too.
  for (unsigned i = 0; i < kNumEnergyKeys; ++i)
    if (t.energyPJ[i])
      if (llvm::Error e = checkKeyRange(energyPath(kEnergyNames[i]),
                                        *t.energyPJ[i], 0, kMaxEnergyPJ))
        return e;
  return llvm::Error::success();
}

llvm::Error mlir::attn::systolic::validate(const TargetDesc &t) {
  if (t.name.empty())
    return err("key 'name': must be a non-empty string");
  if (llvm::Error e = checkRanges(t))
    return e;
  if (!t.elemBytes() || t.elemType == "i32")
    return err("key 'elem_type': must be one of f32, bf16, i8, got '" +
               t.elemType + "'");
  if (t.accType != "f32" && t.accType != "i32")
    return err("key 'acc_type': must be f32 or i32, got '" + t.accType + "'");
  bool intElem = t.elemType == "i8";
  if (intElem != (t.accType == "i32"))
    return err("key 'acc_type': " + t.accType + " does not accumulate " +
               t.elemType + " (f32/bf16 accumulate in f32, i8 in i32)");
  if (t.spadRows() % t.spadBanks != 0)
    return err("key 'spad_banks': must divide the " +
               llvm::Twine(t.spadRows()) +
               " scratchpad rows (spad_kib * 1024 / (cols * element bytes))");
  if (t.spadRows() < t.rows)
    return err("key 'spad_kib': the scratchpad holds " +
               llvm::Twine(t.spadRows()) + " rows, fewer than one " +
               llvm::Twine(t.rows) + "-row tile");
  if (t.accRows() < t.rows)
    return err("key 'acc_kib': the accumulator must hold at least one " +
               llvm::Twine(t.rows) + "-row tile");
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

namespace {
/// Reads typed keys out of one JSON object, remembering the first error.
struct KeyReader {
  const llvm::json::Object &obj;
  std::string error;

  bool fail(StringRef key, const llvm::Twine &rule) {
    if (error.empty())
      error = ("key '" + key + "': " + rule).str();
    return false;
  }
  void readUnsigned(StringRef key, unsigned &out) {
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return;
    std::optional<int64_t> i = v->getAsInteger();
    if (!i || *i < 0) {
      fail(key, "expected a non-negative integer");
      return;
    }
    if (*i > int64_t(UINT32_MAX)) {
      fail(key, "must be at most " + llvm::Twine(UINT32_MAX) + ", got " +
                    llvm::Twine(*i));
      return;
    }
    out = unsigned(*i);
  }
  void readNumber(StringRef key, double &out) {
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return;
    std::optional<double> d = v->getAsNumber();
    if (!d || !(*d > 0)) {
      fail(key, "expected a positive number");
      return;
    }
    out = *d;
  }
  void readBool(StringRef key, bool &out) {
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return;
    std::optional<bool> b = v->getAsBoolean();
    if (!b) {
      fail(key, "expected true or false");
      return;
    }
    out = *b;
  }
  void readString(StringRef key, std::string &out) {
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return;
    std::optional<StringRef> s = v->getAsString();
    if (!s) {
      fail(key, "expected a string");
      return;
    }
    out = s->str();
  }
};
} // namespace

llvm::Error mlir::attn::systolic::rejectDuplicateKeys(StringRef text) {
  // A scan of the (already valid) JSON text: one key set per open object,
  // none for arrays. A string followed by ':' is a key of the innermost
  // object; keys are compared decoded, so "a" and "\u0061" are one key.
  // Each open object or array remembers the path of keys leading to it,
  // so a nested repetition is named in full ("energy_pj.mac").
  struct Open {
    std::optional<llvm::StringSet<>> keys;
    std::string path;
  };
  llvm::SmallVector<Open, 8> open;
  std::optional<std::string> pendingKey; // the key whose value comes next
  auto join = [](StringRef path, StringRef key) {
    return path.empty() ? key.str() : (path + "." + key).str();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{' || c == '[') {
      std::string parent = open.empty() ? "" : open.back().path;
      std::string path = pendingKey ? join(parent, *pendingKey) : parent;
      open.push_back({c == '{' ? std::optional<llvm::StringSet<>>(
                                     llvm::StringSet<>())
                               : std::nullopt,
                      std::move(path)});
      pendingKey.reset();
    } else if ((c == '}' || c == ']') && !open.empty()) {
      open.pop_back();
      pendingKey.reset();
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < text.size() && text[end] != '"')
        end += text[end] == '\\' ? 2 : 1;
      StringRef token = text.slice(i, end + 1);
      i = end;
      size_t next = text.find_first_not_of(" \t\r\n", end + 1);
      if (next == StringRef::npos || text[next] != ':' || open.empty() ||
          !open.back().keys)
        continue;
      llvm::Expected<llvm::json::Value> key = llvm::json::parse(token);
      if (!key)
        return key.takeError();
      StringRef name = *key->getAsString();
      if (!open.back().keys->insert(name).second)
        return err("key '" + join(open.back().path, name) + "' given twice");
      pendingKey = name.str();
    }
  }
  return llvm::Error::success();
}

static constexpr StringRef kKeys[] = {
    "name",         "kind",         "rows",
    "cols",         "dataflow",     "elem_type",
    "acc_type",     "spad_kib",     "spad_banks",
    "acc_kib",      "dram_bytes_per_cycle", "dram_latency_cycles",
    "vector_lanes", "exp_cycles",   "div_cycles",
    "sqrt_cycles",  "clock_mhz",    "energy_pj",
    "pe_double_buffer"};
static constexpr StringRef kRequired[] = {"name", "rows", "cols", "dataflow"};

llvm::Expected<TargetDesc> mlir::attn::systolic::parseTargetJSON(StringRef text) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed)
    return err("malformed JSON: " + llvm::toString(parsed.takeError()));
  const llvm::json::Object *obj = parsed->getAsObject();
  if (!obj)
    return err("a systolic target must be a JSON object");
  if (llvm::Error e = rejectDuplicateKeys(text))
    return e;
  for (const auto &kv : *obj)
    if (!llvm::is_contained(kKeys, StringRef(kv.first)))
      return unknownKeyError(kv.first, kKeys);
  for (StringRef key : kRequired)
    if (!obj->get(key))
      return err("missing required key '" + key + "'");
  if (std::optional<StringRef> kind = obj->getString("kind"))
    if (*kind != "systolic")
      return err("key 'kind': expected \"systolic\", got \"" + *kind + "\"");

  TargetDesc t;
  KeyReader r{*obj, {}};
  r.readString("name", t.name);
  r.readUnsigned("rows", t.rows);
  r.readUnsigned("cols", t.cols);
  std::string df;
  r.readString("dataflow", df);
  if (r.error.empty()) {
    if (std::optional<Dataflow> d = symbolizeDataflow(df))
      t.dataflow = *d;
    else
      r.fail("dataflow", "expected \"ws\", \"os\" or \"is\", got \"" + df +
                             "\"");
  }
  r.readBool("pe_double_buffer", t.peDoubleBuffer);
  r.readString("elem_type", t.elemType);
  r.readString("acc_type", t.accType);
  r.readUnsigned("spad_kib", t.spadKiB);
  r.readUnsigned("spad_banks", t.spadBanks);
  r.readUnsigned("acc_kib", t.accKiB);
  r.readNumber("dram_bytes_per_cycle", t.dramBytesPerCycle);
  r.readUnsigned("dram_latency_cycles", t.dramLatencyCycles);
  r.readUnsigned("vector_lanes", t.vectorLanes);
  r.readUnsigned("exp_cycles", t.expCycles);
  r.readUnsigned("div_cycles", t.divCycles);
  r.readUnsigned("sqrt_cycles", t.sqrtCycles);
  r.readNumber("clock_mhz", t.clockMHz);
  if (!r.error.empty())
    return err(r.error);
  // `energy_pj`: an object of entries in pJ; missing entries derive from
  // the parameters (defaultEnergyTable), unknown ones are errors.
  if (const llvm::json::Value *ev = obj->get("energy_pj")) {
    const llvm::json::Object *eo = ev->getAsObject();
    if (!eo)
      return err("key 'energy_pj': expected an object of per-action "
                 "energies in pJ");
    // In a fixed order (llvm::json::Object iterates in hash order), so the
    // first error is the same every time.
    llvm::SmallVector<StringRef, 16> keys;
    for (const auto &kv : *eo)
      keys.push_back(kv.first);
    llvm::sort(keys);
    for (StringRef key : keys) {
      std::optional<double> v = eo->get(key)->getAsNumber();
      if (!symbolizeEnergyKey(key) || v) {
        if (llvm::Error e = setEnergyEntry(t, key, v.value_or(0)))
          return std::move(e);
        continue;
      }
      return err("key '" + energyPath(key) +
                 "': expected a number (pJ per action)");
    }
  }
  if (llvm::Error e = validate(t))
    return std::move(e);
  return t;
}

llvm::Expected<TargetDesc> mlir::attn::systolic::loadTarget(StringRef spec) {
  if (spec.empty())
    return err("empty systolic target (give a preset name or a .json path)");
  if (!spec.ends_with(".json"))
    return lookupPreset(spec);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buf =
      llvm::MemoryBuffer::getFile(spec);
  if (!buf)
    return err("cannot read systolic target file '" + spec +
               "': " + buf.getError().message());
  llvm::Expected<TargetDesc> t = parseTargetJSON((*buf)->getBuffer());
  if (!t)
    return err(spec + ": " + llvm::toString(t.takeError()));
  return t;
}

std::string mlir::attn::systolic::toJSON(const TargetDesc &t) {
  llvm::json::Object o{
      {"name", t.name},
      {"kind", "systolic"},
      {"rows", t.rows},
      {"cols", t.cols},
      {"dataflow", stringifyDataflow(t.dataflow)},
      {"pe_double_buffer", t.peDoubleBuffer},
      {"elem_type", t.elemType},
      {"acc_type", t.accType},
      {"spad_kib", t.spadKiB},
      {"spad_banks", t.spadBanks},
      {"acc_kib", t.accKiB},
      {"dram_bytes_per_cycle", t.dramBytesPerCycle},
      {"dram_latency_cycles", t.dramLatencyCycles},
      {"vector_lanes", t.vectorLanes},
      {"exp_cycles", t.expCycles},
      {"div_cycles", t.divCycles},
      {"sqrt_cycles", t.sqrtCycles},
      {"clock_mhz", t.clockMHz}};
  // Only the entries given explicitly: the rest derive from the
  // parameters, and presets print no table.
  llvm::json::Object energy;
  for (unsigned i = 0; i < kNumEnergyKeys; ++i)
    if (t.energyPJ[i])
      energy[kEnergyNames[i]] = *t.energyPJ[i];
  if (!energy.empty())
    o["energy_pj"] = std::move(energy);
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(o)));
  return s;
}
