// A PrimalFormer-style attention block and a softmax-attention block over the
// same head-split input, as a model compiler would emit them.
//   B = 1, H = 4 heads, N = 256 tokens, d = 32 per head,
//   Primal-Attention: s = 16 projection directions from p = 64 sampled rows,
//   output projection W_c [2s, d] shared by all heads, bias b_c [d].
func.func @primal_block(%x: tensor<1x4x256x32xf32>,
                        %theta_e: tensor<4x64x16xf32>, %theta_r: tensor<4x64x16xf32>,
                        %wc: tensor<32x32xf32>, %bc: tensor<32xf32>) -> tensor<1x4x256x32xf32> {
  %w0 = tensor.empty() : tensor<1x4x32x16xf32>
  // Data-dependent projection weights W = X_s^T Theta (per batch and head).
  %we = attn.primal_weights ins(%x, %theta_e : tensor<1x4x256x32xf32>, tensor<4x64x16xf32>)
                            outs(%w0 : tensor<1x4x32x16xf32>) -> tensor<1x4x32x16xf32>
  %wr = attn.primal_weights ins(%x, %theta_r : tensor<1x4x256x32xf32>, tensor<4x64x16xf32>)
                            outs(%w0 : tensor<1x4x32x16xf32>) -> tensor<1x4x32x16xf32>
  %o0 = tensor.empty() : tensor<1x4x256x32xf32>
  %o = attn.primal ins(%x, %x, %we, %wr, %wc, %bc
                       : tensor<1x4x256x32xf32>, tensor<1x4x256x32xf32>,
                         tensor<1x4x32x16xf32>, tensor<1x4x32x16xf32>,
                         tensor<32x32xf32>, tensor<32xf32>)
                   outs(%o0 : tensor<1x4x256x32xf32>) -> tensor<1x4x256x32xf32>
  return %o : tensor<1x4x256x32xf32>
}

func.func @softmax_block(%q: tensor<1x4x256x32xf32>, %k: tensor<1x4x256x32xf32>,
                         %v: tensor<1x4x256x32xf32>,
                         %pad: tensor<1x1x1x256xf32>) -> tensor<1x4x256x32xf32> {
  %o0 = tensor.empty() : tensor<1x4x256x32xf32>
  // Causal softmax attention with a key-padding mask broadcast over heads and queries.
  %o = attn.vanilla ins(%q, %k, %v, %pad : tensor<1x4x256x32xf32>, tensor<1x4x256x32xf32>,
                        tensor<1x4x256x32xf32>, tensor<1x1x1x256xf32>)
                    outs(%o0 : tensor<1x4x256x32xf32>) {causal} -> tensor<1x4x256x32xf32>
  return %o : tensor<1x4x256x32xf32>
}
