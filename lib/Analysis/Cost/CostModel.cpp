//===- CostModel.cpp - Cost targets and the CPU roofline ------------------===//

#include "attn-mlir/Analysis/Cost/CostModel.h"
#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

#include <cmath>

using namespace mlir::attn::cost;
using llvm::StringRef;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<CpuTarget> mlir::attn::cost::parseCpuTargetJSON(StringRef text) {
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(text);
  if (!v)
    return err("malformed JSON: " + llvm::toString(v.takeError()));
  const llvm::json::Object *o = v->getAsObject();
  if (!o)
    return err("a CPU target must be a JSON object");
  if (llvm::Error e = systolic::rejectDuplicateKeys(text))
    return e;
  static constexpr StringRef keys[] = {
      "kind",   "name",   "clock_ghz", "flops_per_cycle",
      "dram_gb_per_s", "l1_kib", "l2_kib", "l3_kib", "exp_cycles_per_elem"};
  for (const auto &kv : *o)
    if (!llvm::is_contained(keys, StringRef(kv.first)))
      return systolic::unknownKeyError(kv.first, keys);
  CpuTarget t;
  if (std::optional<StringRef> name = o->getString("name"))
    t.name = name->str();
  // Each number's accepted range: any real core fits, and the cycle counts
  // the roofline derives stay inside uint64_t.
  struct NumKey {
    StringRef key;
    double *out;
    double lo, hi;
    bool integer = false;
  };
  double l1 = t.l1KiB, l2 = t.l2KiB, l3 = t.l3KiB;
  for (NumKey k : {NumKey{"clock_ghz", &t.clockGHz, 0.01, 100},
                   NumKey{"flops_per_cycle", &t.flopsPerCycle, 0.01, 1e6},
                   NumKey{"dram_gb_per_s", &t.dramGBPerS, 0.001, 1e6},
                   NumKey{"exp_cycles_per_elem", &t.expCyclesPerElem, 0.001,
                          1e6},
                   NumKey{"l1_kib", &l1, 1, 1 << 30, true},
                   NumKey{"l2_kib", &l2, 1, 1 << 30, true},
                   NumKey{"l3_kib", &l3, 1, 1 << 30, true}}) {
    const llvm::json::Value *x = o->get(k.key);
    if (!x)
      continue;
    std::optional<double> d = x->getAsNumber();
    if (!d || !(*d > 0))
      return err("key '" + k.key + "': expected a positive number");
    if (k.integer && *d != std::floor(*d))
      return err("key '" + k.key + "': expected an integer");
    if (llvm::Error e = systolic::checkKeyRange(k.key, *d, k.lo, k.hi))
      return e;
    *k.out = *d;
  }
  t.l1KiB = unsigned(l1);
  t.l2KiB = unsigned(l2);
  t.l3KiB = unsigned(l3);
  return t;
}

//===----------------------------------------------------------------------===//
// CPU presets and the host
//===----------------------------------------------------------------------===//

llvm::ArrayRef<StringRef> mlir::attn::cost::cpuPresetNames() {
  static constexpr StringRef names[] = {"cpu", "zen3", "icelake-server",
                                        "neoverse-n1"};
  return names;
}

std::optional<CpuTarget> mlir::attn::cost::lookupCpuPreset(StringRef name) {
  // One core each. Clocks are base clocks of common server parts; DRAM is
  // one core's streaming bandwidth, which none of them publishes: the same
  // rounded 10 GB/s measured on a Zen 3 host (docs/cost-model.md). The exp
  // costs 16 flops per element (an 8-lane, 2-pipe core: 0.5 cycles).
  // name, GHz, flops/cycle, GB/s, L1d, L2, L3 KiB, exp cycles/elem
  static const CpuTarget presets[] = {
      // AMD EPYC 7003: AVX2, 2 x 256-bit FMA (the CpuTarget defaults).
      CpuTarget(),
      // Intel Xeon 3rd gen (Gold/Platinum): AVX-512, 2 x 512-bit FMA.
      {"icelake-server", 2.8, 64, 10, 48, 1280, 49152, 0.25},
      // Arm Neoverse N1 (AWS Graviton2, Ampere Altra): 2 x 128-bit FMA.
      {"neoverse-n1", 2.5, 16, 10, 64, 1024, 32768, 1.0},
  };
  if (name == "cpu")
    name = "zen3";
  for (const CpuTarget &t : presets)
    if (t.name == name)
      return t;
  return std::nullopt;
}

static std::optional<std::string> readSmallFile(const llvm::Twine &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buf =
      llvm::MemoryBuffer::getFileAsStream(path);
  if (!buf)
    return std::nullopt;
  return (*buf)->getBuffer().trim().str();
}

/// "48K", "1280K", "32M" -> KiB.
static std::optional<unsigned> parseCacheSize(StringRef s) {
  unsigned scale = 1;
  if (s.consume_back("K"))
    scale = 1;
  else if (s.consume_back("M"))
    scale = 1024;
  unsigned v;
  if (s.getAsInteger(10, v) || v == 0)
    return std::nullopt;
  return v * scale;
}

HostCpuInfo mlir::attn::cost::readHostCpuInfo() {
  HostCpuInfo info;
  info.cpuName = llvm::sys::getHostCPUName().str();
  for (const auto &f : llvm::sys::getHostCPUFeatures())
    if (f.getValue())
      info.features.push_back(f.getKey().str());
  llvm::sort(info.features);
  info.procCpuinfo = readSmallFile("/proc/cpuinfo").value_or("");
  const char *freq = "/sys/devices/system/cpu/cpu0/cpufreq/";
  auto khz = [&](const char *file) -> std::optional<double> {
    std::optional<std::string> s = readSmallFile(llvm::Twine(freq) + file);
    double v;
    if (!s || StringRef(*s).getAsDouble(v) || !(v > 0))
      return std::nullopt;
    return v;
  };
  info.baseKHz = khz("base_frequency");
  info.maxKHz = khz("cpuinfo_max_freq");
  for (unsigned i = 0; i < 8; ++i) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
    std::optional<std::string> level = readSmallFile(dir + "level");
    std::optional<std::string> type = readSmallFile(dir + "type");
    std::optional<std::string> size = readSmallFile(dir + "size");
    if (!level || !type || !size)
      continue;
    std::optional<unsigned> kib = parseCacheSize(*size);
    if (!kib || *type == "Instruction")
      continue;
    if (*level == "1")
      info.l1dKiB = kib;
    else if (*level == "2")
      info.l2KiB = kib;
    else if (*level == "3")
      info.l3KiB = kib;
  }
  return info;
}

/// The nominal clock in GHz of an Intel model name in /proc/cpuinfo
/// ("... CPU @ 2.80GHz").
static std::optional<double> nominalClockGHz(StringRef cpuinfo) {
  for (StringRef text = cpuinfo; !text.empty();) {
    auto [line, rest] = text.split('\n');
    text = rest;
    auto [key, value] = line.split(':');
    if (key.trim() != "model name")
      continue;
    size_t at = value.rfind('@');
    if (at == StringRef::npos)
      return std::nullopt;
    StringRef g = value.drop_front(at + 1).trim();
    double v;
    if (g.consume_back("GHz") && !g.trim().getAsDouble(v) && v > 0 && v < 100)
      return v;
    return std::nullopt;
  }
  return std::nullopt;
}

/// The first "cpu MHz" of /proc/cpuinfo, in GHz (a current clock).
static std::optional<double> currentClockGHz(StringRef cpuinfo) {
  for (StringRef text = cpuinfo; !text.empty();) {
    auto [line, rest] = text.split('\n');
    text = rest;
    auto [key, value] = line.split(':');
    double v;
    if (key.trim() == "cpu MHz" && !value.trim().getAsDouble(v) && v > 0 &&
        v < 100000)
      return v / 1000;
  }
  return std::nullopt;
}

CpuTarget mlir::attn::cost::cpuTargetFromHost(const HostCpuInfo &info) {
  CpuTarget t = *lookupCpuPreset("cpu");
  StringRef cpu = info.cpuName;
  t.name = "host-" + (cpu.empty() ? std::string("generic") : cpu.str());
  auto has = [&](StringRef f) {
    return llvm::is_contained(info.features, f.str());
  };
  bool aarch64 = has("neon") || cpu.starts_with("neoverse") ||
                 cpu.starts_with("cortex-a") || cpu.starts_with("apple-");
  unsigned lanes = has("avx512f") ? 16 : has("avx") ? 8 : 4;
  // Two FMA pipes: AVX2 and AVX-512 server cores since Haswell / Zen 2, and
  // Arm's Neoverse cores. Without FMA, one add and one multiply pipe: the
  // same flops per cycle as one FMA pipe. Exceptions LLVM names: Zen 1
  // splits 256-bit ops into two 128-bit halves; Intel's AVX-512 client
  // cores have one 512-bit FMA; Zen 4 and 5 run 512-bit ops on two 256-bit
  // pipes.
  bool fma = has("fma") || aarch64;
  unsigned pipes = fma ? 2 : 1;
  if (cpu == "znver1")
    pipes = 1;
  // LLVM names the core from CPUID's model number; in a VM a Xeon can be
  // reported as its client sibling (an Ice Lake Xeon as "rocketlake"), so
  // a "Xeon" model name keeps two pipes.
  bool xeon = StringRef(info.procCpuinfo).contains("Xeon");
  if (lanes == 16 && !xeon &&
      llvm::is_contained({"znver4", "znver5", "icelake-client", "tigerlake",
                          "rocketlake", "cannonlake"},
                         cpu))
    pipes = 1;
  t.flopsPerCycle = double(lanes) * 2 * pipes;
  t.expCyclesPerElem = 16.0 / t.flopsPerCycle;
  if (info.baseKHz)
    t.clockGHz = *info.baseKHz / 1e6;
  else if (std::optional<double> g = nominalClockGHz(info.procCpuinfo))
    t.clockGHz = *g;
  else if (info.maxKHz)
    t.clockGHz = *info.maxKHz / 1e6;
  else if (std::optional<double> c = currentClockGHz(info.procCpuinfo))
    t.clockGHz = *c;
  if (info.l1dKiB)
    t.l1KiB = *info.l1dKiB;
  if (info.l2KiB)
    t.l2KiB = *info.l2KiB;
  if (info.l3KiB)
    t.l3KiB = *info.l3KiB;
  return t;
}

//===----------------------------------------------------------------------===//
// Loading a target
//===----------------------------------------------------------------------===//

llvm::Expected<CostTarget> mlir::attn::cost::loadCostTarget(StringRef spec) {
  CostTarget t;
  if (spec.empty())
    spec = "cpu";
  if (std::optional<CpuTarget> preset = lookupCpuPreset(spec)) {
    t.cpu = *preset;
    return t;
  }
  if (spec == "host") {
    t.cpu = cpuTargetFromHost(readHostCpuInfo());
    return t;
  }
  if (!spec.ends_with(".json")) {
    llvm::Expected<systolic::TargetDesc> s = systolic::lookupPreset(spec);
    if (!s)
      return err("unknown target '" + spec +
                 "' (known: host, cpu, zen3, icelake-server, neoverse-n1, "
                 "gemmini, gemmini-bf16, tpu-v1, edge, or a .json file)");
    t.systolic = *s;
    return t;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buf =
      llvm::MemoryBuffer::getFile(spec);
  if (!buf)
    return err("cannot read target file '" + spec +
               "': " + buf.getError().message());
  StringRef text = (*buf)->getBuffer();
  // The kind decides the schema; a file without one is a systolic target,
  // the format issue 5 specifies.
  bool isCpu = false;
  if (llvm::Expected<llvm::json::Value> v = llvm::json::parse(text)) {
    if (const llvm::json::Object *o = v->getAsObject())
      isCpu = o->getString("kind") == std::optional<StringRef>("cpu");
  } else {
    llvm::consumeError(v.takeError());
  }
  if (isCpu) {
    llvm::Expected<CpuTarget> c = parseCpuTargetJSON(text);
    if (!c)
      return err(spec + ": " + llvm::toString(c.takeError()));
    t.cpu = *c;
    return t;
  }
  llvm::Expected<systolic::TargetDesc> s = systolic::parseTargetJSON(text);
  if (!s)
    return err(spec + ": " + llvm::toString(s.takeError()));
  t.systolic = *s;
  return t;
}

StringRef CostTarget::name() const {
  return systolic ? StringRef(systolic->name) : StringRef(cpu->name);
}

double CostTarget::clockHz() const {
  return systolic ? systolic->clockMHz * 1e6 : cpu->clockGHz * 1e9;
}

uint64_t CostTarget::onChipBytes() const {
  return systolic ? systolic->spadBytes() + systolic->accBytesTotal()
                  : cpu->onChipBytes();
}

StringRef mlir::attn::cost::stringifyBound(Bound b) {
  switch (b) {
  case Bound::Compute:
    return "compute";
  case Bound::Memory:
    return "memory";
  case Bound::Vector:
    return "vector-unit";
  }
  llvm_unreachable("unknown bound");
}

/// The largest term sets the time and names the bound (ties favour compute).
static void finish(Latency &l, double clockHz) {
  l.cycles = std::max({l.computeCycles, l.memoryCycles, l.vectorCycles});
  l.bound = l.cycles == l.computeCycles  ? Bound::Compute
            : l.cycles == l.memoryCycles ? Bound::Memory
                                         : Bound::Vector;
  l.seconds = double(l.cycles) / clockHz;
}

Latency mlir::attn::cost::estimateLatency(const CostTarget &target,
                                          const OpWork &work) {
  if (target.systolic)
    return estimateSystolicLatency(*target.systolic, work);
  const CpuTarget &c = *target.cpu;
  Latency l;
  double flops = double(2 * work.macs + work.flops.total() - work.flops.exp);
  l.computeCycles = systolic::ceilCycles(flops / c.flopsPerCycle);
  double bytesPerCycle = c.dramGBPerS / c.clockGHz;
  l.memoryCycles = systolic::ceilCycles(double(work.dramBytes) / bytesPerCycle);
  l.vectorCycles =
      systolic::ceilCycles(double(work.flops.exp) * c.expCyclesPerElem);
  finish(l, target.clockHz());
  return l;
}

Latency mlir::attn::cost::estimateSystolicLatency(
    const systolic::TargetDesc &t, const OpWork &work) {
  Latency l = estimateSystolicLatencyTerms(t, work);
  finish(l, t.clockMHz * 1e6);
  return l;
}
