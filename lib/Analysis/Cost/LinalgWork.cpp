//===- LinalgWork.cpp - Work of linalg ops from their iteration domain ----===//
//
// A contraction (two inputs, multiply-accumulate payload) performs one MAC per
// point of its iteration domain; any other structured op performs its
// payload's floating-point ops at every point. This is what `attn-count-work`
// sums over the lowered loops, independently of the attn ops' closed forms.
//
//===----------------------------------------------------------------------===//

#include "Detail.h"
#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {

uint64_t bytesOf(Value v) { return attn::detail::staticBytes(v.getType()); }

/// Floating-point ops of one execution of a payload region.
FlopCounts payloadFlops(Block &body) {
  FlopCounts f;
  for (Operation &op : body)
    llvm::TypeSwitch<Operation *>(&op)
        .Case<arith::AddFOp, arith::SubFOp>([&](auto) { ++f.add; })
        .Case<arith::MulFOp>([&](auto) { ++f.mul; })
        .Case<arith::DivFOp>([&](auto) { ++f.div; })
        .Case<arith::MaximumFOp, arith::MinimumFOp, arith::MaxNumFOp,
              arith::MinNumFOp, arith::CmpFOp>([&](auto) { ++f.max; })
        .Case<math::ExpOp, math::Exp2Op>([&](auto) { ++f.exp; })
        .Case<math::SqrtOp, math::RsqrtOp>([&](auto) { ++f.sqrt; });
  return f;
}

FailureOr<OpWork> linalgWork(linalg::LinalgOp op, bool emitErrors) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic)) {
    if (emitErrors)
      op.emitError("cost: the iteration domain has a dynamic extent; the cost "
                   "analyses need static shapes");
    return failure();
  }
  OpWork w;
  uint64_t points = attn::detail::product(ranges);
  for (OpOperand &o : op->getOpOperands())
    if (isa<ShapedType>(o.get().getType()))
      w.operandBytes.push_back(bytesOf(o.get()));
  for (OpOperand &init : op.getDpsInitsMutable())
    w.resultBytes += bytesOf(init.get());
  if (linalg::isaContractionOpInterface(op)) {
    w.macs = points;
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (succeeded(dims)) {
      auto extent = [&](ArrayRef<unsigned> ds) {
        uint64_t e = 1;
        for (unsigned d : ds)
          e *= uint64_t(ranges[d]);
        return e;
      };
      w.gemms = {{extent(dims->batch), extent(dims->m), extent(dims->k),
                  extent(dims->n)}};
    }
  } else {
    w.flops = payloadFlops(*op.getBlock()).scaled(points);
  }
  std::string c = "O(";
  for (auto [i, r] : llvm::enumerate(ranges))
    c += (i ? "*" : "") + std::to_string(r);
  w.complexity = c + ")";
  uint64_t all = w.resultBytes;
  for (uint64_t b : w.operandBytes)
    all += b;
  w.sramPeakBytes = all;
  w.dramBytes = all;
  return w;
}

template <typename OpTy>
struct LinalgWork
    : public WorkOpInterface::ExternalModel<LinalgWork<OpTy>, OpTy> {
  FailureOr<OpWork> getWork(Operation *op, const WorkConfig &,
                            bool emitErrors) const {
    return linalgWork(cast<linalg::LinalgOp>(op), emitErrors);
  }
};

/// linalg.softmax is an aggregate, not a structured op: count what its
/// upstream decomposition executes (max, subtract + exp, sum, divide).
struct SoftmaxWork
    : public WorkOpInterface::ExternalModel<SoftmaxWork, linalg::SoftmaxOp> {
  FailureOr<OpWork> getWork(Operation *o, const WorkConfig &,
                            bool emitErrors) const {
    auto op = cast<linalg::SoftmaxOp>(o);
    auto t = cast<ShapedType>(op.getInput().getType());
    if (!t.hasStaticShape()) {
      if (emitErrors)
        op.emitError("cost: dynamic shape; the cost analyses need static "
                     "shapes");
      return failure();
    }
    OpWork w;
    uint64_t n = t.getNumElements();
    w.flops.max = n;
    w.flops.add = 2 * n;
    w.flops.exp = n;
    w.flops.div = n;
    w.operandBytes = {bytesOf(op.getInput()), bytesOf(op.getOutput())};
    w.resultBytes = bytesOf(op.getOutput());
    w.sramPeakBytes = w.dramBytes = 2 * w.resultBytes;
    w.complexity = "O(" + std::to_string(n) + ")";
    return w;
  }
};

template <typename... OpTys>
void attachAll(MLIRContext *ctx) {
  (OpTys::template attachInterface<LinalgWork<OpTys>>(*ctx), ...);
}

} // namespace

FlopCounts &FlopCounts::operator+=(const FlopCounts &o) {
  add += o.add;
  mul += o.mul;
  div += o.div;
  max += o.max;
  exp += o.exp;
  sqrt += o.sqrt;
  return *this;
}

FlopCounts FlopCounts::scaled(uint64_t k) const {
  return {add * k, mul * k, div * k, max * k, exp * k, sqrt * k};
}

void mlir::attn::detail::registerLinalgWorkModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, linalg::LinalgDialect *) {
    // Every structured op, the way upstream attaches its TilingInterface
    // models (mlir/lib/Dialect/Linalg/Transforms/TilingInterfaceImpl.cpp).
    attachAll<
#define GET_OP_LIST
#include "mlir/Dialect/Linalg/IR/LinalgStructuredOps.cpp.inc"
        >(ctx);
    linalg::SoftmaxOp::attachInterface<SoftmaxWork>(*ctx);
  });
}

void mlir::attn::registerWorkOpInterfaceExternalModels(
    DialectRegistry &registry) {
  detail::registerAttnWorkModels(registry);
  detail::registerLinalgWorkModels(registry);
}
