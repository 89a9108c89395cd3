//===- VanillaSchedule.cpp - Softmax attention on the array ---------------===//
//
// Scores and P*V are array folds; max, exp, sums and rescaling run on the
// vector unit. The scale is folded into Q once per query block.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"

#include "attn-mlir/Systolic/Core/LatencyModel.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <array>
#include <limits>

using namespace mlir::attn::systolic;

// Floors of the softmax statistics that make a fully masked row (all
// scores -inf) give zeros on every path, as the op documents: the running
// max never goes below the lowest finite float, the row sum never below
// the smallest normal one. Rows with a finite score are unaffected (their
// max is >= kLowest, their sum >= 1).
static constexpr float kLowest = -std::numeric_limits<float>::max();
static constexpr float kTiny = std::numeric_limits<float>::min();

/// Largest query block <= cap (a multiple of the array side when at least
/// one side) for which `fits` holds, or 0.
template <typename Fits>
static int64_t largestBlock(int64_t n, int64_t unit, int64_t cap, Fits fits) {
  int64_t start = std::min(n, cap);
  for (int64_t b = start; b >= 1;) {
    if (fits(b))
      return b;
    b = b > unit ? (b - 1) / unit * unit : b - 1;
  }
  return 0;
}

static int64_t keyBlock(const ScheduleEmitter &e, int64_t m) {
  return std::min<int64_t>(m, std::max<int64_t>(e.unit(), 64));
}
static int64_t queryCap(const ScheduleEmitter &e) {
  return std::max<int64_t>(256, 4 * e.unit());
}

/// The start of a query block of the online softmax (flash and pass 1 of
/// materialized), in two parts that flash separates: rows [q0, q0 + qn)
/// of Q into `Q`, scaled once ...
static void loadScaledQuery(ScheduleEmitter &e, const VanillaShape &s,
                            const VanillaOperands &ops, const Expr &q0,
                            int64_t qn, const Ref &Q) {
  e.mvin(Q, {ops.q.sym, ops.q.off + q0 * ops.q.ld, ops.q.ld}, qn, s.d);
  e.vec(Opcode::VMulS, Q, Q, {}, qn, s.d, s.scale);
}
/// ... and the row statistics m = -inf, l = 0.
static void resetRowStats(ScheduleEmitter &e, int64_t qn, const Ref &m,
                          const Ref &l) {
  e.vec(Opcode::VFill, m, {}, {}, qn, 1,
        -std::numeric_limits<float>::infinity());
  e.vec(Opcode::VFill, l, {}, {}, qn, 1, 0.f);
}

namespace {
/// Where flash keeps everything, for bq query rows and bk keys per block.
/// The accumulator holds only what the array writes (O and the score
/// tiles), so that it bounds bq as little as possible: each fold streams bq
/// rows after a fixed fill/drain, so bq sets the array's efficiency.
///
/// The score tiles share a ring `sLd = bk + ring` columns wide: tile j
/// starts at column `scoreColumn(j)`, `ring` columns left of tile j-1
/// (modulo the ring; a tile crossing the ring's end continues on the next
/// row, so every tile is one window with row stride sLd). Block j+1's
/// first `ring` keys land where no live tile is; each later chunk of its
/// keys overwrites a chunk of tile j that the vector unit has finished
/// with (its exp), and is issued right after that exp. ring = bk is the
/// plain double buffer; smaller rings leave more accumulator rows to the
/// query block (gemmini, bk = 32: 160 rows with ring 0 against 128 with
/// ring 32), and the array still overlaps the vector unit as long as P V
/// of the previous block covers the softmax up to the first exp
/// (planFlash prices it by simulating).
struct FlashLayout {
  // Scratchpad: Q | K x2 | V x2 | P x2 | mask tile x2 | m, l, m', alpha,
  // rowsum (K, V, P and the mask double-buffered per key block).
  int64_t qS, kS[2], vS[2], pS[2], mkS[2], mS, lS, mnS, alS, rsS, spadEnd;
  // Accumulator: O | score ring (| the row statistics, on targets whose
  // scratchpad is narrower than f32: ScheduleEmitter::statMem).
  int64_t oA, sA, sLd, ring, accEnd;
  Mem stat;
};
} // namespace

/// Columns of one fold of a score tile: the unit the ring moves by.
static int64_t scoreChunk(const ScheduleEmitter &e, int64_t bk) {
  return std::min<int64_t>(bk, e.nCap());
}

// Multiples of the chunk that divide bk, so that tile starts step through
// the ring by one loop-index term (scoreColumn).
llvm::SmallVector<int64_t, 4>
mlir::attn::systolic::flashScoreRings(const ScheduleEmitter &e, int64_t bk) {
  llvm::SmallVector<int64_t, 4> rings{0};
  const int64_t c = scoreChunk(e, bk);
  for (int64_t h = c; h <= bk; h += c)
    if (bk % h == 0)
      rings.push_back(h);
  if (rings.back() != bk)
    rings.push_back(bk);
  return rings;
}

static FlashLayout flashLayout(const VanillaShape &s, bool mask, int64_t bq,
                               int64_t bk, int64_t ring, Mem stat) {
  const int64_t d = s.d, dv = s.dv, mk = mask ? bq * bk : 0;
  FlashLayout l;
  l.qS = 0;
  l.kS[0] = bq * d;
  l.kS[1] = l.kS[0] + bk * d;
  l.vS[0] = l.kS[1] + bk * d;
  l.vS[1] = l.vS[0] + bk * dv;
  l.pS[0] = l.vS[1] + bk * dv;
  l.pS[1] = l.pS[0] + bq * bk;
  l.mkS[0] = l.pS[1] + bq * bk;
  l.mkS[1] = l.mkS[0] + mk;
  l.spadEnd = l.mkS[1] + mk;
  l.oA = 0;
  l.sA = bq * dv;
  l.ring = ring;
  l.sLd = bk + ring;
  // A tile starting at column o > ring (o <= sLd - ring) runs o - ring
  // elements past the ring's bq rows: its last row continues on the next.
  l.accEnd = l.sA + bq * l.sLd + (ring ? bk - ring : 0);
  l.stat = stat;
  int64_t &end = stat == Mem::Acc ? l.accEnd : l.spadEnd;
  l.mS = end;
  l.lS = l.mS + bq;
  l.mnS = l.lS + bq;
  l.alS = l.mnS + bq;
  l.rsS = l.alS + bq;
  end = l.rsS + bq;
  return l;
}

/// First column of score tile j in the ring: ring * ((-j) mod R), R =
/// sLd / ring, written as (R-1 - (j + R-1) mod R) because a hardware loop's
/// modulus term takes the index with coefficient 1.
static Expr scoreColumn(const FlashLayout &l, const Expr &j) {
  if (!l.ring)
    return Expr(0);
  const int64_t r = l.sLd / l.ring;
  return Expr((r - 1) * l.ring) + ((j + Expr(r - 1)) % r) * -l.ring;
}

namespace {
struct Blocks {
  int64_t bq, bk;
};
} // namespace

/// Operands of a scratch program that prices a schedule.
static VanillaOperands scratchOperands(const VanillaShape &s, bool mask) {
  VanillaOperands ops{{"q", Expr(0), s.d},  {"k", Expr(0), s.d},
                      {"v", Expr(0), s.dv}, {"o", Expr(0), s.dv},
                      std::nullopt,         {"p", Expr(0), s.m}};
  if (mask)
    ops.mask = DramMat{"mask", Expr(0), s.m};
  return ops;
}

/// Busy cycles per unit of one query block of `bq` rows without causal
/// skipping (the steady state), from the schedule itself: `emit(se, one,
/// ops)` emitted into a scratch program.
template <typename Emit>
static std::array<uint64_t, kNumUnits>
scratchBusy(const ScheduleEmitter &e, const VanillaShape &s, bool mask,
            int64_t bq, Emit emit) {
  Program scratch;
  scratch.target = e.target();
  ScheduleEmitter se(scratch);
  VanillaShape one = s;
  one.n = bq;
  one.causal = false;
  emit(se, one, scratchOperands(s, mask));
  return programBusy(scratch);
}

/// Block sizes for a key-block schedule whose memory use is `layout(bq, bk)`
/// (with accEnd and spadEnd): key blocks from 64 keys (or one array side)
/// down to one array side, and smaller only while even a one-row query
/// block does not fit; each with the largest query block that fits, priced
/// by `price` (cycles per score, from the schedule itself). Larger key blocks make the vector unit's
/// per-block work (row statistics, O *= alpha) rarer but leave fewer query
/// rows in the accumulator, i.e. shorter folds on the array; pricing the
/// real schedule settles the trade per target.
template <typename Layout, typename Price>
static std::optional<Blocks> pricedBlocks(const ScheduleEmitter &e,
                                          const VanillaShape &s, Layout layout,
                                          Price price) {
  std::optional<Blocks> best;
  double bestCost = 0;
  for (int64_t bk = keyBlock(e, s.m); bk >= 1; bk /= 2) {
    auto fits = [&](int64_t bq) {
      auto l = layout(bq, bk);
      return l.accEnd <= e.accCap() && l.spadEnd <= e.spadCap();
    };
    if (int64_t bq = largestBlock(s.n, e.unit(), queryCap(e), fits)) {
      Blocks b{bq, bk};
      double cost = price(b);
      if (!best || cost < bestCost)
        best = b, bestCost = cost;
    }
    if (best && bk / 2 < std::min<int64_t>(e.unit(), s.m))
      break;
  }
  return best;
}

/// Simulated cycles per score of a scratch program for one query block of
/// `plan.bq` rows against all keys: unlike a busy-cycle price it sees the
/// array waiting for the ring (FlashLayout).
static double flashCyclesPerScore(const ScheduleEmitter &e,
                                  const VanillaShape &s, bool mask,
                                  const FlashPlan &plan) {
  ScratchProgram scratch(e.target());
  scratch.buffer("q", BufferKind::Input, plan.bq, s.d);
  scratch.buffer("k", BufferKind::Input, s.m, s.d);
  scratch.buffer("v", BufferKind::Input, s.m, s.dv);
  scratch.buffer("o", BufferKind::Output, plan.bq, s.dv);
  if (mask)
    scratch.buffer("mask", BufferKind::Input, plan.bq, s.m);
  ScheduleEmitter se(scratch.p);
  VanillaShape one = s;
  one.n = plan.bq;
  one.causal = false;
  emitFlash(se, one, scratchOperands(s, mask), plan);
  return scratch.cycles() / double(plan.bq * s.m);
}

std::optional<FlashPlan> mlir::attn::systolic::planFlash(
    const ScheduleEmitter &e, const VanillaShape &s, bool mask,
    std::string &why) {
  // Key blocks from 64 keys (or one array side) down to one side, and
  // smaller only while nothing fits; every ring for each (FlashLayout);
  // each with the largest query block that fits, priced by simulating it.
  std::optional<FlashPlan> best;
  double bestCost = 0;
  for (int64_t bk = keyBlock(e, s.m); bk >= 1; bk /= 2) {
    for (int64_t ring : flashScoreRings(e, bk)) {
      auto fits = [&](int64_t bq) {
        FlashLayout l = flashLayout(s, mask, bq, bk, ring, e.statMem());
        return l.accEnd <= e.accCap() && l.spadEnd <= e.spadCap();
      };
      int64_t bq = largestBlock(s.n, e.unit(), queryCap(e), fits);
      if (!bq)
        continue;
      // As few query blocks as that allows, all of about the same size: a
      // short last block pays a whole fill/drain per fold for few rows.
      const int64_t blocks = (s.n + bq - 1) / bq;
      bq = (s.n + blocks - 1) / blocks;
      FlashPlan plan{bq, bk, ring};
      double cost = flashCyclesPerScore(e, s, mask, plan);
      if (!best || cost < bestCost)
        best = plan, bestCost = cost;
    }
    if (best && bk / 2 < std::min<int64_t>(e.unit(), s.m))
      break;
  }
  if (best)
    return best;
  why = llvm::formatv("flash: even one query row and one key, with d = {0} "
                      "and dv = {1}, do not fit the scratchpad ({2} elements) "
                      "and accumulator ({3} elements)",
                      s.d, s.dv, e.spadCap(), e.accCap());
  return std::nullopt;
}

void mlir::attn::systolic::emitFlash(ScheduleEmitter &e, const VanillaShape &s,
                                     const VanillaOperands &ops,
                                     const FlashPlan &plan) {
  const int64_t bq = plan.bq, bk = plan.bk, d = s.d, dv = s.dv;
  const FlashLayout l =
      flashLayout(s, bool(ops.mask), bq, bk, plan.ring, e.statMem());
  const int64_t qS = l.qS, oA = l.oA;
  const int64_t *kS = l.kS, *vS = l.vS, *pS = l.pS, *mkS = l.mkS;
  auto scoreTile = [&](const Expr &j) {
    return acc(Expr(l.sA) + scoreColumn(l, j), l.sLd);
  };
  const int64_t mS = l.mS, lS = l.lS, mnS = l.mnS, alS = l.alS, rsS = l.rsS;
  // The row statistics (the vector unit reads and writes either memory):
  // one column, or one value broadcast along a row.
  auto col = [&](int64_t a) { return Ref{l.stat, Expr(a), 1, 1}; };
  auto bcast = [&](int64_t a) { return Ref{l.stat, Expr(a), 1, 0}; };

  // The end of the query block at row q0: O /= l, stored.
  auto finishQueryBlock = [&](const Expr &q0, int64_t qn) {
    // l = 0 only for a fully masked row, whose O is 0: 0 * (1/tiny) = 0.
    e.vec(Opcode::VMaxS, col(lS), col(lS), {}, qn, 1, kTiny);
    e.vec(Opcode::VRecip, col(rsS), col(lS), {}, qn, 1);
    e.vec(Opcode::VMul, acc(oA, dv), acc(oA, dv), bcast(rsS), qn, dv);
    e.mvout({ops.out.sym, ops.out.off + q0 * ops.out.ld, ops.out.ld},
            acc(oA, dv), qn, dv);
  };
  // One query block at row q0 (a loop index or, when causal, a constant
  // `q0c`: the number of key blocks then depends on it), and the end of the
  // previous one, `prev` (q0, rows), if any. That end is emitted after this
  // block's Q is loaded and scaled: the vector unit then scales Q while
  // the array still runs the previous block's last P V, and this block's
  // first scores follow that P V on the array without a gap.
  using Rows = std::pair<Expr, int64_t>;
  auto queryBlock = [&](const Expr &q0, int64_t qn, int64_t q0c,
                        std::optional<Rows> prev) {
    // Causal: key blocks right of the diagonal contribute nothing.
    const int64_t mEnd = s.causal ? std::min(s.m, q0c + qn) : s.m;
    const int64_t blocks = (mEnd + bk - 1) / bk, full = mEnd / bk;
    auto kn = [&](int64_t j) { return std::min(bk, s.m - j * bk); };
    loadScaledQuery(e, s, ops, q0, qn, sp(qS, d));
    if (prev)
      finishQueryBlock(prev->first, prev->second);
    resetRowStats(e, qn, col(mS), col(lS));
    // DMA and S = (scale Q) K^T of block j, keys [c0, c1) of it; only the
    // array and the load channel, so that they run ahead of the vector
    // unit. The first chunk of keys (c0 = 0) brings the DMA.
    auto scores = [&](const Expr &j, int64_t kn, int64_t c0, int64_t c1) {
      c1 = std::min(c1, kn);
      if (c0 >= c1)
        return;
      const Expr k0 = j * bk, b = j % 2;
      if (c0 == 0) {
        e.mvin(sp(pick(kS[0], kS[1], b), d),
               {ops.k.sym, ops.k.off + k0 * ops.k.ld, ops.k.ld}, kn, d);
        e.mvin(sp(pick(vS[0], vS[1], b), dv),
               {ops.v.sym, ops.v.off + k0 * ops.v.ld, ops.v.ld}, kn, dv);
        if (ops.mask) {
          const DramMat &mk = *ops.mask;
          e.mvin(sp(pick(mkS[0], mkS[1], b), bk),
                 {mk.sym, mk.off + q0 * mk.ld + k0, mk.ld}, qn, kn);
        }
      }
      // K^T is K read with swapped strides.
      Ref S = scoreTile(j), kT = sp(pick(kS[0], kS[1], b), 1, d);
      S.addr = S.addr + Expr(c0);
      kT.addr = kT.addr + Expr(c0 * d);
      e.matmul(S, sp(qS, d), kT, qn, d, c1 - c0, false);
    };
    // One step of the software pipeline: the array computes block j+1's
    // scores while the vector unit runs block j's online softmax (DESIGN.md
    // §2), then O += P V_j. Program order is the ring's contract
    // (FlashLayout): block j+1's first `ring` keys go before the softmax,
    // each later chunk right after the exp that last reads the chunk of
    // tile j it overwrites.
    const int64_t chunk = scoreChunk(e, bk), ring = l.ring;
    auto step = [&](const Expr &j, int64_t kn, bool causalMask,
                    std::optional<std::pair<Expr, int64_t>> next) {
      const Expr b = j % 2;
      int64_t issued = 0; // keys of block j+1 whose scores are emitted
      auto nextScores = [&](int64_t upTo) {
        if (next && upTo > issued) {
          scores(next->first, next->second, issued, upTo);
          issued = upTo;
        }
      };
      nextScores(ring);
      const Ref S = scoreTile(j);
      if (ops.mask)
        e.vec(Opcode::VAdd, S, S, sp(pick(mkS[0], mkS[1], b), bk), qn, kn);
      if (causalMask)
        e.causal(S, qn, kn, q0, j * bk);
      e.vec(Opcode::VRowMax, col(mnS), S, {}, qn, kn);
      e.vec(Opcode::VMax, col(mnS), col(mnS), col(mS), qn, 1);
      // A row masked so far keeps a finite running max, so exp(S - m')
      // is 0, not NaN (fully masked rows give zeros: _safe_softmax).
      e.vec(Opcode::VMaxS, col(mnS), col(mnS), {}, qn, 1, kLowest);
      e.vec(Opcode::VSub, col(alS), col(mS), col(mnS), qn, 1);
      e.vec(Opcode::VExp, col(alS), col(alS), {}, qn, 1);
      // P = exp(S - m') goes straight to the scratchpad, where P V reads
      // it: no separate move of P. Chunk by chunk when tiles share the
      // ring, so that block j+1's scores follow each chunk's exp.
      const Ref P = sp(pick(pS[0], pS[1], b), bk);
      const int64_t width = ring == bk ? kn : chunk;
      for (int64_t c0 = 0; c0 < kn; c0 += width) {
        const int64_t cn = std::min(width, kn - c0);
        Ref Sc = S, Pc = P;
        Sc.addr = Sc.addr + Expr(c0);
        Pc.addr = Pc.addr + Expr(c0);
        e.vec(Opcode::VSub, Sc, Sc, bcast(mnS), qn, cn);
        e.vec(Opcode::VExp, Pc, Sc, {}, qn, cn);
        nextScores(ring + c0 + cn);
      }
      nextScores(bk);
      e.vec(Opcode::VRowSum, col(rsS), P, {}, qn, kn);
      e.vec(Opcode::VMul, col(lS), col(lS), col(alS), qn, 1);
      e.vec(Opcode::VAdd, col(lS), col(lS), col(rsS), qn, 1);
      e.vec(Opcode::VMov, col(mS), col(mnS), {}, qn, 1);
      // Block 0 writes O (no fill of O with zeros on the vector unit,
      // which would wait for the previous query block's store of O);
      // later blocks rescale it -- last: it waits for the previous
      // block's P*V on the array -- and accumulate.
      const bool first = j.isConstant() && j.base == 0;
      if (!first)
        e.vec(Opcode::VMul, acc(oA, dv), acc(oA, dv), bcast(alS), qn, dv);
      e.matmul(acc(oA, dv), P, sp(pick(vS[0], vS[1], b), dv), qn, kn, dv,
               !first);
    };
    // Block j needs the causal mask when its last key is past the first
    // query of the block.
    auto masked = [&](int64_t j) {
      return s.causal && j * bk + kn(j) - 1 > q0c;
    };
    // Iterations whose blocks j and j+1 are full and unmasked form the
    // loop; the rest are peeled.
    scores(Expr(0), kn(0), 0, bk);
    int64_t regular = std::max<int64_t>(0, full - 1);
    if (s.causal)
      regular = std::min(regular, (q0c + 1) / bk);
    // Block 0 is peeled (it writes O rather than accumulating).
    if (regular > 0)
      step(Expr(0), bk, false, std::make_pair(Expr(1), bk));
    e.loop(regular - 1, [&](Expr i) {
      const Expr j = i + Expr(1);
      step(j, bk, false, std::make_pair(j + 1, bk));
    });
    for (int64_t j = regular; j < blocks; ++j) {
      std::optional<std::pair<Expr, int64_t>> next;
      if (j + 1 < blocks)
        next = std::make_pair(Expr(j + 1), kn(j + 1));
      step(Expr(j), kn(j), masked(j), next);
    }
  };
  // The previous block of the one at q0 starts bq rows earlier and is full.
  auto previous = [&](const Expr &q0, bool first) -> std::optional<Rows> {
    if (first)
      return std::nullopt;
    return Rows(q0 - bq, bq);
  };
  if (s.causal) {
    for (int64_t q0 = 0; q0 < s.n; q0 += bq)
      queryBlock(Expr(q0), std::min(bq, s.n - q0), q0,
                 previous(Expr(q0), q0 == 0));
  } else {
    // Block 0 is peeled: nothing before it to finish.
    e.tilesFirstPeeled(s.n, bq, [&](Expr q0, int64_t qn, Expr, bool first) {
      queryBlock(q0, qn, 0, previous(q0, first));
    });
  }
  const int64_t lastRow = (s.n - 1) / bq * bq;
  finishQueryBlock(Expr(lastRow), s.n - lastRow);
}

namespace {
/// Where the materialized schedule keeps everything (bq query rows, bk keys
/// per block). The accumulator holds what the array writes: the two score
/// tiles (pass 1) and O (pass 2). What belongs to one query block -- Q, its
/// row max m and 1/l -- comes in two sets when pass 1 of one block overlaps
/// pass 2 of the previous one (`overlap`), in one set otherwise.
struct MaterializedLayout {
  // Scratchpad: Q x sets | K x2 | exp tile | read-back S tile x2 |
  // P tile x2 | V x2 | mask tile x2 | m x sets | 1/l x sets | l, m', alpha,
  // rowsum.
  int64_t qS[2], kS[2], tS, rS[2], pS[2], vS[2], mkS[2], mS[2], invS[2], lS,
      mnS, alS, rsS, spadEnd;
  // Accumulator: S x2 | O (| the row statistics, on targets whose
  // scratchpad is narrower than f32: ScheduleEmitter::statMem).
  int64_t sA[2], oA, accEnd;
  Mem stat;
};

/// One query block of the materialized schedule: rows [q0, q0 + qn), and
/// the parity of its set of Q, m and 1/l.
struct QueryPart {
  Expr q0;
  int64_t qn;
  Expr set;
};
} // namespace

/// How many tiles P V trails the normalization in pass 2: P must be back
/// in DRAM (store time + latency) before it is read.
static constexpr int64_t kLag = 2;

static MaterializedLayout materializedLayout(const VanillaShape &s, bool mask,
                                             int64_t bq, int64_t bk,
                                             bool overlap, Mem stat) {
  const int64_t tile = bq * bk, mk = mask ? tile : 0;
  const int64_t sets = overlap ? 2 : 1;
  MaterializedLayout l;
  l.qS[0] = 0;
  l.qS[1] = (sets - 1) * bq * s.d;
  l.kS[0] = sets * bq * s.d;
  l.kS[1] = l.kS[0] + bk * s.d;
  l.tS = l.kS[1] + bk * s.d;
  l.rS[0] = l.tS + tile;
  l.rS[1] = l.rS[0] + tile;
  l.pS[0] = l.rS[1] + tile;
  l.pS[1] = l.pS[0] + tile;
  l.vS[0] = l.pS[1] + tile;
  l.vS[1] = l.vS[0] + bk * s.dv;
  l.mkS[0] = l.vS[1] + bk * s.dv;
  l.mkS[1] = l.mkS[0] + mk;
  l.spadEnd = l.mkS[1] + mk;
  l.sA[0] = 0;
  l.sA[1] = tile;
  l.oA = 2 * tile;
  l.accEnd = l.oA + bq * s.dv;
  l.stat = stat;
  int64_t &end = stat == Mem::Acc ? l.accEnd : l.spadEnd;
  l.mS[0] = end;
  l.mS[1] = l.mS[0] + (sets - 1) * bq;
  l.invS[0] = l.mS[0] + sets * bq;
  l.invS[1] = l.invS[0] + (sets - 1) * bq;
  l.lS = l.invS[0] + sets * bq;
  l.mnS = l.lS + bq;
  l.alS = l.mnS + bq;
  l.rsS = l.alS + bq;
  end = l.rsS + bq;
  return l;
}

// One step of the materialized schedule: pass 1 of query block `a` and/or
// pass 2 of query block `b`, interleaved key tile by key tile.
//
// Pass 1 writes the scores S = (scale Q) K^T (+ mask, causal) of its block
// to the DRAM scratch `probs`, tile by tile, while the vector unit keeps
// the online row max m and sum l (as flash does, without P V); at its end
// 1/l. Pass 2 reads each tile back and writes P = exp(S - m) / l over it,
// while the array accumulates O = P V from the P tiles written kLag tiles
// earlier, read back from DRAM. Pass 1 is vector-bound, pass 2 bound by
// the load channel: interleaved, the units work on both.
//
// The scratch holds each [qn x bk] tile of a query block contiguously
// (tile-major), so consecutive tiles share no DRAM timestamp chunk and a
// tile's read-back waits only for its own store.
static void materializedStep(ScheduleEmitter &e, const VanillaShape &s,
                             const VanillaOperands &ops,
                             const MaterializedLayout &l, int64_t bk,
                             const std::optional<QueryPart> &a,
                             const std::optional<QueryPart> &b) {
  const int64_t d = s.d, dv = s.dv, M = s.m;
  auto col = [&](const Expr &x) { return Ref{l.stat, x, 1, 1}; };
  auto bcast = [&](const Expr &x) { return Ref{l.stat, x, 1, 0}; };
  auto setOf = [](const int64_t (&x)[2], const QueryPart &p) {
    return pick(x[0], x[1], p.set);
  };
  // Tile (q0, k0) of the scratch: [qn x kn] at q0 * M + k0 * qn.
  auto tileOf = [&](const QueryPart &p, const Expr &k0, int64_t kn) {
    return DramMat{ops.probs.sym, ops.probs.off + p.q0 * M + k0 * p.qn, kn};
  };
  if (a) {
    loadScaledQuery(e, s, ops, a->q0, a->qn, sp(setOf(l.qS, *a), d));
    resetRowStats(e, a->qn, col(setOf(l.mS, *a)), col(l.lS));
  }
  // Pass 1, tile kt.
  auto scores = [&](const QueryPart &p, const Expr &kt, int64_t kn) {
    const Expr par = kt % 2, k0 = kt * bk;
    const int64_t qn = p.qn;
    const Ref S = acc(pick(l.sA[0], l.sA[1], par), bk);
    const Expr m = setOf(l.mS, p);
    e.mvin(sp(pick(l.kS[0], l.kS[1], par), d),
           {ops.k.sym, ops.k.off + k0 * ops.k.ld, ops.k.ld}, kn, d);
    e.matmul(S, sp(setOf(l.qS, p), d), sp(pick(l.kS[0], l.kS[1], par), 1, d),
             qn, d, kn, false);
    if (ops.mask) {
      const DramMat &mk = *ops.mask;
      const Ref mt = sp(pick(l.mkS[0], l.mkS[1], par), bk);
      e.mvin(mt, {mk.sym, mk.off + p.q0 * mk.ld + k0, mk.ld}, qn, kn);
      e.vec(Opcode::VAdd, S, S, mt, qn, kn);
    }
    if (s.causal)
      e.causal(S, qn, kn, p.q0, k0);
    // The statistics must be those of the scores pass 2 reads back. Where
    // the scratchpad is narrower than f32, the scores are rounded by a
    // move to it, and stored and reduced from there: a max over the f32
    // scores could sit below their rounded copies, and exp(S - m) of a
    // large finite mask (-1e30) would overflow.
    Ref Ss = S;
    if (l.stat == Mem::Acc) {
      Ss = sp(l.tS, bk);
      e.vec(Opcode::VMov, Ss, S, {}, qn, kn);
    }
    e.mvout(tileOf(p, k0, kn), Ss, qn, kn);
    e.vec(Opcode::VRowMax, col(l.mnS), Ss, {}, qn, kn);
    e.vec(Opcode::VMax, col(l.mnS), col(l.mnS), col(m), qn, 1);
    // Fully masked rows keep a finite max: exp(S - m') is then 0.
    e.vec(Opcode::VMaxS, col(l.mnS), col(l.mnS), {}, qn, 1, kLowest);
    e.vec(Opcode::VSub, col(l.alS), col(m), col(l.mnS), qn, 1);
    e.vec(Opcode::VExp, col(l.alS), col(l.alS), {}, qn, 1);
    e.vec(Opcode::VSub, sp(l.tS, bk), Ss, bcast(l.mnS), qn, kn);
    e.vec(Opcode::VExp, sp(l.tS, bk), sp(l.tS, bk), {}, qn, kn);
    e.vec(Opcode::VRowSum, col(l.rsS), sp(l.tS, bk), {}, qn, kn);
    e.vec(Opcode::VMul, col(l.lS), col(l.lS), col(l.alS), qn, 1);
    e.vec(Opcode::VAdd, col(l.lS), col(l.lS), col(l.rsS), qn, 1);
    e.vec(Opcode::VMov, col(m), col(l.mnS), {}, qn, 1);
  };
  // Pass 2: P = exp(S - m) * (1/l) over tile kt of the scores in DRAM.
  auto normalize = [&](const QueryPart &p, const Expr &kt, int64_t kn) {
    const Expr k0 = kt * bk;
    const Ref R = sp(pick(l.rS[0], l.rS[1], kt % 2), bk);
    e.mvin(R, tileOf(p, k0, kn), p.qn, kn);
    e.vec(Opcode::VSub, R, R, bcast(setOf(l.mS, p)), p.qn, kn);
    e.vec(Opcode::VExp, R, R, {}, p.qn, kn);
    e.vec(Opcode::VMul, R, R, bcast(setOf(l.invS, p)), p.qn, kn);
    e.mvout(tileOf(p, k0, kn), R, p.qn, kn);
  };
  // O (+)= P V on tile kt (its P reached DRAM kLag tiles ago); the first
  // tile overwrites O.
  const Ref O = acc(l.oA, dv);
  auto pv = [&](const QueryPart &p, const Expr &kt, int64_t kn,
                bool accumulate) {
    const Expr par = kt % 2, k0 = kt * bk;
    const Ref P = sp(pick(l.pS[0], l.pS[1], par), bk),
              V = sp(pick(l.vS[0], l.vS[1], par), dv);
    e.mvin(P, tileOf(p, k0, kn), p.qn, kn);
    e.mvin(V, {ops.v.sym, ops.v.off + k0 * ops.v.ld, ops.v.ld}, kn, dv);
    e.matmul(O, P, V, p.qn, kn, dv, accumulate);
  };
  const int64_t tiles = (M + bk - 1) / bk, full = M / bk;
  auto kn = [&](int64_t t) { return std::min(bk, M - t * bk); };
  auto step = [&](int64_t t) {
    if (a)
      scores(*a, Expr(t), kn(t));
    if (b) {
      normalize(*b, Expr(t), kn(t));
      if (t >= kLag)
        pv(*b, Expr(t - kLag), kn(t - kLag), t > kLag);
    }
  };
  // Steps whose tiles t and t - kLag are full and t - kLag > 0 loop.
  const int64_t loop0 = std::min(tiles, kLag + 1),
                loop1 = std::max(loop0, full);
  for (int64_t t = 0; t < loop0; ++t)
    step(t);
  e.loop(loop1 - loop0, [&](Expr v) {
    if (a)
      scores(*a, v + loop0, bk);
    if (b) {
      normalize(*b, v + loop0, bk);
      pv(*b, v + (loop0 - kLag), bk, true);
    }
  });
  for (int64_t t = loop1; t < tiles; ++t)
    step(t);
  if (b) {
    for (int64_t t = std::max<int64_t>(0, tiles - kLag); t < tiles; ++t)
      pv(*b, Expr(t), kn(t), t > 0);
    e.mvout({ops.out.sym, ops.out.off + b->q0 * ops.out.ld, ops.out.ld}, O,
            b->qn, dv);
  }
  if (a) {
    // l = 0 only for a fully masked row, whose P is 0: 0 * (1/tiny) = 0.
    e.vec(Opcode::VMaxS, col(l.lS), col(l.lS), {}, a->qn, 1, kTiny);
    e.vec(Opcode::VRecip, col(setOf(l.invS, *a)), col(l.lS), {}, a->qn, 1);
  }
}

/// Busy cycles per unit of pass 1 alone (`pass2` false) or pass 2 alone of
/// one query block of `bq` rows, from the schedule itself.
static std::array<uint64_t, kNumUnits>
materializedPassBusy(const ScheduleEmitter &e, const VanillaShape &s,
                     bool mask, const MaterializedLayout &l, const Blocks &b,
                     bool pass2) {
  QueryPart p{Expr(0), b.bq, Expr(0)};
  return scratchBusy(e, s, mask, b.bq,
                     [&](ScheduleEmitter &se, const VanillaShape &one,
                         const VanillaOperands &ops) {
                       materializedStep(
                           se, one, ops, l, b.bk,
                           pass2 ? std::nullopt : std::optional<QueryPart>(p),
                           pass2 ? std::optional<QueryPart>(p) : std::nullopt);
                     });
}

std::optional<MaterializedPlan>
mlir::attn::systolic::planMaterialized(const ScheduleEmitter &e,
                                       const VanillaShape &s, bool mask,
                                       std::string &why) {
  // Each form picks its block sizes by pricing itself; then the cheaper
  // form wins, by an estimate of its time per score: run one after the
  // other, the passes of a query block take about the busiest unit of each
  // pass; overlapped, pass 1 of block i + 1 and pass 2 of block i take the
  // busiest unit of both together, and only the first pass 1 and the last
  // pass 2 run alone. Overlapping needs a second set of Q and row
  // statistics; where it does not fit, or the serial form needs one query
  // block only, the passes run one after the other.
  struct Priced {
    uint64_t pass1, pass2, both;
  };
  auto busy = [&](const Blocks &b, bool overlap) {
    const MaterializedLayout l =
        materializedLayout(s, mask, b.bq, b.bk, overlap, e.statMem());
    auto p1 = materializedPassBusy(e, s, mask, l, b, false);
    auto p2 = materializedPassBusy(e, s, mask, l, b, true);
    Priced p{*std::max_element(p1.begin(), p1.end()),
             *std::max_element(p2.begin(), p2.end()), 0};
    for (unsigned u = 0; u < kNumUnits; ++u)
      p.both = std::max(p.both, p1[u] + p2[u]);
    return p;
  };
  auto perScore = [&](const Blocks &b, double cycles) {
    const int64_t blocks = (s.n + b.bq - 1) / b.bq;
    return cycles / (double(blocks) * double(b.bq) * double(s.m));
  };
  auto blocksOf = [&](const Blocks &b) {
    return double((s.n + b.bq - 1) / b.bq);
  };
  // Serial: the busiest unit of the block (the passes' sum of work);
  // overlapped: the pipeline's estimate.
  auto serialPrice = [&](const Blocks &b) {
    return perScore(b, blocksOf(b) * double(busy(b, false).both));
  };
  auto overlapTime = [&](const Blocks &b) {
    Priced p = busy(b, true);
    return double(p.pass1 + p.pass2) + (blocksOf(b) - 1) * double(p.both);
  };
  std::optional<Blocks> serial = pricedBlocks(
      e, s,
      [&](int64_t bq, int64_t bk) {
        return materializedLayout(s, mask, bq, bk, false, e.statMem());
      },
      serialPrice);
  std::optional<Blocks> overlapped = pricedBlocks(
      e, s,
      [&](int64_t bq, int64_t bk) {
        return materializedLayout(s, mask, bq, bk, true, e.statMem());
      },
      [&](const Blocks &b) { return perScore(b, overlapTime(b)); });
  std::optional<MaterializedPlan> best;
  if (serial)
    best = MaterializedPlan{serial->bq, serial->bk, false};
  if (overlapped) {
    // One query block of the serial form: nothing to overlap. (Splitting
    // it in two to overlap the halves is priced cheaper but simulates
    // slower: the estimate ignores the DMA latency and the pipeline's
    // fill, which dominate a short program; gemmini, N = 128.)
    bool take = !serial;
    if (serial && blocksOf(*serial) > 1) {
      Priced p = busy(*serial, false);
      double serialTime = blocksOf(*serial) * double(p.pass1 + p.pass2);
      take = perScore(*overlapped, overlapTime(*overlapped)) <
             perScore(*serial, serialTime);
    }
    if (take)
      best = MaterializedPlan{overlapped->bq, overlapped->bk, true};
  }
  if (best)
    return best;
  why = llvm::formatv("materialized: even one query row and one key, with "
                      "d = {0}, do not fit the scratchpad ({1} elements) and "
                      "accumulator ({2} elements)",
                      s.d, e.spadCap(), e.accCap());
  return std::nullopt;
}

// The N x M matrix makes two DRAM round trips (the point of the strategy),
// but no score row has to fit on chip, the array streams bq-row folds, and
// the tiles are double-buffered. With `overlap`, the query blocks form a
// software pipeline: pass 1 of block i + 1 runs interleaved with pass 2 of
// block i (two sets of Q, m and 1/l, alternating with the block index).
void mlir::attn::systolic::emitMaterialized(ScheduleEmitter &e,
                                            const VanillaShape &s,
                                            const VanillaOperands &ops,
                                            const MaterializedPlan &plan) {
  const int64_t bq = plan.bq, bk = plan.bk;
  const MaterializedLayout l =
      materializedLayout(s, bool(ops.mask), bq, bk, plan.overlap, e.statMem());
  using Part = std::optional<QueryPart>;
  if (!plan.overlap) {
    e.tiles(s.n, bq, [&](Expr q0, int64_t qn, Expr) {
      materializedStep(e, s, ops, l, bk, QueryPart{q0, qn, Expr(0)},
                       std::nullopt);
      materializedStep(e, s, ops, l, bk, std::nullopt,
                       QueryPart{q0, qn, Expr(0)});
    });
    return;
  }
  const int64_t blocks = (s.n + bq - 1) / bq, full = s.n / bq;
  auto part = [&](const Expr &i, int64_t qn) {
    return QueryPart{i * bq, qn, i % 2};
  };
  auto rows = [&](int64_t i) { return std::min(bq, s.n - i * bq); };
  materializedStep(e, s, ops, l, bk, part(Expr(0), rows(0)),
                   std::nullopt);
  // Steps whose blocks i and i + 1 are both full loop.
  const int64_t looped = std::max<int64_t>(0, full - 1);
  e.loop(looped, [&](Expr i) {
    materializedStep(e, s, ops, l, bk, part(i + 1, bq), part(i, bq));
  });
  for (int64_t i = looped; i + 1 < blocks; ++i)
    materializedStep(e, s, ops, l, bk, part(Expr(i + 1), rows(i + 1)),
                     part(Expr(i), rows(i)));
  materializedStep(e, s, ops, l, bk, Part(),
                   part(Expr(blocks - 1), rows(blocks - 1)));
}
