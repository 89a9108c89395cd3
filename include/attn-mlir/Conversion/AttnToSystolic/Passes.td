//===- Passes.td - attn to systolic conversion -------------*- tablegen -*-===//

#ifndef ATTN_CONVERSION_ATTNTOSYSTOLIC_PASSES_TD
#define ATTN_CONVERSION_ATTNTOSYSTOLIC_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAttnToSystolic : Pass<"convert-attn-to-systolic", "::mlir::ModuleOp"> {
  let summary = "Lower functions of attn ops to systolic kernels";
  let description = [{
    Every `func.func` that contains attn ops becomes a `systolic.kernel` of
    the same name: function arguments become input DRAM buffers `arg<i>`,
    returned values output buffers `out<i>`, other attn results scratch
    buffers `t<i>`. Each `attn.vanilla` (flash or materialized, causal,
    additive mask), `attn.primal` (l2 or identity feature map, bias) and
    `attn.primal_weights` is scheduled onto the array and its vector unit
    with a tiling plan that fits the target's scratchpad and accumulator
    (docs/systolic.md). Functions may contain only attn ops, `tensor.empty`
    inits and `func.return`; static f32 tensors only. Shapes that cannot be
    planned are rejected with the reason. Batch dims, query blocks and key
    blocks become `systolic.loop`s whose instructions move their addresses
    with the loop indices, so a program's size follows the schedule's
    structure, not N².
  }];
  let dependentDialects = ["::mlir::systolic::SystolicDialect"];
  let options = [
    Option<"target", "target", "std::string", "\"\"",
           "Preset (gemmini, gemmini-bf16, tpu-v1, edge) or .json file; empty: the "
           "--systolic-target option, else gemmini">,
    Option<"strategy", "strategy", "::mlir::attn::VanillaStrategy",
           "::mlir::attn::VanillaStrategy::Flash",
           "How attn.vanilla is scheduled", [{::llvm::cl::values(
    clEnumValN(::mlir::attn::VanillaStrategy::Flash, "flash",
               "online softmax over key blocks on the vector unit"),
    clEnumValN(::mlir::attn::VanillaStrategy::Materialized, "materialized",
               "score rows resident in the accumulator, P to DRAM, then P*V"))}]>,
    Option<"maxInstructions", "max-instructions", "int64_t", "4194304",
           "Refuse programs longer than this many static instructions "
           "(loops count once; peeled tiles, causal query blocks and "
           "primal_weights' row gathers are inline); in [1, 4194304]">,
  ];
}

#endif // ATTN_CONVERSION_ATTNTOSYSTOLIC_PASSES_TD
