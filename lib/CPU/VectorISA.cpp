//===- VectorISA.cpp - the vector ISA of the CPU kernels are built for -----===//

#include "attn-mlir/CPU/VectorISA.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/TargetParser/X86TargetParser.h"

#include <algorithm>
#include <numeric>

using namespace llvm;
using namespace mlir::attn::cpu;

namespace {

/// The widest f32 vector ISA among `has(feature)`.
VectorISA fromFeatures(StringRef cpu,
                       function_ref<bool(StringRef)> has) {
  VectorISA isa;
  isa.cpu = cpu.str();
  isa.fma = has("fma");
  if (has("avx512f")) {
    isa.isa = "avx512";
    isa.f32Lanes = 16;
    isa.registers = 32;
  } else if (has("avx2") || has("avx")) {
    isa.isa = has("avx2") ? "avx2" : "avx";
    isa.f32Lanes = 8;
    isa.registers = 16;
  } else {
    // Every x86-64 CPU has SSE2.
    isa.isa = "sse2";
    isa.f32Lanes = 4;
    isa.registers = 16;
  }
  return isa;
}

} // namespace

Expected<VectorISA> mlir::attn::cpu::resolveVectorISA(StringRef cpu) {
  if (cpu.empty() || cpu == "host" || cpu == "native") {
    Triple host(sys::getProcessTriple());
    if (!host.isX86()) {
      VectorISA generic;
      generic.cpu = sys::getHostCPUName().str();
      generic.isa = "generic";
      return generic;
    }
    StringMap<bool> features = sys::getHostCPUFeatures();
    return fromFeatures(sys::getHostCPUName(), [&](StringRef f) {
      return features.lookup(f);
    });
  }
  if (X86::parseArchX86(cpu, /*Only64Bit=*/true) == X86::CK_None) {
    SmallVector<StringRef> names;
    X86::fillValidCPUArchList(names, /*Only64Bit=*/true);
    StringRef closest;
    unsigned best = ~0u;
    for (StringRef n : names) {
      unsigned dist = cpu.edit_distance(n, /*AllowReplacements=*/true, best);
      if (dist < best) {
        best = dist;
        closest = n;
      }
    }
    std::string hint = best <= 3 ? formatv("; did you mean '{0}'?", closest).str()
                                  : std::string();
    return createStringError(
        inconvertibleErrorCode(),
        formatv("unknown target CPU '{0}'{1} (expected 'host' or an x86-64 "
                "CPU name llc -mcpu accepts, e.g. x86-64, x86-64-v3, "
                "x86-64-v4, haswell, skylake-avx512, icelake-server, znver3, "
                "znver4)",
                cpu, hint));
  }
  SmallVector<StringRef> list;
  X86::getFeaturesForCPU(cpu, list);
  // The table lists some features only through others (x86-64-v4: avx512vl
  // but not avx512f), so close the set over implication.
  StringMap<bool> features;
  for (StringRef f : list) {
    features[f] = true;
    X86::updateImpliedFeatures(f, /*Enabled=*/true, features);
  }
  return fromFeatures(cpu, [&](StringRef f) { return features.lookup(f); });
}

RegisterTile mlir::attn::cpu::chooseRegisterTile(const VectorISA &isa) {
  if (isa.isa == "generic")
    return {16, 4, 1, 64};
  int64_t width = 2 * isa.f32Lanes;
  // Accumulators (rows x 2 registers) plus two B vectors and one broadcast.
  // Rows need not be a power of two: the A operand is broadcast element by
  // element straight from memory (attn-vectorize-linalg), so 6 rows cost no
  // shuffles. On an AVX2 build (Zen 5, N = 1024) 6 x 16 made flash 3-13 %
  // and primal 6-17 % faster than 4 x 16; an SSE build was 9 % slower
  // with 6 x 8 than 4 x 8 (docs/benchmarks.md), hence FMA only.
  int64_t rows = 8;
  while (rows > 1 && rows * 2 + 3 > int64_t(isa.registers))
    rows = isa.fma ? rows - 1 : rows / 2;
  // Two registers per row, about six live registers each (measured on the
  // exp of flash's probabilities: 8 rows spill on AVX-512, 2 do not and
  // were 4-8 % faster at N = 4096 on a Zen 5).
  int64_t elementwiseRows = std::max<int64_t>(1, isa.registers / 12);
  elementwiseRows = int64_t(1) << llvm::Log2_64(elementwiseRows);
  // Query tiles and key blocks in whole register tiles: a 64-row tile with
  // 6-row register tiles would fall back to 4 rows (the largest divisor).
  int64_t unit = std::lcm(rows, width);
  int64_t queryTile = llvm::divideCeil(64, unit) * unit;
  return {width, rows, elementwiseRows, queryTile};
}
