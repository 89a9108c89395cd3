//===- AttnToSystolic.cpp - attn functions to systolic kernels ------------===//
//
// Maps each function's tensors onto DRAM buffers and each attn op onto an
// instruction schedule (Schedules.h), per batch index. The attn ops are
// lowered directly with a tiling plan rather than through linalg: the
// schedules need the op's structure (which operand stays resident, where the
// online softmax sits), which a pattern match over the decomposed linalg
// would have to rediscover.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"

#include "OpShapes.h"
#include "Schedules.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include <cmath>

namespace mlir::attn {
#define GEN_PASS_DEF_CONVERTATTNTOSYSTOLIC
#include "attn-mlir/Conversion/AttnToSystolic/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;
namespace as = ::mlir::attn::systolic;

namespace {

/// Static f32 tensor shape of `v`, or failure with an error on `op`.
FailureOr<SmallVector<int64_t>> staticShape(Operation *op, Value v,
                                            StringRef what) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape() || !t.getElementType().isF32())
    return op->emitOpError("systolic lowering: ")
           << what << " must be a static-shape f32 tensor, got "
           << v.getType();
  // As on the CPU path: a 0-sized dim gives empty tiles (and a tile count
  // of 0 to divide by; attn-ir-fuzzer found the division).
  if (llvm::is_contained(t.getShape(), 0))
    return op->emitOpError("systolic lowering: ")
           << what << " must have non-empty dims, got " << v.getType();
  return SmallVector<int64_t>(t.getShape());
}

as::Buffer makeBuffer(std::string name, as::BufferKind kind,
                      ArrayRef<int64_t> shape) {
  as::Buffer b;
  b.name = std::move(name);
  b.kind = kind;
  b.shape.assign(shape.begin(), shape.end());
  return b;
}


/// Element offset, for flat batch index `bi` of `batch`, of an operand whose
/// batch dims `opBatch` are a suffix of `batch` (dims of 1 broadcast) and
/// whose trailing matrix has `mat` elements.
int64_t batchOffset(ArrayRef<int64_t> batch, ArrayRef<int64_t> opBatch,
                    int64_t bi, int64_t mat) {
  SmallVector<int64_t> idx(batch.size());
  for (int64_t i = int64_t(batch.size()) - 1; i >= 0; --i) {
    idx[i] = bi % batch[i];
    bi /= batch[i];
  }
  int64_t off = 0, stride = mat;
  for (int64_t i = int64_t(opBatch.size()) - 1; i >= 0; --i) {
    int64_t full = int64_t(batch.size()) - int64_t(opBatch.size()) + i;
    if (opBatch[i] != 1)
      off += idx[full] * stride;
    stride *= opBatch[i];
  }
  return off;
}

class Lowering {
public:
  Lowering(func::FuncOp func, const as::TargetDesc &t, VanillaStrategy strat,
           uint64_t maxInstructions)
      : func(func), strategy(strat), maxInstructions(maxInstructions),
        emitter(prog) {
    prog.name = func.getSymName().str();
    prog.target = t;
  }
  LogicalResult run();
  as::Program prog;

private:
  FailureOr<std::string> bufferOf(Operation *user, Value v);
  LogicalResult lowerVanilla(VanillaOp op);
  LogicalResult lowerPrimal(PrimalOp op);
  LogicalResult lowerWeights(PrimalWeightsOp op);
  LogicalResult checkInit(Operation *op, Value init);
  /// After slice `bi` of `slices` (emitted from instruction `before` on):
  /// refuses the op once the first slice shows the program would be too
  /// long (as::kMaxInstructions).
  LogicalResult checkSize(Operation *op, int64_t bi, int64_t slices,
                          size_t before) {
    if (bi != 0)
      return success();
    if (std::optional<std::string> tooBig = as::checkProgramSize(
            uint64_t(slices), prog.instrs.size() - before, maxInstructions))
      return op->emitOpError("systolic lowering: ") << *tooBig;
    return success();
  }

  func::FuncOp func;
  VanillaStrategy strategy;
  uint64_t maxInstructions;
  as::ScheduleEmitter emitter;
  DenseMap<Value, std::string> names;
  unsigned scratchCount = 0;
};

} // namespace

FailureOr<std::string> Lowering::bufferOf(Operation *user, Value v) {
  auto it = names.find(v);
  if (it == names.end())
    return user->emitOpError("systolic lowering: operand is neither a "
                             "function argument nor an attn result");
  return it->second;
}

LogicalResult Lowering::checkInit(Operation *op, Value init) {
  if (!init.getDefiningOp<tensor::EmptyOp>())
    return op->emitOpError("systolic lowering: the init must be a "
                           "tensor.empty (its contents are not read)");
  return success();
}

LogicalResult Lowering::run() {
  // DRAM buffers: arguments, returned values, other attn results.
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto shape = staticShape(func, arg, "argument " + std::to_string(i));
    if (failed(shape))
      return failure();
    std::string name = "arg" + std::to_string(i);
    names[arg] = name;
    prog.buffers.push_back(makeBuffer(name, as::BufferKind::Input, *shape));
  }
  for (Operation &op : func.getBody().front())
    if (!isa<tensor::EmptyOp, func::ReturnOp, VanillaOp, PrimalOp,
             PrimalWeightsOp>(op))
      return op.emitOpError("is not supported by the systolic lowering (only "
                            "attn ops, tensor.empty and func.return)");
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    if (names.count(v))
      return ret.emitOpError("systolic lowering: returned value ")
             << i << " is an argument or returned twice";
    if (!isa_and_nonnull<VanillaOp, PrimalOp, PrimalWeightsOp>(
            v.getDefiningOp()))
      return ret.emitOpError("systolic lowering: returned value ")
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
    if (isa<tensor::EmptyOp, func::ReturnOp>(op))
      continue;
    Value res = op.getResult(0);
    if (!names.count(res)) {
      auto shape = staticShape(&op, res, "result");
      if (failed(shape))
        return failure();
      std::string name = "t" + std::to_string(scratchCount++);
      names[res] = name;
      prog.buffers.push_back(makeBuffer(name, as::BufferKind::Scratch, *shape));
    }
    if (auto v = dyn_cast<VanillaOp>(op))
      r = lowerVanilla(v);
    else if (auto p = dyn_cast<PrimalOp>(op))
      r = lowerPrimal(p);
    else
      r = lowerWeights(cast<PrimalWeightsOp>(op));
    if (failed(r))
      return failure();
  }
  return success();
}

LogicalResult Lowering::lowerVanilla(VanillaOp op) {
  if (op.getQueryOffset())
    return op.emitOpError("systolic lowering: query_offset is not supported "
                          "(lower the untiled op)");
  if (failed(checkInit(op, op.getInit())))
    return failure();
  auto q = staticShape(op, op.getQuery(), "q");
  auto k = staticShape(op, op.getKey(), "k");
  auto v = staticShape(op, op.getValue(), "v");
  if (failed(q) || failed(k) || failed(v))
    return failure();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(*q).drop_back(2);
  as::VanillaShape s = as::vanillaShapeOf(op)->s;
  std::optional<SmallVector<int64_t>> mask;
  if (op.getMask()) {
    auto m = staticShape(op, op.getMask(), "mask");
    if (failed(m))
      return failure();
    mask = *m;
    if (mask->back() != s.m)
      return op.emitOpError("systolic lowering: the mask must not broadcast "
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
    return op.emitOpError("systolic lowering on target '")
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
  const int64_t bq = flash ? flash->bq : mat->bq, bk = flash ? flash->bk : mat->bk;
  if (std::optional<std::string> tooBig = as::checkProgramSize(
          as::sliceCount(batch), llvm::divideCeil(s.n, bq) * llvm::divideCeil(s.m, bk),
          maxInstructions))
    return op.emitOpError("systolic lowering: ") << *tooBig;
  const size_t before = prog.instrs.size();
  for (int64_t bi = 0, nb = as::sliceCount(batch); bi < nb; ++bi) {
    as::VanillaOperands ops;
    ops.q = {*qn, bi * s.n * s.d, s.d};
    ops.k = {*kn, bi * s.m * s.d, s.d};
    ops.v = {*vn, bi * s.m * s.dv, s.dv};
    ops.out = {*on, bi * s.n * s.dv, s.dv};
    ops.probs = {probs, bi * s.n * s.m, s.m};
    if (mask) {
      // numpy broadcasting of [..., N or 1, M] against [B..., N, M].
      ArrayRef<int64_t> mshape(*mask);
      int64_t mrows = mshape.size() >= 2 ? mshape[mshape.size() - 2] : 1;
      ArrayRef<int64_t> mbatch =
          mshape.size() >= 2 ? mshape.drop_back(2) : ArrayRef<int64_t>();
      ops.mask = as::DramMat{*mn, batchOffset(batch, mbatch, bi, mrows * s.m),
                             mrows == 1 ? 0 : s.m};
    }
    if (flash)
      as::emitFlash(emitter, s, ops, *flash);
    else
      as::emitMaterialized(emitter, s, ops, *mat);
    if (failed(checkSize(op, bi, nb, before)))
      return failure();
  }
  return success();
}

LogicalResult Lowering::lowerPrimal(PrimalOp op) {
  if (op.getCausal())
    return op.emitOpError("systolic lowering: causal Primal-Attention (prefix "
                          "means) is not supported");
  if (failed(checkInit(op, op.getInit())))
    return failure();
  auto q = staticShape(op, op.getQuery(), "q");
  auto we = staticShape(op, op.getWe(), "w_e");
  auto wr = staticShape(op, op.getWr(), "w_r");
  auto wc = staticShape(op, op.getWc(), "w_c");
  if (failed(q) || failed(we) || failed(wr) || failed(wc))
    return failure();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(*q).drop_back(2);
  as::PrimalShape s = as::primalShapeOf(op)->s;
  std::string why;
  std::optional<int64_t> bq = as::planPrimal(emitter, s, why);
  if (!bq)
    return op.emitOpError("systolic lowering on target '")
           << prog.target.name << "': " << why;
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
  ArrayRef<int64_t> weBatch = ArrayRef<int64_t>(*we).drop_back(2),
                    wrBatch = ArrayRef<int64_t>(*wr).drop_back(2);
  if (std::optional<std::string> tooBig = as::checkProgramSize(
          as::sliceCount(batch), llvm::divideCeil(s.n, *bq), maxInstructions))
    return op.emitOpError("systolic lowering: ") << *tooBig;
  const size_t before = prog.instrs.size();
  for (int64_t bi = 0, nb = as::sliceCount(batch); bi < nb; ++bi) {
    as::PrimalOperands ops;
    ops.q = {*qn, bi * s.n * s.d, s.d};
    ops.k = {*kn, bi * s.n * s.d, s.d};
    ops.we = {*wen, batchOffset(batch, weBatch, bi, s.d * s.s), s.s};
    ops.wr = {*wrn, batchOffset(batch, wrBatch, bi, s.d * s.s), s.s};
    ops.wc = {*wcn, 0, s.dv};
    ops.out = {*on, bi * s.n * s.dv, s.dv};
    if (op.getBias())
      ops.bias = as::DramMat{*bn, 0, 0};
    as::emitPrimal(emitter, s, ops, *bq);
    if (failed(checkSize(op, bi, nb, before)))
      return failure();
  }
  return success();
}

LogicalResult Lowering::lowerWeights(PrimalWeightsOp op) {
  if (failed(checkInit(op, op.getInit())))
    return failure();
  auto x = staticShape(op, op.getX(), "x");
  auto th = staticShape(op, op.getTheta(), "theta");
  if (failed(x) || failed(th))
    return failure();
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(*x).drop_back(2);
  as::BatchedWeights w = *as::weightsShapeOf(op);
  int64_t n = w.n, d = w.d, p = w.p, s = w.s;
  std::string why;
  if (!as::checkPrimalWeights(emitter, p, d, s, why))
    return op.emitOpError("systolic lowering on target '")
           << prog.target.name << "': " << why;
  // torch.linspace(0, N - 1, p).long(), as the attn op documents.
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < p; ++i)
    idx.push_back(p == 1 ? 0
                         : int64_t(std::trunc(double(i) * double(n - 1) /
                                              double(p - 1))));
  FailureOr<std::string> xn = bufferOf(op, op.getX()),
                         tn = bufferOf(op, op.getTheta()),
                         wn = bufferOf(op, op->getResult(0));
  if (failed(xn) || failed(tn) || failed(wn))
    return failure();
  ArrayRef<int64_t> thBatch = ArrayRef<int64_t>(*th).drop_back(2);
  // One row gather per sampled row.
  if (std::optional<std::string> tooBig =
          as::checkProgramSize(w.batch, uint64_t(p), maxInstructions))
    return op.emitOpError("systolic lowering: ") << *tooBig;
  const size_t before = prog.instrs.size();
  for (int64_t bi = 0; bi < w.batch; ++bi) {
    as::emitPrimalWeights(emitter, {*xn, bi * n * d, d}, idx,
                          {*tn, batchOffset(batch, thBatch, bi, p * s), s},
                          {*wn, bi * d * s, s}, d, s);
    if (failed(checkSize(op, bi, w.batch, before)))
      return failure();
  }
  return success();
}

namespace {
struct ConvertAttnToSystolicPass
    : mlir::attn::impl::ConvertAttnToSystolicBase<ConvertAttnToSystolicPass> {
  using Base::Base;
  // Checked before any IR is touched, like the other passes' options.
  LogicalResult initialize(MLIRContext *ctx) override {
    if (maxInstructions < 1 ||
        uint64_t(maxInstructions) > as::kMaxInstructions)
      return emitError(UnknownLoc::get(ctx))
             << "convert-attn-to-systolic: max-instructions must be in [1, "
             << as::kMaxInstructions << "], got " << maxInstructions.getValue();
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string spec = resolveSystolicTarget(target);
    llvm::Expected<as::TargetDesc> desc = as::loadTarget(spec);
    if (!desc) {
      module.emitError("systolic target: ") << llvm::toString(desc.takeError());
      return signalPassFailure();
    }
    {
      as::Program header;
      header.target = *desc;
      if (llvm::Error e = as::checkProgramHeader(header)) {
        module.emitError("systolic target: ") << llvm::toString(std::move(e));
        return signalPassFailure();
      }
    }
    SmallVector<func::FuncOp> funcs;
    for (auto f : module.getOps<func::FuncOp>())
      if (!f.isExternal() &&
          f.walk([](Operation *op) {
             return isa<VanillaOp, PrimalOp, PrimalWeightsOp>(op)
                        ? WalkResult::interrupt()
                        : WalkResult::advance();
           }).wasInterrupted())
        funcs.push_back(f);
    for (func::FuncOp f : funcs) {
      if (!f.getBody().hasOneBlock()) {
        f.emitOpError("systolic lowering: expected a single-block body");
        return signalPassFailure();
      }
      Lowering l(f, *desc, strategy, uint64_t(maxInstructions));
      if (failed(l.run()))
        return signalPassFailure();
      OpBuilder b(f);
      mlir::systolic::buildKernel(b, f.getLoc(), l.prog);
      f.erase();
    }
  }
};
} // namespace
