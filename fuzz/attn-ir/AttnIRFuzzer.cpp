//===- AttnIRFuzzer.cpp - libFuzzer: parse, verify and lower attn IR ------===//
//
// Each input is MLIR text. It is parsed and verified; if that succeeds, one
// of our pipelines runs on it. Which one, and with what options, is read
// from an optional first line
//
//   // fuzz: <pass-or-pipeline> <option>=<value> ...
//   // fuzz-pipeline: <anchor>(<pass-pipeline text>)
//
// The second form is a whole --pass-pipeline string: nestings (func.func,
// any, unknown ops), several of our passes with options, unknown names.
// A pipeline that does not parse must say why in text; one that parses
// must never abort (issue 17: attn-cpu-pipeline under func.func did).
//
// (attn-tile, convert-attn-to-linalg, attn-decompose-linalg-aggregates,
// attn-vectorize-linalg, attn-cpu-pipeline, attn-cost, attn-count-work,
// convert-attn-to-systolic, attn-systolic-pipeline), so the mutator
// (IRMutator.cpp) varies pass options as well as IR. Without that line,
// attn-cpu-pipeline.
//
// Every failure must be a diagnostic: a crash, an assertion, a sanitizer
// report, or a pass that fails without emitting an error is a bug.
//
//===----------------------------------------------------------------------===//

#include "IRMutator.h"

#include "attn-mlir/InitAll.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>
#include <string>

using namespace mlir;

namespace {
const DialectRegistry &registry() {
  static DialectRegistry *r = [] {
    auto *reg = new DialectRegistry;
    registerAllDialects(*reg);
    registerAllExtensions(*reg);
    mlir::attn::registerAllDialects(*reg);
    return reg;
  }();
  return *r;
}

/// The context of the next input. Creating a context and loading the
/// dialects a pipeline needs costs more than most inputs take (see
/// docs/reliability.md), so one context serves kInputsPerContext inputs;
/// the uniqued types and attributes a context accumulates stay bounded.
/// Replaying a single input (`./attn-ir-fuzzer crash-file`) uses a fresh
/// context; ATTN_FUZZ_FRESH_CONTEXT=1 gives every input its own.
MLIRContext &context() {
  constexpr unsigned kInputsPerContext = 1000;
  static const bool fresh = [] {
    const char *v = std::getenv("ATTN_FUZZ_FRESH_CONTEXT");
    return v && *v && std::string(v) != "0";
  }();
  static std::unique_ptr<MLIRContext> ctx;
  static unsigned uses = 0;
  if (!ctx || fresh || ++uses == kInputsPerContext) {
    ctx.reset(); // Destroy the old one first: peak memory stays one context.
    ctx = std::make_unique<MLIRContext>(registry(),
                                        MLIRContext::Threading::DISABLED);
    uses = 0;
  }
  return *ctx;
}
} // namespace


extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  registerAllPasses();
  mlir::attn::registerAllPasses();
  (void)registry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A std::string is NUL-terminated: the MLIR lexer reads one byte past the
  // end of its buffer to find the end of input.
  std::string text(reinterpret_cast<const char *>(data), size);
  ::attn::fuzz::PipelineSpec spec = ::attn::fuzz::parseHeader(text);

  MLIRContext &ctx = context();
  bool sawError = false;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error)
      sawError = true;
    return success();
  });

  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, ParserConfig(&ctx), "fuzz-input");
  if (!module) {
    if (!sawError) {
      llvm::errs() << "parse failed without an error diagnostic\n";
      std::abort();
    }
    return 0;
  }

  // Anchored on builtin.module for `// fuzz:` headers (the pipeline text is
  // relative to it); on what a `// fuzz-pipeline:` header names otherwise.
  // Any other anchor than the module must fail the run with an error.
  PassManager pm(&ctx, spec.anchor);
  std::string optionErrors;
  llvm::raw_string_ostream os(optionErrors);
  if (failed(parsePassPipeline(spec.pipeline, pm, os)))
    return 0; // A bad option value is reported as text; that is the contract.
  sawError = false;
  if (failed(pm.run(*module)) && !sawError) {
    llvm::errs() << "pipeline '" << spec.pipeline
                 << "' failed without an error diagnostic\n";
    std::abort();
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  return ::attn::fuzz::mutate(data, size, maxSize, seed);
}
