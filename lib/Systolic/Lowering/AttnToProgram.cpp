//===- AttnToProgram.cpp - attn functions and ops to systolic Programs ----===//
//
// Maps each function's tensors onto DRAM buffers and each attn op onto an
// instruction schedule (Schedules.h), inside hardware loops over the batch
// dims. The attn ops are lowered directly with a tiling plan rather than
// through linalg: the schedules need the op's structure (which operand stays
// resident, where the online softmax sits), which a pattern match over the
// decomposed linalg would have to rediscover.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Lowering/AttnToProgram.h"

#include "OpShapes.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

using namespace mlir;
using namespace mlir::attn;
namespace as = ::mlir::attn::systolic;
using as::Expr;

namespace {

/// An error at `op`'s location in emitOpError's form, without the op
/// printed after it (for a func.func that would be the whole function).
InFlightDiagnostic opError(Operation *op, const Twine &msg) {
  return emitError(op->getLoc()) << "'" << op->getName() << "' op " << msg;
}

/// Static f32 tensor shape of `v`, or failure with an error on `op`.
FailureOr<SmallVector<int64_t>> staticShape(Operation *op, Value v,
                                            StringRef what) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape() || !t.getElementType().isF32())
    return opError(op, "systolic lowering: ")
           << what << " must be a static-shape f32 tensor, got "
           << v.getType();
  // As on the CPU path: a 0-sized dim gives empty tiles (and a tile count
  // of 0 to divide by; attn-ir-fuzzer found the division).
  if (llvm::is_contained(t.getShape(), 0))
    return opError(op, "systolic lowering: ")
           << what << " must have non-empty dims, got " << v.getType();
  // Every DRAM buffer must be one the simulator can hold (the kernel's
  // verifier checks the same rule).
  as::Buffer b;
  b.name = what;
  b.shape.assign(t.getShape().begin(), t.getShape().end());
  if (llvm::Error e = as::checkBuffer(b))
    return opError(op, "systolic lowering: ")
           << llvm::toString(std::move(e));
  return SmallVector<int64_t>(t.getShape());
}

/// An index constant (attn.primal_stream's `seen`): compile-time data of
/// the op that uses it, not a buffer.
bool isIndexConstant(Operation &op) {
  auto c = dyn_cast<arith::ConstantOp>(op);
  return c && c.getType().isIndex();
}

as::Buffer makeBuffer(std::string name, as::BufferKind kind,
                      ArrayRef<int64_t> shape);
as::Buffer makeBuffer(std::string name, as::BufferKind kind,
                      ArrayRef<int64_t> shape) {
  as::Buffer b;
  b.name = std::move(name);
  b.kind = kind;
  b.shape.assign(shape.begin(), shape.end());
  return b;
}


/// Element offset, at batch indices `idx` of `batch`, of an operand whose
/// batch dims `opBatch` are a suffix of `batch` (dims of 1 broadcast: their
/// stride is 0, so no copy) and whose trailing matrix has `mat` elements.
Expr batchOffset(ArrayRef<int64_t> batch, ArrayRef<int64_t> opBatch,
                 ArrayRef<Expr> idx, int64_t mat) {
  Expr off;
  int64_t stride = mat;
  for (int64_t i = int64_t(opBatch.size()) - 1; i >= 0; --i) {
    int64_t full = int64_t(batch.size()) - int64_t(opBatch.size()) + i;
    if (opBatch[i] != 1)
      off = off + idx[full] * stride;
    stride *= opBatch[i];
  }
  return off;
}

class Lowering {
public:
  Lowering(StringRef name, const as::TargetDesc &t,
           const as::LoweringOptions &opts)
      : strategy(opts.strategy), maxInstructions(opts.maxInstructions),
        emitter(prog) {
    prog.name = name.str();
    prog.target = t;
  }
  LogicalResult run(func::FuncOp func);
  LogicalResult runOp(Operation *op);
  void nameInputsByRole(func::FuncOp func);
  as::Program prog;

private:
  LogicalResult lowerAttnOp(Operation &op);
  FailureOr<std::string> bufferOf(Operation *user, Value v);
  LogicalResult lowerVanilla(VanillaOp op);
  template <typename PrimalLikeOp>
  LogicalResult lowerPrimalLike(PrimalLikeOp op, bool causal);
  LogicalResult lowerWeights(PrimalWeightsOp op);
  LogicalResult checkInit(Operation *op, Value init);
  /// Refuses an op whose peeled code (instructions that are not in a loop)
  /// would exceed the limit, before it is emitted, and any op after which
  /// the program is longer than the limit.
  LogicalResult checkSize(Operation *op, uint64_t estimate) {
    uint64_t have = prog.instrs.size();
    if (estimate <= maxInstructions && have <= maxInstructions - estimate)
      return success();
    return opError(op, "systolic lowering: the program would need more "
                           "than ")
           << maxInstructions << " instructions (max-instructions)";
  }

  VanillaStrategy strategy;
  bool standalone = false;
  uint64_t maxInstructions;
  as::ScheduleEmitter emitter;
  DenseMap<Value, std::string> names;
  unsigned scratchCount = 0;
};

} // namespace

FailureOr<std::string> Lowering::bufferOf(Operation *user, Value v) {
  auto it = names.find(v);
  if (it == names.end())
    return opError(user, "systolic lowering: operand is neither a "
                             "function argument nor an attn result");
  return it->second;
}

LogicalResult Lowering::checkInit(Operation *op, Value init) {
  if (!standalone && !init.getDefiningOp<tensor::EmptyOp>())
    return opError(op, "systolic lowering: the init must be a "
                           "tensor.empty (its contents are not read)");
  return success();
}

LogicalResult Lowering::runOp(Operation *op) {
  standalone = true;
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    // attn.primal_stream's `seen` is a scalar, read as a constant.
    if (names.count(v) || !isa<ShapedType>(v.getType()))
      continue;
    auto shape = staticShape(op, v, "operand " + std::to_string(i));
    if (failed(shape))
      return failure();
    std::string name = "arg" + std::to_string(i);
    names[v] = name;
    prog.buffers.push_back(makeBuffer(name, as::BufferKind::Input, *shape));
    // The operand's role is the host's name for it (attn-sim --input q=...).
    ArrayRef<StringRef> roles = getInputNames(op);
    if (i < std::min<size_t>(roles.size(),
                             cast<DestinationStyleOpInterface>(op)
                                 .getNumDpsInputs()))
      prog.buffers.back().alias = roles[i].str();
  }
  for (auto [i, res] : llvm::enumerate(op->getResults())) {
    auto shape = staticShape(op, res, "result");
    if (failed(shape))
      return failure();
    std::string name = "out" + std::to_string(i);
    names[res] = name;
    prog.buffers.push_back(makeBuffer(name, as::BufferKind::Output, *shape));
  }
  return lowerAttnOp(*op);
}

LogicalResult Lowering::lowerAttnOp(Operation &op) {
  if (auto v = dyn_cast<VanillaOp>(op))
    return lowerVanilla(v);
  if (auto p = dyn_cast<PrimalOp>(op))
    return lowerPrimalLike(p, p.getCausal());
  if (auto w = dyn_cast<PrimalWeightsOp>(op))
    return lowerWeights(w);
  if (auto s = dyn_cast<PrimalStreamOp>(op))
    return lowerPrimalLike(s, /*causal=*/true);
  return opError(&op, "is not supported by the systolic lowering (only "
                        "attn ops, tensor.empty and func.return)");
}

/// Gives each argument buffer the role of the attn operand it feeds as an
/// alias (`q`, `k`, `w_e`, ...) -- the name a host thinks of it by, since
/// MLIR keeps no names of function arguments -- when that is unambiguous:
/// the argument feeds one role only and no other argument feeds it. The
/// positional `argN` stays the buffer's name.
void Lowering::nameInputsByRole(func::FuncOp func) {
  SmallVector<llvm::SmallSetVector<StringRef, 2>> roles(func.getNumArguments());
  llvm::StringMap<unsigned> users;
  for (BlockArgument arg : func.getArguments())
    for (OpOperand &use : arg.getUses()) {
      ArrayRef<StringRef> names = getInputNames(use.getOwner());
      auto dps = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
      unsigned n = use.getOperandNumber();
      if (dps && dps.isDpsInput(&use) && n < names.size() &&
          roles[arg.getArgNumber()].insert(names[n]))
        ++users[names[n]];
    }
  for (auto [i, r] : llvm::enumerate(roles))
    if (r.size() == 1 && users[r.front()] == 1)
      prog.buffers[i].alias = r.front().str();
}

LogicalResult Lowering::run(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return opError(func, "systolic lowering: expected a single-block body");
  // DRAM buffers: arguments, returned values, other attn results.
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto shape = staticShape(func, arg, "argument " + std::to_string(i));
    if (failed(shape))
      return failure();
    std::string name = "arg" + std::to_string(i);
    names[arg] = name;
    prog.buffers.push_back(makeBuffer(name, as::BufferKind::Input, *shape));
  }
  nameInputsByRole(func);
  for (Operation &op : func.getBody().front())
    if (!isa<tensor::EmptyOp, func::ReturnOp>(op) && !isAttnOp(&op) &&
        !isIndexConstant(op))
      return opError(&op, "is not supported by the systolic lowering (only "
                            "attn ops, tensor.empty and func.return)");
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    if (names.count(v))
      return opError(ret, "systolic lowering: returned value ")
             << i << " is an argument or returned twice";
    if (!isAttnOp(v.getDefiningOp()))
      return opError(ret, "systolic lowering: returned value ")
             << i << " is not the result of an attn op";
    auto shape = staticShape(ret, v, "result " + std::to_string(i));
    if (failed(shape))
      return failure();
    std::string name = "out" + std::to_string(i);
    names[v] = name;
    prog.buffers.push_back(makeBuffer(name, as::BufferKind::Output, *shape));
  }
  for (Operation &op : func.getBody().front()) {
    LogicalResult r = success();
    if (isa<tensor::EmptyOp, func::ReturnOp>(op) || isIndexConstant(op))
      continue;
    for (Value res : op.getResults()) {
      if (names.count(res))
        continue;
      auto shape = staticShape(&op, res, "result");
      if (failed(shape))
        return failure();
      std::string name = "t" + std::to_string(scratchCount++);
      names[res] = name;
      prog.buffers.push_back(makeBuffer(name, as::BufferKind::Scratch, *shape));
    }
    r = lowerAttnOp(op);
    if (failed(r))
      return failure();
  }
  return success();
}

LogicalResult Lowering::lowerVanilla(VanillaOp op) {
  if (op.getQueryOffset())
    return opError(op, "systolic lowering: query_offset is not supported "
                          "(lower the untiled op)");
  // Forms the schedules do not implement yet: refused, never run as
  // something else.
  if (op.getWindow())
    return opError(op, "systolic lowering: a sliding 'window' is not "
                       "supported yet (use the CPU pipeline)");
  if (as::vanillaShapeOf(op) && as::vanillaShapeOf(op)->causal &&
      op.getDefaultQueryOffset() != 0)
    return opError(op, "systolic lowering: causal with "
                       "#attn.alignment<bottom_right> and 1 < N != M is not "
                       "supported yet (use the CPU pipeline; one-token "
                       "decoding, N = 1, is)");
  {
    auto qt = dyn_cast<RankedTensorType>(op.getQuery().getType());
    auto kt = dyn_cast<RankedTensorType>(op.getKey().getType());
    auto vt = dyn_cast<RankedTensorType>(op.getValue().getType());
    if (qt && kt && vt &&
        (qt.getShape().drop_back(2) != kt.getShape().drop_back(2) ||
         qt.getShape().drop_back(2) != vt.getShape().drop_back(2)))
      return opError(op, "systolic lowering: grouped-query attention (k/v "
                         "with fewer heads than q) is not supported yet "
                         "(use the CPU pipeline)");
  }
  if (failed(checkInit(op, op.getInit())))
    return failure();
  auto q = staticShape(op, op.getQuery(), "q");
  auto k = staticShape(op, op.getKey(), "k");
  auto v = staticShape(op, op.getValue(), "v");
  if (failed(q) || failed(k) || failed(v))
    return failure();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(*q).drop_back(2);
  as::VanillaShape s = *as::vanillaShapeOf(op);
  std::optional<SmallVector<int64_t>> mask;
  if (op.getMask()) {
    auto m = staticShape(op, op.getMask(), "mask");
    if (failed(m))
      return failure();
    mask = *m;
    if (mask->back() != s.m)
      return opError(op, "systolic lowering: the mask must not broadcast "
                            "along the key dimension");
  }
  std::string why;
  std::optional<as::FlashPlan> flash;
  std::optional<as::MaterializedPlan> mat;
  if (strategy == VanillaStrategy::Flash)
    flash = as::planFlash(emitter, s, bool(mask), why);
  else
    mat = as::planMaterialized(emitter, s, bool(mask), why);
  if (!flash && !mat)
    return opError(op, "systolic lowering on target '")
           << prog.target.name << "': " << why;

  FailureOr<std::string> qn = bufferOf(op, op.getQuery()),
                         kn = bufferOf(op, op.getKey()),
                         vn = bufferOf(op, op.getValue()),
                         on = bufferOf(op, op->getResult(0));
  FailureOr<std::string> mn = mask ? bufferOf(op, op.getMask()) : FailureOr<std::string>(std::string());
  if (failed(qn) || failed(kn) || failed(vn) || failed(on) || failed(mn))
    return failure();
  std::string probs;
  if (mat) {
    probs = "t" + std::to_string(scratchCount++);
    SmallVector<int64_t> shape(batch);
    shape.append({s.n, s.m});
    prog.buffers.push_back(makeBuffer(probs, as::BufferKind::Scratch, shape));
  }
  const int64_t bq = flash ? flash->bq : mat->bq;
  // Causal flash peels every query block (its key-block count depends on
  // it); everything else is in loops.
  if (failed(checkSize(op, flash && s.causal ? 64 * uint64_t(llvm::divideCeil(
                                                        s.n, bq))
                                             : 0)))
    return failure();
  emitter.batchLoops(batch, [&](ArrayRef<Expr> idx) {
    as::VanillaOperands ops;
    ops.q = {*qn, batchOffset(batch, batch, idx, s.n * s.d), s.d};
    ops.k = {*kn, batchOffset(batch, batch, idx, s.m * s.d), s.d};
    ops.v = {*vn, batchOffset(batch, batch, idx, s.m * s.dv), s.dv};
    ops.out = {*on, batchOffset(batch, batch, idx, s.n * s.dv), s.dv};
    ops.probs = {probs, batchOffset(batch, batch, idx, s.n * s.m), s.m};
    if (mask) {
      // numpy broadcasting of [..., N or 1, M] against [B..., N, M].
      ArrayRef<int64_t> mshape(*mask);
      int64_t mrows = mshape.size() >= 2 ? mshape[mshape.size() - 2] : 1;
      ArrayRef<int64_t> mbatch =
          mshape.size() >= 2 ? mshape.drop_back(2) : ArrayRef<int64_t>();
      ops.mask = as::DramMat{*mn, batchOffset(batch, mbatch, idx, mrows * s.m),
                             mrows == 1 ? 0 : s.m};
    }
    if (flash)
      as::emitFlash(emitter, s, ops, *flash);
    else
      as::emitMaterialized(emitter, s, ops, *mat);
  });
  return checkSize(op, 0);
}

/// attn.primal and attn.primal_stream. Causal forms first run the running
/// means of Q and K on the vector unit into DRAM scratch buffers (and, for
/// the stream form, read and write the state), then the primal schedule
/// reads those as its queries and keys.
template <typename PrimalLikeOp>
LogicalResult Lowering::lowerPrimalLike(PrimalLikeOp op, bool causal) {
  if (failed(checkInit(op, op.getInit())))
    return failure();
  auto q = staticShape(op, op.getQuery(), "q");
  auto we = staticShape(op, op.getWe(), "w_e");
  auto wr = staticShape(op, op.getWr(), "w_r");
  auto wc = staticShape(op, op.getWc(), "w_c");
  if (failed(q) || failed(we) || failed(wr) || failed(wc))
    return failure();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(*q).drop_back(2);
  as::PrimalShape s = *as::primalShapeOf(op);
  std::string why;
  // Non-causal slices read Q and K in place, slice after slice: they may
  // chain (emitPrimalBatch).
  const bool contiguous = !causal;
  std::optional<as::PrimalPlan> plan =
      as::planPrimal(emitter, s, batch, contiguous, why);
  if (!plan)
    return opError(op, "systolic lowering on target '")
           << prog.target.name << "': " << why;
  int64_t scanRows = 0, seen = 0;
  auto stream = dyn_cast<PrimalStreamOp>(op.getOperation());
  if (causal) {
    scanRows = as::prefixMeanRows(emitter, s.n, s.d);
    if (scanRows == 0)
      return opError(op, "systolic lowering on target '")
             << prog.target.name << "': the running means need a row of d = "
             << s.d << " and d + 2 more elements in the scratchpad ("
             << emitter.spadCap() << " elements)";
    if (stream && stream.getSeen()) {
      std::optional<int64_t> c = getConstantIntValue(stream.getSeen());
      if (!c || *c < 0 || *c >= (int64_t(1) << 24))
        return opError(op, "systolic lowering: 'seen' must be a constant in "
                           "[0, 2^24) (the program counts tokens in f32 on "
                           "the vector unit)");
      seen = *c;
    }
    if (seen + s.n > (int64_t(1) << 24))
      return opError(op, "systolic lowering: more than 2^24 tokens (the "
                         "program counts tokens in f32 on the vector unit)");
  }
  FailureOr<std::string> qn = bufferOf(op, op.getQuery()),
                         kn = bufferOf(op, op.getKey()),
                         wen = bufferOf(op, op.getWe()),
                         wrn = bufferOf(op, op.getWr()),
                         wcn = bufferOf(op, op.getWc()),
                         on = bufferOf(op, op->getResult(0));
  FailureOr<std::string> bn = op.getBias() ? bufferOf(op, op.getBias()) : FailureOr<std::string>(std::string());
  if (failed(qn) || failed(kn) || failed(wen) || failed(wrn) || failed(wcn) ||
      failed(on) || failed(bn))
    return failure();
  // The stream form's state: in from its outs, out to results 1 and 2.
  std::string sumIn[2], sumOut[2];
  if (stream) {
    for (int i = 0; i < 2; ++i) {
      FailureOr<std::string> in = bufferOf(op, stream.getOuts()[i + 1]),
                             out = bufferOf(op, op->getResult(i + 1));
      if (failed(in) || failed(out))
        return failure();
      sumIn[i] = *in;
      sumOut[i] = *out;
    }
  }
  std::string means[2];
  if (causal)
    for (std::string &m : means) {
      m = "t" + std::to_string(scratchCount++);
      prog.buffers.push_back(
          makeBuffer(m, as::BufferKind::Scratch, SmallVector<int64_t>(*q)));
    }
  ArrayRef<int64_t> weBatch = ArrayRef<int64_t>(*we).drop_back(2),
                    wrBatch = ArrayRef<int64_t>(*wr).drop_back(2);
  auto opsAt = [&](ArrayRef<Expr> idx) {
    as::PrimalOperands ops;
    ops.q = {*qn, batchOffset(batch, batch, idx, s.n * s.d), s.d};
    ops.k = {*kn, batchOffset(batch, batch, idx, s.n * s.d), s.d};
    if (causal) {
      as::DramMat *xs[2] = {&ops.q, &ops.k};
      for (int i = 0; i < 2; ++i) {
        as::PrefixMeanOperands p;
        p.x = *xs[i];
        p.mean = {means[i], batchOffset(batch, batch, idx, s.n * s.d), s.d};
        if (stream) {
          Expr stateOff = batchOffset(batch, batch, idx, s.d);
          p.sumIn = as::DramMat{sumIn[i], stateOff, s.d};
          p.sumOut = as::DramMat{sumOut[i], stateOff, s.d};
        }
        as::emitPrefixMean(emitter, p, s.n, s.d, seen, scanRows);
        *xs[i] = p.mean;
      }
    }
    ops.we = {*wen, batchOffset(batch, weBatch, idx, s.d * s.s), s.s};
    ops.wr = {*wrn, batchOffset(batch, wrBatch, idx, s.d * s.s), s.s};
    ops.wc = {*wcn, Expr(0), s.dv};
    ops.out = {*on, batchOffset(batch, batch, idx, s.n * s.dv), s.dv};
    if (op.getBias())
      ops.bias = as::DramMat{*bn, Expr(0), 0};
    return ops;
  };
  as::emitPrimalBatch(emitter, s, *plan, batch, contiguous, opsAt);
  return checkSize(op, 0);
}

LogicalResult Lowering::lowerWeights(PrimalWeightsOp op) {
  if (failed(checkInit(op, op.getInit())))
    return failure();
  auto x = staticShape(op, op.getX(), "x");
  auto th = staticShape(op, op.getTheta(), "theta");
  if (failed(x) || failed(th))
    return failure();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(*x).drop_back(2);
  as::WeightsShape w = *as::weightsShapeOf(op);
  int64_t n = w.n, d = w.d, p = w.p, s = w.s;
  std::string why;
  if (!as::checkPrimalWeights(emitter, p, d, s, why))
    return opError(op, "systolic lowering on target '")
           << prog.target.name << "': " << why;
  // torch.linspace(0, N - 1, p).long(), as the attn op documents.
  std::vector<int64_t> idx = as::sampledRows(n, p);
  FailureOr<std::string> xn = bufferOf(op, op.getX()),
                         tn = bufferOf(op, op.getTheta()),
                         wn = bufferOf(op, op->getResult(0));
  if (failed(xn) || failed(tn) || failed(wn))
    return failure();
  ArrayRef<int64_t> thBatch = ArrayRef<int64_t>(*th).drop_back(2);
  // One row gather per sampled row, inline.
  if (failed(checkSize(op, uint64_t(p) + 4)))
    return failure();
  emitter.batchLoops(batch, [&](ArrayRef<Expr> bidx) {
    as::emitPrimalWeights(
        emitter, {*xn, batchOffset(batch, batch, bidx, n * d), d}, idx,
        {*tn, batchOffset(batch, thBatch, bidx, p * s), s},
        {*wn, batchOffset(batch, batch, bidx, d * s), s}, d, s);
  });
  return checkSize(op, 0);
}

bool as::isSystolicKernelCandidate(func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return false;
  bool any = false;
  for (Operation &op : func.getBody().front()) {
    if (isAttnOp(&op)) {
      any = true;
      // The kernel writes results into its own buffers: the output init
      // is empty (attn.primal_stream's state outs are read: its state in).
      auto dps = cast<DestinationStyleOpInterface>(op);
      if (!dps.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
        return false;
    } else if (!isa<tensor::EmptyOp, func::ReturnOp>(op) &&
               !isIndexConstant(op)) {
      return false;
    }
  }
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  DenseSet<Value> seen;
  for (Value v : ret.getOperands())
    if (!seen.insert(v).second ||
        !isAttnOp(v.getDefiningOp()))
      return false;
  return any;
}

FailureOr<as::Program> as::lowerFunction(func::FuncOp func,
                                         const TargetDesc &t,
                                         const LoweringOptions &opts) {
  Lowering l(func.getSymName(), t, opts);
  if (failed(l.run(func)))
    return failure();
  return std::move(l.prog);
}

FailureOr<as::Program> as::lowerOp(Operation *op, const TargetDesc &t,
                                   const LoweringOptions &opts,
                                   StringRef name) {
  Lowering l(name, t, opts);
  if (failed(l.runOp(op)))
    return failure();
  return std::move(l.prog);
}
