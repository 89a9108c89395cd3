/*===-- attn-mlir-c/Dialects.h - C API for the attn dialect -------*- C -*-===*\
|* Registration entry points in the style of upstream MLIR's C API, for      *|
|* bindings and C/C++ hosts that drive MLIR through the C API.               *|
\*===----------------------------------------------------------------------===*/

#ifndef ATTN_MLIR_C_DIALECTS_H
#define ATTN_MLIR_C_DIALECTS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Declares `MlirDialectHandle mlirGetDialectHandle__attn__(void)`. */
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Attn, attn);

/* Registers every attn-mlir pass and pipeline with the global registry. */
MLIR_CAPI_EXPORTED void attnRegisterAllPasses(void);

#ifdef __cplusplus
}
#endif

#endif /* ATTN_MLIR_C_DIALECTS_H */
