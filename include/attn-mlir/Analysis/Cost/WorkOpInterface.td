//===- WorkOpInterface.td - Ops that report their own work -*- tablegen -*-===//

#ifndef ATTN_ANALYSIS_COST_WORKOPINTERFACE
#define ATTN_ANALYSIS_COST_WORKOPINTERFACE

include "mlir/IR/OpBase.td"

def Attn_WorkOpInterface : OpInterface<"WorkOpInterface"> {
  let description = [{
    An op that can say how much work it does: multiply-accumulates, other
    flops by kind, bytes of each operand and of the result, the on-chip
    working set its tiling needs and the minimum DRAM traffic for a given
    on-chip capacity (all in `cost::WorkConfig`), and the GEMMs it contains.
    The attn ops implement it analytically (closed-form formulas that mirror
    their decomposition); every linalg structured op implements it from its
    iteration domain and payload, which is what `attn-count-work` sums over
    lowered loops.
  }];
  let cppNamespace = "::mlir::attn";
  let methods = [
    InterfaceMethod<[{
        Work of this op lowered as `config` says. Fails (with a diagnostic
        when `emitErrors`) if a needed shape is dynamic.
      }],
      "::llvm::FailureOr<::mlir::attn::cost::OpWork>", "getWork",
      (ins "const ::mlir::attn::cost::WorkConfig &":$config,
           "bool":$emitErrors)>
  ];
}

#endif // ATTN_ANALYSIS_COST_WORKOPINTERFACE
