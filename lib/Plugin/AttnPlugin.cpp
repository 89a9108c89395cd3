//===- AttnPlugin.cpp - attn as a dialect/pass plugin for mlir-opt ---------===//
//
// Loaded by upstream tools with `--load-dialect-plugin=libAttnPlugin.so`
// (dialects) or `--load-pass-plugin=...` (passes; reachable only inside
// `--pass-pipeline="builtin.module(...)"`).
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Attn", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::attn::registerAllDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "AttnPasses", LLVM_VERSION_STRING,
          []() { mlir::attn::registerAllPasses(); }};
}
