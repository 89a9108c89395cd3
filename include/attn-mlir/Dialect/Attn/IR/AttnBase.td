//===- AttnBase.td - attn dialect definition ---------------*- tablegen -*-===//
//
// The `attn` dialect: attention as first-class ops (softmax attention and
// Primal-Attention) that later passes lower to linalg, CPU loops and a
// systolic array.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_DIALECT_ATTN_IR_ATTNBASE_TD
#define ATTN_DIALECT_ATTN_IR_ATTNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Attn_Dialect : Dialect {
  let name = "attn";
  let cppNamespace = "::mlir::attn";
  let summary = "Attention ops: softmax attention and Primal-Attention";
  let description = [{
    The `attn` dialect models attention layers as single destination-passing
    ops, the way `linalg.softmax` models softmax: each op reads its `ins`
    operands and writes into its `outs` operand; on tensors it returns the
    updated value, on memrefs it returns nothing.

    * `attn.vanilla`: `O = softmax(scale * Q * K^T + mask) * V`, optionally
      causal.
    * `attn.primal`: Primal-Attention (Chen et al., NeurIPS 2023), attention
      as an asymmetric kernel SVD solved in the primal:
      `O = [phi(Q) * W_e, phi(K) * W_r] * W_c + b_c` -- linear in the
      sequence length, no `N x N` matrix and no softmax.
    * `attn.primal_weights`: the data-dependent projection weights
      `W = X_s^T * Theta` of Primal-Attention, where `X_s` are rows of the
      layer input sampled at evenly spaced positions.

    All ops accept any number of leading batch dimensions (usually batch and
    heads), which must be identical across the per-token operands.
  }];
  let useDefaultAttributePrinterParser = 1;
  // reifyResultShapes builds tensor.dim (and arith constants) on demand.
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def Attn_FeatureMap : I32EnumAttr<"FeatureMap",
    "feature map applied to queries and keys before projection", [
      I32EnumAttrCase<"l2", 0>,
      I32EnumAttrCase<"identity", 1>
    ]> {
  let cppNamespace = "::mlir::attn";
  let genSpecializedAttr = 0;
}

def Attn_FeatureMapAttr : EnumAttr<Attn_Dialect, Attn_FeatureMap,
                                   "feature_map"> {
  let assemblyFormat = "`<` $value `>`";
}

def Attn_Alignment : I32EnumAttr<"Alignment",
    "how query rows line up with key columns for causal and window masks", [
      I32EnumAttrCase<"top_left", 0>,
      I32EnumAttrCase<"bottom_right", 1>
    ]> {
  let cppNamespace = "::mlir::attn";
  let genSpecializedAttr = 0;
}

def Attn_AlignmentAttr : EnumAttr<Attn_Dialect, Attn_Alignment, "alignment"> {
  let summary = "causal/window alignment: top_left (PyTorch SDPA) or "
                "bottom_right (FlashAttention >= 2.1, KV-cache decode)";
  let assemblyFormat = "`<` $value `>`";
}

#endif // ATTN_DIALECT_ATTN_IR_ATTNBASE_TD
