//===- AttnOpsWork.cpp - Closed-form work of the attn ops -----------------===//
//
// Each formula mirrors what the op's decomposition (Decompose*.cpp) executes,
// so `attn-count-work`, which sums the linalg ops of the lowered loops, must
// agree exactly on MACs and exps. Per (batch, head) slice, f32:
//
//  vanilla      MACs  N·M·d + N·M·dv (grouped-query attention reads K/V
//                heads through index maps: the same work, no copy)
//   materialized exp N·M; mul N·M (scale) [+ add N·M mask; an i1 mask is
//                turned into 0/-inf by selects first; causal and window are
//                selects]; softmax: max N·M + N (row max; the zero-sum test
//                per row),
//                add 2·N·M (subtract max, row sum), div N·M
//   flash        nb = ceil(M / min(key-block, M)) key blocks;
//                exp N·M + N·nb; mul N·d + N·nb + N·dv·nb [+ add N·M mask];
//                max N·M + N·dv (final l ≠ 0 test); add 2·N·M + N·nb;
//                div N·dv; a 1-row tile adds L·M (its scores summed
//                over d/L, then over L lanes: flashOneQueryLanes);
//                with causal or a window, N·M and N·nb become
//                sums over query tiles of rows x visited keys and rows x
//                visited blocks (flashVisitedBlocks: hidden blocks are
//                skipped); split-KV in K ranges adds per row and range
//                N·K·(1 + dv) MACs, exp, max and add N·K (the combine)
//  primal       MACs  2·N·d·s + 2·N·s·dv
//                L2 norm of q and k (each): mul+add N·d (sum of squares),
//                sqrt, max, div N (reciprocal norm), mul N·d (scale)
//                causal prefix mean (each): add N·d, div N·d
//  primal_weights MACs p·d·s (the row gather moves data only)
//  primal_stream as primal {causal} on the chunk's T rows; state_bytes =
//                the two running sums (2·d·4 per batch index), read and
//                written once (DRAM), resident while the chunk runs
//  vanilla with bottom_right alignment (KV-cache decode): state_bytes = the
//                cache the decoder keeps, K and V
//
// The working set and DRAM model are in docs/cost-model.md.
//
//===----------------------------------------------------------------------===//

#include "Detail.h"
#include "attn-mlir/Analysis/Cost/WorkOpInterface.h"
#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/MathExtras.h"

#include <map>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::cost;

namespace {

/// Static-shape check; with `emitErrors` it reports the offending operand the
/// way the lowering does.
LogicalResult requireStatic(Operation *op, bool emitErrors) {
  if (emitErrors)
    return verifyStaticShapes(op);
  for (Value v : op->getOperands())
    if (auto st = dyn_cast<ShapedType>(v.getType()); st && !st.hasStaticShape())
      return failure();
  return success();
}

/// Operand and result bytes.
void fillBytes(Operation *op, Value init, OpWork &w) {
  for (Value v : op->getOperands())
    if (isa<ShapedType>(v.getType()))
      w.operandBytes.push_back(attn::detail::staticBytes(v.getType()));
  w.resultBytes = attn::detail::staticBytes(init.getType());
}

/// Every input read once and the result written once. The init is not read:
/// the decompositions overwrite it.
uint64_t compulsoryBytes(Operation *op, const OpWork &w) {
  uint64_t b = w.resultBytes;
  for (Value v : cast<DestinationStyleOpInterface>(op).getDpsInputs())
    if (isa<ShapedType>(v.getType()))
      b += attn::detail::staticBytes(v.getType());
  return b;
}

constexpr uint64_t kF32 = 4;

//===----------------------------------------------------------------------===//
// attn.vanilla
//===----------------------------------------------------------------------===//

/// Work measures of the key blocks a causal or windowed flash op visits,
/// tile by tile as attn-tile cuts it (`rowTile` rows, the last tile
/// partial), per (batch, head) slice.
struct BlockSkip {
  uint64_t rowKeys = 0;   // sum over tiles of rows x visited keys
  uint64_t rowBlocks = 0; // sum over tiles of rows x visited blocks
  uint64_t oneRowKeys = 0; // visited keys of the 1-row tiles
  SmallVector<GemmShape> gemms;
};
FailureOr<BlockSkip> visitedBlocks(VanillaOp op, int64_t n, int64_t m,
                                   int64_t d, int64_t dv, int64_t block,
                                   int64_t rowTile) {
  // bottom_right alignment puts row 0 at M - N (negative when N > M).
  int64_t qo0 = op.getDefaultQueryOffset();
  if (Value qo = op.getQueryOffset()) {
    std::optional<int64_t> c = getConstantIntValue(qo);
    if (!c)
      return failure();
    qo0 = *c;
  }
  std::optional<int64_t> window;
  if (std::optional<uint64_t> w = op.getWindow())
    window = static_cast<int64_t>(*w);
  int64_t rows = std::min<int64_t>(std::max<int64_t>(rowTile, 1), n);
  // Tile by tile: bounded, so a counting pass stays fast (2^22 tiles of
  // 64 rows is N = 2^28).
  if (n / rows > (int64_t(1) << 22) || qo0 < -(int64_t(1) << 61) ||
      qo0 > (int64_t(1) << 61) ||
      n > (int64_t(1) << 61))
    return failure();
  int64_t rem = m % block;
  BlockSkip s;
  // (rows, keys per block) -> visited blocks, for the GEMM list.
  std::map<std::pair<int64_t, int64_t>, uint64_t> blocks;
  for (int64_t t0 = 0; t0 < n; t0 += rows) {
    int64_t r = std::min(rows, n - t0);
    FlashVisitedBlocks v =
        flashVisitedBlocks(op.getCausal(), window, qo0 + t0, r, m, block);
    uint64_t full = v.fullBlocks(block);
    uint64_t keys = full * block + (v.remainder ? rem : 0);
    s.rowKeys += r * keys;
    s.rowBlocks += r * (full + (v.remainder ? 1 : 0));
    if (r == 1)
      s.oneRowKeys += keys;
    if (full)
      blocks[{r, block}] += full;
    if (v.remainder)
      blocks[{r, rem}] += 1;
  }
  for (auto [shape, count] : blocks) {
    s.gemms.push_back({count, uint64_t(shape.first), uint64_t(d),
                       uint64_t(shape.second)});
    s.gemms.push_back({count, uint64_t(shape.first), uint64_t(shape.second),
                       uint64_t(dv)});
  }
  return s;
}

struct VanillaWork
    : public WorkOpInterface::ExternalModel<VanillaWork, VanillaOp> {
  FailureOr<OpWork> getWork(Operation *o, const WorkConfig &cfg,
                            bool emitErrors) const {
    auto op = cast<VanillaOp>(o);
    if (failed(requireStatic(o, emitErrors)))
      return failure();
    unsigned nb = op.getNumBatchDims();
    ArrayRef<int64_t> q = cast<ShapedType>(op.getQuery().getType()).getShape();
    ArrayRef<int64_t> k = cast<ShapedType>(op.getKey().getType()).getShape();
    ArrayRef<int64_t> v = cast<ShapedType>(op.getValue().getType()).getShape();
    uint64_t batch = attn::detail::product(q.take_front(nb));
    uint64_t n = q[nb], d = q[nb + 1], m = k[nb], dv = v[nb + 1];
    // An i1 mask is first turned into 0 / -inf (selects, not counted), then
    // added like a float mask.
    bool mask = static_cast<bool>(op.getMask());
    bool flash = cfg.strategy == VanillaStrategy::Flash && m > 0;

    OpWork w;
    fillBytes(o, op.getInit(), w);
    w.macs = batch * (n * m * d + n * m * dv);
    w.complexity = n == m ? "O(N^2*(d+dv))" : "O(N*M*(d+dv))";
    // Bottom-right alignment is KV-cache decoding: K and V are the cache.
    if (op.getAlignment() == Alignment::bottom_right)
      w.stateBytes = attn::detail::staticBytes(op.getKey().getType()) +
                     attn::detail::staticBytes(op.getValue().getType());
    FlopCounts f;
    f.mul = n * m;
    f.add = mask ? n * m : 0;
    uint64_t sramPerSlice, extraDram = 0;
    if (!flash) {
      f.exp = n * m;
      // The row max per score, and one compare per row: a row whose scores
      // are all -inf gives zeros, not 0/0 (DecomposeVanilla.cpp).
      f.max = n * m + n;
      f.add += 2 * n * m;
      f.div = n * m;
      w.gemms = {{batch, n, d, m}, {batch, n, m, dv}};
      // Everything of one slice, scores included, is live at once.
      sramPerSlice = kF32 * (n * d + m * d + m * dv + n * m + n * dv);
      // Scores that do not fit make four N·M trips: written by Q·Kᵀ, read
      // and written by the softmax, read by ·V.
      if (sramPerSlice > cfg.onChipBytes)
        extraDram = batch * 4 * n * m * kF32;
    } else {
      uint64_t block = std::min<uint64_t>(std::max<int64_t>(cfg.keyBlock, 1), m);
      uint64_t blocks = llvm::divideCeil(m, block);
      // The scale is applied to Q^T once per query tile (n*d), not to the
      // scores; per block and row the block max joins m twice (for alpha
      // and for m itself).
      f.exp = n * m + n * blocks;
      f.mul = n * d + n * blocks + n * dv * blocks;
      f.max = n * m + 2 * n * blocks + n * dv;
      f.add += 2 * n * m + n * blocks;
      f.div = n * dv;
      // A 1-row tile (decode, or the peeled last row) sums its scores in
      // two steps, over d/L and then its L lanes: L more adds per key.
      uint64_t lanes = flashOneQueryLanes(1, d);
      uint64_t rows = std::min<uint64_t>(std::max<int64_t>(cfg.rowTile, 1), n);
      uint64_t oneRowTiles = rows == 1 ? n : (n % rows == 1 ? 1 : 0);
      f.add += lanes * oneRowTiles * m;
      uint64_t full = m / block, rem = m % block;
      w.gemms = {{batch * full, n, d, block}, {batch * full, n, block, dv}};
      if (rem)
        w.gemms.append({{batch, n, d, rem}, {batch, n, rem, dv}});
      if (op.getCausal() || op.getWindow()) {
        FailureOr<BlockSkip> skip =
            visitedBlocks(op, n, m, d, dv, block, cfg.rowTile);
        if (failed(skip)) {
          if (emitErrors)
            o->emitError("attn-cost: a causal or windowed flash op skips key "
                         "blocks tile by tile; its query_offset must be a "
                         "constant (cost the op before attn-tile) and it "
                         "may have at most 2^22 query tiles of row-tile "
                         "rows");
          return failure();
        }
        // Per visited block and row: the same work as above, over the
        // visited keys only (RC = rows x visited keys, RP = rows x visited
        // blocks); the final division per output is per row.
        uint64_t rc = skip->rowKeys, rp = skip->rowBlocks;
        w.macs = batch * (rc * d + rc * dv);
        f.exp = rc + rp;
        f.mul = n * d + rp + dv * rp;
        f.max = rc + 2 * rp + n * dv;
        f.add = (mask ? rc : 0) + 2 * rc + rp + lanes * skip->oneRowKeys;
        w.gemms = std::move(skip->gemms);
        for (GemmShape &g : w.gemms)
          g.count *= batch;
      }
      // Split-KV: the same blocks, cut into K ranges of whole blocks, and a
      // combine per row and range: max of the range maxima, one exp and a
      // subtraction for its weight, weight x l_s and weight x acc_s summed
      // (MACs).
      if (cfg.kvSplits > 1 && llvm::divideCeil(m, block) > 1) {
        uint64_t chunk =
            llvm::divideCeil(llvm::divideCeil(m, cfg.kvSplits), block) * block;
        uint64_t ranges = llvm::divideCeil(m, chunk);
        w.macs += batch * n * ranges * (1 + dv);
        f.exp += n * ranges;
        f.max += n * ranges;
        f.add += n * ranges;
      }
      // Per query tile of r rows: its Q rows, one K and V block, scores and
      // probabilities of the block, acc (old and rescaled), m, l, alpha and
      // the output rows.
      auto tileBytes = [&](uint64_t r) {
        return kF32 * (r * d + block * (d + dv) + 2 * r * block + 3 * r * dv +
                       4 * r);
      };
      sramPerSlice = tileBytes(rows);
      // K and V are re-read once per resident query tile unless they fit
      // beside it; the tile is as tall as the capacity allows.
      // K and V are re-read in their own element type (f16/bf16 operands
      // are widened to f32 per tile, on chip).
      uint64_t kvBytes = llvm::divideCeil(
          cast<ShapedType>(op.getKey().getType()).getElementTypeBitWidth(), 8);
      uint64_t kv = kvBytes * m * (d + dv);
      if (kv + tileBytes(rows) > cfg.onChipBytes) {
        uint64_t resident = 1;
        while (resident < n && tileBytes(2 * resident) <= cfg.onChipBytes)
          resident *= 2;
        extraDram = batch * (llvm::divideCeil(n, resident) - 1) * kv;
      }
    }
    w.flops = f.scaled(batch);
    w.sramPeakBytes = sramPerSlice;
    w.dramBytes = compulsoryBytes(o, w) + extraDram;
    return w;
  }
};

//===----------------------------------------------------------------------===//
// attn.primal
//===----------------------------------------------------------------------===//

/// attn.primal and attn.primal_stream (whose work is attn.primal
/// {causal} on the chunk, plus the state).
template <typename OpT>
FailureOr<OpWork> primalWork(OpT op, bool causal, const WorkConfig &cfg,
                             bool emitErrors) {
  Operation *o = op.getOperation();
  if (failed(requireStatic(o, emitErrors)))
    return failure();
  unsigned nb = op.getNumBatchDims();
  ArrayRef<int64_t> q = cast<ShapedType>(op.getQuery().getType()).getShape();
  ArrayRef<int64_t> wc = cast<ShapedType>(op.getWc().getType()).getShape();
  uint64_t batch = attn::detail::product(q.take_front(nb));
  uint64_t n = q[nb], d = q[nb + 1], s = wc[0] / 2, dv = wc[1];

  // The CPU lowering's projections have sp >= s columns, W_e and W_r
  // padded with zeros (primalProjectionColumns): their MACs are counted.
  uint64_t sp = primalProjectionColumns(s);
  OpWork w;
  fillBytes(o, op.getInit(), w);
  w.macs = batch * (2 * n * d * sp + 2 * n * s * dv);
  w.complexity = "O(N*s*(d+dv))";
  FlopCounts f; // for q and k together
  if (causal) {
    f.add += 2 * n * d;
    f.div += 2 * n * d;
  }
  if (op.getFeatureMap() == FeatureMap::l2) {
    // Per input: the squares (n*d) summed into L partials per row, those
    // summed, and 1/||x|| scaling the n x sp projection.
    uint64_t lanes = primalNormLanes(d);
    f.mul += 2 * (n * d + n * sp);
    f.add += 2 * (n * d + n * lanes);
    f.sqrt += 2 * n;
    f.max += 2 * n;
    f.div += 2 * n;
  }
  w.flops = f.scaled(batch);
  w.gemms = {{2 * batch, n, d, sp}, {2 * batch, n, s, dv}};
  // Per row tile: q and k rows, e and r (sp columns), output rows; plus
  // W_e and W_r (padded), W_c and b_c, which every tile reads.
  uint64_t rows = std::min<uint64_t>(std::max<int64_t>(cfg.rowTile, 1), n);
  uint64_t weights = kF32 * (2 * d * sp + 2 * s * dv + dv);
  w.sramPeakBytes = weights + kF32 * rows * (2 * d + 2 * sp + dv);
  // Linear: every input is read once, the output written once.
  w.dramBytes = compulsoryBytes(o, w);
  return w;
}

struct PrimalWork : public WorkOpInterface::ExternalModel<PrimalWork, PrimalOp> {
  FailureOr<OpWork> getWork(Operation *o, const WorkConfig &cfg,
                            bool emitErrors) const {
    auto op = cast<PrimalOp>(o);
    return primalWork(op, op.getCausal(), cfg, emitErrors);
  }
};

/// One step of a stream: the chunk's work, and the state -- two running
/// sums of d floats per batch index, whatever the context length -- read
/// and written once.
struct PrimalStreamWork
    : public WorkOpInterface::ExternalModel<PrimalStreamWork, PrimalStreamOp> {
  FailureOr<OpWork> getWork(Operation *o, const WorkConfig &cfg,
                            bool emitErrors) const {
    auto op = cast<PrimalStreamOp>(o);
    FailureOr<OpWork> w = primalWork(op, /*causal=*/true, cfg, emitErrors);
    if (failed(w))
      return failure();
    w->stateBytes = attn::detail::staticBytes(op.getQSum().getType()) +
                    attn::detail::staticBytes(op.getKSum().getType());
    w->resultBytes += w->stateBytes;
    w->dramBytes += 2 * w->stateBytes;
    w->sramPeakBytes += w->stateBytes;
    w->complexity = "O(T*s*(d+dv)), state O(d)";
    return w;
  }
};

//===----------------------------------------------------------------------===//
// attn.primal_weights
//===----------------------------------------------------------------------===//

struct PrimalWeightsWork
    : public WorkOpInterface::ExternalModel<PrimalWeightsWork,
                                            PrimalWeightsOp> {
  FailureOr<OpWork> getWork(Operation *o, const WorkConfig &,
                            bool emitErrors) const {
    auto op = cast<PrimalWeightsOp>(o);
    if (failed(requireStatic(o, emitErrors)))
      return failure();
    unsigned nb = op.getNumBatchDims();
    ArrayRef<int64_t> x = cast<ShapedType>(op.getX().getType()).getShape();
    ArrayRef<int64_t> th =
        cast<ShapedType>(op.getTheta().getType()).getShape();
    uint64_t batch = attn::detail::product(x.take_front(nb));
    uint64_t d = x[nb + 1], p = th[th.size() - 2], s = th.back();

    OpWork w;
    fillBytes(o, op.getInit(), w);
    w.macs = batch * p * d * s;
    w.complexity = "O(p*d*s)";
    w.gemms = {{batch, d, p, s}};
    w.sramPeakBytes = kF32 * (p * d + p * s + d * s);
    // Only the p sampled rows of X are read from DRAM.
    w.dramBytes = compulsoryBytes(o, w) - w.operandBytes[0] + batch * kF32 * p * d;
    return w;
  }
};

} // namespace

void mlir::attn::detail::registerAttnWorkModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, AttnDialect *) {
    VanillaOp::attachInterface<VanillaWork>(*ctx);
    PrimalOp::attachInterface<PrimalWork>(*ctx);
    PrimalWeightsOp::attachInterface<PrimalWeightsWork>(*ctx);
    PrimalStreamOp::attachInterface<PrimalStreamWork>(*ctx);
  });
}
