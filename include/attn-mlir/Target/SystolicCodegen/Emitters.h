//===- Emitters.h - systolic kernels to asm and C ---------------*- C++ -*-===//

#ifndef ATTN_TARGET_SYSTOLICCODEGEN_EMITTERS_H
#define ATTN_TARGET_SYSTOLICCODEGEN_EMITTERS_H

#include "attn-mlir/Systolic/Core/ISA.h"
#include "mlir/Support/LLVM.h"

namespace mlir::systolic {

/// A C99 translation unit with, per program, `<name>_target_json` and
/// `int <name>(srt_ctx *ctx, const float *arg0, ..., float *out0, ...)`
/// calling systolic_rt.h once per instruction.
void emitC(llvm::raw_ostream &os, ArrayRef<::mlir::attn::systolic::Program> progs);

/// Registers --systolic-to-asm and --systolic-to-c with mlir-translate.
void registerSystolicTranslations();

} // namespace mlir::systolic

#endif // ATTN_TARGET_SYSTOLICCODEGEN_EMITTERS_H
