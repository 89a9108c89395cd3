//===- SystolicDialect.cpp - systolic dialect and attributes --------------===//

#include "attn-mlir/Dialect/Systolic/IR/SystolicDialect.h"
#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::systolic;
namespace as = ::mlir::attn::systolic;

#include "attn-mlir/Dialect/Systolic/IR/SystolicDialect.cpp.inc"
#include "attn-mlir/Dialect/Systolic/IR/SystolicEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "attn-mlir/Dialect/Systolic/IR/SystolicAttrs.cpp.inc"

void SystolicDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "attn-mlir/Dialect/Systolic/IR/SystolicAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.cpp.inc"
      >();
}

static std::string typeName(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  t.print(os);
  return s;
}

static Type parseTypeName(MLIRContext *ctx, StringRef name) {
  Builder b(ctx);
  if (name == "f32")
    return b.getF32Type();
  if (name == "bf16")
    return b.getBF16Type();
  if (name == "i8")
    return b.getI8Type();
  if (name == "i32")
    return b.getI32Type();
  return Type();
}

static as::TargetDesc descOf(StringRef name, unsigned rows, unsigned cols,
                             as::Dataflow dataflow, bool peDoubleBuffer,
                             Type elemType, Type accType,
                             unsigned spadKiB, unsigned spadBanks,
                             unsigned accKiB, double bw, unsigned lat,
                             unsigned lanes, unsigned expC, unsigned divC,
                             unsigned sqrtC, double clock) {
  as::TargetDesc t;
  t.name = name.str();
  t.rows = rows;
  t.cols = cols;
  t.dataflow = dataflow;
  t.peDoubleBuffer = peDoubleBuffer;
  t.elemType = elemType ? typeName(elemType) : "";
  t.accType = accType ? typeName(accType) : "";
  t.spadKiB = spadKiB;
  t.spadBanks = spadBanks;
  t.accKiB = accKiB;
  t.dramBytesPerCycle = bw;
  t.dramLatencyCycles = lat;
  t.vectorLanes = lanes;
  t.expCycles = expC;
  t.divCycles = divC;
  t.sqrtCycles = sqrtC;
  t.clockMHz = clock;
  return t;
}

/// Applies the attribute's `energy_pj` entries to `t`: f64 values under the
/// JSON entry names, with the JSON reader's rules (setEnergyEntry).
static llvm::Error applyEnergy(as::TargetDesc &t, DictionaryAttr energy) {
  if (!energy)
    return llvm::Error::success();
  for (NamedAttribute entry : energy) {
    auto f = dyn_cast<FloatAttr>(entry.getValue());
    if (!f)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "key 'energy_pj." + entry.getName().getValue() +
              "': expected a float (pJ per action)");
    if (llvm::Error e = as::setEnergyEntry(t, entry.getName().getValue(),
                                           f.getValueAsDouble()))
      return e;
  }
  return llvm::Error::success();
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef name, unsigned rows, unsigned cols,
                                 as::Dataflow dataflow, bool peDoubleBuffer,
                                 Type elemType,
                                 Type accType, unsigned spadKiB,
                                 unsigned spadBanks, unsigned accKiB,
                                 APFloat bw, unsigned lat, unsigned lanes,
                                 unsigned expC, unsigned divC, unsigned sqrtC,
                                 APFloat clock, DictionaryAttr energy) {
  as::TargetDesc t = descOf(name, rows, cols, dataflow, peDoubleBuffer,
                            elemType, accType,
                            spadKiB, spadBanks, accKiB, bw.convertToDouble(),
                            lat, lanes, expC, divC, sqrtC,
                            clock.convertToDouble());
  // The JSON format's rules, with its key names.
  if (llvm::Error e = applyEnergy(t, energy))
    return emitError() << "invalid #systolic.target: "
                       << llvm::toString(std::move(e));
  if (llvm::Error e = as::validate(t))
    return emitError() << "invalid #systolic.target: "
                       << llvm::toString(std::move(e));
  return success();
}

as::TargetDesc TargetAttr::toDesc() const {
  as::TargetDesc t = descOf(
      getName(), getRows(), getCols(), getDataflow(), getPeDoubleBuffer(),
      getElemType(),
      getAccType(), getSpadKib(), getSpadBanks(), getAccKib(),
      getDramBytesPerCycle().convertToDouble(), getDramLatencyCycles(),
      getVectorLanes(), getExpCycles(), getDivCycles(), getSqrtCycles(),
      getClockMhz().convertToDouble());
  // Verified: every entry is known and in range.
  llvm::consumeError(applyEnergy(t, getEnergyPj()));
  return t;
}

TargetAttr TargetAttr::fromDesc(MLIRContext *ctx, const as::TargetDesc &t) {
  as::Dataflow df = t.dataflow;
  Builder b(ctx);
  SmallVector<NamedAttribute> energy;
  for (unsigned i = 0; i < as::kNumEnergyKeys; ++i)
    if (t.energyPJ[i])
      energy.push_back(b.getNamedAttr(as::energyKeyName(as::EnergyKey(i)),
                                      b.getF64FloatAttr(*t.energyPJ[i])));
  return TargetAttr::get(
      ctx, t.name, t.rows, t.cols, df, t.peDoubleBuffer,
      parseTypeName(ctx, t.elemType),
      parseTypeName(ctx, t.accType), t.spadKiB, t.spadBanks, t.accKiB,
      APFloat(t.dramBytesPerCycle), t.dramLatencyCycles, t.vectorLanes,
      t.expCycles, t.divCycles, t.sqrtCycles, APFloat(t.clockMHz),
      energy.empty() ? DictionaryAttr() : b.getDictionaryAttr(energy));
}
