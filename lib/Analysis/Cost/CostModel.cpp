//===- CostModel.cpp - Cost targets and the CPU roofline ------------------===//

#include "attn-mlir/Analysis/Cost/CostModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

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
  static constexpr StringRef keys[] = {
      "kind",   "name",   "clock_ghz", "flops_per_cycle",
      "dram_gb_per_s", "l1_kib", "l2_kib", "l3_kib", "exp_cycles_per_elem"};
  for (const auto &kv : *o)
    if (!llvm::is_contained(keys, StringRef(kv.first)))
      return err("unknown key '" + StringRef(kv.first) + "'");
  CpuTarget t;
  if (std::optional<StringRef> name = o->getString("name"))
    t.name = name->str();
  struct NumKey {
    StringRef key;
    double *out;
  };
  double l1 = t.l1KiB, l2 = t.l2KiB, l3 = t.l3KiB;
  for (NumKey k : {NumKey{"clock_ghz", &t.clockGHz},
                   NumKey{"flops_per_cycle", &t.flopsPerCycle},
                   NumKey{"dram_gb_per_s", &t.dramGBPerS},
                   NumKey{"exp_cycles_per_elem", &t.expCyclesPerElem},
                   NumKey{"l1_kib", &l1}, NumKey{"l2_kib", &l2},
                   NumKey{"l3_kib", &l3}}) {
    const llvm::json::Value *x = o->get(k.key);
    if (!x)
      continue;
    std::optional<double> d = x->getAsNumber();
    if (!d || !(*d > 0) || !std::isfinite(*d) || *d > 1e9)
      return err("key '" + k.key + "': expected a positive number");
    *k.out = *d;
  }
  t.l1KiB = unsigned(l1);
  t.l2KiB = unsigned(l2);
  t.l3KiB = unsigned(l3);
  return t;
}

llvm::Expected<CostTarget> mlir::attn::cost::loadCostTarget(StringRef spec) {
  CostTarget t;
  if (spec.empty() || spec == "cpu") {
    t.cpu = CpuTarget();
    return t;
  }
  if (!spec.ends_with(".json")) {
    llvm::Expected<systolic::TargetDesc> s = systolic::lookupPreset(spec);
    if (!s)
      return err("unknown target '" + spec +
                 "' (known: cpu, gemmini, tpu-v1, edge, or a .json file)");
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
  l.computeCycles = uint64_t(std::ceil(flops / c.flopsPerCycle));
  double bytesPerCycle = c.dramGBPerS / c.clockGHz;
  l.memoryCycles = uint64_t(std::ceil(double(work.dramBytes) / bytesPerCycle));
  l.vectorCycles =
      uint64_t(std::ceil(double(work.flops.exp) * c.expCyclesPerElem));
  finish(l, target.clockHz());
  return l;
}

Latency mlir::attn::cost::estimateSystolicLatency(
    const systolic::TargetDesc &t, const OpWork &work) {
  Latency l = estimateSystolicLatencyTerms(t, work);
  finish(l, t.clockMHz * 1e6);
  return l;
}
