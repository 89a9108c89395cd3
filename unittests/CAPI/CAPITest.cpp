//===- CAPITest.cpp - the attn C API registration entry point --------------===//
//
// Debian ships upstream's C API (mlirContextCreate, ...) only as static
// archives, which must not be mixed with libMLIR.so. So this test drives the
// dialect handle through the header-only wrap/unwrap helpers, exactly as
// upstream's mlirDialectHandleInsertDialect / LoadDialect do.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir-c/Dialects.h"
#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

TEST(AttnCAPI, HandleNamesAndRegistersTheDialect) {
  MlirDialectHandle handle = mlirGetDialectHandle__attn__();
  // The handle wraps the hooks struct (see mlir/CAPI/Registration.h).
  auto *hooks = static_cast<const MlirDialectRegistrationHooks *>(handle.ptr);
  ASSERT_NE(hooks, nullptr);
  MlirStringRef ns = hooks->getNamespaceHook();
  EXPECT_EQ(StringRef(ns.data, ns.length), "attn");

  DialectRegistry registry;
  registry.insert<func::FuncDialect>();
  hooks->insertHook(wrap(&registry));
  MLIRContext context(registry);
  EXPECT_EQ(context.getLoadedDialect("attn"), nullptr);
  hooks->loadHook(wrap(&context));
  EXPECT_NE(context.getLoadedDialect<attn::AttnDialect>(), nullptr);

  auto module = parseSourceString<ModuleOp>(R"mlir(
    func.func @f(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) -> tensor<4x8xf32> {
      %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>)
                        outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
      return %r : tensor<4x8xf32>
    })mlir",
                                            &context);
  EXPECT_TRUE(module);
}

TEST(AttnCAPI, RegisterAllPassesIsIdempotent) {
  attnRegisterAllPasses();
  attnRegisterAllPasses();
  SUCCEED();
}
