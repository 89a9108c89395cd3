//===- Executions.cpp - How many times an op inside loops runs ------------===//
//
// The product of static trip counts is not enough once loop bounds depend
// on enclosing induction variables: the CPU flash decomposition skips key
// blocks above the causal diagonal (and before a sliding window), so its
// key loop runs `min(M, offset + rows)` / block times for the query tile at
// `offset`, and a peeled remainder block sits in an `scf.if`. Counting
// those exactly means evaluating the bounds for each value of the
// induction variables they depend on -- and only those: loops no inner
// bound depends on are multiplied, not enumerated.
//
// Upstream's ValueBoundsConstraintSet gives bounds of such values, not
// their exact per-iteration value, and there is no index-arithmetic
// interpreter upstream; the evaluator below covers the arith ops our
// lowerings emit and says which op it could not evaluate otherwise.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Analysis/Cost/CostAnalysis.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {

/// Enumerating more iterations than this is refused (a counting pass must
/// stay fast; real tilings enumerate thousands).
constexpr uint64_t kMaxEnumerated = uint64_t(1) << 24;

class ExecutionCounter {
public:
  ExecutionCounter(bool emitErrors) : emitErrors(emitErrors) {}

  FailureOr<uint64_t> count(Operation *op, Operation *root);

private:
  /// One level of the nest: a loop (iteration space per dim) or an
  /// scf.if region (runs 0 or 1 times).
  struct Level {
    Operation *op;
    bool thenRegion = true; // for scf.if: which region holds the op
  };
  FailureOr<int64_t> eval(Value v);
  FailureOr<uint64_t> walk(unsigned k);
  LogicalResult fail(Operation *at, const Twine &why) {
    if (emitErrors)
      at->emitError("cost: ") << why;
    return failure();
  }

  bool emitErrors;
  SmallVector<Level> levels; // outermost first
  DenseMap<Value, int64_t> env;
  DenseSet<Value> needed; // induction variables some inner bound reads
  uint64_t enumerated = 0;
};

/// The bounds of one loop dim, as values or constants.
struct DimBounds {
  OpFoldResult lb, ub, step;
  Value iv;
};

/// The loop's dims (scf.for, scf.forall and affine.for all answer
/// LoopLikeOpInterface's bounds); empty when it has none (scf.while), and
/// for scf.if.
SmallVector<DimBounds> boundsOf(Operation *op) {
  SmallVector<DimBounds> dims;
  auto loop = dyn_cast<LoopLikeOpInterface>(op);
  if (!loop)
    return dims;
  std::optional<SmallVector<OpFoldResult>> l = loop.getLoopLowerBounds(),
                                           u = loop.getLoopUpperBounds(),
                                           s = loop.getLoopSteps();
  std::optional<SmallVector<Value>> ivs = loop.getLoopInductionVars();
  if (!l || !u || !s || !ivs)
    return dims;
  for (auto [lb, ub, st, iv] : llvm::zip(*l, *u, *s, *ivs))
    dims.push_back({lb, ub, st, iv});
  return dims;
}

FailureOr<int64_t> ExecutionCounter::eval(Value v) {
  if (auto it = env.find(v); it != env.end())
    return it->second;
  Operation *def = v.getDefiningOp();
  if (!def)
    return failure();
  if (auto c = dyn_cast<arith::ConstantOp>(def)) {
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return i.getValue().getSExtValue();
    return failure();
  }
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp>(def))
    return eval(def->getOperand(0));
  // Tiling composes offsets with affine.apply (a tile's query_offset is
  // `tile start + M - N` under bottom-right alignment).
  if (auto apply = dyn_cast<affine::AffineApplyOp>(def)) {
    SmallVector<Attribute> operands;
    Builder b(def->getContext());
    for (Value o : apply.getMapOperands()) {
      FailureOr<int64_t> x = eval(o);
      if (failed(x))
        return failure();
      operands.push_back(b.getIndexAttr(*x));
    }
    SmallVector<Attribute> results;
    if (failed(apply.getAffineMap().constantFold(operands, results)) ||
        results.size() != 1)
      return failure();
    if (auto i = dyn_cast_or_null<IntegerAttr>(results[0]))
      return i.getValue().getSExtValue();
    return failure();
  }
  if (def->getNumOperands() == 2) {
    FailureOr<int64_t> a = eval(def->getOperand(0)),
                       b = eval(def->getOperand(1));
    if (failed(a) || failed(b))
      return failure();
    int64_t x = *a, y = *b, r;
    // Index arithmetic of a program that would overflow is not evaluated
    // (the count fails with an error instead of wrapping).
    if (isa<arith::AddIOp>(def))
      return llvm::AddOverflow(x, y, r) ? FailureOr<int64_t>() : r;
    if (isa<arith::SubIOp>(def))
      return llvm::SubOverflow(x, y, r) ? FailureOr<int64_t>() : r;
    if (isa<arith::MulIOp>(def))
      return llvm::MulOverflow(x, y, r) ? FailureOr<int64_t>() : r;
    if (isa<arith::MinSIOp>(def))
      return std::min(x, y);
    if (isa<arith::MaxSIOp>(def))
      return std::max(x, y);
    bool badDiv = y == 0 || (x == INT64_MIN && y == -1);
    if (!badDiv && isa<arith::DivSIOp>(def))
      return x / y;
    if (!badDiv && isa<arith::FloorDivSIOp>(def))
      return llvm::divideFloorSigned(x, y);
    if (!badDiv && isa<arith::CeilDivSIOp>(def))
      return llvm::divideCeilSigned(x, y);
    if (auto cmp = dyn_cast<arith::CmpIOp>(def)) {
      using P = arith::CmpIPredicate;
      switch (cmp.getPredicate()) {
      case P::eq: return x == y;
      case P::ne: return x != y;
      case P::slt: return x < y;
      case P::sle: return x <= y;
      case P::sgt: return x > y;
      case P::sge: return x >= y;
      default: return failure();
      }
    }
    if (isa<arith::AndIOp>(def))
      return x & y;
    if (isa<arith::OrIOp>(def))
      return x | y;
  }
  return failure();
}

FailureOr<uint64_t> ExecutionCounter::walk(unsigned k) {
  if (k == levels.size())
    return 1;
  Operation *op = levels[k].op;
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    FailureOr<int64_t> c = eval(ifOp.getCondition());
    if (failed(c))
      return fail(op, "the condition of this scf.if is not a function of "
                      "constants and loop indices; the work inside it cannot "
                      "be counted");
    if (bool(*c) != levels[k].thenRegion)
      return 0;
    return walk(k + 1);
  }
  SmallVector<DimBounds> dims = boundsOf(op);
  if (dims.empty())
    return fail(op, "this loop has no static trip count; the work inside "
                    "it cannot be counted");
  auto value = [&](OpFoldResult r) -> FailureOr<int64_t> {
    if (auto a = dyn_cast<Attribute>(r))
      return cast<IntegerAttr>(a).getValue().getSExtValue();
    return eval(cast<Value>(r));
  };
  struct Range {
    int64_t lb, step;
    uint64_t trips;
    Value iv;
  };
  SmallVector<Range> ranges;
  bool enumerate = false;
  for (const DimBounds &d : dims) {
    FailureOr<int64_t> l = value(d.lb), u = value(d.ub), s = value(d.step);
    if (failed(l) || failed(u) || failed(s) || *s <= 0)
      return fail(op, "this loop has no static trip count; the work inside "
                      "it cannot be counted");
    // Unsigned: u - l of two int64 fits in uint64 when u > l.
    uint64_t trips =
        *u > *l ? llvm::divideCeil(uint64_t(*u) - uint64_t(*l), uint64_t(*s))
                : 0;
    ranges.push_back({*l, *s, trips, d.iv});
    enumerate |= needed.contains(d.iv);
  }
  if (!enumerate) {
    // No inner bound reads these indices: every iteration is alike.
    uint64_t trips = 1;
    for (const Range &r : ranges)
      trips *= r.trips;
    if (trips == 0)
      return 0;
    FailureOr<uint64_t> inner = walk(k + 1);
    if (failed(inner))
      return failure();
    return trips * *inner;
  }
  // Odometer over the dims' iterations, binding the induction variables.
  uint64_t total = 1;
  for (const Range &r : ranges)
    total *= r.trips;
  if (total == 0)
    return 0;
  enumerated += total;
  if (enumerated > kMaxEnumerated)
    return fail(op, "counting the work inside this loop nest would enumerate "
                    "more than 2^24 iterations");
  uint64_t sum = 0;
  SmallVector<uint64_t> idx(ranges.size(), 0);
  for (uint64_t it = 0; it < total; ++it) {
    for (auto [r, i] : llvm::zip(ranges, idx))
      env[r.iv] = int64_t(uint64_t(r.lb) + i * uint64_t(r.step));
    FailureOr<uint64_t> inner = walk(k + 1);
    if (failed(inner))
      return failure();
    sum += *inner;
    for (size_t d = ranges.size(); d-- > 0;) {
      if (++idx[d] < ranges[d].trips)
        break;
      idx[d] = 0;
    }
  }
  return sum;
}

FailureOr<uint64_t> ExecutionCounter::count(Operation *op, Operation *root) {
  // The nest around `op`, outermost first.
  Operation *child = op;
  for (Operation *p = op->getParentOp(); p && p != root; p = p->getParentOp()) {
    if (isa<FunctionOpInterface>(p))
      break;
    if (auto ifOp = dyn_cast<scf::IfOp>(p))
      levels.push_back({p, child->getParentRegion() == &ifOp.getThenRegion()});
    else if (isa<LoopLikeOpInterface>(p))
      levels.push_back({p});
    child = p;
  }
  std::reverse(levels.begin(), levels.end());
  // Which induction variables do the inner bounds and conditions read?
  // Only those are enumerated; a nest whose bounds are all constant is a
  // product of trip counts (walk multiplies loops no bound depends on).
  DenseSet<Value> ivs;
  SmallVector<Value> work;
  for (const Level &l : levels) {
    if (auto ifOp = dyn_cast<scf::IfOp>(l.op)) {
      work.push_back(ifOp.getCondition());
      continue;
    }
    for (const DimBounds &d : boundsOf(l.op)) {
      ivs.insert(d.iv);
      for (OpFoldResult r : {d.lb, d.ub, d.step})
        if (auto v = dyn_cast<Value>(r))
          work.push_back(v);
    }
  }
  DenseSet<Value> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    if (ivs.contains(v))
      needed.insert(v);
    if (Operation *def = v.getDefiningOp())
      for (Value o : def->getOperands())
        work.push_back(o);
  }
  return walk(0);
}

} // namespace

FailureOr<uint64_t> mlir::attn::cost::enclosingTripCount(Operation *op,
                                                         Operation *root,
                                                         bool emitErrors) {
  return ExecutionCounter(emitErrors).count(op, root);
}
