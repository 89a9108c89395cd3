//===- TargetDescTest.cpp - Presets, JSON round trip and validation -------===//

#include "attn-mlir/Systolic/Core/TargetDesc.h"

#include "llvm/Support/Error.h"

#include <gtest/gtest.h>

using namespace mlir::attn::systolic;

static std::string errorOf(llvm::StringRef json) {
  llvm::Expected<TargetDesc> t = parseTargetJSON(json);
  if (t)
    return "<no error>";
  return llvm::toString(t.takeError());
}

TEST(TargetDesc, GemminiPreset) {
  llvm::Expected<TargetDesc> t = lookupPreset("gemmini");
  ASSERT_TRUE(bool(t));
  EXPECT_EQ(t->rows, 16u);
  EXPECT_EQ(t->cols, 16u);
  EXPECT_EQ(t->dataflow, Dataflow::WS);
  EXPECT_EQ(t->spadKiB, 256u);
  EXPECT_EQ(t->spadBanks, 4u);
  EXPECT_EQ(t->accKiB, 64u);
  // 256 KiB of 16-element f32 rows; 64 KiB of 16-element f32 rows.
  EXPECT_EQ(t->spadRows(), 4096u);
  EXPECT_EQ(t->accRows(), 1024u);
}

TEST(TargetDesc, EveryPresetValidatesAndRoundTrips) {
  for (llvm::StringRef name : presetNames()) {
    llvm::Expected<TargetDesc> t = lookupPreset(name);
    ASSERT_TRUE(bool(t)) << name.str();
    EXPECT_FALSE(bool(validate(*t))) << name.str();
    llvm::Expected<TargetDesc> back = parseTargetJSON(toJSON(*t));
    ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
    EXPECT_EQ(toJSON(*back), toJSON(*t));
  }
}

TEST(TargetDesc, UnknownPresetListsKnownOnes) {
  llvm::Expected<TargetDesc> t = lookupPreset("gemini");
  ASSERT_FALSE(bool(t));
  EXPECT_NE(llvm::toString(t.takeError()).find("known: gemmini"),
            std::string::npos);
}

TEST(TargetDesc, MinimalJsonTakesDefaults) {
  llvm::Expected<TargetDesc> t = parseTargetJSON(
      R"({"name": "mine", "rows": 32, "cols": 8, "dataflow": "os"})");
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->rows, 32u);
  EXPECT_EQ(t->cols, 8u);
  EXPECT_EQ(t->dataflow, Dataflow::OS);
  EXPECT_EQ(t->elemType, "f32");
}

TEST(TargetDesc, ErrorsNameTheKeyAndTheRule) {
  const char *base = R"({"name": "x", "rows": 16, "cols": 16, "dataflow": "ws")";
  auto with = [&](const char *extra) {
    return errorOf(std::string(base) + extra + "}");
  };
  EXPECT_NE(errorOf("{").find("malformed JSON"), std::string::npos);
  EXPECT_NE(errorOf("[1]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(errorOf(R"({"name": "x"})").find("missing required key 'rows'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "rowz": 3)").find("unknown key 'rowz'"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"name": "x", "rows": -3, "cols": 16, "dataflow": "ws"})")
                .find("key 'rows': expected a non-negative integer"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"name": "x", "rows": 0, "cols": 16, "dataflow": "ws"})")
                .find("key 'rows': must be in [1, 4096]"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"name": "x", "rows": 16, "cols": 16, "dataflow": "xs"})")
                .find("key 'dataflow'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "elem_type": "f64")").find("key 'elem_type'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "elem_type": "i8")").find("key 'acc_type'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "spad_banks": 3)").find("key 'spad_banks'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "spad_kib": 0)").find("key 'spad_kib'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "acc_kib": 0)").find("key 'acc_kib'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "dram_bytes_per_cycle": -1)")
                .find("key 'dram_bytes_per_cycle'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "clock_mhz": "fast")").find("key 'clock_mhz'"),
            std::string::npos);
  EXPECT_NE(with(R"(, "kind": "cpu")").find("key 'kind'"), std::string::npos);
  EXPECT_NE(with(R"(, "vector_lanes": 0)").find("key 'vector_lanes'"),
            std::string::npos);
}

// Caps are stated with the key, the range and the value; they keep every
// derived cycle count inside uint64_t (a rate of 1e-300 bytes per cycle used
// to overflow the DMA model's float-to-integer conversion).
TEST(TargetDesc, RangesNameTheBoundsAndTheValue) {
  const char *base = R"({"name": "x", "rows": 16, "cols": 16, "dataflow": "ws")";
  auto with = [&](const char *extra) {
    return errorOf(std::string(base) + extra + "}");
  };
  EXPECT_EQ(with(R"(, "dram_bytes_per_cycle": 1e-300)"),
            "key 'dram_bytes_per_cycle': must be in [0.01, 1000000], got "
            "1e-300");
  EXPECT_EQ(with(R"(, "dram_bytes_per_cycle": 2e6)"),
            "key 'dram_bytes_per_cycle': must be in [0.01, 1000000], got "
            "2000000");
  EXPECT_EQ(with(R"(, "clock_mhz": 1e7)"),
            "key 'clock_mhz': must be in [1, 1000000], got 10000000");
  EXPECT_EQ(with(R"(, "exp_cycles": 2048)"),
            "key 'exp_cycles': must be in [1, 1024], got 2048");
  EXPECT_EQ(with(R"(, "dram_latency_cycles": 4294967296)"),
            "key 'dram_latency_cycles': must be at most 4294967295, got "
            "4294967296");
  EXPECT_EQ(with(R"(, "spad_banks": 2000)"),
            "key 'spad_banks': must be in [1, 1024], got 2000");
  EXPECT_EQ(errorOf(R"({"name": "x", "rows": 5, "cols": 3, "dataflow": "ws",
                       "spad_kib": 8})"),
            "key 'spad_banks': must divide the 682 scratchpad rows "
            "(spad_kib * 1024 / (cols * element bytes))");
  // The bounds themselves are accepted.
  EXPECT_EQ(with(R"(, "dram_bytes_per_cycle": 0.01, "clock_mhz": 1,
                    "exp_cycles": 1024, "dram_latency_cycles": 1000000)"),
            "<no error>");
}

TEST(TargetDesc, DuplicateKeysAreErrors) {
  EXPECT_EQ(errorOf(R"({"name": "x", "rows": 16, "cols": 16, "rows": 8,
                       "dataflow": "ws"})"),
            "key 'rows' given twice");
  // Compared decoded: "\u0063ols" is "cols".
  EXPECT_EQ(errorOf(R"({"name": "x", "rows": 16, "cols": 16,
                       "\u0063ols": 8, "dataflow": "ws"})"),
            "key 'cols' given twice");
  // The same key in two different objects, or a key-like string value,
  // is not a repetition.
  EXPECT_FALSE(bool(rejectDuplicateKeys(
      R"({"a": {"x": 1}, "b": {"x": 2}, "c": ["x", "x"], "d": "a"})")));
  llvm::Error e = rejectDuplicateKeys(R"({"a": {"x": 1, "y": [{"x": 1}], "x": 2}})");
  EXPECT_EQ(llvm::toString(std::move(e)), "key 'x' given twice");
}

TEST(TargetDesc, I8WithI32AccumulatorIsValid) {
  llvm::Expected<TargetDesc> t = parseTargetJSON(
      R"({"name": "q", "rows": 16, "cols": 16, "dataflow": "ws",
          "elem_type": "i8", "acc_type": "i32"})");
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_EQ(t->elemBytes(), 1u);
  EXPECT_EQ(t->spadRows(), 256u * 1024 / 16);
}

TEST(TargetDesc, LoadTargetReportsMissingFile) {
  llvm::Expected<TargetDesc> t = loadTarget("/nonexistent/target.json");
  ASSERT_FALSE(bool(t));
  EXPECT_NE(llvm::toString(t.takeError()).find("cannot read"),
            std::string::npos);
}
