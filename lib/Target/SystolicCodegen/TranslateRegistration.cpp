//===- TranslateRegistration.cpp - --systolic-to-asm / --systolic-to-c ----===//

#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h"
#include "attn-mlir/Target/SystolicCodegen/Emitters.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;
using namespace mlir::systolic;
namespace as = ::mlir::attn::systolic;

// Diagnostics go to locations, not ops: an op-anchored error would print
// the whole module after it.
static FailureOr<std::vector<as::Program>> programsOf(Operation *op) {
  std::vector<as::Program> progs;
  WalkResult r = op->walk([&](KernelOp k) {
    FailureOr<as::Program> p = kernelToProgram(k);
    if (failed(p))
      return WalkResult::interrupt();
    progs.push_back(std::move(*p));
    return WalkResult::advance();
  });
  if (r.wasInterrupted())
    return failure();
  if (progs.empty())
    return emitError(op->getLoc(), "no systolic.kernel in the module (run "
                                   "attn-systolic-pipeline first)");
  return progs;
}

void mlir::systolic::registerSystolicTranslations() {
  static TranslateFromMLIRRegistration toAsm(
      "systolic-to-asm", "systolic kernel to the textual ISA",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        FailureOr<std::vector<as::Program>> progs = programsOf(op);
        if (failed(progs))
          return failure();
        // Several kernels: one section each, in module order; attn-sim
        // picks one with --kernel.
        for (auto [i, p] : llvm::enumerate(*progs)) {
          if (i)
            os << "\n";
          as::printAsm(os, p);
        }
        return success();
      },
      [](DialectRegistry &r) { r.insert<SystolicDialect>(); });
  static TranslateFromMLIRRegistration toC(
      "systolic-to-c", "systolic kernels to C99 calling systolic_rt.h",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        FailureOr<std::vector<as::Program>> progs = programsOf(op);
        if (failed(progs))
          return failure();
        emitC(os, *progs);
        return success();
      },
      [](DialectRegistry &r) { r.insert<SystolicDialect>(); });
}
