//===- CpuNumericsTest.cpp - compiled attn kernels vs the C++ reference --===//
//
// Every case of Cases.h is compiled ahead of time through attn-cpu-pipeline
// into shared libraries: vanilla strategy flash, materialized, and flash
// with split-KV (kv-splits=3 in order; kv-splits=64 with 16-key blocks on
// OpenMP threads, more ranges than most cases have blocks), for the build
// host; and flash and materialized for SSE-only x86-64, AVX2 (x86-64-v3, the
// flash one threaded) and AVX-512 (x86-64-v4, flash), whose register tiles
// differ (4x8, 4x16, 8x32). Each test loads one, calls `_mlir_ciface_<case>` on fixed-seed
// random f32 inputs, and compares with the independent double-precision
// reference in test/lib/Reference.
//
// Tolerance: kTolerance (f32), kToleranceF16, kToleranceBF16 in
// KernelHarness.h.
//
//===----------------------------------------------------------------------===//

#include "KernelHarness.h"
#include <cmath>
#include <cstdlib>

using namespace attn;
using namespace attn::cases;

namespace {

/// The library of each build, and the ISA it needs beyond x86-64 (the
/// default builds are for the build host, like every AOT object).
struct Build {
  const char *name, *library, *needs;
};
const Build kBuilds[] = {
    {"flash", ATTN_CASES_FLASH_LIB, nullptr},
    {"materialized", ATTN_CASES_MATERIALIZED_LIB, nullptr},
    {"splitkv3", ATTN_CASES_SPLITKV3_LIB, nullptr},
    {"splitkv64", ATTN_CASES_SPLITKV64_LIB, nullptr},
    {"flash_sse", ATTN_CASES_FLASH_SSE_LIB, nullptr},
    {"materialized_sse", ATTN_CASES_MATERIALIZED_SSE_LIB, nullptr},
    {"flash_avx2", ATTN_CASES_FLASH_AVX2_LIB, "avx2"},
    {"materialized_avx2", ATTN_CASES_MATERIALIZED_AVX2_LIB, "avx2"},
    {"flash_avx512", ATTN_CASES_FLASH_AVX512_LIB, "avx512"},
};

const Build &buildOf(const std::string &strategy) {
  for (const Build &b : kBuilds)
    if (strategy == b.name)
      return b;
  std::abort();
}

std::string libraryPath(const std::string &strategy) {
  return buildOf(strategy).library;
}

/// Whether this host runs the build's instructions (x86-64-v3 also needs
/// FMA, BMI2...; x86-64-v4 the AVX-512 subsets below).
bool hostRuns(const Build &b) {
  if (!b.needs)
    return true;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (std::string(b.needs) == "avx2")
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("bmi2");
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512cd");
#else
  return false;
#endif
}

std::vector<float> runKernel(const std::string &strategy, const Case &c,
                             std::vector<ref::Tensor> &inputs) {
  return attn::cases::runKernel(loadLibrary(libraryPath(strategy)), c, inputs);
}

struct Param {
  size_t index;
  std::string strategy;
};

class CpuNumerics : public ::testing::TestWithParam<Param> {};

TEST_P(CpuNumerics, MatchesReference) {
  const Case c = allCases()[GetParam().index];
  const std::string &strategy = GetParam().strategy;
  if (!hostRuns(buildOf(strategy)))
    GTEST_SKIP() << "the " << strategy << " build needs "
                 << buildOf(strategy).needs << ", which this host lacks";
  auto inputs = makeInputs(c, 1000 + 17 * GetParam().index);
  ref::Tensor want = reference(c, inputs);
  std::vector<float> got = runKernel(strategy, c, inputs);
  ASSERT_EQ(got.size(), want.data.size());

  // Fully masked query rows are exactly zero with both strategies, in every
  // batch (PyTorch's _safe_softmax; the reference gives zeros too).
  int64_t n = c.output[c.output.size() - 2], dv = c.output.back();
  int64_t batches = int64_t(got.size()) / (n * dv);
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t row : c.maskedRows)
      for (int64_t j = 0; j < dv; ++j)
        EXPECT_EQ(got[(b * n + row) * dv + j], 0.0f)
            << c.name << " (" << strategy << "): batch " << b << " row "
            << row << " column " << j;
    // A row of finite large negatives stays a softmax: all its scores round
    // to -1e30 (or -FLT_MAX), so the row is the mean of the values, not
    // zero.
    std::vector<int64_t> finiteRows = c.hugeNegativeRows;
    finiteRows.insert(finiteRows.end(), c.lowestRows.begin(),
                      c.lowestRows.end());
    for (int64_t row : finiteRows) {
      double norm = 0;
      for (int64_t j = 0; j < dv; ++j)
        norm += std::abs(got[(b * n + row) * dv + j]);
      EXPECT_GT(norm, 0.0) << c.name << " (" << strategy << "): batch " << b
                           << " row " << row;
    }
  }
  double floor = 0.01 * magnitude(want);
  double rel = ref::maxRelError(want, got, floor);
  RecordProperty("max_rel_error", std::to_string(rel));
  EXPECT_LE(rel, toleranceFor(c.elem)) << c.name << " (" << strategy
                             << "): max abs error "
                             << ref::maxAbsError(want, got);
}

TEST(CpuNumericsStrategies, FlashAgreesWithMaterialized) {
  const auto cases = allCases();
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case &c = cases[i];
    if (c.kind != Kind::Vanilla)
      continue;
    auto inputs = makeInputs(c, 1000 + 17 * i);
    std::vector<float> flash = runKernel("flash", c, inputs);
    std::vector<float> mat = runKernel("materialized", c, inputs);
    ASSERT_EQ(flash.size(), mat.size());
    ref::Tensor matT = ref::Tensor::fromFloat(c.output, mat);
    // Each is within kTolerance of the reference, so they agree to that
    // order; different summation orders make them differ at ~1e-5.
    // Half-precision results may round to neighbouring values.
    EXPECT_LE(ref::maxRelError(matT, flash, 0.01 * magnitude(matT)),
              c.elem == "f32" ? kTolerance : 2 * toleranceFor(c.elem))
        << c.name;
  }
}

/// One meaning of a NaN score in every build: an f32 mask entry of NaN
/// makes that one score NaN, its query row's output is NaN (its exp(s - m)
/// poisons the row's sum), and every other row is untouched (the softmax
/// max skips it, so no other state turns NaN). Checked against the
/// reference on the NaN-free mask, whose other rows are the same.
TEST(CpuNumericsNaN, NaNScorePoisonsOnlyItsRow) {
  const auto cases = allCases();
  size_t index = 0;
  while (index < cases.size() && cases[index].name != "vanilla_mask_nm")
    ++index;
  ASSERT_LT(index, cases.size());
  const Case &c = cases[index];
  auto inputs = makeInputs(c, 4242);
  ref::Tensor want = reference(c, inputs);
  int64_t n = c.output[c.output.size() - 2], dv = c.output.back();
  const int64_t nanRow = 3, nanKey = 5, keys = inputs[3].shape.back();
  inputs[3].data[nanRow * keys + nanKey] = std::nan("");
  double tol = toleranceFor(c.elem), floor = 0.01 * magnitude(want);
  int checked = 0;
  for (const Build &b : kBuilds) {
    if (!hostRuns(b))
      continue;
    std::vector<float> got = runKernel(b.name, c, inputs);
    ASSERT_EQ(got.size(), want.data.size());
    for (size_t e = 0; e < got.size(); ++e) {
      int64_t row = int64_t(e / dv) % n;
      if (row == nanRow) {
        EXPECT_TRUE(std::isnan(got[e])) << b.name << " element " << e;
        continue;
      }
      double err = std::abs(got[e] - want.data[e]) /
                   std::max(std::abs(want.data[e]), floor);
      EXPECT_LE(err, tol) << b.name << " element " << e << " (row " << row
                          << ")";
    }
    ++checked;
  }
  EXPECT_GE(checked, 6); // flash, materialized, split-KV and the SSE builds
}

std::vector<Param> allParams() {
  std::vector<Param> p;
  const auto cases = allCases();
  for (size_t i = 0; i < cases.size(); ++i) {
    for (const char *s : {"flash", "flash_sse", "flash_avx2", "flash_avx512"})
      p.push_back({i, s});
    // Primal ops do not depend on the vanilla strategy.
    if (cases[i].kind == Kind::Vanilla)
      for (const char *s : {"materialized", "splitkv3", "splitkv64",
                            "materialized_sse", "materialized_avx2"})
        p.push_back({i, s});
  }
  return p;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CpuNumerics, ::testing::ValuesIn(allParams()),
    [](const ::testing::TestParamInfo<Param> &info) {
      return allCases()[info.param.index].name + "_" + info.param.strategy;
    });

} // namespace
