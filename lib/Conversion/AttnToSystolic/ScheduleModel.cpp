//===- ScheduleModel.cpp - Analytic cycles of the systolic schedules ------===//
//
// Each function follows its emitter in Vanilla/PrimalSchedule.cpp tile by
// tile. Units are the simulator's: DMA occupancy ceil(bytes / bandwidth)
// plus latency, SCALE-Sim fold cycles on the array, ceil(elems / lanes)
// issues on the vector unit. Overlap is modelled where the schedule allows
// it (docs/systolic.md, "Cost model"):
//   flash        per key block: max(S_{j+1}, softmax_j, loads_{j+1}) + PV_j
//   materialized per query block: max(S, loads) + softmax + store; then GEMM
//   primal       per query block: E,R + moves + max(O, norm of the next)
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Conversion/AttnToSystolic/ScheduleModel.h"

#include "OpShapes.h"
#include "Schedules.h"
#include "attn-mlir/Dialect/Attn/IR/AttnOps.h"
#include "attn-mlir/Target/Systolic/LatencyModel.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MathExtras.h"

#include <vector>

using namespace mlir;
using namespace mlir::attn;
using namespace mlir::attn::systolic;

namespace {

struct Units {
  const TargetDesc &t;
  ScheduleCycles c;

  uint64_t gemm(int64_t m, int64_t k, int64_t n) {
    uint64_t x = scaleSimGemm(t, m, k, n).cycles;
    c.array += x;
    return x;
  }
  /// DMA occupancy of `elems` f32 (the channel is free again after it).
  uint64_t occ(int64_t elems) {
    if (elems <= 0)
      return 0;
    uint64_t x = dmaCycles(t, uint64_t(elems) * 4) - t.dramLatencyCycles;
    c.dma += x;
    return x;
  }
  uint64_t vec(VecOpKind k, int64_t elems) {
    uint64_t x = vectorCycles(t, uint64_t(elems), k);
    c.vector += x;
    return x;
  }
};

/// Free times of the four units, carried from tile to tile.
struct Timeline {
  uint64_t load = 0, store = 0, arr = 0, vec = 0;
  /// Primal: when the last GEMMs reading W_e/W_r and W_c finished.
  uint64_t erDone = 0, outDone = 0;
  /// When the previous op's last store landed.
  uint64_t opEnd = 0;
};

/// One query block of the flash schedule, as a recurrence over its key
/// blocks: the array runs S_{j+1} while the vector unit runs softmax_j;
/// softmax_j's last op (O *= alpha) waits for PV_{j-1}; PV_j waits for
/// softmax_j. Returns when the block's output has been stored.
uint64_t flashBlock(Units &u, Timeline &tl, const VanillaShape &s, bool mask,
                    const FlashPlan &p, int64_t q0, int64_t qn) {
  using K = VecOpKind;
  const uint64_t lat = u.t.dramLatencyCycles;
  const int64_t mEnd = s.causal ? std::min(s.m, q0 + qn) : s.m;
  const int64_t blocks = (mEnd + p.bk - 1) / p.bk;
  auto kn = [&](int64_t j) { return std::min(p.bk, s.m - j * p.bk); };
  // Q: one DMA, then scaled on the vector unit.
  tl.load += u.occ(qn * s.d);
  uint64_t qReady = std::max(tl.vec, tl.load + lat) + u.vec(K::Mul, qn * s.d);
  tl.vec = qReady + u.vec(K::Add, qn * s.dv + 2 * qn); // fills
  std::vector<uint64_t> sDone(blocks), vLand(blocks), mLand(blocks);
  auto scores = [&](int64_t j) {
    tl.load += u.occ(kn(j) * s.d);
    uint64_t kLand = tl.load + lat;
    tl.load += u.occ(kn(j) * s.dv);
    vLand[j] = tl.load + lat;
    if (mask)
      tl.load += u.occ(qn * kn(j));
    mLand[j] = tl.load + lat;
    uint64_t start = std::max({tl.arr, kLand, qReady});
    tl.arr = sDone[j] = start + u.gemm(qn, s.d, kn(j));
  };
  scores(0);
  uint64_t pvDone = 0;
  for (int64_t j = 0; j < blocks; ++j) {
    if (j + 1 < blocks)
      scores(j + 1);
    const int64_t e = qn * kn(j);
    uint64_t soft = u.vec(K::Max, e) + u.vec(K::Max, qn) + u.vec(K::Add, qn) +
                    u.vec(K::Exp, qn) + u.vec(K::Add, e) + u.vec(K::Exp, e) +
                    u.vec(K::Add, e) + u.vec(K::Mul, qn) + u.vec(K::Add, qn) +
                    u.vec(K::Add, qn) + u.vec(K::Add, e);
    if (mask)
      soft += u.vec(K::Add, e);
    if (s.causal && j * p.bk + kn(j) - 1 > q0)
      soft += u.vec(K::Add, e);
    uint64_t rescale = u.vec(K::Mul, qn * s.dv);
    uint64_t softDone = std::max({tl.vec, sDone[j], mLand[j]}) + soft;
    tl.vec = std::max(softDone, pvDone) + rescale;
    tl.arr = pvDone = std::max({tl.arr, tl.vec, vLand[j]}) +
                      u.gemm(qn, kn(j), s.dv);
  }
  // Epilogue: 1/l, rescale (after the last PV), store.
  tl.vec = std::max(tl.vec + u.vec(K::Div, qn), pvDone) +
           u.vec(K::Mul, qn * s.dv);
  uint64_t occ = u.occ(qn * s.dv);
  tl.store = std::max(tl.store, tl.vec) + occ;
  return tl.store + lat;
}

/// The tiled GEMM of emitGemm: A/B tiles ping-pong in the scratchpad,
/// output tiles in the accumulator. Loads may not start before `ready`.
uint64_t gemmModel(Units &u, Timeline &tl, const ScheduleEmitter &e,
                   int64_t M, int64_t K, int64_t N, uint64_t ready) {
  const uint64_t lat = u.t.dramLatencyCycles;
  GemmTiles t = chooseGemmTiles(e, M, K, N);
  tl.load = std::max(tl.load, ready);
  uint64_t mmDone[2] = {0, 0}, outFree[2] = {0, 0}, end = 0;
  unsigned kStep = 0, outStep = 0;
  for (int64_t i = 0; i < M; i += t.tm)
    for (int64_t j = 0; j < N; j += t.tn) {
      int64_t mi = std::min(t.tm, M - i), nj = std::min(t.tn, N - j);
      unsigned o = outStep++ % 2;
      for (int64_t l = 0; l < K; l += t.tk) {
        int64_t kl = std::min(t.tk, K - l);
        unsigned b = kStep++ % 2;
        // The buffer is free once the matmul two steps back has read it.
        tl.load = std::max(tl.load, mmDone[b]) + u.occ(mi * kl + kl * nj);
        uint64_t start = std::max({tl.arr, tl.load + lat,
                                   l == 0 ? outFree[o] : uint64_t(0)});
        tl.arr = mmDone[b] = start + u.gemm(mi, kl, nj);
      }
      tl.store = std::max(tl.store, tl.arr) + u.occ(mi * nj);
      outFree[o] = end = tl.store + lat;
    }
  return end;
}

uint64_t materialized(Units &u, Timeline &tl, const ScheduleEmitter &e,
                      const VanillaShape &s, bool mask,
                      const MaterializedPlan &p) {
  using K = VecOpKind;
  const uint64_t lat = u.t.dramLatencyCycles;
  uint64_t stored = 0;
  for (int64_t q0 = 0; q0 < s.n; q0 += p.bq) {
    const int64_t qn = std::min(p.bq, s.n - q0), row = qn * s.m;
    // Q waits for the previous block's last S (it overwrites Q).
    tl.load = std::max(tl.load, tl.arr) + u.occ(qn * s.d);
    uint64_t qReady =
        std::max(tl.vec, tl.load + lat) + u.vec(K::Mul, qn * s.d);
    tl.vec = qReady;
    for (int64_t k0 = 0; k0 < s.m; k0 += p.bk) {
      const int64_t kn = std::min(p.bk, s.m - k0);
      tl.load += u.occ(kn * s.d);
      // S overwrites the score rows the previous block stored.
      uint64_t start = std::max({tl.arr, tl.load + lat, qReady, stored});
      tl.arr = start + u.gemm(qn, s.d, kn);
      if (mask) {
        tl.load += u.occ(qn * kn);
        tl.vec = std::max({tl.vec, tl.arr, tl.load + lat}) +
                 u.vec(K::Add, qn * kn);
      }
    }
    tl.vec = std::max(tl.vec, tl.arr) + (s.causal ? u.vec(K::Add, row) : 0) +
             u.vec(K::Max, row) + u.vec(K::Add, row) + u.vec(K::Exp, row) +
             u.vec(K::Add, row) + u.vec(K::Div, qn) + u.vec(K::Mul, row);
    tl.store = std::max(tl.store, tl.vec) + u.occ(row);
    stored = tl.store + lat;
  }
  return gemmModel(u, tl, e, s.n, s.m, s.dv, stored);
}

uint64_t primalModel(Units &u, Timeline &tl, const PrimalShape &s, bool bias,
                     int64_t bq) {
  using K = VecOpKind;
  const uint64_t lat = u.t.dramLatencyCycles;
  // Weights are reloaded per batch instance, each over the copy the
  // previous instance's GEMMs read.
  tl.load = std::max(tl.load, tl.erDone) + u.occ(2 * s.d * s.s);
  tl.load = std::max(tl.load, tl.outDone) + u.occ(2 * s.s * s.dv);
  const uint64_t weights = tl.load + lat;
  uint64_t oFree[2] = {0, 0}, end = 0;
  for (int64_t q0 = 0, j = 0; q0 < s.n; q0 += bq, ++j) {
    const int64_t qn = std::min(bq, s.n - q0);
    tl.load += u.occ(qn * s.d);
    uint64_t qReady = tl.load + lat;
    tl.load += u.occ(qn * s.d);
    uint64_t kReady = tl.load + lat;
    if (s.l2) {
      auto norm = [&]() {
        return u.vec(K::Mul, qn * s.d) + u.vec(K::Add, qn * s.d) +
               u.vec(K::Max, qn) + u.vec(K::Sqrt, qn) +
               u.vec(K::Mul, qn * s.d);
      };
      qReady = tl.vec = std::max(tl.vec, qReady) + norm();
      kReady = tl.vec = std::max(tl.vec, kReady) + norm();
    }
    uint64_t eDone = tl.arr =
        std::max({tl.arr, qReady, weights}) + u.gemm(qn, s.d, s.s);
    tl.arr = tl.erDone = std::max(tl.arr, kReady) + u.gemm(qn, s.d, s.s);
    uint64_t eMoved = tl.vec = std::max(tl.vec, eDone) + u.vec(K::Add, qn * s.s);
    tl.vec = std::max(tl.vec, tl.arr) + u.vec(K::Add, qn * s.s);
    uint64_t oReady = oFree[j % 2];
    if (bias) {
      tl.load = std::max(tl.load, oReady) + u.occ(qn * s.dv);
      oReady = tl.load + lat;
    }
    tl.arr = std::max({tl.arr, eMoved, oReady}) + u.gemm(qn, s.s, s.dv);
    tl.arr = tl.outDone = std::max(tl.arr, tl.vec) + u.gemm(qn, s.s, s.dv);
    tl.store = std::max(tl.store, tl.arr) + u.occ(qn * s.dv);
    oFree[j % 2] = end = tl.store + lat;
  }
  return end;
}

/// Every state a batch instance updates: the units' free times, their busy
/// totals and the op's own carried values.
SmallVector<uint64_t *> stateOf(Units &u, Timeline &tl,
                                std::initializer_list<uint64_t *> own) {
  SmallVector<uint64_t *> v = {&tl.load,   &tl.store,   &tl.arr,
                               &tl.vec,    &tl.erDone,  &tl.outDone,
                               &tl.opEnd,  &u.c.array,  &u.c.dma,
                               &u.c.vector};
  v.append(own.begin(), own.end());
  return v;
}

/// Runs `step` for `count` identical batch instances. The timeline is a
/// max-plus recurrence (every state is a max of states plus constants), and
/// such a recurrence settles into a regime where each instance moves every
/// state by fixed amounts. Once two instances in a row move every state by
/// the same amounts, the rest is extrapolated; the schedules here reach
/// that after a few instances, and the unit tests assert the result equals
/// walking every instance. That keeps the model's time linear in one
/// instance instead of in the number of (batch, head) slices
/// (attn-ir-fuzzer found attn-cost stuck on an op with 10^10 slices).
template <typename Step>
void repeatInstances(int64_t count, ArrayRef<uint64_t *> state, bool extrapolate,
                     Step step) {
  SmallVector<uint64_t> prev, cur, delta, prevDelta;
  auto read = [&](SmallVectorImpl<uint64_t> &out) {
    out.clear();
    for (uint64_t *v : state)
      out.push_back(*v);
  };
  read(prev);
  for (int64_t b = 0; b < count; ++b) {
    step();
    read(cur);
    delta.clear();
    bool monotone = true;
    for (auto [c, p] : llvm::zip_equal(cur, prev)) {
      monotone &= c >= p;
      delta.push_back(c - p);
    }
    if (extrapolate && monotone && delta == prevDelta) {
      uint64_t rest = uint64_t(count - 1 - b);
      for (auto [v, d] : llvm::zip_equal(state, delta))
        *v = llvm::SaturatingMultiplyAdd(d, rest, *v);
      return;
    }
    prevDelta = delta;
    std::swap(prev, cur);
  }
}

} // namespace

/// One op on the units' timeline `tl`; returns when its last store landed.
static std::optional<uint64_t> modelOp(Operation *op, Units &u, Timeline &tl,
                                       VanillaStrategy strategy,
                                       bool extrapolate) {
  const TargetDesc &t = u.t;
  Program prog;
  prog.target = t;
  ScheduleEmitter e(prog);
  std::string why;
  if (auto v = dyn_cast<VanillaOp>(op)) {
    std::optional<BatchedVanilla> bv = vanillaShapeOf(v);
    if (!bv || v.getQueryOffset())
      return std::nullopt;
    const VanillaShape &s = bv->s;
    const int64_t batch = bv->batch;
    bool mask = bool(v.getMask());
    // Batch instances run back to back on the same units.
    uint64_t end = 0;
    SmallVector<uint64_t *> state = stateOf(u, tl, {&end});
    if (strategy == VanillaStrategy::Flash) {
      auto plan = planFlash(e, s, mask, why);
      // The model's time grows with the tiles of one slice (slices are
      // extrapolated); decline what the lowering could not emit either.
      if (!plan || checkProgramSize(1, llvm::divideCeil(s.n, plan->bq) *
                                           llvm::divideCeil(s.m, plan->bk)))
        return std::nullopt;
      repeatInstances(batch, state, extrapolate, [&] {
        for (int64_t q0 = 0; q0 < s.n; q0 += plan->bq)
          end = std::max(end, flashBlock(u, tl, s, mask, *plan, q0,
                                         std::min(plan->bq, s.n - q0)));
      });
    } else {
      auto plan = planMaterialized(e, s, mask, why);
      if (!plan || checkProgramSize(1, llvm::divideCeil(s.n, plan->bq) *
                                           llvm::divideCeil(s.m, plan->bk)))
        return std::nullopt;
      repeatInstances(batch, state, extrapolate,
                      [&] { end = materialized(u, tl, e, s, mask, *plan); });
    }
    return end;
  }
  if (auto p = dyn_cast<PrimalOp>(op)) {
    std::optional<BatchedPrimal> bp = primalShapeOf(p);
    if (!bp || p.getCausal())
      return std::nullopt;
    const PrimalShape &s = bp->s;
    const int64_t batch = bp->batch;
    auto bq = planPrimal(e, s, why);
    if (!bq || checkProgramSize(1, llvm::divideCeil(s.n, *bq)))
      return std::nullopt;
    uint64_t end = 0;
    repeatInstances(batch, stateOf(u, tl, {&end}), extrapolate, [&] {
      end = primalModel(u, tl, s, bool(p.getBias()), *bq);
    });
    return end;
  }
  if (auto w = dyn_cast<PrimalWeightsOp>(op)) {
    std::optional<BatchedWeights> bw = weightsShapeOf(w);
    if (!bw)
      return std::nullopt;
    const int64_t batch = bw->batch, d = bw->d, pp = bw->p, s = bw->s;
    if (!checkPrimalWeights(e, pp, d, s, why) ||
        checkProgramSize(1, uint64_t(pp)))
      return std::nullopt;
    // Per batch: gather p rows and Theta, one GEMM, store W; the next
    // batch's rows overwrite the scratchpad the GEMM read.
    // The first gathered rows are free again once the first fold has read
    // them; the channel then stays ahead of the later folds.
    uint64_t end = tl.opEnd, firstFold = tl.arr;
    const uint64_t foldCycles =
        scaleSimGemm(t, std::min<int64_t>(d, e.mCap()),
                     std::min<int64_t>(pp, e.kCap()),
                     std::min<int64_t>(s, e.nCap()))
            .cycles;
    repeatInstances(batch, stateOf(u, tl, {&end, &firstFold}), extrapolate,
                    [&] {
      tl.load = std::max(tl.load, firstFold);
      for (int64_t i = 0; i < pp; ++i)
        tl.load += u.occ(d);
      tl.load += u.occ(pp * s);
      uint64_t start =
          std::max({tl.arr, tl.load + t.dramLatencyCycles, end});
      firstFold = start + foldCycles;
      tl.arr = start + u.gemm(d, pp, s);
      tl.store = std::max(tl.store, tl.arr) + u.occ(d * s);
      end = tl.store + t.dramLatencyCycles;
    });
    return end;
  }
  return std::nullopt;
}

std::optional<ScheduleCycles>
mlir::attn::systolic::modelScheduleCycles(Operation *op, const TargetDesc &t,
                                          VanillaStrategy strategy,
                                          bool extrapolate) {
  Units u{t, {}};
  Timeline tl;
  std::optional<uint64_t> end = modelOp(op, u, tl, strategy, extrapolate);
  if (!end)
    return std::nullopt;
  return ScheduleCycles{u.c.array, u.c.dma, u.c.vector, *end};
}

std::optional<ScheduleCycles>
mlir::attn::systolic::modelFunctionCycles(Block &body, const TargetDesc &t,
                                          VanillaStrategy strategy) {
  Units u{t, {}};
  Timeline tl;
  DenseMap<Value, uint64_t> ready;
  uint64_t end = 0;
  bool any = false;
  for (Operation &op : body) {
    if (!isa<VanillaOp, PrimalOp, PrimalWeightsOp>(op))
      continue;
    any = true;
    // An operand another op produced is in DRAM once that op's store
    // landed. Every op reuses the same scratchpad and accumulator
    // addresses, so its loads wait for the previous op's array work and
    // its first array op for the previous op's stores.
    uint64_t inputs = 0;
    for (Value v : op.getOperands())
      inputs = std::max(inputs, ready.lookup(v));
    tl.load = std::max({tl.load, tl.arr, inputs});
    tl.arr = std::max(tl.arr, tl.opEnd);
    tl.vec = std::max(tl.vec, tl.opEnd);
    std::optional<uint64_t> e = modelOp(&op, u, tl, strategy, true);
    if (!e)
      return std::nullopt;
    tl.opEnd = *e;
    ready[op.getResult(0)] = *e;
    end = std::max(end, *e);
  }
  if (!any)
    return std::nullopt;
  return ScheduleCycles{u.c.array, u.c.dma, u.c.vector, end};
}
