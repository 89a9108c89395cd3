//===- TargetDescTest.cpp - Presets, JSON round trip and validation -------===//

#include "attn-mlir/Systolic/Core/TargetDesc.h"

#include "llvm/Support/Error.h"

#include <gtest/gtest.h>

#include <cmath>

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
  // Gemmini's PEs hold two weights; edge's one.
  EXPECT_TRUE(t->peDoubleBuffer);
  EXPECT_FALSE(lookupPreset("edge")->peDoubleBuffer);
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
  EXPECT_FALSE(t->peDoubleBuffer);
  t = parseTargetJSON(R"({"name": "mine", "rows": 32, "cols": 8, )"
                      R"("dataflow": "os", "pe_double_buffer": true})");
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EXPECT_TRUE(t->peDoubleBuffer);
  EXPECT_NE(toJSON(*t).find("\"pe_double_buffer\": true"), std::string::npos);
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
  // A likely typo is named; a key far from every known one is not.
  EXPECT_NE(with(R"(, "rowz": 3)").find("(did you mean 'rows'?)"),
            std::string::npos);
  EXPECT_EQ(with(R"(, "frobnicate": 3)").find("did you mean"),
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
  EXPECT_NE(with(R"(, "pe_double_buffer": 1)")
                .find("key 'pe_double_buffer': expected true or false"),
            std::string::npos);
  EXPECT_NE(with(R"(, "pe_double_bufer": true)")
                .find("(did you mean 'pe_double_buffer'?)"),
            std::string::npos);
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
  EXPECT_EQ(llvm::toString(std::move(e)), "key 'a.x' given twice");
  // Nested repetitions are named by their path; objects in arrays by the
  // array's key; a scalar value does not leak its key to a later object.
  e = rejectDuplicateKeys(R"({"a": {"b": {"c": 1, "c": 2}}})");
  EXPECT_EQ(llvm::toString(std::move(e)), "key 'a.b.c' given twice");
  e = rejectDuplicateKeys(R"({"l": [{"v": 1}, {"v": 1, "v": 2}]})");
  EXPECT_EQ(llvm::toString(std::move(e)), "key 'l.v' given twice");
  e = rejectDuplicateKeys(R"([{"s": 1}, {"t": 1, "t": 2}])");
  EXPECT_EQ(llvm::toString(std::move(e)), "key 't' given twice");
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

//===----------------------------------------------------------------------===//
// Energy table
//===----------------------------------------------------------------------===//

// The derived table of gemmini, by hand from Horowitz's 45 nm numbers
// (docs/systolic.md, "Energy").
TEST(TargetDescEnergy, GemminiDefaultsFromHorowitz) {
  llvm::Expected<TargetDesc> t = lookupPreset("gemmini");
  ASSERT_TRUE(bool(t));
  EnergyTable e = energyTable(*t);
  EXPECT_DOUBLE_EQ(e[EnergyKey::Mac], 3.7 + 0.9);
  // A 64 KiB bank (256 KiB / 4) between the 32 KB (20 pJ) and 1 MB
  // (100 pJ) points: 20 * 2^(log 5 / log 32) per 64-bit access.
  double bank64 = 20 * std::pow(2.0, std::log(5.0) / std::log(32.0));
  EXPECT_DOUBLE_EQ(e[EnergyKey::SpadReadByte], bank64 / 8);
  EXPECT_DOUBLE_EQ(e[EnergyKey::SpadWriteByte], bank64 / 8);
  // The 64 KiB accumulator: the same capacity.
  EXPECT_DOUBLE_EQ(e[EnergyKey::AccReadByte], bank64 / 8);
  EXPECT_DOUBLE_EQ(e[EnergyKey::DramByte], 1300.0 / 8);
  EXPECT_DOUBLE_EQ(e[EnergyKey::VectorAdd], 0.9);
  EXPECT_DOUBLE_EQ(e[EnergyKey::VectorMul], 3.7);
  EXPECT_DOUBLE_EQ(e[EnergyKey::VectorExp], 8 * 4.6);
  EXPECT_DOUBLE_EQ(e[EnergyKey::VectorDiv], 4 * 4.6);
  EXPECT_DOUBLE_EQ(e[EnergyKey::VectorSqrt], 6 * 4.6);
  // Idle: 10% of the peak dynamic energy per cycle.
  EXPECT_DOUBLE_EQ(e[EnergyKey::IdleArray], 0.1 * 256 * 4.6);
  EXPECT_DOUBLE_EQ(e[EnergyKey::IdleVector], 0.1 * 16 * 3.7);
  EXPECT_DOUBLE_EQ(e[EnergyKey::IdleDmaLoad], 0.1 * 16 * bank64 / 8);
  EXPECT_DOUBLE_EQ(e[EnergyKey::IdleDmaStore], 0.1 * 16 * bank64 / 8);
  // The three published SRAM points are met exactly: edge's 32 KiB banks
  // (64 KiB / 2) cost 20 pJ per 64 bits.
  llvm::Expected<TargetDesc> edge = lookupPreset("edge");
  ASSERT_TRUE(bool(edge));
  EXPECT_DOUBLE_EQ(energyTable(*edge)[EnergyKey::SpadReadByte], 20.0 / 8);
  // A 16 KiB accumulator: between 8 KB (10 pJ) and 32 KB, exponent 1/2.
  EXPECT_DOUBLE_EQ(energyTable(*edge)[EnergyKey::AccReadByte],
                   10 * std::sqrt(2.0) / 8);
  // Element types: bf16 multiplies at the 16-bit FP cost, i8 at 8-bit int.
  TargetDesc q = *t;
  q.elemType = "i8";
  q.accType = "i32";
  EXPECT_DOUBLE_EQ(energyTable(q)[EnergyKey::Mac], 0.2 + 0.1);
  q.elemType = "bf16";
  q.accType = "f32";
  EXPECT_DOUBLE_EQ(energyTable(q)[EnergyKey::Mac], 1.1 + 0.9);
}

TEST(TargetDescEnergy, PresetsPrintNoTableAndDerivedValuesFollowParameters) {
  for (llvm::StringRef name : presetNames()) {
    llvm::Expected<TargetDesc> t = lookupPreset(name);
    ASSERT_TRUE(bool(t));
    EXPECT_EQ(toJSON(*t).find("energy_pj"), std::string::npos) << name.str();
  }
  // A description changed in code derives from its new parameters.
  TargetDesc t = *lookupPreset("gemmini");
  t.spadBanks = 32; // 8 KiB banks: 10 pJ per 64 bits
  EXPECT_DOUBLE_EQ(energyTable(t)[EnergyKey::SpadReadByte], 10.0 / 8);
}

TEST(TargetDescEnergy, JsonEntriesOverrideAndRoundTrip) {
  llvm::Expected<TargetDesc> t = parseTargetJSON(
      R"({"name": "e", "rows": 16, "cols": 16, "dataflow": "ws",
          "energy_pj": {"mac": 2.5, "dram_byte": 0, "idle_array": 0.125}})");
  ASSERT_TRUE(bool(t)) << llvm::toString(t.takeError());
  EnergyTable e = energyTable(*t), d = defaultEnergyTable(*t);
  EXPECT_EQ(e[EnergyKey::Mac], 2.5);
  EXPECT_EQ(e[EnergyKey::DramByte], 0.0);
  EXPECT_EQ(e[EnergyKey::IdleArray], 0.125);
  // Missing entries take the derived values.
  EXPECT_EQ(e[EnergyKey::SpadReadByte], d[EnergyKey::SpadReadByte]);
  EXPECT_EQ(e[EnergyKey::VectorExp], d[EnergyKey::VectorExp]);
  // The writer prints the given entries only, and they read back.
  std::string json = toJSON(*t);
  EXPECT_NE(json.find("\"energy_pj\""), std::string::npos);
  EXPECT_EQ(json.find("spad_read_byte"), std::string::npos);
  llvm::Expected<TargetDesc> back = parseTargetJSON(json);
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->energyPJ, t->energyPJ);
  EXPECT_EQ(toJSON(*back), json);
  // A value that is not a short decimal survives the round trip exactly.
  TargetDesc odd = *t;
  ASSERT_FALSE(bool(setEnergyEntry(odd, "vector_mul", 0.1 + 0.2)));
  llvm::Expected<TargetDesc> oddBack = parseTargetJSON(toJSON(odd));
  ASSERT_TRUE(bool(oddBack)) << llvm::toString(oddBack.takeError());
  EXPECT_EQ(*oddBack->energyPJ[unsigned(EnergyKey::VectorMul)], 0.1 + 0.2);
}

TEST(TargetDescEnergy, BadEntriesAreErrors) {
  auto with = [](const char *energy) {
    return errorOf(std::string(R"({"name": "x", "rows": 16, "cols": 16,
                                    "dataflow": "ws", "energy_pj": )") +
                   energy + "}");
  };
  EXPECT_EQ(with(R"({"macs": 1})"),
            "unknown key 'energy_pj.macs' (did you mean 'mac'?)");
  EXPECT_EQ(with(R"({"leakage": 1})"), "unknown key 'energy_pj.leakage'");
  EXPECT_EQ(with(R"({"mac": -1})"),
            "key 'energy_pj.mac': must be in [0, 1000000000], got -1");
  EXPECT_EQ(with(R"({"dram_byte": 2e9})"),
            "key 'energy_pj.dram_byte': must be in [0, 1000000000], got "
            "2000000000");
  EXPECT_EQ(with(R"({"mac": "cheap"})"),
            "key 'energy_pj.mac': expected a number (pJ per action)");
  EXPECT_EQ(with(R"([1, 2])"),
            "key 'energy_pj': expected an object of per-action energies in "
            "pJ");
  EXPECT_EQ(with(R"({"mac": 1, "mac": 2})"),
            "key 'energy_pj.mac' given twice");
  // The bounds are accepted.
  EXPECT_EQ(with(R"({"mac": 0, "dram_byte": 1e9})"), "<no error>");
  // Code-built descriptions are checked by validate().
  TargetDesc t = *lookupPreset("gemmini");
  t.energyPJ[unsigned(EnergyKey::VectorExp)] = std::nan("");
  EXPECT_EQ(llvm::toString(validate(t)),
            "key 'energy_pj.vector_exp': must be in [0, 1000000000], got nan");
}
