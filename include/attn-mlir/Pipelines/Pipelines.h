//===- Pipelines.h - named attn-mlir pipelines ------------------*- C++ -*-===//

#ifndef ATTN_PIPELINES_PIPELINES_H
#define ATTN_PIPELINES_PIPELINES_H

#include "attn-mlir/Dialect/Attn/Transforms/Transforms.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace attn {

/// Options of `attn-cpu-pipeline`. Defaults suit a CPU with 32-48 KiB L1d:
/// a 64-row query tile against 64-key blocks keeps Q (64x64), one K/V block
/// and the 64x64 score tile at about 64 KiB in L1/L2. Row tile and key
/// block default to target-cpu's cpu::RegisterTile::queryTile (64, or 96
/// where the register tile has 6 rows) so tiles split into whole register
/// tiles.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<VanillaStrategy> strategy{
      *this, "strategy", llvm::cl::desc("How attn.vanilla is lowered"),
      llvm::cl::init(VanillaStrategy::Flash),
      llvm::cl::values(
          clEnumValN(VanillaStrategy::Flash, "flash",
                     "online softmax over key blocks; no N x M value"),
          clEnumValN(VanillaStrategy::Materialized, "materialized",
                     "Q*K^T, linalg.softmax, *V"))};
  Option<bool> raise{
      *this, "raise",
      llvm::cl::desc("First run attn-raise: softmax attention written in "
                     "linalg or TOSA becomes attn.vanilla"),
      llvm::cl::init(false)};
  Option<int64_t> batchTile{*this, "batch-tile",
                            llvm::cl::desc("Tile of every batch dim"),
                            llvm::cl::init(1)};
  Option<int64_t> rowTile{
      *this, "row-tile",
      llvm::cl::desc("Tile of the query/weight rows (0: from target-cpu, "
                     "whole register tiles of at least 64 rows: 64, or 96 "
                     "on AVX2)"),
      llvm::cl::init(0)};
  Option<int64_t> keyBlock{
      *this, "key-block",
      llvm::cl::desc("Keys per flash block (0: from target-cpu, as "
                     "row-tile)"),
      llvm::cl::init(0)};
  Option<int64_t> kvSplits{
      *this, "kv-splits",
      llvm::cl::desc("Split-KV: key blocks reduced in this many independent "
                     "ranges (threads with parallel=true), partial softmax "
                     "statistics combined after; for decoding (flash)"),
      llvm::cl::init(1)};
  Option<bool> countWork{
      *this, "count-work",
      llvm::cl::desc("Run attn-count-work on the tiled, decomposed loops "
                     "(remarks with the MACs, exps and allocations)"),
      llvm::cl::init(false)};
  Option<bool> vectorize{*this, "vectorize",
                         llvm::cl::desc("Register-tile and vectorize"),
                         llvm::cl::init(true)};
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("CPU the code is compiled for, as llc -mcpu takes it "
                     "('host', x86-64-v3, znver4, ...): its vector ISA sets "
                     "the register tile unless vector-width/register-rows "
                     "are given"),
      llvm::cl::init("host")};
  Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("Largest innermost vector extent (0: two vector "
                     "registers of target-cpu)"),
      llvm::cl::init(0)};
  Option<int64_t> registerRows{
      *this, "register-rows",
      llvm::cl::desc("Rows of a contraction's register tile (0: as many as "
                     "target-cpu's registers hold)"),
      llvm::cl::init(0)};
  Option<int64_t> elementwiseRows{
      *this, "elementwise-rows",
      llvm::cl::desc("Rows of the other vectorized ops' tiles (0: as many "
                     "as target-cpu's registers hold)"),
      llvm::cl::init(0)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run query-row tiles on OpenMP threads (scf.forall -> "
                     "omp.parallel; link the object with libomp)"),
      llvm::cl::init(false)};
};

/// attn ops on static-shape tensors -> tiled, vectorized loops -> LLVM
/// dialect, ready for mlir-runner or mlir-translate --mlir-to-llvmir.
/// Built from pass constructors; `pm` must be anchored on builtin.module or
/// be op-agnostic (the textual `attn-cpu-pipeline` refuses other nestings
/// with a parser error; from C++ it is the caller's to ensure).
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers `attn-cpu-pipeline`.
void registerPipelines();

} // namespace attn
} // namespace mlir

#endif // ATTN_PIPELINES_PIPELINES_H
