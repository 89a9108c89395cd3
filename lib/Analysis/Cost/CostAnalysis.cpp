//===- CostAnalysis.cpp - Costing and counting whole modules --------------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"

#include "Detail.h"

#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

std::string mlir::attn::cost::functionName(Operation *func) {
  if (auto sym = func->getAttrOfType<StringAttr>(
          SymbolTable::getSymbolAttrName()))
    return sym.str();
  return "<anonymous>";
}

/// The function-like ops to report on; a module without any is one unit.
static SmallVector<Operation *> unitsOf(Operation *root) {
  SmallVector<Operation *> funcs;
  root->walk([&](FunctionOpInterface f) { funcs.push_back(f); });
  if (funcs.empty())
    funcs.push_back(root);
  return funcs;
}

static void accumulate(OpWork &total, const OpWork &w) {
  total.macs += w.macs;
  total.flops += w.flops;
  total.resultBytes += w.resultBytes;
  total.dramBytes += w.dramBytes;
  total.sramPeakBytes = std::max(total.sramPeakBytes, w.sramPeakBytes);
  total.stateBytes += w.stateBytes;
  total.gemms.append(w.gemms);
}

static OpWork repeated(OpWork w, uint64_t times) {
  if (times == 1)
    return w;
  w.macs *= times;
  w.flops = w.flops.scaled(times);
  w.dramBytes *= times;
  for (GemmShape &g : w.gemms)
    g.count *= times;
  return w;
}

FailureOr<ArrayRef<FunctionCost>>
CostAnalysis::compute(const CostTarget &target, WorkConfig config) {
  config.onChipBytes = target.onChipBytes();
  std::string key = (target.name() + "/" +
                     llvm::Twine(int(config.strategy)) + "/" +
                     llvm::Twine(config.rowTile) + "/" +
                     llvm::Twine(config.keyBlock))
                        .str();
  if (auto it = cache.find(key); it != cache.end())
    return ArrayRef<FunctionCost>(it->second);

  std::vector<FunctionCost> result;
  bool ok = true;
  for (Operation *func : unitsOf(root)) {
    FunctionCost fc;
    fc.func = func;
    func->walk([&](WorkOpInterface op) {
      FailureOr<uint64_t> trips =
          enclosingTripCount(op, func, /*emitErrors=*/true);
      FailureOr<OpWork> w = op.getWork(config, /*emitErrors=*/true);
      if (failed(trips) || failed(w)) {
        ok = false;
        return;
      }
      OpCost c;
      c.op = op;
      c.executions = *trips;
      c.work = repeated(std::move(*w), *trips);
      c.latency = estimateLatency(target, c.work);
      // What the systolic lowering emits for the op, simulated: the numbers
      // attn-sim gives (MACs and bytes of what the program really does,
      // e.g. causal blocks skipped), or the lowering's refusal.
      if (target.systolic &&
          isAttnOp(op.getOperation())) {
        FailureOr<SystolicRun> run =
            simulateSystolicOp(op, *target.systolic, config);
        if (failed(run)) {
          ok = false;
          return;
        }
        c.latency = run->latency;
        c.work.macs = run->macs * *trips;
        c.work.dramBytes = (run->dramBytesRead + run->dramBytesWritten) * *trips;
        c.latency.cycles *= *trips;
        c.systolic = std::move(run->json);
      }
      accumulate(fc.total, c.work);
      fc.latency.computeCycles += c.latency.computeCycles;
      fc.latency.memoryCycles += c.latency.memoryCycles;
      fc.latency.vectorCycles += c.latency.vectorCycles;
      fc.latency.cycles += c.latency.cycles;
      fc.ops.push_back(std::move(c));
    });
    // Ops run one after the other: the function's time is the sum; its
    // bound is the one that dominates the sum.
    Latency &l = fc.latency;
    // On a systolic target the lowered kernel overlaps independent ops: a
    // function the lowering takes whole is simulated as one kernel.
    if (target.systolic && ok) {
      FailureOr<std::optional<SystolicRun>> run =
          simulateSystolicFunction(func, *target.systolic, config);
      if (failed(run)) {
        ok = false;
      } else if (*run) {
        l = (*run)->latency;
        fc.total.macs = (*run)->macs;
        fc.total.dramBytes = (*run)->dramBytesRead + (*run)->dramBytesWritten;
        fc.systolic = std::move((*run)->json);
      }
    }
    l.seconds = double(l.cycles) / target.clockHz();
    uint64_t worst =
        std::max({l.computeCycles, l.memoryCycles, l.vectorCycles});
    l.bound = worst == l.computeCycles  ? Bound::Compute
              : worst == l.memoryCycles ? Bound::Memory
                                        : Bound::Vector;
    result.push_back(std::move(fc));
  }
  if (!ok)
    return failure();
  auto &slot = cache[key];
  slot = std::move(result);
  return ArrayRef<FunctionCost>(slot);
}

static uint64_t allocationBytes(Operation *op) {
  if (!isa<tensor::EmptyOp, bufferization::AllocTensorOp, memref::AllocOp,
           memref::AllocaOp>(op))
    return 0;
  return attn::detail::staticBytes(op->getResult(0).getType());
}

FailureOr<ArrayRef<WorkCount>> WorkCountAnalysis::compute() {
  if (counts)
    return ArrayRef<WorkCount>(*counts);
  SmallVector<WorkCount> result;
  bool ok = true;
  for (Operation *func : unitsOf(root)) {
    WorkCount wc;
    wc.func = func;
    func->walk([&](Operation *op) {
      if (isa<AttnDialect>(op->getDialect())) {
        op->emitError("attn-count-work: counts the loops of lowered IR; run "
                      "convert-attn-to-linalg first (attn-cost gives this "
                      "op's analytic cost)");
        ok = false;
        return;
      }
      uint64_t alloc = allocationBytes(op);
      bool isLinalg = isa<linalg::LinalgOp, linalg::SoftmaxOp>(op);
      if (!alloc && !isLinalg)
        return;
      FailureOr<uint64_t> trips = enclosingTripCount(op, func, true);
      if (failed(trips)) {
        ok = false;
        return;
      }
      wc.allocBytes += alloc * *trips;
      wc.allocSiteBytes += alloc;
      if (!isLinalg)
        return;
      FailureOr<OpWork> w =
          cast<WorkOpInterface>(op).getWork(WorkConfig(), true);
      if (failed(w)) {
        ok = false;
        return;
      }
      wc.macs += w->macs * *trips;
      wc.flops += w->flops.scaled(*trips);
      ++wc.linalgOps;
    });
    result.push_back(wc);
  }
  if (!ok)
    return failure();
  counts = std::move(result);
  return ArrayRef<WorkCount>(*counts);
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

static llvm::json::Object flopsJSON(const FlopCounts &f) {
  return llvm::json::Object{{"add", f.add}, {"mul", f.mul}, {"div", f.div},
          {"max", f.max}, {"exp", f.exp}, {"sqrt", f.sqrt}};
}

llvm::json::Object mlir::attn::cost::toJSON(const OpWork &w, const Latency &l,
                                            double clockHz) {
  double intensity =
      w.dramBytes ? double(w.totalFlops()) / double(w.dramBytes) : 0.0;
  llvm::json::Array operands;
  for (uint64_t b : w.operandBytes)
    operands.push_back(b);
  return llvm::json::Object{{"macs", w.macs},
          {"flops", w.totalFlops()},
          {"exps", w.flops.exp},
          {"flops_by_kind", flopsJSON(w.flops)},
          {"operand_bytes", std::move(operands)},
          {"result_bytes", w.resultBytes},
          {"sram_peak_bytes", w.sramPeakBytes},
          {"state_bytes", w.stateBytes},
          {"dram_bytes", w.dramBytes},
          {"arith_intensity", intensity},
          {"latency_cycles", l.cycles},
          {"latency_s", double(l.cycles) / clockHz},
          {"compute_cycles", l.computeCycles},
          {"memory_cycles", l.memoryCycles},
          {"vector_cycles", l.vectorCycles},
          {"bound", stringifyBound(l.bound)},
          {"complexity", w.complexity}};
}

static std::string locString(Location loc) {
  if (auto fl = dyn_cast<FileLineColLoc>(loc))
    return (fl.getFilename().strref() + ":" + llvm::Twine(fl.getLine()) + ":" +
            llvm::Twine(fl.getColumn()))
        .str();
  std::string s;
  llvm::raw_string_ostream os(s);
  loc.print(os);
  return s;
}

llvm::json::Value
mlir::attn::cost::costReportToJSON(ArrayRef<FunctionCost> funcs,
                                   const CostTarget &target,
                                   const WorkConfig &config) {
  llvm::json::Array fs;
  for (const FunctionCost &fc : funcs) {
    llvm::json::Array ops;
    for (const OpCost &c : fc.ops) {
      llvm::json::Object o = toJSON(c.work, c.latency, target.clockHz());
      o["op"] = c.op->getName().getStringRef();
      o["loc"] = locString(c.op->getLoc());
      o["executions"] = c.executions;
      if (c.systolic)
        o["systolic"] = llvm::json::Object(*c.systolic);
      ops.push_back(std::move(o));
    }
    llvm::json::Object total = toJSON(fc.total, fc.latency, target.clockHz());
    total.erase("complexity");
    total.erase("operand_bytes");
    llvm::json::Object f{{"name", functionName(fc.func)},
                         {"ops", std::move(ops)},
                         {"total", std::move(total)}};
    if (fc.systolic)
      f["systolic"] = llvm::json::Object(*fc.systolic);
    fs.push_back(std::move(f));
  }
  return llvm::json::Object{
      {"target", target.name()},
      {"target_kind", target.isSystolic() ? "systolic" : "cpu"},
      {"clock_hz", target.clockHz()},
      {"on_chip_bytes", config.onChipBytes},
      {"strategy", config.strategy == VanillaStrategy::Flash ? "flash"
                                                              : "materialized"},
      {"row_tile", config.rowTile},
      {"key_block", config.keyBlock},
      {"functions", std::move(fs)}};
}

llvm::json::Value mlir::attn::cost::workCountToJSON(ArrayRef<WorkCount> counts) {
  llvm::json::Array fs;
  for (const WorkCount &c : counts)
    fs.push_back(llvm::json::Object{{"name", functionName(c.func)},
                                    {"macs", c.macs},
                                    {"exps", c.flops.exp},
                                    {"flops", 2 * c.macs + c.flops.total()},
                                    {"flops_by_kind", flopsJSON(c.flops)},
                                    {"alloc_bytes", c.allocBytes},
                                    {"alloc_site_bytes", c.allocSiteBytes},
                                    {"linalg_ops", c.linalgOps}});
  return llvm::json::Object{{"functions", std::move(fs)}};
}

LogicalResult mlir::attn::cost::writeJSONFile(Location loc, StringRef path,
                                              const llvm::json::Value &value) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(path, &error);
  if (!out)
    return emitError(loc, "cannot write JSON to '")
           << path << "': " << error;
  out->os() << llvm::formatv("{0:2}", value) << "\n";
  out->keep();
  return success();
}
