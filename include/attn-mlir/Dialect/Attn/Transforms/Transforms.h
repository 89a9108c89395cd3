//===- Transforms.h - decomposition and tiling of attn ops ------*- C++ -*-===//

#ifndef ATTN_DIALECT_ATTN_TRANSFORMS_TRANSFORMS_H
#define ATTN_DIALECT_ATTN_TRANSFORMS_TRANSFORMS_H

#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
class DialectRegistry;
class OpBuilder;
class PatternBenefit;
class RewritePatternSet;
class RewriterBase;
class TilingInterface;
namespace attn {

/// Where a diagnostic about a pass option points: the option, spelled as
/// on the command line, so that it reads
///   --attn-tile=row-tile:0:0: error: attn-tile: tile sizes must be >= 0 ...
/// instead of `<unknown>:0: error: ...`, and names no IR (no op or module
/// is printed with it).
inline Location passOptionLoc(MLIRContext *ctx, StringRef pass,
                              StringRef option) {
  return FileLineColLoc::get(ctx, ("--" + pass + "=" + option).str(), 0, 0);
}

/// How `attn.vanilla` becomes linalg.
enum class VanillaStrategy {
  /// Online softmax over key blocks (FlashAttention): running max, running
  /// sum and a rescaled accumulator; no N x M value exists.
  Flash,
  /// Q*K^T, scale/mask, linalg.softmax, *V: the textbook form.
  Materialized,
};

struct DecomposeOptions {
  VanillaStrategy strategy = VanillaStrategy::Flash;
  /// Keys per block of the flash loop; a last partial block gets its own
  /// static size, so every value keeps a static shape.
  int64_t keyBlock = 64;
  /// Split-KV (flash only): the key blocks are reduced in this many
  /// independent ranges (an scf.forall, threads with `parallel`) and the
  /// partial softmax statistics combined after; 1 = one sequential loop.
  /// For decoding (few query rows, many keys), where tiles over queries
  /// leave threads idle.
  int64_t kvSplits = 1;
};

/// The key blocks the flash decomposition visits for a query tile of `rows`
/// queries at `queryOffset` (M keys in blocks of `block`, the last one
/// partial): the full blocks starting in [lo, hi) step `block`, and the
/// partial block [M - M % block, M) when `remainder`. Causal hides keys
/// after the tile's last query, a window keys before its first query minus
/// W. The decomposition emits this rule as index arithmetic on the tile's
/// query_offset; attn-cost evaluates it per tile (one rule, checked against
/// the lowered loops by WorkAgreementTest).
struct FlashVisitedBlocks {
  int64_t lo = 0, hi = 0;
  bool remainder = false;
  int64_t fullBlocks(int64_t block) const {
    return hi > lo ? (hi - lo + block - 1) / block : 0;
  }
};
FlashVisitedBlocks flashVisitedBlocks(bool causal, std::optional<int64_t> window,
                                      int64_t queryOffset, int64_t rows,
                                      int64_t m, int64_t block);

/// Columns of primal's projections e = phi(Q) W_e and r = phi(K) W_r as the
/// decomposition computes them: s rounded up to a multiple of 8, W_e and W_r
/// padded with zero columns. The projections are then register-tiled GEMMs
/// on row-major Q and K (vectors along the columns, no transpose of the
/// inputs), and their padded columns, all zero, are never read. attn-cost
/// counts the padded MACs (one rule, checked by WorkAgreementTest).
int64_t primalProjectionColumns(int64_t s);
/// Lanes of the first step of primal's L2 norms: the squares of a row of d
/// features are summed into this many partial sums (8 when they divide d),
/// then those are summed (see l2InverseNorms in DecomposePrimal.cpp).
int64_t primalNormLanes(int64_t d);
/// Flash with a one-query tile (decode, or a peeled 1-row tile): the lanes L
/// of its two-step score sum (oneQueryScores in DecomposeVanilla.cpp): the
/// row-major K block times q as [d/L, L] rows, summed over d/L, then over L
/// -- len·L more adds per block than the micro-panel form, which attn-cost
/// counts. 0 when the tile has more rows or d has no 4- or 8-lane split
/// (then K^T micro-panels as for any tile).
int64_t flashOneQueryLanes(int64_t n, int64_t d);

/// Rewrites one attn op on static-shape tensors into linalg/tensor/scf ops
/// and returns the replacement values (empty vector on memrefs: those are
/// rejected). Emits an error on `op` and fails for dynamic shapes.
FailureOr<SmallVector<Value>> decomposeVanilla(OpBuilder &b, VanillaOp op,
                                               const DecomposeOptions &opts);
FailureOr<SmallVector<Value>> decomposePrimal(OpBuilder &b, PrimalOp op);
/// Returns the output rows and the new q_sum and k_sum.
FailureOr<SmallVector<Value>> decomposePrimalStream(OpBuilder &b,
                                                    PrimalStreamOp op);
FailureOr<SmallVector<Value>> decomposePrimalWeights(OpBuilder &b,
                                                     PrimalWeightsOp op);
/// Dispatches to the four above.
FailureOr<SmallVector<Value>> decomposeAttnOp(OpBuilder &b, Operation *op,
                                              const DecomposeOptions &opts);

/// Tiles `op` over its parallel loops with the given tile sizes (0 = do not
/// tile that loop), emitting `scf.for` loops whose every tile has a static
/// shape: full tiles in a loop, a last partial tile peeled into its own
/// static-size copy. With `parallel`, the loop over the full tiles of the
/// innermost tiled dim is an `scf.forall` (tiles write disjoint slices of
/// the result) instead of an `scf.for`. Replaces `op` and returns the tiled
/// ops.
FailureOr<SmallVector<Operation *>>
tileToStaticShapes(RewriterBase &rewriter, TilingInterface op,
                   ArrayRef<int64_t> tileSizes, bool parallel = false);

/// Checks that every operand of an attn op has a static shape; otherwise
/// emits "requires static shapes" naming the operand and dimension.
LogicalResult verifyStaticShapes(Operation *op);

/// f32 `math.exp2` (scalars and vectors) as a degree-5 polynomial and an
/// exponent-field scale: 6 multiply-adds, no libm call, within 1.9e-7
/// relative; results below 2^-125.5 flush to zero (Exp2Approximation.cpp).
/// attn-vectorize-linalg uses it for flash's base-2 softmax.
void populateExp2ApproximationPatterns(RewritePatternSet &patterns,
                                       PatternBenefit benefit);

/// Registers `TilingInterface` and `linalg::AggregatedOpInterface` (with the
/// default flash strategy) on the attn ops.
void registerTilingInterfaceExternalModels(DialectRegistry &registry);
void registerAggregatedOpInterfaceExternalModels(DialectRegistry &registry);

} // namespace attn
} // namespace mlir

#endif // ATTN_DIALECT_ATTN_TRANSFORMS_TRANSFORMS_H
