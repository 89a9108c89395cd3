//===- StampBoardTest.cpp - block-lazy stamps equal per-element stamps ----===//
//
// StampBoard keeps the simulator's per-element access stamps with lazy
// whole-block updates. Random windows (contiguous or strided, aligned to
// the blocks or not) are raised and queried against a plain array kept
// element by element; every query must agree.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Sim/Machine.h"

#include <gtest/gtest.h>

#include <random>

using mlir::attn::systolic::StampBoard;

namespace {

TEST(StampBoard, MatchesPerElementStamps) {
  std::mt19937 gen(5);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(gen);
  };
  const int64_t n = 1000; // not a multiple of the block
  StampBoard board;
  board.assign(n);
  std::vector<uint64_t> ref(n, 0);
  for (int step = 0; step < 20000; ++step) {
    int64_t cs = pick(0, 3) ? 1 : pick(2, 70);
    int64_t len = pick(1, 80);
    if ((len - 1) * cs >= n)
      len = (n - 1) / cs + 1;
    int64_t a = pick(0, n - 1 - (len - 1) * cs);
    if (pick(0, 1)) {
      uint64_t v = uint64_t(pick(0, 1000000));
      board.raise(a, len, cs, v);
      for (int64_t j = 0; j < len; ++j)
        ref[a + j * cs] = std::max(ref[a + j * cs], v);
    } else {
      uint64_t want = 0;
      for (int64_t j = 0; j < len; ++j)
        want = std::max(want, ref[a + j * cs]);
      ASSERT_EQ(board.maxOf(a, len, cs), want)
          << "step " << step << ": " << len << " elements from " << a
          << ", stride " << cs;
    }
    if (step % 1000 == 0) {
      for (int64_t i = 0; i < n; ++i) {
        ASSERT_EQ(board.get(i), ref[i]) << "element " << i;
      }
    }
  }
}

} // namespace
