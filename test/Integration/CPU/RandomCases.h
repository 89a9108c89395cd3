//===- RandomCases.h - random valid attn programs for differential testing -===//
//
// randomCases(seed, count) draws `count` valid attn ops (Cases.h's Case) from
// std::mt19937(seed): random batch dims, N != M, sizes that do not divide
// the tiles, causal, masks broadcast from fewer dims, explicit scales, primal
// with per-batch / per-head / shared weights, with or without bias, both
// feature maps, and primal_weights with any p in [1, N]. Case i is named
// `rand_<i>` and depends only on (seed, i), so a failing case reproduces from
// the two numbers the test prints.
//
// Values are drawn with `rng() % n` (not std::uniform_int_distribution) so
// the programs are the same with every standard library.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_TEST_INTEGRATION_CPU_RANDOMCASES_H
#define ATTN_TEST_INTEGRATION_CPU_RANDOMCASES_H

#include "Cases.h"

#include <random>
#include <sstream>

namespace attn::cases {

inline Case randomCase(uint32_t seed, int index) {
  std::mt19937 rng(seed * 7919u + static_cast<uint32_t>(index));
  auto pick = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
  };
  auto coin = [&](int percent) { return pick(1, 100) <= percent; };
  // Row counts: mostly small, some around the 64-row tiles and key blocks.
  auto rows = [&] { return coin(70) ? pick(1, 40) : pick(41, 140); };

  Shape batch;
  for (int64_t nb = pick(0, 2); nb > 0; --nb)
    batch.push_back(pick(1, 3));
  auto withBatch = [&](const Shape &tail) {
    Shape s = batch;
    s.insert(s.end(), tail.begin(), tail.end());
    return s;
  };
  /// Leading batch dims dropped at random (weights shared over them).
  auto suffixBatch = [&](const Shape &tail) {
    Shape s(batch.begin() + pick(0, batch.size()), batch.end());
    s.insert(s.end(), tail.begin(), tail.end());
    return s;
  };

  Case c;
  c.name = "rand_" + std::to_string(index);
  int64_t kind = pick(0, 9);
  if (kind < 5) {
    c.kind = Kind::Vanilla;
    int64_t n = rows(), m = rows(), d = pick(1, 24), dv = pick(1, 24);
    c.inputs = {withBatch({n, d}), withBatch({m, d}), withBatch({m, dv})};
    c.output = withBatch({n, dv});
    c.causal = coin(40);
    c.bottomRight = c.causal && coin(50);
    if (coin(30))
      c.scale = 0.05 * pick(1, 30);
    if (coin(35)) {
      // A mask of [B..., N, M] with some dims 1 and some leading dims gone.
      Shape full = withBatch({n, m});
      Shape mask(full.begin() + pick(0, full.size() - 1), full.end());
      for (int64_t &x : mask)
        if (coin(30))
          x = 1;
      c.inputs.push_back(mask);
    }
  } else if (kind < 8) {
    c.kind = Kind::Primal;
    int64_t n = rows(), d = pick(1, 24), s = pick(1, 8), dv = pick(1, 24);
    Shape q = withBatch({n, d});
    c.inputs = {q, q, suffixBatch({d, s}), suffixBatch({d, s}), {2 * s, dv}};
    if (coin(50))
      c.inputs.push_back({dv});
    c.output = withBatch({n, dv});
    c.causal = coin(30);
    c.identity = coin(30);
  } else {
    c.kind = Kind::PrimalWeights;
    int64_t n = rows(), d = pick(1, 24), s = pick(1, 8);
    int64_t p = coin(20) ? (coin(50) ? 1 : n) : pick(1, n);
    c.inputs = {withBatch({n, d}), suffixBatch({p, s})};
    c.output = withBatch({d, s});
  }
  return c;
}

inline std::vector<Case> randomCases(uint32_t seed, int count) {
  std::vector<Case> cases;
  for (int i = 0; i < count; ++i)
    cases.push_back(randomCase(seed, i));
  return cases;
}

/// One line describing a case, for failure messages.
inline std::string describe(const Case &c) {
  static const char *kinds[] = {"vanilla", "primal", "primal_weights"};
  std::ostringstream os;
  os << kinds[static_cast<int>(c.kind)] << " ins";
  for (const Shape &s : c.inputs) {
    os << " [";
    for (size_t i = 0; i < s.size(); ++i)
      os << (i ? "x" : "") << s[i];
    os << "]";
  }
  os << (c.causal ? " causal" : "") << (c.bottomRight ? " bottom_right" : "")
     << (c.identity ? " identity" : "");
  if (c.scale != 0)
    os << " scale=" << c.scale;
  return os.str();
}

} // namespace attn::cases

#endif // ATTN_TEST_INTEGRATION_CPU_RANDOMCASES_H
