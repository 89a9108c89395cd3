//===- TranslateRegistration.cpp - --systolic-to-asm / --systolic-to-c ----===//

#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h"
#include "attn-mlir/Target/SystolicCodegen/Emitters.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;
using namespace mlir::systolic;
namespace as = ::mlir::attn::systolic;

static FailureOr<SmallVector<as::Program>> programsOf(Operation *op) {
  SmallVector<as::Program> progs;
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a module of systolic.kernel ops");
  for (auto k : module.getOps<KernelOp>()) {
    FailureOr<as::Program> p = kernelToProgram(k);
    if (failed(p))
      return failure();
    progs.push_back(std::move(*p));
  }
  if (progs.empty())
    return module.emitError("no systolic.kernel in the module (run "
                            "attn-systolic-pipeline first)");
  return progs;
}

void mlir::systolic::registerSystolicTranslations() {
  static TranslateFromMLIRRegistration toAsm(
      "systolic-to-asm", "systolic kernel to the textual ISA",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        FailureOr<SmallVector<as::Program>> progs = programsOf(op);
        if (failed(progs))
          return failure();
        if (progs->size() != 1)
          return op->emitError("--systolic-to-asm writes one program; the "
                               "module has ")
                 << progs->size() << " kernels";
        as::printAsm(os, progs->front());
        return success();
      },
      [](DialectRegistry &r) { r.insert<SystolicDialect>(); });
  static TranslateFromMLIRRegistration toC(
      "systolic-to-c", "systolic kernels to C99 calling systolic_rt.h",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        FailureOr<SmallVector<as::Program>> progs = programsOf(op);
        if (failed(progs))
          return failure();
        emitC(os, *progs);
        return success();
      },
      [](DialectRegistry &r) { r.insert<SystolicDialect>(); });
}
