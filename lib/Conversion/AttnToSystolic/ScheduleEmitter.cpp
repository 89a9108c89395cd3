//===- ScheduleEmitter.cpp - Instruction helpers and GEMM tiling ----------===//

#include "Schedules.h"

#include <algorithm>
#include <limits>

using namespace mlir::attn::systolic;

static constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max() / 4;

// SCALE-Sim's mapping: WS keeps B (k x n) in the array and streams the m rows
// of A; OS keeps C (m x n) and streams k; IS keeps A^T (k x m) and streams n.
int64_t ScheduleEmitter::mCap() const {
  switch (t.dataflow) {
  case Dataflow::WS:
    return kUnbounded;
  case Dataflow::OS:
    return t.rows;
  case Dataflow::IS:
    return t.cols;
  }
  return 1;
}
int64_t ScheduleEmitter::kCap() const {
  return t.dataflow == Dataflow::OS ? kUnbounded : int64_t(t.rows);
}
int64_t ScheduleEmitter::nCap() const {
  return t.dataflow == Dataflow::IS ? kUnbounded : int64_t(t.cols);
}

void ScheduleEmitter::mvin(LocalRef d, const DramMat &src, int64_t rows,
                           int64_t cols) {
  p.instrs.push_back(makeMvin(d, {src.sym, src.off, src.ld}, rows, cols));
}

void ScheduleEmitter::mvout(const DramMat &dst, LocalRef a, int64_t rows,
                            int64_t cols) {
  p.instrs.push_back(makeMvout({dst.sym, dst.off, dst.ld}, a, rows, cols));
}

static LocalRef shift(LocalRef r, int64_t i, int64_t j) {
  r.addr += i * r.ld + j * r.cs;
  return r;
}

void ScheduleEmitter::matmul(LocalRef d, LocalRef a, LocalRef b, int64_t m,
                             int64_t k, int64_t n, bool accumulate) {
  int64_t mc = std::min(m, mCap()), kc = std::min(k, kCap()),
          nc = std::min(n, nCap());
  for (int64_t j = 0; j < n; j += nc)
    for (int64_t i = 0; i < m; i += mc)
      for (int64_t l = 0; l < k; l += kc)
        p.instrs.push_back(makeMatmul(
            shift(d, i, j), shift(a, i, l), shift(b, l, j),
            std::min(mc, m - i), std::min(kc, k - l), std::min(nc, n - j),
            accumulate || l > 0));
}

void ScheduleEmitter::vec(Opcode op, LocalRef d, LocalRef a, LocalRef b,
                          int64_t rows, int64_t cols, float imm) {
  p.instrs.push_back(makeVector(op, d, a, b, rows, cols, imm));
}

void ScheduleEmitter::causal(LocalRef d, int64_t rows, int64_t cols,
                             int64_t row0, int64_t col0) {
  p.instrs.push_back(
      makeVector(Opcode::VCausal, d, {}, {}, rows, cols, 0.f, row0, col0));
}

//===----------------------------------------------------------------------===//
// GEMM tiling
//===----------------------------------------------------------------------===//

static int64_t roundUp(int64_t v, int64_t u) { return (v + u - 1) / u * u; }

// Gemmini's tiled_matmul_auto, in elements instead of DIM-rows: half of the
// scratchpad and of the accumulator per buffer (double buffering), start
// from one array tile in every dimension and grow N, then M, then K by one
// array side while (tm*tk + tk*tn) fits half the scratchpad and tm*tn half
// the accumulator, never beyond the (padded) problem.
GemmTiles mlir::attn::systolic::chooseGemmTiles(const ScheduleEmitter &e, int64_t M,
                                          int64_t K, int64_t N) {
  int64_t u = e.unit();
  int64_t spadHalf = e.spadCap() / 2, accHalf = e.accCap() / 2;
  int64_t mMax = roundUp(M, u), kMax = roundUp(K, u), nMax = roundUp(N, u);
  GemmTiles t{std::min(u, mMax), std::min(u, kMax), std::min(u, nMax)};
  auto fits = [&](const GemmTiles &c) {
    return c.tm * c.tk + c.tk * c.tn <= spadHalf && c.tm * c.tn <= accHalf;
  };
  bool grew = true;
  while (grew) {
    grew = false;
    for (int dim = 0; dim < 3; ++dim) {
      GemmTiles c = t;
      int64_t &v = dim == 0 ? c.tn : dim == 1 ? c.tm : c.tk;
      int64_t lim = dim == 0 ? nMax : dim == 1 ? mMax : kMax;
      if (v + u > lim)
        continue;
      v += u;
      if (fits(c)) {
        t = c;
        grew = true;
        break; // Restart from N, as Gemmini does.
      }
    }
  }
  t.tm = std::min(t.tm, M);
  t.tk = std::min(t.tk, K);
  t.tn = std::min(t.tn, N);
  return t;
}

void mlir::attn::systolic::emitGemm(ScheduleEmitter &e, const DramMat &a,
                              const DramMat &b, const DramMat &c, int64_t M,
                              int64_t K, int64_t N) {
  GemmTiles t = chooseGemmTiles(e, M, K, N);
  int64_t spadHalf = e.spadCap() / 2, accHalf = e.accCap() / 2;
  unsigned kStep = 0, outStep = 0;
  for (int64_t i = 0; i < M; i += t.tm) {
    int64_t mi = std::min(t.tm, M - i);
    for (int64_t j = 0; j < N; j += t.tn) {
      int64_t nj = std::min(t.tn, N - j);
      LocalRef out = acc((outStep++ % 2) * accHalf, nj);
      for (int64_t l = 0; l < K; l += t.tk) {
        int64_t kl = std::min(t.tk, K - l);
        int64_t base = (kStep++ % 2) * spadHalf;
        LocalRef at = sp(base, kl), bt = sp(base + mi * kl, nj);
        e.mvin(at, {a.sym, a.off + i * a.ld + l, a.ld}, mi, kl);
        e.mvin(bt, {b.sym, b.off + l * b.ld + j, b.ld}, kl, nj);
        e.matmul(out, at, bt, mi, kl, nj, /*accumulate=*/l > 0);
      }
      e.mvout({c.sym, c.off + i * c.ld + j, c.ld}, out, mi, nj);
    }
  }
}

std::optional<std::string>
mlir::attn::systolic::checkProgramSize(uint64_t slices,
                                       uint64_t instrsPerSlice,
                                       uint64_t limit) {
  if (instrsPerSlice == 0 || slices <= limit / instrsPerSlice)
    return std::nullopt;
  return "the program would need at least " + std::to_string(slices) +
         " slice(s) x " + std::to_string(instrsPerSlice) +
         " instructions, more than the limit of " + std::to_string(limit) +
         " (programs are straight-line code; split the op)";
}
