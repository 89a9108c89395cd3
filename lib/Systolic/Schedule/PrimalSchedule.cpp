//===- PrimalSchedule.cpp - Primal-Attention on the array -----------------===//
//
// Everything but the row norm is a GEMM: e = phi(Q) W_e, r = phi(K) W_r and
// O = e W_c[0:s] + r W_c[s:2s] (+ b_c). The l2 feature map scales rows, so
// it commutes with the right-multiplication: phi(X) W = diag(1/|x|) (X W).
// The array therefore starts on the raw Q and K as soon as they arrive,
// while the vector unit computes the norms; the scaling is applied when e
// and r move from the accumulator to the scratchpad (the move is needed
// anyway: matmul reads its operands from sp). Weights and the bias row stay
// resident in the scratchpad; see PrimalLayout for what is double-buffered.
// docs/systolic.md, "Primal", says why these choices.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <functional>
#include <limits>

using namespace mlir::attn::systolic;

namespace {
/// Where everything lives, for query blocks of `bq` rows. Each fold streams
/// the block's bq rows after a fixed fill/drain, so bq sets the array's
/// efficiency: the layout keeps per-row storage small.
///
/// * Q and K have one buffer each or two (PrimalPlan::qkBuffers). With one,
///   the load channel refills Q as soon as block j's Q W_e and norms have
///   read it (a third of the way into the block's array work) and K after
///   K W_r; where the array is the bottleneck (gemmini, edge) both still
///   arrive before block j+1's folds need them, and the memory saved goes
///   into longer blocks. Where the load channel is (tpu-v1), two buffers
///   let it run a whole block ahead.
/// * e and r need one buffer (block j+1 moves them after its Q W_e, which
///   the array runs after block j's O).
/// * O is computed one array-width column chunk at a time in two
///   accumulator slots, so that the store channel writes chunk c while the
///   array computes chunk c+1. The slots may reuse e's and r's space
///   (PrimalAcc::Shared): the accumulator holds e and r only until the
///   vector unit has moved them (scaled) to the scratchpad, so sharing
///   leaves room for longer blocks where the accumulator is small
///   (gemmini), at the price of block j+1's Q W_e waiting for the stores
///   of block j's O, which does not pay where it is large (tpu-v1).
/// * PrimalAcc::Slots goes further: e and r column by column and O chunk
///   by chunk through the same two slots (emitPrimalSlots), plus one O
///   chunk in the scratchpad.
/// * The squares for the row norms go through a buffer one chunk wide.
struct PrimalLayout {
  // Scratchpad: W_e | W_r | W_c | b_c | squares (chunk wide) | e | r |
  // norms of Q, K | partial norm | [O chunk (Slots)] | per buffer: Q, K.
  int64_t weS, wrS, wcS, biasS, sqS, sqW, eS, rS, nqS, nkS, ntS, outS, blkS,
      blk, spadEnd;
  // Accumulator: e | r, O chunk slots over them or beside them; or (Slots)
  // two slots of one array width that everything takes in turn.
  int64_t eA, rA, oA[2], accEnd;
  int64_t chunk; // O's column chunk: one fold's width
  int64_t piece; // Slots: e's and r's column pieces, one fold's width
  int64_t slotLd;
};
} // namespace

/// Whether O's chunks leave through the scratchpad (a move, then the
/// store) rather than straight from the accumulator: with Slots, so that
/// the slot frees up as soon as the move has read it; and on targets whose
/// scratchpad is narrower than the accumulator, for every plan, so that
/// O has the element type whichever plan the shape gets.
static bool oViaSpad(const ScheduleEmitter &e, const PrimalPlan &plan) {
  return plan.acc == PrimalAcc::Slots || e.narrowElems();
}

static PrimalLayout layout(const ScheduleEmitter &e, const PrimalShape &s,
                           const PrimalPlan &plan) {
  const int64_t d = s.d, r = s.s, dv = s.dv, bq = plan.bq;
  PrimalLayout l;
  l.chunk = std::min(dv, e.nCap());
  l.sqW = std::min(d, e.nCap());
  l.weS = 0;
  l.wrS = d * r;
  l.wcS = plan.weightBuffers * 2 * d * r;
  l.biasS = l.wcS + 2 * r * dv;
  l.sqS = l.biasS + dv;
  l.eS = l.sqS + (s.l2 ? bq * l.sqW : 0);
  l.rS = l.eS + bq * r;
  l.nqS = l.rS + bq * r;
  l.nkS = l.nqS + bq;
  l.ntS = l.nkS + bq;
  l.outS = l.ntS + bq;
  l.blkS = l.outS + (oViaSpad(e, plan) ? bq * l.chunk : 0);
  l.blk = 2 * bq * d;
  l.spadEnd = l.blkS + plan.qkBuffers * l.blk;
  l.piece = std::min(r, e.nCap());
  if (plan.acc == PrimalAcc::Slots) {
    l.slotLd = std::max(l.piece, l.chunk);
    l.eA = l.rA = 0;
    l.oA[0] = 0;
    l.oA[1] = bq * l.slotLd;
    l.accEnd = 2 * bq * l.slotLd;
    return l;
  }
  l.eA = 0;
  l.rA = bq * r;
  if (plan.acc == PrimalAcc::Shared) {
    const int64_t slot = bq * std::max(r, l.chunk);
    l.oA[0] = 0;
    l.oA[1] = slot;
    l.accEnd = std::max(2 * bq * r, slot + bq * l.chunk);
  } else {
    l.oA[0] = 2 * bq * r;
    l.oA[1] = l.oA[0] + bq * l.chunk;
    l.accEnd = l.oA[1] + bq * l.chunk;
  }
  return l;
}

/// Whether emitPrimalBatch may chain the slices of `batch` (and will, with
/// a Slots plan): there are several, and each one's Q and K rows follow
/// the previous one's.
static bool slicesMayChain(llvm::ArrayRef<int64_t> batch, bool contiguous) {
  return contiguous && llvm::product_of(batch) > 1;
}

/// Simulated cycles of `slices` batch slices with `plan`, chained when
/// they may be (emitPrimalBatch).
static double primalCycles(const ScheduleEmitter &e, const PrimalShape &s,
                           const PrimalPlan &plan, int64_t slices) {
  ScratchProgram scratch(e.target());
  scratch.buffer("q", BufferKind::Input, slices * s.n, s.d);
  scratch.buffer("k", BufferKind::Input, slices * s.n, s.d);
  scratch.buffer("we", BufferKind::Input, s.d, s.s);
  scratch.buffer("wr", BufferKind::Input, s.d, s.s);
  scratch.buffer("wc", BufferKind::Input, 2 * s.s, s.dv);
  scratch.buffer("o", BufferKind::Output, slices * s.n, s.dv);
  ScheduleEmitter se(scratch.p);
  const int64_t batch[] = {slices};
  emitPrimalBatch(se, s, plan, batch, /*contiguous=*/true,
                  [&](llvm::ArrayRef<Expr> idx) {
                    const Expr x = idx[0] * (s.n * s.d);
                    return PrimalOperands{{"q", x, s.d},
                                          {"k", x, s.d},
                                          {"we", Expr(0), s.s},
                                          {"wr", Expr(0), s.s},
                                          {"wc", Expr(0), s.dv},
                                          {"o", idx[0] * (s.n * s.dv), s.dv},
                                          std::nullopt};
                  });
  return scratch.cycles();
}

std::optional<PrimalPlan> mlir::attn::systolic::planPrimal(
    const ScheduleEmitter &e, const PrimalShape &s,
    llvm::ArrayRef<int64_t> batch, bool contiguous, std::string &why) {
  const bool chained = slicesMayChain(batch, contiguous);
  // Per buffering and accumulator layout, the largest block that fits is
  // the most efficient one (up to a cap that keeps the pipeline's prologue
  // short), then as few blocks as that allows, all of about the same size
  // (a short last block pays a whole fill/drain per fold for few rows);
  // the fastest wins.
  const int64_t cap =
      std::min<int64_t>(s.n, std::max<int64_t>(512, 4 * e.unit()));
  std::optional<PrimalPlan> best;
  double bestCycles = 0;
  // The largest block of one combination that fits, priced.
  auto tryPlan = [&](PrimalPlan plan) {
    for (int64_t bq = cap; bq >= 1;) {
      plan.bq = bq;
      PrimalLayout l = layout(e, s, plan);
      if (l.spadEnd > e.spadCap() || l.accEnd > e.accCap()) {
        bq = bq > e.unit() ? (bq - 1) / e.unit() * e.unit() : bq - 1;
        continue;
      }
      const int64_t blocks = (s.n + bq - 1) / bq;
      plan.bq = (s.n + blocks - 1) / blocks;
      // Two slices where they chain: a slice's start then costs what it
      // costs inside a batch.
      double cycles = primalCycles(e, s, plan, chained ? 2 : 1);
      if (!best || cycles < bestCycles)
        best = plan, bestCycles = cycles;
      return;
    }
  };
  for (int64_t buffers : {1, 2})
    for (PrimalAcc acc :
         {PrimalAcc::Shared, PrimalAcc::Beside, PrimalAcc::Slots}) {
      tryPlan({0, buffers, acc, 1});
      // Chained slices of the per-block layouts may alternate two weight
      // buffers (a Slots chain overlaps its slices another way).
      if (chained && acc != PrimalAcc::Slots)
        tryPlan({0, buffers, acc, 2});
    }
  if (best)
    return best;
  why = llvm::formatv("primal: the resident weights (2*d*s + 2*s*dv = {0} "
                      "elements) and one query row do not fit the scratchpad "
                      "({1} elements) and accumulator ({2} elements)",
                      2 * s.d * s.s + 2 * s.s * s.dv, e.spadCap(),
                      e.accCap());
  return std::nullopt;
}

/// dst (sp) = src (acc), each row scaled by the norms nS when the feature
/// map is l2.
static void moveScaled(ScheduleEmitter &e, const PrimalShape &s,
                       const Ref &dst, const Ref &src, int64_t nS, int64_t qn,
                       int64_t cols) {
  if (s.l2)
    e.vec(Opcode::VMul, dst, src, sp(nS, 1, 0), qn, cols);
  else
    e.vec(Opcode::VMov, dst, src, {}, qn, cols);
}

/// O chunk [q0, q0 + qn) x [c0, c0 + cw) in the accumulator window `slot`:
/// the bias row (or nothing), + e W_c[0:s, c] + r W_c[s:2s, c]; `between`
/// runs before it leaves (Slots: the next block's norm steps), then it is
/// stored, through the scratchpad when oViaSpad.
static void emitOChunk(ScheduleEmitter &e, const PrimalShape &s,
                       const PrimalOperands &ops, const PrimalPlan &plan,
                       const PrimalLayout &l, const Expr &q0, int64_t qn,
                       int64_t c0, int64_t cw, const Ref &slot,
                       llvm::function_ref<void()> between) {
  const int64_t r = s.s, dv = s.dv;
  if (ops.bias) // ld 0: the resident row for every query row
    e.vec(Opcode::VMov, slot, sp(l.biasS + c0, 0), {}, qn, cw);
  e.matmul(slot, sp(l.eS, r), sp(l.wcS + c0, dv), qn, r, cw, bool(ops.bias));
  e.matmul(slot, sp(l.rS, r), sp(l.wcS + r * dv + c0, dv), qn, r, cw, true);
  between();
  const DramMat dst{ops.out.sym, ops.out.off + q0 * ops.out.ld + c0,
                    ops.out.ld};
  if (!oViaSpad(e, plan))
    return e.mvout(dst, slot, qn, cw);
  e.vec(Opcode::VMov, sp(l.outS, l.chunk), slot, {}, qn, cw);
  e.mvout(dst, sp(l.outS, l.chunk), qn, cw);
}

namespace {
/// One step of a block's row norms (a squares chunk of Q or K, or the
/// rsqrt), with its vector-unit cycles.
struct NormStep {
  std::function<void()> emit;
  uint64_t cycles;
};
} // namespace

/// The row norms of one block, n = 1 / max(|x|, 1e-12) per row of Q and
/// of K (qn x d windows in sp): rsqrt(max(sum x^2, 1e-24)), the squares
/// summed chunk by chunk through the chunk-wide squares buffer (partial
/// sums in ntS). As separate steps, Q's then K's, so that the Slots
/// schedule can place them where the vector unit would otherwise idle: it
/// runs in program order, and the moves that free the slots must not wait
/// behind a block's worth of norms. The other layouts run them in a row.
static std::vector<NormStep> normSteps(ScheduleEmitter &e,
                                       const PrimalLayout &l, const Expr &qS,
                                       const Expr &kS, int64_t qn, int64_t d) {
  const TargetDesc &t = e.target();
  std::vector<NormStep> steps;
  for (auto [xS, nS] : {std::pair<Expr, int64_t>{qS, l.nqS}, {kS, l.nkS}}) {
    for (int64_t c0 = 0; c0 < d; c0 += l.sqW) {
      const int64_t cw = std::min(l.sqW, d - c0);
      steps.push_back(
          {[&e, &l, xS, nS, c0, cw, qn, d] {
             e.vec(Opcode::VMul, sp(l.sqS, l.sqW), sp(xS + Expr(c0), d),
                   sp(xS + Expr(c0), d), qn, cw);
             e.vec(Opcode::VRowSum, sp(c0 ? l.ntS : nS, 1), sp(l.sqS, l.sqW),
                   {}, qn, cw);
             if (c0)
               e.vec(Opcode::VAdd, sp(nS, 1), sp(nS, 1), sp(l.ntS, 1), qn, 1);
           },
           vectorCycles(t, qn * cw, VecOpKind::Mul) +
               vectorCycles(t, qn * cw, VecOpKind::Add) +
               (c0 ? vectorCycles(t, qn, VecOpKind::Add) : 0)});
    }
    steps.push_back({[&e, nS, qn] {
                       e.vec(Opcode::VMaxS, sp(nS, 1), sp(nS, 1), {}, qn, 1,
                             1e-24f);
                       e.vec(Opcode::VRsqrt, sp(nS, 1), sp(nS, 1), {}, qn, 1);
                     },
                     vectorCycles(t, qn, VecOpKind::Max) +
                         vectorCycles(t, qn, VecOpKind::Sqrt)});
  }
  return steps;
}

namespace {
/// How a Slots slice links to its neighbours (emitPrimalBatch): the
/// previous slice has loaded this slice's first block and run `ahead` of
/// its norm steps (and W_c and the bias are resident); the next slice's
/// rows follow this one's, and its first block is this slice's last
/// block's successor.
struct PrimalChain {
  bool continued = false, next = false;
};
} // namespace

/// PrimalAcc::Slots: e, r and O go through two accumulator slots one fold
/// wide, in turn; each piece's scaled move frees its slot for the piece
/// after next, and O chunks are moved to the scratchpad and stored from
/// there, which frees a slot sooner than storing from the accumulator.
/// The row norms are placed by estimated time where the vector unit would
/// idle: block j's first `ahead` norm steps during block j-1's O chunks
/// (once its Q and K are loaded), the rest at block j's start and between
/// its moves -- Q's before its first e move, K's before its first r move.
static void emitPrimalSlots(ScheduleEmitter &e, const PrimalShape &s,
                            const PrimalOperands &ops, const PrimalPlan &plan,
                            const PrimalLayout &l, PrimalChain chain) {
  const TargetDesc &t = e.target();
  const int64_t d = s.d, r = s.s, dv = s.dv, bq = plan.bq;
  auto qS = [&](const Expr &j) {
    return Expr(l.blkS) + (plan.qkBuffers == 2 ? (j % 2) * l.blk : Expr(0));
  };
  auto kS = [&](const Expr &j) { return qS(j) + Expr(bq * d); };
  // Q's and K's rows of one block; at the program's start in column pieces
  // (the norms' chunks), so that the array and the vector unit start on the
  // first piece instead of waiting for the whole block. (Later blocks
  // arrive while the previous block's O chunks run: one DMA each.)
  // With `weights` (the start too), W_e ahead of Q and W_r ahead of K.
  auto load = [&](const Expr &q0, int64_t qn, const Expr &j,
                  bool pieces = false, bool weights = false) {
    struct Operand {
      const DramMat &x, &w;
      Expr xS;
      int64_t wS;
    };
    const int64_t pw = pieces ? l.sqW : d;
    for (const Operand &o : {Operand{ops.q, ops.we, qS(j), l.weS},
                             Operand{ops.k, ops.wr, kS(j), l.wrS}}) {
      if (weights)
        e.mvin(sp(o.wS, r), o.w, d, r);
      for (int64_t c0 = 0; c0 < d; c0 += pw)
        e.mvin(sp(o.xS + Expr(c0), d),
               {o.x.sym, o.x.off + q0 * o.x.ld + Expr(c0), o.x.ld}, qn,
               std::min(pw, d - c0));
    }
  };
  auto norms = [&](const Expr &j, int64_t qn) {
    if (!s.l2)
      return std::vector<NormStep>{};
    return normSteps(e, l, qS(j), kS(j), qn, d);
  };
  const int64_t slot[2] = {l.oA[0], l.oA[1]};
  const uint64_t kUnset = ~uint64_t(0);
  // Block j at row q0, `next` rows after it (0: none) in buffer `nextJ`'s
  // parity. Its norm steps from `from` on are still to be emitted; it
  // emits `ahead` of the next block's (kUnset: as many as fit, returned --
  // a dry run, `emit` false, only counts).
  auto block = [&](const Expr &q0, int64_t qn, const Expr &j, int64_t next,
                   const Expr &nextJ, size_t from, uint64_t ahead,
                   bool emit) -> size_t {
    // Estimated cycles since the block's start: array and vector unit.
    uint64_t arr = 0, vec = 0;
    auto run = [&](NormStep &step) {
      if (emit)
        step.emit();
      vec += step.cycles;
    };
    std::vector<NormStep> own = norms(j, qn);
    const size_t half = own.size() / 2;
    size_t idx = from;
    // Steps that fit before the vector unit is needed at `until`; all of
    // them up to `must` in any case.
    auto fill = [&](std::vector<NormStep> &steps, size_t &i, size_t limit,
                    size_t must, uint64_t until) {
      while (i < limit && (i < must || vec + steps[i].cycles <= until))
        run(steps[i++]);
    };
    // `times` back-to-back m×k·k×n products on the array; returns when the
    // last one's result has landed.
    auto matmul = [&](int64_t m, int64_t kk, int64_t n, unsigned times) {
      ArrayTiming a = arrayTiming(t, m, kk, n);
      arr += times * a.occupancy;
      return arr + (a.latency - a.occupancy);
    };
    auto vecOp = [&](uint64_t ready, uint64_t elems, VecOpKind kind) {
      vec = std::max(vec, ready) + vectorCycles(t, elems, kind);
    };
    int64_t k = 0;
    auto project = [&](const Expr &xS, int64_t wS, int64_t dstS, int64_t nS,
                       size_t must) {
      for (int64_t c0 = 0; c0 < r; c0 += l.piece) {
        const int64_t cw = std::min(l.piece, r - c0), a = slot[k++ % 2];
        if (emit)
          e.matmul(acc(a, l.slotLd), sp(xS, d), sp(wS + c0, r), qn, d, cw,
                   false);
        const uint64_t ready = matmul(qn, d, cw, 1);
        fill(own, idx, own.size(), must, ready);
        if (emit)
          moveScaled(e, s, sp(dstS + c0, r), acc(a, l.slotLd), nS, qn, cw);
        vecOp(ready, qn * cw, VecOpKind::Mul);
      }
    };
    project(qS(j), l.weS, l.eS, l.nqS, half);
    project(kS(j), l.wrS, l.rS, l.nkS, own.size());
    std::vector<NormStep> steps;
    if (next) {
      if (emit)
        load(q0 + Expr(qn), next, nextJ);
      steps = norms(nextJ, next);
    }
    const size_t limit = std::min<uint64_t>(steps.size(), ahead);
    size_t done = 0;
    for (int64_t c0 = 0; c0 < dv; c0 += l.chunk) {
      const int64_t cw = std::min(l.chunk, dv - c0), a = slot[k++ % 2];
      if (ops.bias)
        vecOp(vec, qn * cw, VecOpKind::Add);
      const uint64_t ready = matmul(qn, r, cw, 2);
      auto between = [&] {
        const bool last = c0 + l.chunk >= dv;
        fill(steps, done, limit, last && ahead != kUnset ? limit : 0, ready);
        vecOp(ready, qn * cw, VecOpKind::Add);
      };
      if (emit)
        emitOChunk(e, s, ops, plan, l, q0, qn, c0, cw, acc(a, l.slotLd),
                   between);
      else
        between();
    }
    return done;
  };

  const int64_t full = s.n / bq, rem = s.n % bq, count = full + (rem ? 1 : 0);
  auto sizeOf = [&](int64_t i) { return i < full ? bq : rem; };
  // How many of its successor's norm steps a full block has room for.
  const uint64_t ahead = block(Expr(0), bq, Expr(0), bq, Expr(1), 0, kUnset,
                               /*emit=*/false);
  // A slice's weights; at the start (not continued) block 0's Q and K with
  // them, then W_c and the bias (needed only by its O chunks; resident for
  // the rest of a chain).
  if (chain.continued) {
    e.mvin(sp(l.weS, r), ops.we, d, r);
    e.mvin(sp(l.wrS, r), ops.wr, d, r);
  } else {
    load(Expr(0), sizeOf(0), Expr(0), /*pieces=*/true, /*weights=*/true);
    e.mvin(sp(l.wcS, dv), ops.wc, 2 * r, dv);
    if (ops.bias)
      e.mvin(sp(l.biasS, dv), *ops.bias, 1, dv);
  }
  // A chain's last block hands over to the next slice's block 0, N rows on.
  auto nextOf = [&](int64_t i) {
    return i + 1 < count ? sizeOf(i + 1) : chain.next ? sizeOf(0) : 0;
  };
  auto nextJ = [&](int64_t i) {
    return i + 1 < count ? Expr(i + 1) : Expr(0);
  };
  block(Expr(0), sizeOf(0), Expr(0), nextOf(0), nextJ(0),
        chain.continued ? ahead : 0, ahead, true);
  // Blocks 1 .. full-2 are followed by a full one: a loop.
  e.loop(std::max<int64_t>(0, full - 2), [&](Expr v) {
    const Expr j = v + Expr(1);
    block(j * bq, bq, j, bq, j + Expr(1), ahead, ahead, true);
  });
  for (int64_t i = std::max<int64_t>(1, full - 1); i < count; ++i)
    block(Expr(i * bq), sizeOf(i), Expr(i), nextOf(i), nextJ(i), ahead, ahead,
          true);
}

namespace {
/// Where a slice of a per-block plan sits in a chain of slices
/// (emitPrimalBatch): its parity picks its weight buffer (weightBuffers =
/// 2) and flips its Q/K block buffers when a slice has an odd number of
/// blocks, so that consecutive slices alternate both; W_c and the bias are
/// resident when loaded once for all slices.
struct PrimalSlice {
  int64_t parity = 0;
  bool wcResident = false;
};
} // namespace

static void emitPrimalBlocks(ScheduleEmitter &e, const PrimalShape &s,
                             const PrimalOperands &ops, const PrimalPlan &plan,
                             const PrimalLayout &l, PrimalSlice slice) {
  const int64_t d = s.d, r = s.s, dv = s.dv, bq = plan.bq;
  const int64_t wS = plan.weightBuffers == 2 ? slice.parity * 2 * d * r : 0,
                weS = l.weS + wS, wrS = l.wrS + wS;
  const int64_t shift = slice.parity * ((s.n + bq - 1) / bq);
  // Load order, so that consecutive batch slices (heads) overlap: W_e and
  // W_r, then block 0's Q and K -- each waits only for the previous slice's
  // last Q W_e / K W_r (not at all in the other weight buffer), so they
  // arrive while its last O chunks run -- then W_c and the bias unless
  // resident, which wait for those O chunks but are needed only after
  // block 0's Q W_e and K W_r.
  e.mvin(sp(weS, r), ops.we, d, r);
  e.mvin(sp(wrS, r), ops.wr, d, r);
  // Block j (its index) at row q0.
  auto block = [&](const Expr &q0, int64_t qn, const Expr &j, bool first) {
    const Expr qS =
                   Expr(l.blkS) + (plan.qkBuffers == 2
                                       ? ((j + Expr(shift)) % 2) * l.blk
                                       : Expr(0)),
               kS = qS + Expr(bq * d);
    e.mvin(sp(qS, d), {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, d);
    e.mvin(sp(kS, d), {ops.k.sym, ops.k.off + q0 * ops.k.ld, ops.k.ld}, qn, d);
    if (first && !slice.wcResident) {
      e.mvin(sp(l.wcS, dv), ops.wc, 2 * r, dv);
      if (ops.bias)
        e.mvin(sp(l.biasS, dv), *ops.bias, 1, dv);
    }
    // The vector unit's norms overlap the array's Q W_e and K W_r.
    if (s.l2) {
      for (NormStep &step : normSteps(e, l, qS, kS, qn, d))
        step.emit();
    }
    e.matmul(acc(l.eA, r), sp(qS, d), sp(weS, r), qn, d, r, false);
    e.matmul(acc(l.rA, r), sp(kS, d), sp(wrS, r), qn, d, r, false);
    // The move of r overlaps the first chunk's e W_c[0:s].
    moveScaled(e, s, sp(l.eS, r), acc(l.eA, r), l.nqS, qn, r);
    moveScaled(e, s, sp(l.rS, r), acc(l.rA, r), l.nkS, qn, r);
    // O chunk by chunk; the store DMA writes chunk c while the array
    // computes chunk c+1 into the other slot (slot 0 over e, slot 1 over r:
    // each waits for its move).
    for (int64_t c0 = 0, c = 0; c0 < dv; c0 += l.chunk, ++c) {
      const int64_t cw = std::min(l.chunk, dv - c0);
      emitOChunk(e, s, ops, plan, l, q0, qn, c0, cw, acc(l.oA[c % 2], cw),
                 [] {});
    }
  };
  // Block 0 is peeled: it loads W_c.
  e.tilesFirstPeeled(s.n, bq, block);
}

void mlir::attn::systolic::emitPrimal(ScheduleEmitter &e, const PrimalShape &s,
                                      const PrimalOperands &ops,
                                      const PrimalPlan &plan) {
  const PrimalLayout l = layout(e, s, plan);
  if (plan.acc == PrimalAcc::Slots)
    return emitPrimalSlots(e, s, ops, plan, l, {});
  emitPrimalBlocks(e, s, ops, plan, l, {});
}

void mlir::attn::systolic::emitPrimalBatch(
    ScheduleEmitter &e, const PrimalShape &s, const PrimalPlan &plan,
    llvm::ArrayRef<int64_t> batch, bool contiguous,
    llvm::function_ref<PrimalOperands(llvm::ArrayRef<Expr>)> opsAt) {
  if (!slicesMayChain(batch, contiguous))
    return e.batchLoops(batch, [&](llvm::ArrayRef<Expr> idx) {
      emitPrimal(e, s, opsAt(idx), plan);
    });
  const PrimalLayout l = layout(e, s, plan);
  if (plan.acc != PrimalAcc::Slots) {
    // W_c and the bias once (opsAt emits nothing and gives every slice the
    // same ones); slices in pairs, so that each one's parity is known.
    const PrimalOperands first =
        opsAt(llvm::SmallVector<Expr, 4>(batch.size(), Expr(0)));
    e.mvin(sp(l.wcS, s.dv), first.wc, 2 * s.s, s.dv);
    if (first.bias)
      e.mvin(sp(l.biasS, s.dv), *first.bias, 1, s.dv);
    return e.batchLoopsPaired(
        batch, [&](llvm::ArrayRef<Expr> idx, int64_t parity) {
          emitPrimalBlocks(e, s, opsAt(idx), plan, l, {parity, true});
        });
  }
  e.batchLoopsEndsPeeled(
      batch, [&](llvm::ArrayRef<Expr> idx, bool first, bool last) {
        emitPrimalSlots(e, s, opsAt(idx), plan, l, {!first, !last});
      });
}

bool mlir::attn::systolic::checkPrimalWeights(const ScheduleEmitter &e, int64_t p,
                                        int64_t d, int64_t s,
                                        std::string &why) {
  if (p * (d + s) <= e.spadCap() && d * s <= e.accCap())
    return true;
  why = llvm::formatv("primal_weights: X_s and Theta ({0} elements) must fit "
                      "the scratchpad ({1}) and W ({2}) the accumulator ({3})",
                      p * (d + s), e.spadCap(), d * s, e.accCap());
  return false;
}

void mlir::attn::systolic::emitPrimalWeights(ScheduleEmitter &e, const DramMat &x,
                                       const std::vector<int64_t> &idx,
                                       const DramMat &theta, const DramMat &w,
                                       int64_t d, int64_t s) {
  const int64_t p = int64_t(idx.size());
  // Gather the sampled rows: one DMA row each.
  // idx is not affine in i: one DMA row each, inline.
  for (int64_t i = 0; i < p; ++i)
    e.mvin(sp(i * d, d), {x.sym, x.off + Expr(idx[i] * x.ld), x.ld}, 1, d);
  e.mvin(sp(p * d, s), theta, p, s);
  // W = X_s^T Theta: X_s^T is X_s read with swapped strides.
  e.matmul(acc(0, s), sp(0, 1, d), sp(p * d, s), d, p, s, false);
  e.mvout(w, acc(0, s), d, s);
}
