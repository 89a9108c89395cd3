//===- TargetJSONFuzzer.cpp - libFuzzer: the target JSON loaders ---------===//
//
// Both JSON target loaders get every input: the systolic one
// (parseTargetJSON) and the CPU one of the cost model (parseCpuTargetJSON).
// Each must turn any text into a target or an error with a message, never
// crash. An accepted systolic description must also pass validate() and
// survive a round trip through toJSON unchanged (otherwise the file a user
// writes and the one we emit would mean different targets). Every accepted
// target is then run through the latency model on a fixed piece of work, so
// UBSan checks its arithmetic (float -> integer casts, divisions) on
// extreme but valid parameters, and its energy table must stay in range.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Analysis/Cost/CostModel.h"
#include "attn-mlir/Systolic/Core/TargetDesc.h"

#include "../FuzzSupport.h"

using namespace mlir::attn;

using ::attn::fuzz::fail;
using ::attn::fuzz::requireMessage;

namespace {
/// A vanilla-attention-sized piece of work (N = M = 1024, d = 64).
cost::OpWork sampleWork() {
  cost::OpWork w;
  w.macs = 2 * 1024ull * 1024 * 64;
  w.flops.exp = 1024ull * 1024;
  w.flops.max = w.flops.add = 1024ull * 1024;
  w.operandBytes = {1024 * 64 * 4, 1024 * 64 * 4, 1024 * 64 * 4};
  w.resultBytes = 1024 * 64 * 4;
  w.sramPeakBytes = 64 * 1024;
  w.dramBytes = 4 * 1024 * 64 * 4;
  w.gemms = {{1, 1024, 64, 1024}, {1, 1024, 1024, 64}};
  return w;
}
} // namespace


extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  static const cost::OpWork work = sampleWork();

  llvm::Expected<systolic::TargetDesc> t = systolic::parseTargetJSON(text);
  if (!t) {
    requireMessage(t.takeError(), "parseTargetJSON");
  } else {
    if (llvm::Error e = systolic::validate(*t))
      fail("accepted but invalid: " + llvm::toString(std::move(e)));
    std::string once = systolic::toJSON(*t);
    llvm::Expected<systolic::TargetDesc> again =
        systolic::parseTargetJSON(once);
    if (!again)
      fail("toJSON output rejected: " + llvm::toString(again.takeError()) +
           "\n" + once);
    if (systolic::toJSON(*again) != once)
      fail("round trip changed the target:\n" + once);
    cost::CostTarget target;
    target.systolic = *t;
    (void)cost::estimateLatency(target, work);
    // The derived energy table (logs and powers of the capacities).
    systolic::EnergyTable e = systolic::energyTable(*t);
    for (double v : e.pj)
      if (!(v >= 0 && v <= 1e9))
        fail("energy entry out of range: " + std::to_string(v) + "\n" + once);
  }

  llvm::Expected<cost::CpuTarget> cpu = cost::parseCpuTargetJSON(text);
  if (!cpu) {
    requireMessage(cpu.takeError(), "parseCpuTargetJSON");
  } else {
    cost::CostTarget target;
    target.cpu = *cpu;
    (void)cost::estimateLatency(target, work);
  }
  return 0;
}
