//===- CostAnalysis.h - Costing and counting whole modules -------*- C++ -*-===//
//
// Two analyses over a module (both usable with `getAnalysis<>`):
//  - CostAnalysis: every op implementing WorkOpInterface (attn ops, linalg
//    ops) costed for a target and a lowering configuration, per function;
//  - WorkCountAnalysis: what lowered IR really executes — the work of every
//    linalg op times the static trip counts of its enclosing loops, and the
//    bytes of every allocation.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_ANALYSIS_COST_COSTANALYSIS_H
#define ATTN_MLIR_ANALYSIS_COST_COSTANALYSIS_H

#include "attn-mlir/Analysis/Cost/CostModel.h"
#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"
#include "mlir/IR/Operation.h"
#include "llvm/Support/JSON.h"

#include <map>

namespace mlir::attn::cost {

/// How many times `op` runs inside the loops and scf.if ops around it (up
/// to `root`): the product of static trip counts, or, where a bound or
/// condition depends on enclosing induction variables (causal block
/// skipping), the exact sum over those variables' values. Fails, with an
/// error at the loop if `emitErrors`, where a bound is not a function of
/// constants and loop indices.
FailureOr<uint64_t> enclosingTripCount(Operation *op, Operation *root,
                                       bool emitErrors);

struct OpCost {
  Operation *op = nullptr;
  /// How many times the op runs (enclosing loops).
  uint64_t executions = 1;
  /// Work of all executions.
  OpWork work;
  Latency latency;
  /// On a systolic target: the simulator's report of the op's program
  /// (attn-sim's JSON fields); `work.macs`, `work.dramBytes` and `latency`
  /// then come from it.
  std::optional<llvm::json::Object> systolic;
};

struct FunctionCost {
  Operation *func = nullptr;
  std::vector<OpCost> ops;
  /// Sums of the ops' work (sram_peak_bytes is the largest), run one after
  /// the other.
  OpWork total;
  Latency latency;
  /// As OpCost::systolic, for a function the lowering takes whole.
  std::optional<llvm::json::Object> systolic;
};

class CostAnalysis {
public:
  explicit CostAnalysis(Operation *root) : root(root) {}

  /// Costs the module for `target` and `config` (the capacity is taken from
  /// the target); results are cached per configuration. Fails, having
  /// emitted errors, if an op cannot be costed (dynamic shapes).
  FailureOr<ArrayRef<FunctionCost>> compute(const CostTarget &target,
                                            WorkConfig config);

private:
  Operation *root;
  std::map<std::string, std::vector<FunctionCost>> cache;
};

struct WorkCount {
  Operation *func = nullptr;
  uint64_t macs = 0;
  FlopCounts flops;
  /// Bytes allocated over the whole run, and the sum of every allocation
  /// site's size (what would be live if each site held one buffer).
  uint64_t allocBytes = 0, allocSiteBytes = 0;
  unsigned linalgOps = 0;
};

class WorkCountAnalysis {
public:
  explicit WorkCountAnalysis(Operation *root) : root(root) {}
  /// Counts every function; fails with errors on attn ops that are still
  /// there, dynamic shapes and loops without a static trip count.
  FailureOr<ArrayRef<WorkCount>> compute();

private:
  Operation *root;
  std::optional<llvm::SmallVector<WorkCount>> counts;
};

/// Serializations used by the passes' `json=` option (docs/cost-model.md).
llvm::json::Object toJSON(const OpWork &w, const Latency &l, double clockHz);
llvm::json::Value costReportToJSON(ArrayRef<FunctionCost> funcs,
                                   const CostTarget &target,
                                   const WorkConfig &config);
llvm::json::Value workCountToJSON(ArrayRef<WorkCount> counts);

/// Writes `value` to `path` ("-" = stdout); errors are emitted at `loc`
/// (the json= option: passOptionLoc).
LogicalResult writeJSONFile(Location loc, llvm::StringRef path,
                            const llvm::json::Value &value);

/// Name of the function-like op `func` (its symbol), or "<anonymous>".
std::string functionName(Operation *func);

} // namespace mlir::attn::cost

#endif // ATTN_MLIR_ANALYSIS_COST_COSTANALYSIS_H
