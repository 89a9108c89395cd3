//===- VectorizeLinalg.cpp - the attn-vectorize-linalg pass ----------------===//
//
// Register tiling plus vectorization for the small static-shape linalg ops
// the attn decompositions produce. Upstream offers these steps only as
// transform-dialect ops; a pass keeps the named pipeline self-contained.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Dialect/Attn/Transforms/Passes.h"
#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"

#include "attn-mlir/CPU/VectorISA.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::attn {
#define GEN_PASS_DEF_ATTNVECTORIZELINALG
#include "attn-mlir/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace mlir::attn

using namespace mlir;
using namespace mlir::attn;

namespace {

/// Largest divisor of `extent` that is <= `limit` (>= 1).
int64_t largestDivisor(int64_t extent, int64_t limit) {
  for (int64_t t = std::min(extent, std::max<int64_t>(limit, 1)); t > 1; --t)
    if (extent % t == 0)
      return t;
  return 1;
}

/// Whether the innermost loop is parallel and indexes the last dim of every
/// operand (a batch dim of a contraction, contiguous in all of them).
bool innermostLoopIsBatch(linalg::LinalgOp op) {
  unsigned loops = op.getNumLoops();
  if (loops == 0 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::parallel)
    return false;
  return llvm::all_of(op.getIndexingMapsArray(), [&](AffineMap m) {
    if (m.getNumResults() == 0)
      return false;
    auto d = dyn_cast<AffineDimExpr>(m.getResults().back());
    return d && d.getPosition() == loops - 1;
  });
}

struct AttnVectorizeLinalgPass
    : public attn::impl::AttnVectorizeLinalgBase<AttnVectorizeLinalgPass> {
  using Base::Base;

  // Options are checked once, before any IR is touched: the error is about
  // the command line, so it carries no IR location and no IR dump.
  LogicalResult initialize(MLIRContext *ctx) override {
    // Vectors are fully unrolled later (convert-vector-to-scf full-unroll):
    // a tile of more than kMaxTile elements per dim only bloats the code.
    constexpr int64_t kMaxTile = 64;
    for (auto [name, value, zeroOk] :
         {std::tuple<const char *, int64_t, bool>{"vector-width", vectorWidth,
                                                  true},
          {"rows", rows, true},
          {"elementwise-rows", elementwiseRows, true},
          {"reduction-tile", reductionTile, false},
          {"contraction-reduction-tile", contractionReductionTile, false}})
      if (value < (zeroOk ? 0 : 1) || value > kMaxTile)
        return emitError(passOptionLoc(ctx, "attn-vectorize-linalg", name))
               << "attn-vectorize-linalg: " << name << " must be "
               << (zeroOk ? "0 (from target-cpu) or " : "") << "in [1, "
               << kMaxTile << "], got " << value;
    width = vectorWidth;
    rowTile = rows;
    ewRows = elementwiseRows;
    if (width == 0 || rowTile == 0 || ewRows == 0) {
      // Only resolved when needed: explicit tiles work for any target-cpu.
      llvm::Expected<cpu::VectorISA> isa = cpu::resolveVectorISA(targetCpu);
      if (!isa)
        return emitError(passOptionLoc(ctx, "attn-vectorize-linalg",
                                       "target-cpu"))
               << "attn-vectorize-linalg: "
               << llvm::toString(isa.takeError());
      cpu::RegisterTile tile = cpu::chooseRegisterTile(*isa);
      if (width == 0)
        width = tile.vectorWidth;
      if (rowTile == 0)
        rowTile = tile.rows;
      if (ewRows == 0)
        ewRows = tile.elementwiseRows;
    }
    return success();
  }

  /// The register tile in effect: the options, or target-cpu's.
  int64_t width = 0, rowTile = 0, ewRows = 0;
  /// Producers fused into a contraction's tile loops (and erased).
  llvm::SmallPtrSet<Operation *, 8> fusedProducers;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    dropUnitInnermostParallelLoops(rewriter);

    // Contractions first: one may fuse the producer of its accumulator
    // (which the walk lists before it) into its tile loops.
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && !op.hasDynamicShape())
        ops.push_back(op);
    });
    std::stable_partition(ops.begin(), ops.end(), [](linalg::LinalgOp op) {
      return linalg::isaContractionOpInterface(op);
    });
    for (linalg::LinalgOp op : ops)
      if (!fusedProducers.contains(op))
        tileAndVectorize(rewriter, op);

    // Static zero-padding (primal's W_e/W_r columns up to a multiple of 8):
    // a masked transfer_read of the source into a vector of the padded
    // shape. Left alone, a tensor.pad bufferizes to a strided memref.copy,
    // a runtime-library call.
    SmallVector<tensor::PadOp> pads;
    getOperation()->walk([&](tensor::PadOp pad) {
      if (pad.getResultType().hasStaticShape() &&
          pad.getSourceType().hasStaticShape())
        pads.push_back(pad);
    });
    for (tensor::PadOp pad : pads) {
      rewriter.setInsertionPoint(pad);
      FailureOr<linalg::VectorizationResult> v = linalg::vectorize(
          rewriter, pad, pad.getResultType().getShape());
      if (succeeded(v))
        rewriter.replaceOp(pad, v->replacements);
    }

    // Unit batch dims of the tiles are cast away first, so contractions are
    // plain matmuls when the outer-product lowering sees them.
    RewritePatternSet unitDims(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(unitDims);
    if (failed(applyPatternsGreedily(getOperation(), std::move(unitDims))))
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    vector::populateVectorReductionToContractPatterns(patterns);
    // The padding's masked read: vector.mask -> a transfer_read with a mask.
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerParallel);
    // exp and exp2 stay polynomials in vector registers instead of scalar
    // expf/exp2f calls; exp2 (flash's base-2 softmax) has a shorter one of
    // our own, upstream has none.
    populateExp2ApproximationPatterns(patterns, /*benefit=*/2);
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      // At the anchor's location, without printing the anchor (a module).
      emitError(getOperation()->getLoc(), "attn-vectorize-linalg: vector "
                                          "lowering patterns did not converge");
      return signalPassFailure();
    }
    // The outer products' A elements, vector.extract of a transfer_read,
    // become scalar reads (broadcast from memory by LLVM). Left as vector
    // reads, a register tile whose rows are not a power of two (AVX2's 6)
    // reads them as vector<6xf32>, which LLVM splits into a load of 4, a
    // load of 2 and lane permutes that need a register the tile does not
    // have: the accumulators spilled. Upstream's patterns, run after the
    // contraction lowering above has exposed the extracts.
    RewritePatternSet scalar(&getContext());
    vector::populateScalarVectorTransferLoweringPatterns(
        scalar, /*benefit=*/1, /*allowMultipleUses=*/true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(scalar)))) {
      emitError(getOperation()->getLoc(), "attn-vectorize-linalg: scalar "
                                          "transfer patterns did not converge");
      return signalPassFailure();
    }
  }

  /// The innermost parallel loop is the one vectorized (tileAndVectorize).
  /// Where it has extent 1 every vector would have one lane: flash's
  /// transposed scores S^T [keys, N] and their softmax on a one-query
  /// (decode) tile ran scalar. Upstream's dropUnitDims removes the unit
  /// loops of such generics (reshapes of the operands around them), so the
  /// next parallel loop -- the keys -- is vectorized. Ops with no other
  /// parallel loop of more than one iteration are left alone.
  void dropUnitInnermostParallelLoops(RewriterBase &rewriter) {
    auto unitLoops = [](linalg::GenericOp op) {
      SmallVector<unsigned> unit;
      if (!op.hasPureTensorSemantics() || op.hasDynamicShape())
        return unit;
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
      std::optional<unsigned> inner;
      bool wide = false;
      for (unsigned i = 0; i < ranges.size(); ++i) {
        if (iters[i] != utils::IteratorType::parallel)
          continue;
        inner = i;
        wide |= ranges[i] > 1;
      }
      if (!inner || ranges[*inner] != 1 || !wide)
        return unit;
      for (unsigned i = 0; i < ranges.size(); ++i)
        if (ranges[i] == 1)
          unit.push_back(i);
      return unit;
    };
    SmallVector<linalg::GenericOp> ops;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (!unitLoops(op).empty())
        ops.push_back(op);
    });
    linalg::ControlDropUnitDims control;
    control.controlFn = [&](Operation *op) {
      auto g = dyn_cast<linalg::GenericOp>(op);
      return g ? unitLoops(g) : SmallVector<unsigned>();
    };
    for (linalg::GenericOp op : ops) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::DropUnitDimsResult> r =
          linalg::dropUnitDims(rewriter, op, control);
      if (succeeded(r))
        rewriter.replaceOp(op, r->replacements);
    }
  }

  void tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op) {
    // Ops the vectorizer cannot handle (e.g. the strided row gather of
    // primal_weights) stay scalar loops: correct, just not vectorized.
    if (failed(linalg::vectorizeOpPrecondition(op)))
      return;
    // LLVM lays out a vector of i1 bit-packed in memory, while memref
    // elements of i1 are bytes: a vector load of an i1 buffer (attn.vanilla's
    // boolean mask) would read the wrong bits. Such ops stay scalar.
    if (llvm::any_of(op->getOperandTypes(), [](Type t) {
          return getElementTypeOrSelf(t).isInteger(1);
        }))
      return;
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
    SmallVector<int64_t> tiles(ranges.size(), 1);
    int parallelSeen = 0;
    // A contraction whose innermost loop is a batch dim, the last dim of
    // every operand (decode's scores K[j, c, l] * q[c, l] -> T[j, l]), is
    // elementwise along contiguous lanes: vectorized as a generic it is
    // whole-vector multiply-adds over the reduction. The outer-product
    // lowering would unroll that batch dim and transpose every tile.
    bool contraction = linalg::isaContractionOpInterface(op) &&
                       !innermostLoopIsBatch(op);
    // An op that reads an operand transposed (loop dims out of order in its
    // map: Q^T, the K panels) gets the contraction's rows too: its tile is
    // read as rows x width and transposed in registers, and with one row
    // (elementwise-rows on AVX2) that read became a scalar gather of a
    // column through the stack (primal 4x slower on an AVX2 build).
    bool transposing = llvm::any_of(op.getIndexingMapsArray(), [](AffineMap m) {
      int64_t last = -1;
      for (AffineExpr e : m.getResults()) {
        auto d = dyn_cast<AffineDimExpr>(e);
        if (!d)
          continue;
        if (int64_t(d.getPosition()) < last)
          return true;
        last = d.getPosition();
      }
      return false;
    });
    for (int i = ranges.size() - 1; i >= 0; --i) {
      if (iters[i] == utils::IteratorType::reduction) {
        tiles[i] = largestDivisor(
            ranges[i], contraction ? contractionReductionTile : reductionTile);
        continue;
      }
      int64_t limit = parallelSeen == 0 ? width
                      : parallelSeen == 1 ? (contraction || transposing ? rowTile
                                                                         : ewRows)
                                          : 1;
      tiles[i] = largestDivisor(ranges[i], limit);
      ++parallelSeen;
    }

    Operation *target = op;
    if (tiles != ranges) {
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), tiles));
      rewriter.setInsertionPoint(op);
      // A contraction whose accumulator comes from an elementwise op that
      // only it reads (a zero fill, a broadcast bias, flash's rescaled
      // accumulator), with its reduction in one tile: the producer is fused
      // into the tile loops, so after vectorization the accumulators start
      // from the producer's registers (the transfer_read of the
      // just-written tile folds away) instead of a separate pass that
      // stores the tile and a load of it per tile. Upstream's
      // tileConsumerAndFuseProducersUsingSCF does the fusion; the caller
      // must keep it valid, hence the whole-reduction condition.
      bool wholeReduction = llvm::all_of(
          llvm::seq<size_t>(0, ranges.size()), [&](size_t i) {
            return iters[i] != utils::IteratorType::reduction ||
                   tiles[i] == ranges[i];
          });
      Value init = op.getDpsInits().front();
      auto producer = init.getDefiningOp<linalg::LinalgOp>();
      if (contraction && wholeReduction && producer && init.hasOneUse() &&
          producer->getNumResults() == 1 &&
          producer.hasPureTensorSemantics() &&
          producer.getNumReductionLoops() == 0 &&
          !linalg::isaContractionOpInterface(producer) &&
          llvm::none_of(producer->getOperandTypes(), [](Type t) {
            return getElementTypeOrSelf(t).isInteger(1);
          })) {
        scf::SCFTileAndFuseOptions fuse;
        fuse.setTilingOptions(options);
        fuse.setFusionControlFn(
            [&](tensor::ExtractSliceOp, OpResult fused, bool)
                -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
              if (fused.getOwner() == producer.getOperation())
                return scf::SCFTileAndFuseOptions::ControlFnResult{};
              return std::nullopt;
            });
        FailureOr<scf::SCFTileAndFuseResult> fused =
            scf::tileConsumerAndFuseProducersUsingSCF(
                rewriter, cast<TilingInterface>(op.getOperation()), fuse);
        if (failed(fused))
          return;
        for (OpResult r : op->getResults())
          rewriter.replaceAllUsesWith(r, fused->replacements.lookup(r));
        rewriter.eraseOp(op);
        // The tile loops start from the producer's own init, so the
        // producer is dead now (checked: an erased op with uses would
        // dangle).
        if (producer->use_empty()) {
          fusedProducers.insert(producer);
          rewriter.eraseOp(producer);
        }
        target = fused->tiledAndFusedOps.front();
        for (Operation *f : llvm::drop_begin(fused->tiledAndFusedOps)) {
          auto tiled = dyn_cast<linalg::LinalgOp>(f);
          if (!tiled || failed(linalg::vectorizeOpPrecondition(tiled)))
            continue;
          rewriter.setInsertionPoint(tiled);
          FailureOr<linalg::VectorizationResult> v =
              linalg::vectorize(rewriter, tiled);
          if (succeeded(v))
            rewriter.replaceOp(tiled, v->replacements);
        }
      } else {
        FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
            rewriter, cast<TilingInterface>(op.getOperation()), options);
        if (failed(tiled))
          return;
        rewriter.replaceOp(op, tiled->replacements);
        target = tiled->tiledOps.front();
      }
    }
    rewriter.setInsertionPoint(target);
    // A contraction tile goes through linalg.contract (same maps), which the
    // vectorizer turns into one vector.contract; a generic would become a
    // broadcast/transpose/multi_reduction form that the reduction lowering
    // splits into horizontal dot products instead of outer-product FMAs.
    if (contraction) {
      auto generic = cast<linalg::LinalgOp>(target);
      target = linalg::ContractOp::create(
          rewriter, target->getLoc(), target->getResultTypes(),
          generic.getDpsInputs(), generic.getDpsInits(),
          rewriter.getAffineMapArrayAttr(generic.getIndexingMapsArray()));
      rewriter.replaceOp(generic, target->getResults());
    }
    FailureOr<linalg::VectorizationResult> vec = linalg::vectorize(
        rewriter, target, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/contraction);
    if (succeeded(vec))
      rewriter.replaceOp(target, vec->replacements);
  }
};

} // namespace
