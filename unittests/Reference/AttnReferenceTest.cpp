//===- AttnReferenceTest.cpp - Tests for the attention reference ----------===//
//
// Expected values are computed by hand or from closed forms, never by calling
// the reference itself (except where two input layouts must agree, e.g. a
// broadcast operand vs. its explicitly expanded copy).
//
//===----------------------------------------------------------------------===//

#include "AttnReference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace attn::ref;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTol = 1e-12;

Tensor T(std::vector<int64_t> shape, std::vector<double> data) {
  return Tensor::fromData(std::move(shape), std::move(data));
}

void expectTensorNear(const Tensor &got, const std::vector<int64_t> &shape,
                      const std::vector<double> &want, double tol = kTol) {
  ASSERT_EQ(got.shape, shape);
  ASSERT_EQ(got.data.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got.data[i], want[i], tol) << "at flat index " << i;
}

// Repeats `t` `times` times along a new leading dim.
Tensor tileLeading(const Tensor &t, int64_t times) {
  Tensor out;
  out.shape = t.shape;
  out.shape.insert(out.shape.begin(), times);
  for (int64_t i = 0; i < times; ++i)
    out.data.insert(out.data.end(), t.data.begin(), t.data.end());
  return out;
}

} // namespace

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

TEST(TensorTest, ZerosAndNumel) {
  Tensor t = Tensor::zeros({2, 3, 4});
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.rank(), 3);
  EXPECT_EQ(t.data, std::vector<double>(24, 0.0));
  EXPECT_EQ(Tensor::zeros({}).numel(), 1);
  EXPECT_EQ(Tensor::zeros({3, 0}).numel(), 0);
}

TEST(TensorTest, AtIsRowMajor) {
  Tensor t = T({2, 3}, {0, 1, 2, 3, 4, 5});
  EXPECT_EQ(t.at({0, 2}), 2.0);
  EXPECT_EQ(t.at({1, 0}), 3.0);
  t.at({1, 1}) = 42.0;
  EXPECT_EQ(t.data[4], 42.0);
  EXPECT_THROW(t.at({2, 0}), std::out_of_range);
  EXPECT_THROW(t.at({0}), std::out_of_range);
}

TEST(TensorTest, FromDataChecksSize) {
  EXPECT_THROW(Tensor::fromData({2, 2}, {1, 2, 3}), std::invalid_argument);
  EXPECT_THROW(Tensor::zeros({2, -1}), std::invalid_argument);
}

TEST(TensorTest, FloatRoundTrip) {
  Tensor t = Tensor::fromFloat({3}, {0.5f, -2.0f, 4.25f});
  EXPECT_EQ(t.data, (std::vector<double>{0.5, -2.0, 4.25}));
  EXPECT_EQ(t.toFloat(), (std::vector<float>{0.5f, -2.0f, 4.25f}));
  EXPECT_THROW(Tensor::fromFloat({2}, {1.0f}), std::invalid_argument);
}

TEST(TensorTest, RandomIsSeededAndInRange) {
  Tensor a = Tensor::random({1000}, 7, -2.0, 3.0);
  Tensor b = Tensor::random({1000}, 7, -2.0, 3.0);
  Tensor c = Tensor::random({1000}, 8, -2.0, 3.0);
  EXPECT_EQ(a.data, b.data);
  EXPECT_NE(a.data, c.data);
  double lo = kInf, hi = -kInf;
  for (double x : a.data) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  EXPECT_GE(lo, -2.0);
  EXPECT_LE(hi, 3.0);
  // 1000 uniform draws should cover most of the interval.
  EXPECT_LT(lo, -1.5);
  EXPECT_GT(hi, 2.5);
  EXPECT_THROW(Tensor::random({2}, 0, 1.0, 0.0), std::invalid_argument);
}

//===----------------------------------------------------------------------===//
// Vanilla attention
//===----------------------------------------------------------------------===//

TEST(VanillaTest, SingleKeyReturnsV) {
  // One key: softmax over a single score is exactly 1.
  Tensor q = T({1, 3}, {0.3, -1.0, 2.0});
  Tensor k = T({1, 3}, {5.0, 1.0, -4.0});
  Tensor v = T({1, 2}, {7.0, -3.5});
  expectTensorNear(vanilla(q, k, v), {1, 2}, {7.0, -3.5}, 0.0);

  // Same with several queries: every row gets V[0].
  Tensor q3 = T({3, 3}, {1, 2, 3, -4, 5, 6, 0, 0, 9});
  expectTensorNear(vanilla(q3, k, v), {3, 2}, {7, -3.5, 7, -3.5, 7, -3.5}, 0.0);
}

TEST(VanillaTest, UniformScoresGiveMeanOfV) {
  // Q = 0 makes every score 0, so the softmax is uniform over the 3 keys.
  Tensor q = Tensor::zeros({2, 2});
  Tensor k = T({3, 2}, {1, 2, 3, 4, 5, 6});
  Tensor v = T({3, 2}, {1, 2, 3, 4, 5, 9});
  expectTensorNear(vanilla(q, k, v), {2, 2}, {3, 5, 3, 5});
}

TEST(VanillaTest, HandComputed2x2ExplicitScale) {
  // Scores = Q K^T = I, so row 0 weights are [e, 1] / (e + 1).
  Tensor q = T({2, 2}, {1, 0, 0, 1});
  Tensor k = T({2, 2}, {1, 0, 0, 1});
  Tensor v = T({2, 2}, {10, 0, 0, 20});
  const double e = std::exp(1.0);
  expectTensorNear(
      vanilla(q, k, v, nullptr, 1.0), {2, 2},
      {10 * e / (e + 1), 20 / (e + 1), 10 / (e + 1), 20 * e / (e + 1)});
}

TEST(VanillaTest, HandComputed2x2DefaultScale) {
  // Default scale 1/sqrt(d) = 1/sqrt(2) with d = 2.
  Tensor q = T({2, 2}, {1, 0, 0, 1});
  Tensor k = T({2, 2}, {1, 0, 0, 1});
  Tensor v = T({2, 2}, {10, 0, 0, 20});
  const double e = std::exp(1.0 / std::sqrt(2.0));
  expectTensorNear(
      vanilla(q, k, v), {2, 2},
      {10 * e / (e + 1), 20 / (e + 1), 10 / (e + 1), 20 * e / (e + 1)});
}

TEST(VanillaTest, ScaleAppliesBeforeMask) {
  // Scores: scale * [2, 0] + mask [0, ln 3] = [1, ln 3] with scale 0.5.
  Tensor q = T({1, 1}, {1});
  Tensor k = T({2, 1}, {2, 0});
  Tensor v = T({2, 1}, {1, 0});
  Tensor mask = T({2}, {0, std::log(3.0)});
  const double e = std::exp(1.0);
  expectTensorNear(vanilla(q, k, v, &mask, 0.5), {1, 1}, {e / (e + 3)});
}

TEST(VanillaTest, CausalFirstRowIsV0) {
  Tensor q = Tensor::random({4, 3}, 1);
  Tensor k = Tensor::random({4, 3}, 2);
  Tensor v = Tensor::random({4, 5}, 3);
  Tensor o = vanilla(q, k, v, nullptr, std::nullopt, /*causal=*/true);
  ASSERT_EQ(o.shape, (std::vector<int64_t>{4, 5}));
  for (int64_t c = 0; c < 5; ++c)
    EXPECT_DOUBLE_EQ(o.at({0, c}), v.at({0, c}));
}

TEST(VanillaTest, CausalUniformScoresGivePrefixMeans) {
  // Q = 0: row i is the mean of V[0..i].
  Tensor q = Tensor::zeros({3, 2});
  Tensor k = Tensor::random({3, 2}, 4);
  Tensor v = T({3, 1}, {3, 6, 12});
  expectTensorNear(vanilla(q, k, v, nullptr, std::nullopt, true), {3, 1},
                   {3, 4.5, 7});
}

TEST(VanillaTest, CausalIsTopLeftAlignedForRectangular) {
  Tensor v = T({2, 1}, {2, 8});
  // N = 3 > M = 2: rows 1 and 2 both see both keys.
  Tensor o = vanilla(Tensor::zeros({3, 1}), Tensor::zeros({2, 1}), v, nullptr,
                     std::nullopt, true);
  expectTensorNear(o, {3, 1}, {2, 5, 5});
  // N = 2 < M = 3: key 2 is never visible.
  Tensor v3 = T({3, 1}, {2, 8, 1000});
  o = vanilla(Tensor::zeros({2, 1}), Tensor::zeros({3, 1}), v3, nullptr,
              std::nullopt, true);
  expectTensorNear(o, {2, 1}, {2, 5});
}

TEST(VanillaTest, MaskSelectsSingleKey) {
  Tensor q = Tensor::random({3, 4}, 5);
  Tensor k = Tensor::random({4, 4}, 6);
  Tensor v = T({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor mask = T({4}, {-kInf, -kInf, 0, -kInf});
  expectTensorNear(vanilla(q, k, v, &mask), {3, 2}, {5, 6, 5, 6, 5, 6}, 0.0);
}

TEST(VanillaTest, FullyMaskedRowIsZero) {
  // Causal row 0 sees only key 0, which the mask removes: all -inf -> zeros.
  Tensor q = Tensor::random({2, 2}, 7);
  Tensor k = Tensor::random({2, 2}, 8);
  Tensor v = T({2, 2}, {1, 2, 3, 4});
  Tensor mask = T({2}, {-kInf, 0});
  Tensor o = vanilla(q, k, v, &mask, std::nullopt, true);
  expectTensorNear(o, {2, 2}, {0, 0, 3, 4}, 0.0);
}

TEST(VanillaTest, ZeroKeysGivesZeros) {
  Tensor o = vanilla(Tensor::zeros({2, 3}), Tensor::zeros({0, 3}),
                     Tensor::zeros({0, 4}));
  expectTensorNear(o, {2, 4}, std::vector<double>(8, 0.0), 0.0);
}

TEST(VanillaTest, LargeMagnitudeScoresAreStable) {
  // Scores +1e4 and -1e4: a naive exp overflows; the stable softmax puts all
  // weight on key 0.
  Tensor q = T({1, 1}, {100});
  Tensor k = T({2, 1}, {100, -100});
  Tensor v = T({2, 2}, {1.5, -2, 9, 9});
  Tensor o = vanilla(q, k, v, nullptr, 1.0);
  for (double x : o.data)
    EXPECT_TRUE(std::isfinite(x));
  expectTensorNear(o, {1, 2}, {1.5, -2}, 0.0);

  // Two equal huge scores split evenly.
  Tensor k2 = T({2, 1}, {100, 100});
  expectTensorNear(vanilla(q, k2, v, nullptr, 1.0), {1, 2}, {5.25, 3.5});
}

TEST(VanillaTest, BatchesAreIndependent) {
  // Batch dims [2, 2] with one key each: output row = that batch's V.
  Tensor q = Tensor::random({2, 2, 1, 3}, 9);
  Tensor k = Tensor::random({2, 2, 1, 3}, 10);
  Tensor v = T({2, 2, 1, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  expectTensorNear(vanilla(q, k, v), {2, 2, 1, 2}, v.data, 0.0);
}

TEST(VanillaTest, BroadcastMaskEqualsExpandedMask) {
  const int64_t B = 2, H = 3, N = 4, M = 5, D = 3;
  Tensor q = Tensor::random({B, H, N, D}, 11);
  Tensor k = Tensor::random({B, H, M, D}, 12);
  Tensor v = Tensor::random({B, H, M, 2}, 13);
  Tensor small = Tensor::random({B, 1, 1, M}, 14, -3.0, 3.0);
  small.at({0, 0, 0, 1}) = -kInf;
  small.at({1, 0, 0, 4}) = -kInf;
  Tensor full = Tensor::zeros({B, H, N, M});
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m)
          full.at({b, h, n, m}) = small.at({b, 0, 0, m});
  Tensor want = vanilla(q, k, v, &full);
  expectTensorNear(vanilla(q, k, v, &small), want.shape, want.data, 0.0);

  // Lower-rank mask [N, M] broadcasts over all batch dims.
  Tensor nm = Tensor::random({N, M}, 15);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m)
          full.at({b, h, n, m}) = nm.at({n, m});
  want = vanilla(q, k, v, &full, std::nullopt, true);
  expectTensorNear(vanilla(q, k, v, &nm, std::nullopt, true), want.shape,
                   want.data, 0.0);
}

TEST(VanillaTest, RejectsBadShapes) {
  Tensor q = Tensor::zeros({2, 3});
  Tensor k = Tensor::zeros({4, 3});
  Tensor v = Tensor::zeros({4, 5});
  EXPECT_NO_THROW(vanilla(q, k, v));
  EXPECT_THROW(vanilla(Tensor::zeros({3}), k, v), std::invalid_argument);
  EXPECT_THROW(vanilla(q, Tensor::zeros({4, 2}), v), std::invalid_argument);
  EXPECT_THROW(vanilla(q, k, Tensor::zeros({3, 5})), std::invalid_argument);
  EXPECT_THROW(vanilla(Tensor::zeros({2, 2, 3}), Tensor::zeros({3, 4, 3}),
                       Tensor::zeros({3, 4, 5})),
               std::invalid_argument);
  Tensor bad{{2, 3}, {1, 2}};
  EXPECT_THROW(vanilla(bad, k, v), std::invalid_argument);
  EXPECT_THROW(vanilla(Tensor::zeros({2, 0}), Tensor::zeros({4, 0}), v),
               std::invalid_argument);
  EXPECT_THROW(vanilla(q, k, v, nullptr, kInf), std::invalid_argument);
}

TEST(VanillaTest, RejectsBadMasks) {
  Tensor q = Tensor::zeros({2, 2, 3});
  Tensor k = Tensor::zeros({2, 4, 3});
  Tensor v = Tensor::zeros({2, 4, 5});
  Tensor ok = Tensor::zeros({2, 1, 4});
  EXPECT_NO_THROW(vanilla(q, k, v, &ok));
  Tensor wrongDim = Tensor::zeros({3, 4});
  EXPECT_THROW(vanilla(q, k, v, &wrongDim), std::invalid_argument);
  Tensor tooManyDims = Tensor::zeros({1, 2, 2, 4});
  EXPECT_THROW(vanilla(q, k, v, &tooManyDims), std::invalid_argument);
  Tensor posInf = T({4}, {0, kInf, 0, 0});
  EXPECT_THROW(vanilla(q, k, v, &posInf), std::invalid_argument);
  Tensor nan = T({4}, {0, std::nan(""), 0, 0});
  EXPECT_THROW(vanilla(q, k, v, &nan), std::invalid_argument);
}

TEST(VanillaTest, GroupedQueryEqualsRepeatedKeysAndValues) {
  // H = 8 query heads over Hkv in {1, 2, 4, 8}: head h reads kv head
  // h / (H / Hkv), i.e. K/V repeat_interleave'd up to H heads.
  const int64_t B = 2, H = 8, N = 3, M = 5, D = 4, DV = 2;
  Tensor q = Tensor::random({B, H, N, D}, 41);
  for (int64_t hkv : {1, 2, 4, 8}) {
    Tensor k = Tensor::random({B, hkv, M, D}, 42);
    Tensor v = Tensor::random({B, hkv, M, DV}, 43);
    Tensor kFull = Tensor::zeros({B, H, M, D}), vFull = Tensor::zeros({B, H, M, DV});
    for (int64_t b = 0; b < B; ++b)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t m = 0; m < M; ++m) {
          for (int64_t c = 0; c < D; ++c)
            kFull.at({b, h, m, c}) = k.at({b, h / (H / hkv), m, c});
          for (int64_t c = 0; c < DV; ++c)
            vFull.at({b, h, m, c}) = v.at({b, h / (H / hkv), m, c});
        }
    Tensor want = vanilla(q, kFull, vFull, nullptr, std::nullopt, true);
    expectTensorNear(vanilla(q, k, v, nullptr, std::nullopt, true), want.shape,
                     want.data, 0.0);
  }
  EXPECT_THROW(vanilla(q, Tensor::zeros({B, 3, M, D}),
                       Tensor::zeros({B, 3, M, DV})),
               std::invalid_argument);
  EXPECT_THROW(vanilla(q, Tensor::zeros({B, 2, M, D}),
                       Tensor::zeros({B, 4, M, DV})),
               std::invalid_argument);
}

TEST(VanillaTest, BoolMaskEqualsNegInfMask) {
  const int64_t H = 2, N = 4, M = 6, D = 3;
  Tensor q = Tensor::random({H, N, D}, 51);
  Tensor k = Tensor::random({H, M, D}, 52);
  Tensor v = Tensor::random({H, M, 2}, 53);
  Tensor keep = Tensor::random({N, M}, 54, 0.0, 1.0);
  Tensor additive = Tensor::zeros({N, M});
  for (size_t i = 0; i < keep.data.size(); ++i) {
    keep.data[i] = keep.data[i] < 0.3 ? 0.0 : 1.0;
    additive.data[i] = keep.data[i] != 0.0 ? 0.0 : -kInf;
  }
  Tensor want = vanilla(q, k, v, &additive);
  expectTensorNear(vanilla(q, k, v, &keep, std::nullopt, false, std::nullopt,
                           /*boolMask=*/true),
                   want.shape, want.data, 0.0);
  Tensor notBool = T({M}, {0, 1, 0.5, 1, 1, 1});
  EXPECT_THROW(vanilla(q, k, v, &notBool, std::nullopt, false, std::nullopt,
                       true),
               std::invalid_argument);
}

TEST(VanillaTest, WindowEqualsExplicitMask) {
  // Query i sees keys j >= i - W; with causal also j <= i.
  const int64_t N = 7, M = 9, D = 3, W = 2;
  Tensor q = Tensor::random({N, D}, 61);
  Tensor k = Tensor::random({M, D}, 62);
  Tensor v = Tensor::random({M, 2}, 63);
  for (bool causal : {false, true}) {
    Tensor mask = Tensor::zeros({N, M});
    for (int64_t i = 0; i < N; ++i)
      for (int64_t j = 0; j < M; ++j)
        if (j < i - W || (causal && j > i))
          mask.at({i, j}) = -kInf;
    Tensor want = vanilla(q, k, v, &mask);
    expectTensorNear(vanilla(q, k, v, nullptr, std::nullopt, causal, W),
                     want.shape, want.data, 0.0);
  }
  // Window 0 with causal: each query sees only its own key, so O = V rows.
  Tensor sq = Tensor::random({4, D}, 64), sv = Tensor::random({4, 2}, 65);
  expectTensorNear(vanilla(sq, Tensor::random({4, D}, 66), sv, nullptr,
                           std::nullopt, true, 0),
                   {4, 2}, sv.data, 1e-15);
  EXPECT_THROW(vanilla(q, k, v, nullptr, std::nullopt, false, -1),
               std::invalid_argument);
}

//===----------------------------------------------------------------------===//
// Primal attention
//===----------------------------------------------------------------------===//

TEST(PrimalTest, IdentityFeatureMapHandChecked) {
  // e = Q I = Q, r = K (2I) = 2K; W_c picks o0 = e0 + r1, o1 = e1 - r1.
  Tensor q = T({2, 2}, {1, 2, 3, 4});
  Tensor k = T({2, 2}, {5, 6, 7, 8});
  Tensor we = T({2, 2}, {1, 0, 0, 1});
  Tensor wr = T({2, 2}, {2, 0, 0, 2});
  Tensor wc = T({4, 2}, {1, 0, 0, 1, 0, 0, 1, -1});
  Tensor bc = T({2}, {0.5, -1});
  // Row 0: e = [1, 2], r = [10, 12] -> [13, -10] + bc.
  // Row 1: e = [3, 4], r = [14, 16] -> [19, -12] + bc.
  expectTensorNear(primal(q, k, we, wr, wc, &bc, FeatureMap::Identity), {2, 2},
                   {13.5, -11, 19.5, -13});
  // Without bias.
  expectTensorNear(primal(q, k, we, wr, wc, nullptr, FeatureMap::Identity),
                   {2, 2}, {13, -10, 19, -12});
}

TEST(PrimalTest, NonSquareWeightsHandChecked) {
  // d = 3, s = 1, dv = 1: o = 2 * (q . we) + 3 * (k . wr).
  Tensor q = T({1, 3}, {1, 2, 3});
  Tensor k = T({1, 3}, {-1, 0, 2});
  Tensor we = T({3, 1}, {1, 1, 1});
  Tensor wr = T({3, 1}, {0, 5, 1});
  Tensor wc = T({2, 1}, {2, 3});
  // q.we = 6, k.wr = 2 -> 12 + 6.
  expectTensorNear(primal(q, k, we, wr, wc, nullptr, FeatureMap::Identity),
                   {1, 1}, {18});
}

TEST(PrimalTest, L2FeatureMapHandChecked) {
  // With W_e = W_r = I and W_c = I4, the output row is [phi(q), phi(k)].
  Tensor q = T({1, 2}, {3, 4});
  Tensor k = T({1, 2}, {0, -2});
  Tensor eye2 = T({2, 2}, {1, 0, 0, 1});
  Tensor eye4 = T({4, 4}, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
  expectTensorNear(primal(q, k, eye2, eye2, eye4, nullptr, FeatureMap::L2),
                   {1, 4}, {0.6, 0.8, 0, -1});
}

TEST(PrimalTest, L2ZeroRowClampsToZero) {
  Tensor eye2 = T({2, 2}, {1, 0, 0, 1});
  Tensor eye4 = T({4, 4}, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
  Tensor bc = T({4}, {1, 2, 3, 4});
  // Zero rows give phi = 0, so the output is exactly the bias.
  Tensor o = primal(Tensor::zeros({1, 2}), Tensor::zeros({1, 2}), eye2, eye2,
                    eye4, &bc, FeatureMap::L2);
  expectTensorNear(o, {1, 4}, {1, 2, 3, 4}, 0.0);
  // Norm 1e-13 < 1e-12: divided by the clamp, not normalised to unit length.
  Tensor tiny = T({1, 2}, {1e-13, 0});
  o = primal(tiny, tiny, eye2, eye2, eye4, nullptr, FeatureMap::L2);
  expectTensorNear(o, {1, 4}, {0.1, 0, 0.1, 0}, 1e-15);
}

TEST(PrimalTest, CausalPrefixMeanHandChecked) {
  // Output row = [q~_i, k~_i] with identity weights and feature map.
  Tensor q = T({3, 2}, {1, 2, 3, 4, 5, 0});
  Tensor k = T({3, 2}, {0, 3, 6, 3, 3, 0});
  Tensor eye2 = T({2, 2}, {1, 0, 0, 1});
  Tensor eye4 = T({4, 4}, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
  Tensor o = primal(q, k, eye2, eye2, eye4, nullptr, FeatureMap::Identity,
                    /*causal=*/true);
  expectTensorNear(o, {3, 4},
                   {1, 2, 0, 3, //
                    2, 3, 3, 3, //
                    3, 2, 3, 2});
}

TEST(PrimalTest, CausalMeanIsTakenBeforeL2) {
  // Row 1: mean([3, 0], [-3, 4]) = [0, 2] -> [0, 1]. (Normalising first
  // would give mean([1, 0], [-0.6, 0.8]) = [0.2, 0.4] instead.)
  Tensor q = T({2, 2}, {3, 0, -3, 4});
  Tensor eye2 = T({2, 2}, {1, 0, 0, 1});
  Tensor zero2 = Tensor::zeros({2, 2});
  Tensor wc = T({4, 2}, {1, 0, 0, 1, 0, 0, 0, 0});
  Tensor o = primal(q, q, eye2, zero2, wc, nullptr, FeatureMap::L2, true);
  expectTensorNear(o, {2, 2}, {1, 0, 0, 1});
}

TEST(PrimalTest, PerBatchWeightsHandChecked) {
  // B = 2, N = d = s = dv = 1: o_b = q_b * we_b * wc[0] + k_b * wr_b * wc[1].
  Tensor q = T({2, 1, 1}, {1, 2});
  Tensor k = T({2, 1, 1}, {3, 4});
  Tensor we = T({2, 1, 1}, {2, 3});
  Tensor wr = T({1, 1}, {10}); // shared by both batches
  Tensor wc = T({2, 1}, {1, 0.5});
  // b0: 1*2 + 3*10*0.5 = 17; b1: 2*3 + 4*10*0.5 = 26.
  expectTensorNear(primal(q, k, we, wr, wc, nullptr, FeatureMap::Identity),
                   {2, 1, 1}, {17, 26});
}

TEST(PrimalTest, BroadcastWeightsEqualTiledWeights) {
  const int64_t B = 3, H = 2, N = 4, D = 3, S = 2, DV = 5;
  Tensor q = Tensor::random({B, H, N, D}, 21);
  Tensor k = Tensor::random({B, H, N, D}, 22);
  Tensor weH = Tensor::random({H, D, S}, 23);
  Tensor wrH = Tensor::random({H, D, S}, 24);
  Tensor wc = Tensor::random({2 * S, DV}, 25);
  Tensor bc = Tensor::random({DV}, 26);
  for (bool causal : {false, true})
    for (FeatureMap fm : {FeatureMap::L2, FeatureMap::Identity}) {
      Tensor want = primal(q, k, tileLeading(weH, B), tileLeading(wrH, B), wc,
                           &bc, fm, causal);
      expectTensorNear(primal(q, k, weH, wrH, wc, &bc, fm, causal), want.shape,
                       want.data, 0.0);
    }

  // [d, s] shared by everything equals tiling over [B, H].
  Tensor we2 = Tensor::random({D, S}, 27);
  Tensor wr2 = Tensor::random({D, S}, 28);
  Tensor want = primal(q, k, tileLeading(tileLeading(we2, H), B),
                       tileLeading(tileLeading(wr2, H), B), wc, nullptr);
  expectTensorNear(primal(q, k, we2, wr2, wc, nullptr), want.shape, want.data,
                   0.0);
}

TEST(PrimalTest, RejectsBadShapes) {
  Tensor q = Tensor::zeros({2, 3, 4});
  Tensor we = Tensor::zeros({2, 4, 5});
  Tensor wc = Tensor::zeros({10, 6});
  Tensor bc = Tensor::zeros({6});
  EXPECT_NO_THROW(primal(q, q, we, we, wc, &bc));
  // k shape differs from q.
  EXPECT_THROW(primal(q, Tensor::zeros({2, 2, 4}), we, we, wc),
               std::invalid_argument);
  // q rank < 2.
  EXPECT_THROW(primal(Tensor::zeros({4}), Tensor::zeros({4}), we, we, wc),
               std::invalid_argument);
  // we inner dim != d.
  EXPECT_THROW(primal(q, q, Tensor::zeros({2, 3, 5}), we, wc),
               std::invalid_argument);
  // wr s differs from we s.
  EXPECT_THROW(primal(q, q, we, Tensor::zeros({2, 4, 4}), wc),
               std::invalid_argument);
  // we batch [3] is not a suffix of q batch [2].
  EXPECT_THROW(primal(q, q, Tensor::zeros({3, 4, 5}), we, wc),
               std::invalid_argument);
  // we batch has more dims than q batch.
  EXPECT_THROW(primal(q, q, Tensor::zeros({1, 2, 4, 5}), we, wc),
               std::invalid_argument);
  // wc rows != 2s, or wc not rank 2.
  EXPECT_THROW(primal(q, q, we, we, Tensor::zeros({5, 6})),
               std::invalid_argument);
  EXPECT_THROW(primal(q, q, we, we, Tensor::zeros({1, 10, 6})),
               std::invalid_argument);
  // bc size != dv.
  Tensor badBc = Tensor::zeros({5});
  EXPECT_THROW(primal(q, q, we, we, wc, &badBc), std::invalid_argument);
}

//===----------------------------------------------------------------------===//
// Primal weights
//===----------------------------------------------------------------------===//

TEST(SampleIndicesTest, HandChecked) {
  EXPECT_EQ(sampleIndices(10, 4), (std::vector<int64_t>{0, 3, 6, 9}));
  EXPECT_EQ(sampleIndices(5, 1), (std::vector<int64_t>{0}));
  EXPECT_EQ(sampleIndices(5, 5), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  // 9/2 = 4.5 truncates to 4.
  EXPECT_EQ(sampleIndices(10, 3), (std::vector<int64_t>{0, 4, 9}));
  // i * 6 / 4 = 0, 1.5, 3, 4.5, 6.
  EXPECT_EQ(sampleIndices(7, 5), (std::vector<int64_t>{0, 1, 3, 4, 6}));
  EXPECT_EQ(sampleIndices(1, 1), (std::vector<int64_t>{0}));
}

TEST(SampleIndicesTest, RejectsOutOfRange) {
  EXPECT_THROW(sampleIndices(5, 0), std::invalid_argument);
  EXPECT_THROW(sampleIndices(5, 6), std::invalid_argument);
  EXPECT_THROW(sampleIndices(0, 1), std::invalid_argument);
}

TEST(PrimalWeightsTest, HandChecked) {
  // N = 3, p = 2 samples rows 0 and 2: W = [[1, 5], [2, 6]] [[1], [10]].
  Tensor x = T({3, 2}, {1, 2, 3, 4, 5, 6});
  Tensor theta = T({2, 1}, {1, 10});
  expectTensorNear(primalWeights(x, theta), {2, 1}, {51, 62});
}

TEST(PrimalWeightsTest, PEqualsNUsesAllRows) {
  // Theta = I, so W = X^T.
  Tensor x = T({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor theta = T({2, 2}, {1, 0, 0, 1});
  expectTensorNear(primalWeights(x, theta), {3, 2}, {1, 4, 2, 5, 3, 6});
}

TEST(PrimalWeightsTest, SingleSampleUsesRowZero) {
  Tensor x = T({3, 2}, {1, 2, 30, 40, 50, 60});
  Tensor theta = T({1, 2}, {1, -1});
  expectTensorNear(primalWeights(x, theta), {2, 2}, {1, -1, 2, -2});
}

TEST(PrimalWeightsTest, PerBatchHandChecked) {
  // B = 2, N = 2, d = 1, p = 2, s = 1: W_b = x_b . theta_b.
  Tensor x = T({2, 2, 1}, {1, 2, 3, 4});
  Tensor theta = T({2, 2, 1}, {1, 1, 10, -1});
  expectTensorNear(primalWeights(x, theta), {2, 1, 1}, {3, 26});
}

TEST(PrimalWeightsTest, BroadcastThetaEqualsTiledTheta) {
  const int64_t B = 2, H = 3, N = 7, D = 4, P = 3, S = 5;
  Tensor x = Tensor::random({B, H, N, D}, 31);
  Tensor thetaH = Tensor::random({H, P, S}, 32);
  Tensor want = primalWeights(x, tileLeading(thetaH, B));
  ASSERT_EQ(want.shape, (std::vector<int64_t>{B, H, D, S}));
  expectTensorNear(primalWeights(x, thetaH), want.shape, want.data, 0.0);

  Tensor theta2 = Tensor::random({P, S}, 33);
  want = primalWeights(x, tileLeading(tileLeading(theta2, H), B));
  expectTensorNear(primalWeights(x, theta2), want.shape, want.data, 0.0);
}

TEST(PrimalWeightsTest, RejectsBadShapes) {
  Tensor x = Tensor::zeros({2, 5, 3});
  EXPECT_NO_THROW(primalWeights(x, Tensor::zeros({2, 5, 4})));
  EXPECT_THROW(primalWeights(x, Tensor::zeros({6, 4})), std::invalid_argument);
  EXPECT_THROW(primalWeights(x, Tensor::zeros({0, 4})), std::invalid_argument);
  EXPECT_THROW(primalWeights(x, Tensor::zeros({3, 2, 4})),
               std::invalid_argument);
  EXPECT_THROW(primalWeights(Tensor::zeros({5}), Tensor::zeros({2, 4})),
               std::invalid_argument);
}

//===----------------------------------------------------------------------===//
// Comparison helpers
//===----------------------------------------------------------------------===//

TEST(CompareTest, MaxAbsError) {
  Tensor ref = T({3}, {1.0, -2.0, 0.0});
  EXPECT_EQ(maxAbsError(ref, std::vector<float>{1.0f, -2.0f, 0.0f}), 0.0);
  EXPECT_DOUBLE_EQ(maxAbsError(ref, std::vector<float>{1.5f, -2.0f, -0.25f}),
                   0.5);
  const float raw[] = {1.0f, -1.0f, 0.0f};
  EXPECT_DOUBLE_EQ(maxAbsError(ref, raw), 1.0);
  EXPECT_THROW(maxAbsError(ref, std::vector<float>{1.0f}),
               std::invalid_argument);
  EXPECT_EQ(maxAbsError(Tensor::zeros({0}), std::vector<float>{}), 0.0);
}

TEST(CompareTest, MaxRelErrorUsesFloor) {
  Tensor ref = T({2}, {100.0, 0.0});
  // |101 - 100| / 100 = 0.01; |0.0001 - 0| / max(0, 1e-3) ~= 0.1.
  std::vector<float> got{101.0f, 1e-4f};
  EXPECT_NEAR(maxRelError(ref, got, 1e-3), 0.1, 1e-6);
  // A huge floor turns it into abs error / floor: 1 / 1000.
  EXPECT_NEAR(maxRelError(ref, got, 1000.0), 1e-3, 1e-9);
  // Exact zeros pass even with floor 0; a mismatch against 0 is infinite.
  EXPECT_EQ(maxRelError(T({1}, {0.0}), std::vector<float>{0.0f}, 0.0), 0.0);
  EXPECT_EQ(maxRelError(T({1}, {0.0}), std::vector<float>{1.0f}, 0.0), kInf);
  EXPECT_THROW(maxRelError(ref, got, -1.0), std::invalid_argument);
  EXPECT_THROW(maxRelError(ref, std::vector<float>{1.0f}, 1e-3),
               std::invalid_argument);
}

TEST(CompareTest, NaNAndInfNeverPass) {
  Tensor ref = T({2}, {1.0, 2.0});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(maxAbsError(ref, std::vector<float>{1.0f, nan}), kInf);
  EXPECT_EQ(maxRelError(ref, std::vector<float>{nan, 2.0f}, 1e-6), kInf);
  EXPECT_EQ(maxAbsError(ref, std::vector<float>{inf, 2.0f}), kInf);
  // Matching infinities count as equal.
  EXPECT_EQ(maxAbsError(T({1}, {-kInf}), std::vector<float>{-inf}), 0.0);
}
