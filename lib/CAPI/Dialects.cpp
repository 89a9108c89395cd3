//===- Dialects.cpp - C API for the attn dialect ---------------------------===//

#include "attn-mlir-c/Dialects.h"

#include "attn-mlir/Dialect/Attn/IR/AttnDialect.h"
#include "attn-mlir/InitAll.h"
#include "mlir/CAPI/Registration.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Attn, attn, mlir::attn::AttnDialect)

void attnRegisterAllPasses(void) { mlir::attn::registerAllPasses(); }
