//===- attn-opt.cpp - mlir-opt with the attn dialects and passes -----------===//

#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"
#include "attn-mlir/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"

/// Options registered before main runs are LLVM's (and libMLIR's static
/// ones): back-end flags for every target, hundreds of them, in the general
/// category. They stay usable and listed by --help-hidden; --help shows
/// the options mlir-opt registers at run time and the passes, after the
/// overview below that names ours.
static void hideStaticGeneralOptions() {
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::cl::Option *o = entry.second;
    if (o->getOptionHiddenFlag() != llvm::cl::NotHidden)
      continue;
    if (llvm::is_contained(o->Categories, &llvm::cl::getGeneralCategory()))
      o->setHiddenFlag(llvm::cl::Hidden);
  }
}

static const char *const kOverview =
    "attn-mlir optimizer driver: mlir-opt with the attn and systolic "
    "dialects and passes.\n\n"
    "attn pipelines and passes (details: docs/cpu-pipeline.md, "
    "docs/Passes.md, docs/CostPasses.md):\n"
    "  --attn-cpu-pipeline      attn ops on static tensors -> LLVM dialect "
    "(strategy, batch-tile, row-tile, key-block, vectorize, vector-width, "
    "parallel, count-work)\n"
    "  --attn-systolic-pipeline attn functions -> systolic kernels (target, "
    "strategy, max-instructions)\n"
    "  --attn-cost              MACs, flops, memory, latency per op (target="
    "host|cpu|zen3|icelake-server|neoverse-n1|gemmini|tpu-v1|edge|file.json)\n"
    "  --attn-count-work        what lowered loops execute\n"
    "  --attn-tile, --convert-attn-to-linalg, "
    "--attn-decompose-linalg-aggregates, --attn-vectorize-linalg, "
    "--convert-attn-to-systolic\n"
    "Inside --pass-pipeline the pipelines run on builtin.module: "
    "--pass-pipeline='builtin.module(attn-cpu-pipeline{row-tile=32})'.\n"
    "LLVM back-end options are hidden: --help-hidden lists them.\n";

int main(int argc, char **argv) {
  hideStaticGeneralOptions();
  mlir::registerAllPasses();
  mlir::attn::registerAllPasses();
  mlir::attn::registerSystolicTargetCLOption();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::attn::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, kOverview, registry));
}
