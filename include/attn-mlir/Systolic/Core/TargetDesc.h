//===- TargetDesc.h - Parametric systolic-array description ------*- C++ -*-===//
//
// The one source of truth about a systolic target: the lowering, the code
// generators, the cost model and the simulator all read this struct. It is
// plain data (no MLIR), built from a preset or a JSON file, so that the
// simulator and the C runtime can use it without linking MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_TARGET_SYSTOLIC_TARGETDESC_H
#define ATTN_MLIR_TARGET_SYSTOLIC_TARGETDESC_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::attn::systolic {

/// Which operand stays in the processing elements (SCALE-Sim's naming):
/// weight-, output- or input-stationary.
enum class Dataflow { WS, OS, IS };

/// "ws", "os", "is" (the JSON and IR keywords).
llvm::StringRef stringifyDataflow(Dataflow df);
std::optional<Dataflow> symbolizeDataflow(llvm::StringRef s);

/// The entries of the action-count energy model (docs/systolic.md,
/// "Energy"), each in picojoules per action. The first kNumActionKinds are
/// actions the simulator counts; the rest are idle cycles, one per unit in
/// the order of the simulator's Unit enum (load DMA, store DMA, array,
/// vector unit).
enum class EnergyKey : uint8_t {
  Mac,           // one multiply-accumulate of the array
  SpadReadByte,  // a byte read from the scratchpad
  SpadWriteByte, // a byte written to the scratchpad
  AccReadByte,   // a byte read from the accumulator
  AccWriteByte,  // a byte written to the accumulator
  DramByte,      // a byte moved to or from DRAM
  VectorAdd,     // one element of an add/sub/max/mov/fill/mask/reduction step
  VectorMul,     // one element of a multiply
  VectorExp,     // one element of vexp
  VectorDiv,     // one element of vrecip
  VectorSqrt,    // one element of vrsqrt
  IdleDmaLoad,   // a cycle the load DMA is not busy
  IdleDmaStore,  // a cycle the store DMA is not busy
  IdleArray,     // a cycle the array is not busy
  IdleVector,    // a cycle the vector unit is not busy
};
constexpr unsigned kNumEnergyKeys = 15;
/// Keys up to VectorSqrt are counted actions; the idle keys follow.
constexpr unsigned kNumActionKinds = 11;
/// The JSON / attribute key of an entry ("mac", "spad_read_byte", ...).
llvm::StringRef energyKeyName(EnergyKey k);
std::optional<EnergyKey> symbolizeEnergyKey(llvm::StringRef name);

/// A complete energy table in pJ, indexed by EnergyKey.
struct EnergyTable {
  std::array<double, kNumEnergyKeys> pj{};
  double operator[](EnergyKey k) const { return pj[unsigned(k)]; }
  double &operator[](EnergyKey k) { return pj[unsigned(k)]; }
};

struct TargetDesc {
  std::string name;
  unsigned rows = 16, cols = 16;
  Dataflow dataflow = Dataflow::WS;
  /// Each processing element holds two stationary values (Gemmini's c1/c2
  /// registers, TPU v1's second weight tile), so the next fold's preload (or,
  /// output-stationary, the last fold's drain) overlaps the current fold's
  /// stream: folds follow each other at the stream's pace instead of paying
  /// SCALE-Sim's fill and drain each (LatencyModel.h). Off, the array is
  /// SCALE-Sim v2's.
  bool peDoubleBuffer = false;
  /// Element type of the scratchpad and of the array's inputs ("f32", "bf16",
  /// "i8") and of the accumulator ("f32", "i32").
  std::string elemType = "f32", accType = "f32";
  unsigned spadKiB = 256, spadBanks = 4, accKiB = 64;
  /// DMA between DRAM and the scratchpad/accumulator.
  double dramBytesPerCycle = 16;
  unsigned dramLatencyCycles = 100;
  /// Vector unit for what is not a GEMM: `vectorLanes` elements per issue;
  /// add/mul/max take one cycle per issue, exp/div/sqrt take the given cycles.
  unsigned vectorLanes = 16;
  unsigned expCycles = 4, divCycles = 4, sqrtCycles = 4;
  double clockMHz = 1000;
  /// Energy entries given explicitly (JSON `energy_pj`, the attribute's
  /// `energy_pj`); the others derive from the parameters above
  /// (defaultEnergyTable). Only the given entries are stored, so a
  /// description changed in code keeps consistent derived values, and the
  /// JSON writer prints only what was given (presets print no table).
  std::array<std::optional<double>, kNumEnergyKeys> energyPJ{};

  unsigned elemBytes() const;
  unsigned accBytes() const;
  /// A value as the scratchpad stores it: `elemType` (bf16: rounded to
  /// nearest even; f32 as is). The accumulator holds `accType`.
  float storeElem(float v) const;
  /// A scratchpad row holds `cols` elements, an accumulator row `cols`
  /// accumulator values (Gemmini's layout).
  uint64_t spadRows() const;
  uint64_t accRows() const;
  uint64_t spadBytes() const { return uint64_t(spadKiB) * 1024; }
  uint64_t accBytesTotal() const { return uint64_t(accKiB) * 1024; }
};

/// The energy table derived from the target's parameters (docs/systolic.md,
/// "Energy": Horowitz, ISSCC 2014, 45 nm, 0.9 V): MAC by element type, SRAM
/// per byte by bank capacity, DRAM per byte, vector ops as multiples of an
/// f32 FMA, idle cycles as a fraction of each unit's peak dynamic energy.
EnergyTable defaultEnergyTable(const TargetDesc &t);
/// defaultEnergyTable with the target's explicit entries applied.
EnergyTable energyTable(const TargetDesc &t);
/// Sets one explicit entry by key name; an error for an unknown key or a
/// value outside the range (the JSON reader's and the attribute's rule).
llvm::Error setEnergyEntry(TargetDesc &t, llvm::StringRef key, double pj);

/// Names of the built-in presets: "gemmini", "tpu-v1", "edge".
std::vector<llvm::StringRef> presetNames();
/// `v` rounded to the nearest bf16 (ties to even; NaN stays NaN), as f32.
float roundToBF16(float v);

/// A built-in preset, or an error listing the known names.
llvm::Expected<TargetDesc> lookupPreset(llvm::StringRef name);

/// Parses and validates a JSON target description. Every error names the key
/// and the rule it breaks; unknown keys are errors (they are usually typos).
llvm::Expected<TargetDesc> parseTargetJSON(llvm::StringRef text);

/// `spec` is a preset name or the path of a JSON file.
llvm::Expected<TargetDesc> loadTarget(llvm::StringRef spec);

/// Checks the invariants parseTargetJSON enforces (for descriptions built in
/// code or from an attribute).
llvm::Error validate(const TargetDesc &t);

/// An error naming the first key that occurs twice in one object of the JSON
/// `text` (which must already parse), by its path of keys ("energy_pj.mac"). llvm::json keeps the last value of a
/// repeated key silently; in a hand-written target file a repeated key is a
/// mistake, so both target loaders reject it.
llvm::Error rejectDuplicateKeys(llvm::StringRef text);

/// "unknown key 'PATH'" for a key not in `known` (PATH is `key`, prefixed
/// with `prefix.` when given), with " (did you mean 'X'?)" when a known key
/// is within two edits: one wording for both target loaders and for the
/// energy table's entries.
llvm::Error unknownKeyError(llvm::StringRef key,
                            llvm::ArrayRef<llvm::StringRef> known,
                            llvm::StringRef prefix = "");
/// Success if `lo <= v <= hi`, else "key 'K': must be in [lo, hi], got v"
/// (numbers with up to 10 significant digits). The one wording of a range
/// rule for both target loaders (systolic and CPU).
llvm::Error checkKeyRange(llvm::StringRef key, double v, double lo, double hi);

/// Serializes to the JSON format parseTargetJSON reads.
std::string toJSON(const TargetDesc &t);

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_TARGET_SYSTOLIC_TARGETDESC_H
