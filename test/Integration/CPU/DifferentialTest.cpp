//===- DifferentialTest.cpp - random attn programs vs the C++ reference --===//
//
// ATTN_DIFF_COUNT random valid programs (RandomCases.h, drawn from seed
// ATTN_DIFF_SEED) are compiled ahead of time through attn-cpu-pipeline:
// program i goes into library i % 2, built with the flash strategy and
// small, awkward tiles (0) or the materialized strategy and the default
// tiles (1). Each test calls one program on seeded random inputs and
// compares with the independent double-precision reference (tolerance:
// KernelHarness.h).
//
// A failure prints the seed, the case index, the program and the pipeline
// options; `attn-gen-cpu-cases --random <seed> <index+1> <index%2> 2` prints
// a module whose last func is that program (docs/reliability.md).
//
//===----------------------------------------------------------------------===//

#include "KernelHarness.h"
#include "RandomCases.h"

using namespace attn;
using namespace attn::cases;

namespace {

struct Config {
  const char *name;
  const char *library;
  const char *options;
};
const Config kConfigs[] = {
    {"flash_small_tiles", ATTN_DIFF_LIB_0, ATTN_DIFF_OPTIONS_0},
    {"materialized", ATTN_DIFF_LIB_1, ATTN_DIFF_OPTIONS_1},
};

struct Param {
  int index;
  int config;
};

class Differential : public ::testing::TestWithParam<Param> {};

TEST_P(Differential, MatchesReference) {
  const Param p = GetParam();
  const Config &config = kConfigs[p.config];
  const Case c = randomCase(ATTN_DIFF_SEED, p.index);
  std::ostringstream trace;
  trace << "seed " << ATTN_DIFF_SEED << ", case " << p.index << " ("
        << c.name << "): " << describe(c) << "; attn-cpu-pipeline=\""
        << config.options << "\"";
  SCOPED_TRACE(trace.str());
  RecordProperty("program", trace.str());

  auto inputs = makeInputs(c, ATTN_DIFF_SEED * 100003u + p.index);
  ref::Tensor want = reference(c, inputs);
  std::vector<float> got = runKernel(loadLibrary(config.library), c, inputs);
  ASSERT_EQ(got.size(), want.data.size());
  double rel = ref::maxRelError(want, got, 0.01 * magnitude(want));
  RecordProperty("max_rel_error", std::to_string(rel));
  EXPECT_LE(rel, kTolerance) << "max abs error "
                             << ref::maxAbsError(want, got);
}

std::vector<Param> allParams() {
  std::vector<Param> ps;
  for (int i = 0; i < ATTN_DIFF_COUNT; ++i)
    ps.push_back({i, i % 2});
  return ps;
}

INSTANTIATE_TEST_SUITE_P(
    Random, Differential, ::testing::ValuesIn(allParams()),
    [](const ::testing::TestParamInfo<Param> &info) {
      return "rand_" + std::to_string(info.param.index) + "_" +
             kConfigs[info.param.config].name;
    });

} // namespace
