// A small attention model compiled ahead of time (see docs/aot.md):
//   B = 1, H = 4 heads, N = 256 tokens, d = 32 per head.
//
// Every function carries `llvm.emit_c_interface`, so the object file exports
// `_mlir_ciface_<name>` taking memref descriptors (StridedMemRefType from
// mlir/ExecutionEngine/CRunnerUtils.h). The returned tensor becomes the FIRST
// argument: a descriptor the kernel fills with a malloc'ed buffer that the
// caller frees (free(result.basePtr)). Inits are tensor.empty, so callers
// pass only the real inputs.

// PrimalFormer-style block: data-dependent projection weights
// W_e = X_s^T Theta_e, W_r = X_s^T Theta_r (p = 64 sampled rows, s = 16
// directions, per batch and head), then Primal-Attention with an output
// projection W_c [2s, d] shared by all heads and a bias b_c [d].
func.func @primal_layer(%x: tensor<1x4x256x32xf32>,
                        %theta_e: tensor<4x64x16xf32>,
                        %theta_r: tensor<4x64x16xf32>,
                        %wc: tensor<32x32xf32>,
                        %bc: tensor<32xf32>) -> tensor<1x4x256x32xf32>
    attributes {llvm.emit_c_interface} {
  %we0 = tensor.empty() : tensor<1x4x32x16xf32>
  %we = attn.primal_weights ins(%x, %theta_e : tensor<1x4x256x32xf32>, tensor<4x64x16xf32>)
                            outs(%we0 : tensor<1x4x32x16xf32>) -> tensor<1x4x32x16xf32>
  %wr0 = tensor.empty() : tensor<1x4x32x16xf32>
  %wr = attn.primal_weights ins(%x, %theta_r : tensor<1x4x256x32xf32>, tensor<4x64x16xf32>)
                            outs(%wr0 : tensor<1x4x32x16xf32>) -> tensor<1x4x32x16xf32>
  %o0 = tensor.empty() : tensor<1x4x256x32xf32>
  %o = attn.primal ins(%x, %x, %we, %wr, %wc, %bc
                       : tensor<1x4x256x32xf32>, tensor<1x4x256x32xf32>,
                         tensor<1x4x32x16xf32>, tensor<1x4x32x16xf32>,
                         tensor<32x32xf32>, tensor<32xf32>)
                   outs(%o0 : tensor<1x4x256x32xf32>) -> tensor<1x4x256x32xf32>
  return %o : tensor<1x4x256x32xf32>
}

// Causal softmax attention, scale = 1/sqrt(32) (the default).
func.func @softmax_layer(%q: tensor<1x4x256x32xf32>,
                         %k: tensor<1x4x256x32xf32>,
                         %v: tensor<1x4x256x32xf32>) -> tensor<1x4x256x32xf32>
    attributes {llvm.emit_c_interface} {
  %o0 = tensor.empty() : tensor<1x4x256x32xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<1x4x256x32xf32>, tensor<1x4x256x32xf32>,
                        tensor<1x4x256x32xf32>)
                    outs(%o0 : tensor<1x4x256x32xf32>) {causal} -> tensor<1x4x256x32xf32>
  return %o : tensor<1x4x256x32xf32>
}
