//===- PassOptions.td - options shared by attn passes ------*- tablegen -*-===//

#ifndef ATTN_DIALECT_ATTN_TRANSFORMS_PASSOPTIONS_TD
#define ATTN_DIALECT_ATTN_TRANSFORMS_PASSOPTIONS_TD

// Values of a `strategy` option of type ::mlir::attn::VanillaStrategy.
defvar StrategyOption = [{::llvm::cl::values(
    clEnumValN(::mlir::attn::VanillaStrategy::Flash, "flash",
               "online softmax over key blocks; no N x M value"),
    clEnumValN(::mlir::attn::VanillaStrategy::Materialized, "materialized",
               "Q*K^T, linalg.softmax, *V"))}];

#endif // ATTN_DIALECT_ATTN_TRANSFORMS_PASSOPTIONS_TD
