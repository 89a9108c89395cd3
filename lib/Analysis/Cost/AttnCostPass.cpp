//===- AttnCostPass.cpp - the attn-cost pass ------------------------------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"
#include "attn-mlir/Analysis/Cost/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNCOST
#include "attn-mlir/Analysis/Cost/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {

std::string summary(const OpWork &w, const Latency &l) {
  double intensity =
      w.dramBytes ? double(w.totalFlops()) / double(w.dramBytes) : 0.0;
  std::string s =
      llvm::formatv("macs={0} flops={1} exps={2} sram_peak_bytes={3} "
                    "dram_bytes={4} arith_intensity={5:f2} "
                    "latency_cycles={6} latency_s={7:e3} bound={8}",
                    w.macs, w.totalFlops(), w.flops.exp, w.sramPeakBytes,
                    w.dramBytes, intensity, l.cycles, l.seconds,
                    stringifyBound(l.bound))
          .str();
  // Only decoders carry state between calls; other ops keep the old line.
  if (w.stateBytes)
    s += llvm::formatv(" state_bytes={0}", w.stateBytes).str();
  return s;
}

struct AttnCostPass : public mlir::attn::impl::AttnCostBase<AttnCostPass> {
  using Base::Base;

  /// Options are checked once, before any IR is seen: the error names the
  /// option, not a location in the module.
  LogicalResult initialize(MLIRContext *ctx) override {
    if (rowTile <= 0 || keyBlock <= 0)
      return emitError(passOptionLoc(ctx, "attn-cost",
                                     rowTile <= 0 ? "row-tile" : "key-block"))
             << "attn-cost: row-tile and key-block must be > 0, got row-tile="
             << rowTile.getValue() << " key-block=" << keyBlock.getValue();
    if (kvSplits < 1)
      return emitError(passOptionLoc(ctx, "attn-cost", "kv-splits"))
             << "attn-cost: kv-splits must be >= 1, got " << kvSplits.getValue();
    llvm::Expected<CostTarget> t = loadCostTarget(target);
    if (!t)
      return emitError(passOptionLoc(ctx, "attn-cost", "target"))
             << "attn-cost: " << llvm::toString(t.takeError());
    tgt = std::move(*t);
    return success();
  }

  void runOnOperation() override {
    WorkConfig config;
    config.strategy = strategy;
    config.rowTile = rowTile;
    config.keyBlock = keyBlock;
    config.kvSplits = kvSplits;
    config.onChipBytes = tgt->onChipBytes();

    FailureOr<ArrayRef<FunctionCost>> funcs =
        getAnalysis<CostAnalysis>().compute(*tgt, config);
    if (failed(funcs))
      return signalPassFailure();

    Builder b(&getContext());
    for (const FunctionCost &fc : *funcs) {
      for (const OpCost &c : fc.ops) {
        // At the location, without the op appended: one line per op.
        InFlightDiagnostic r = emitRemark(c.op->getLoc(), "attn-cost: ");
        r << summary(c.work, c.latency)
          << " complexity=" << c.work.complexity;
        // Systolic: how close the lowered program is to the target's bound.
        if (c.systolic) {
          std::string energy;
          llvm::raw_string_ostream(energy) << llvm::format(
              "%.6g",
              *c.systolic->getObject("energy_pj")->getNumber("total"));
          r << " bound_cycles=" << *c.systolic->getInteger("bound_cycles")
            << " efficiency="
            << llvm::formatv("{0:f3}", *c.systolic->getNumber("efficiency"))
            << " energy_pj=" << energy;
        }
        if (annotate)
          c.op->setAttr("attn.cost", annotation(b, c));
      }
      emitRemark(fc.func->getLoc(), "attn-cost total @")
          << functionName(fc.func) << ": ops=" << fc.ops.size() << " "
          << summary(fc.total, fc.latency);
    }
    if (!json.empty() &&
        failed(writeJSONFile(passOptionLoc(&getContext(), "attn-cost", "json"), json,
                         costReportToJSON(*funcs, *tgt, config))))
      return signalPassFailure();
    if (!annotate)
      markAllAnalysesPreserved();
  }

  std::optional<CostTarget> tgt;

  static DictionaryAttr annotation(Builder &b, const OpCost &c) {
    auto i64 = [&](uint64_t v) { return b.getI64IntegerAttr(int64_t(v)); };
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("macs", i64(c.work.macs)),
        b.getNamedAttr("flops", i64(c.work.totalFlops())),
        b.getNamedAttr("exps", i64(c.work.flops.exp)),
        b.getNamedAttr("sram_peak_bytes", i64(c.work.sramPeakBytes)),
        b.getNamedAttr("dram_bytes", i64(c.work.dramBytes)),
        b.getNamedAttr("latency_cycles", i64(c.latency.cycles)),
        b.getNamedAttr("bound",
                       b.getStringAttr(stringifyBound(c.latency.bound))),
        b.getNamedAttr("complexity", b.getStringAttr(c.work.complexity)),
    };
    if (c.work.stateBytes)
      attrs.push_back(b.getNamedAttr("state_bytes", i64(c.work.stateBytes)));
    return b.getDictionaryAttr(attrs);
  }
};

} // namespace
