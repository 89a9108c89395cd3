//===- PipelineUtils.h - registering module-level pipelines -----*- C++ -*-===//
//
// PassPipelineRegistration hands its builder whatever pass manager the
// textual pipeline is nested in. A builder that adds module passes to a
// func.func pass manager makes OpPassManager::addPass call
// report_fatal_error ("Can't add pass ... did you intend to nest?"), and
// PassPipelineRegistration drops option-parse messages. registerModulePipeline
// checks both first and reports them through the parser's error handler,
// so a bad nesting or option is a diagnostic, never an abort.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_LIB_PIPELINES_PIPELINEUTILS_H
#define ATTN_LIB_PIPELINES_PIPELINEUTILS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <string>

namespace mlir::attn::detail {

/// Whether a pipeline of module passes can be added to `pm`: it is anchored
/// on builtin.module, or on any op (then the pass manager reports, at the
/// op, a pass it cannot schedule there).
inline LogicalResult
checkModuleAnchor(OpPassManager &pm, StringRef pipeline,
                  function_ref<LogicalResult(const Twine &)> errorHandler) {
  std::optional<StringRef> anchor = pm.getOpName();
  if (!anchor || *anchor == ModuleOp::getOperationName())
    return success();
  return errorHandler(
      "'" + pipeline + "' runs on 'builtin.module' (it transforms whole "
      "modules), not nested under '" + *anchor +
      "'; put it at module level, e.g. --pass-pipeline='builtin.module(" +
      pipeline + ")'");
}

/// Registers `arg` like PassPipelineRegistration<Options>, except that the
/// pipeline refuses to be nested under anything but builtin.module (or an
/// op-agnostic `any(...)`) and reports option errors with their text.
/// `check`, when given, validates the parsed options (errors that depend on
/// more than one option, or on the host) before anything is built.
template <typename Options>
void registerModulePipeline(
    StringRef arg, StringRef description,
    std::function<void(OpPassManager &, const Options &)> builder,
    std::function<LogicalResult(const Options &,
                                function_ref<LogicalResult(const Twine &)>)>
        check = nullptr) {
  registerPassPipeline(
      arg, description,
      [name = arg.str(), builder, check](
          OpPassManager &pm, StringRef optionsStr,
          function_ref<LogicalResult(const Twine &)> errorHandler)
          -> LogicalResult {
        Options options;
        std::string errors;
        llvm::raw_string_ostream os(errors);
        // llvm::cl prints most option errors itself, before this message.
        if (failed(options.parseFromString(optionsStr, os))) {
          StringRef detail = StringRef(errors).trim();
          return errorHandler("'" + name + "': bad options '" + optionsStr +
                              "'" + (detail.empty() ? "" : ": ") + detail);
        }
        if (failed(checkModuleAnchor(pm, name, errorHandler)))
          return failure();
        if (check && failed(check(options, errorHandler)))
          return failure();
        builder(pm, options);
        return success();
      },
      [](function_ref<void(const ::mlir::detail::PassOptions &)> optHandler) {
        optHandler(Options());
      });
}

} // namespace mlir::attn::detail

#endif // ATTN_LIB_PIPELINES_PIPELINEUTILS_H
