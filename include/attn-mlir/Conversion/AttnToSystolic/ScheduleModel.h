//===- ScheduleModel.h - Analytic cycles of the systolic schedules -*- C++ -*-===//
//
// The cost model's view of what convert-attn-to-systolic emits: per attn op,
// a closed-form recurrence over its tiles (the same block sizes as the
// lowering, the same SCALE-Sim / DMA / vector-unit terms as the simulator),
// without emitting instructions. The systolic integration tests check it
// against the simulator's cycle count (within 10 %).
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_CONVERSION_ATTNTOSYSTOLIC_SCHEDULEMODEL_H
#define ATTN_CONVERSION_ATTNTOSYSTOLIC_SCHEDULEMODEL_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "attn-mlir/Target/Systolic/TargetDesc.h"
#include "mlir/IR/Block.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace mlir::attn::systolic {

/// Busy cycles per unit and the modelled total of one op's schedule.
struct ScheduleCycles {
  uint64_t array = 0, dma = 0, vector = 0, total = 0;
};

/// The model for an attn op on static f32 tensors, or nullopt when the op
/// would not lower (the lowering then reports why). Batch instances are
/// modelled one by one until they reach a steady state, then extrapolated;
/// `extrapolate = false` models every instance (the unit tests check both
/// agree).
std::optional<ScheduleCycles> modelScheduleCycles(Operation *op,
                                                  const TargetDesc &t,
                                                  VanillaStrategy strategy,
                                                  bool extrapolate = true);

/// The attn ops of `body` in program order on one timeline: an op waits
/// for the ops producing its operands, independent ops overlap as far as
/// the shared scratchpad lets them. nullopt if an op would not lower or
/// there is none.
std::optional<ScheduleCycles> modelFunctionCycles(Block &body,
                                                  const TargetDesc &t,
                                                  VanillaStrategy strategy);

} // namespace mlir::attn::systolic

#endif // ATTN_CONVERSION_ATTNTOSYSTOLIC_SCHEDULEMODEL_H
