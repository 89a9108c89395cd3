//===- AggregatedOpInterfaceImpl.cpp - decomposeOperation for attn ops -----===//
//
// Lets upstream `transform.structured.decompose_interface` (and anything
// else that speaks linalg::AggregatedOpInterface) lower attn ops. It uses
// the default options (flash); the convert-attn-to-linalg pass calls the
// same functions with the options it is given.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::attn;

FailureOr<SmallVector<Value>>
mlir::attn::decomposeAttnOp(OpBuilder &b, Operation *op,
                            const DecomposeOptions &opts) {
  if (auto v = dyn_cast<VanillaOp>(op))
    return decomposeVanilla(b, v, opts);
  if (auto p = dyn_cast<PrimalOp>(op))
    return decomposePrimal(b, p);
  if (auto w = dyn_cast<PrimalWeightsOp>(op))
    return decomposePrimalWeights(b, w);
  if (auto s = dyn_cast<PrimalStreamOp>(op))
    return decomposePrimalStream(b, s);
  return op->emitOpError("is not an attn op");
}

namespace {
template <typename OpT>
struct AttnAggregatedModel
    : public linalg::AggregatedOpInterface::ExternalModel<
          AttnAggregatedModel<OpT>, OpT> {
  FailureOr<SmallVector<Value>> decomposeOperation(Operation *op,
                                                   OpBuilder &b) const {
    return decomposeAttnOp(b, op, DecomposeOptions());
  }
};
} // namespace

void mlir::attn::registerAggregatedOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, AttnDialect *) {
    // The decompositions create ops of these dialects, whoever calls them
    // (a pass, a transform script, a user's own pattern): load them with
    // attn, as upstream's tensor bufferization models do.
    ctx->loadDialect<arith::ArithDialect, bufferization::BufferizationDialect,
                     linalg::LinalgDialect, math::MathDialect, scf::SCFDialect,
                     tensor::TensorDialect>();
    VanillaOp::attachInterface<AttnAggregatedModel<VanillaOp>>(*ctx);
    PrimalOp::attachInterface<AttnAggregatedModel<PrimalOp>>(*ctx);
    PrimalWeightsOp::attachInterface<AttnAggregatedModel<PrimalWeightsOp>>(
        *ctx);
    PrimalStreamOp::attachInterface<AttnAggregatedModel<PrimalStreamOp>>(
        *ctx);
  });
}
