//===- CountWorkPass.cpp - the attn-count-work pass -----------------------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"
#include "attn-mlir/Analysis/Cost/Passes.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNCOUNTWORK
#include "attn-mlir/Analysis/Cost/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {
struct AttnCountWorkPass
    : public mlir::attn::impl::AttnCountWorkBase<AttnCountWorkPass> {
  using Base::Base;

  void runOnOperation() override {
    FailureOr<ArrayRef<WorkCount>> counts =
        getAnalysis<WorkCountAnalysis>().compute();
    if (failed(counts))
      return signalPassFailure();
    for (const WorkCount &c : *counts) {
      const FlopCounts &f = c.flops;
      emitRemark(c.func->getLoc(), llvm::formatv(
          "attn-count-work @{0}: macs={1} exps={2} flops={3} add={4} mul={5} "
          "div={6} max={7} sqrt={8} alloc_bytes={9} alloc_site_bytes={10} "
          "linalg_ops={11}",
          functionName(c.func), c.macs, f.exp, 2 * c.macs + f.total(), f.add,
          f.mul, f.div, f.max, f.sqrt, c.allocBytes, c.allocSiteBytes,
          c.linalgOps));
    }
    if (!json.empty() &&
        failed(writeJSONFile(passOptionLoc(&getContext(), "attn-count-work", "json"), json, workCountToJSON(*counts))))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }
};
} // namespace
