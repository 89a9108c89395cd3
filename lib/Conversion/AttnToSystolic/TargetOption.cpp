//===- TargetOption.cpp - --systolic-target command-line option -----------===//
//
// A ManagedStatic option registered on request, the way MLIR registers its
// own CL options (registerAsmPrinterCLOptions): tools that want it call
// registerSystolicTargetCLOption() before parsing the command line.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Conversion/AttnToSystolic/Passes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"

namespace {
struct TargetCLOption {
  llvm::cl::opt<std::string> spec{
      "systolic-target",
      llvm::cl::desc("Systolic target: a preset (gemmini, gemmini-bf16, tpu-v1, edge) or a "
                     ".json file; the default of convert-attn-to-systolic and "
                     "attn-systolic-pipeline"),
      llvm::cl::init("")};
};
} // namespace

static llvm::ManagedStatic<TargetCLOption> clOption;

void mlir::attn::registerSystolicTargetCLOption() { *clOption; }

std::string mlir::attn::getSystolicTargetCLOption() {
  return clOption.isConstructed() ? clOption->spec.getValue() : "";
}

std::string mlir::attn::resolveSystolicTarget(llvm::StringRef spec) {
  if (!spec.empty())
    return spec.str();
  std::string cl = getSystolicTargetCLOption();
  return cl.empty() ? "gemmini" : cl;
}
