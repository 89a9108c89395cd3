//===- SystolicPipeline.h - attn-systolic-pipeline --------------*- C++ -*-===//

#ifndef ATTN_PIPELINES_SYSTOLICPIPELINE_H
#define ATTN_PIPELINES_SYSTOLICPIPELINE_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace attn {

struct SystolicPipelineOptions
    : public PassPipelineOptions<SystolicPipelineOptions> {
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Preset (gemmini, gemmini-bf16, tpu-v1, edge) or .json file; empty: "
                     "--systolic-target, else gemmini"),
      llvm::cl::init("")};
  Option<VanillaStrategy> strategy{
      *this, "strategy", llvm::cl::desc("How attn.vanilla is scheduled"),
      llvm::cl::init(VanillaStrategy::Flash),
      llvm::cl::values(
          clEnumValN(VanillaStrategy::Flash, "flash",
                     "online softmax over key blocks on the vector unit"),
          clEnumValN(VanillaStrategy::Materialized, "materialized",
                     "score rows in the accumulator, P to DRAM, then P*V"))};
  Option<bool> raise{
      *this, "raise",
      llvm::cl::desc("First run attn-raise: softmax attention written in "
                     "linalg or TOSA becomes attn.vanilla"),
      llvm::cl::init(false)};
  Option<int64_t> maxInstructions{
      *this, "max-instructions",
      llvm::cl::desc("Refuse programs longer than this; in [1, 4194304]"),
      llvm::cl::init(4194304)};
};

/// attn functions -> systolic kernels, ready for attn-translate.
void buildSystolicPipeline(OpPassManager &pm,
                           const SystolicPipelineOptions &options);

/// Registers `attn-systolic-pipeline`.
void registerSystolicPipeline();

} // namespace attn
} // namespace mlir

#endif // ATTN_PIPELINES_SYSTOLICPIPELINE_H
