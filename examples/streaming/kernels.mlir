// Kernels of the streaming example (examples/streaming/main.cpp): one
// decoding step of one sequence, H = 8 heads, d = dv = 64, s = 32.
//
// primal_step: causal Primal-Attention on one new token with explicit state
// (attn.primal_stream): the running sums of the queries and keys seen so far
// (8 x 64 floats each) and their count. The state has the same size at every
// context length.
//
// softmax_step_<L>: softmax attention of the new token against a KV cache of
// L keys (the new token's key and value are its last entry), bottom-right
// aligned as every KV-cache decoder is. One kernel per context length: the
// shapes are static.

func.func @primal_step(%q: tensor<8x1x64xf32>, %k: tensor<8x1x64xf32>, %we: tensor<8x64x32xf32>, %wr: tensor<8x64x32xf32>,
                       %wc: tensor<64x64xf32>, %bc: tensor<64xf32>, %q_sum: tensor<8x64xf32>,
                       %k_sum: tensor<8x64xf32>, %seen: index)
    -> (tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<8x1x64xf32>
  %o, %qs, %ks = attn.primal_stream
      ins(%q, %k, %we, %wr, %wc, %bc : tensor<8x1x64xf32>, tensor<8x1x64xf32>, tensor<8x64x32xf32>, tensor<8x64x32xf32>, tensor<64x64xf32>, tensor<64xf32>)
      outs(%init, %q_sum, %k_sum : tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) seen(%seen)
      -> tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
  return %o, %qs, %ks : tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
}

func.func @softmax_step_1024(%q: tensor<8x1x64xf32>, %k: tensor<8x1024x64xf32>, %v: tensor<8x1024x64xf32>) -> tensor<8x1x64xf32>
    attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<8x1x64xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<8x1x64xf32>, tensor<8x1024x64xf32>, tensor<8x1024x64xf32>) outs(%init : tensor<8x1x64xf32>)
      {causal, alignment = #attn.alignment<bottom_right>} -> tensor<8x1x64xf32>
  return %o : tensor<8x1x64xf32>
}

func.func @softmax_step_4096(%q: tensor<8x1x64xf32>, %k: tensor<8x4096x64xf32>, %v: tensor<8x4096x64xf32>) -> tensor<8x1x64xf32>
    attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<8x1x64xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<8x1x64xf32>, tensor<8x4096x64xf32>, tensor<8x4096x64xf32>) outs(%init : tensor<8x1x64xf32>)
      {causal, alignment = #attn.alignment<bottom_right>} -> tensor<8x1x64xf32>
  return %o : tensor<8x1x64xf32>
}

func.func @softmax_step_16384(%q: tensor<8x1x64xf32>, %k: tensor<8x16384x64xf32>, %v: tensor<8x16384x64xf32>) -> tensor<8x1x64xf32>
    attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<8x1x64xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<8x1x64xf32>, tensor<8x16384x64xf32>, tensor<8x16384x64xf32>) outs(%init : tensor<8x1x64xf32>)
      {causal, alignment = #attn.alignment<bottom_right>} -> tensor<8x1x64xf32>
  return %o : tensor<8x1x64xf32>
}

func.func @softmax_step_65536(%q: tensor<8x1x64xf32>, %k: tensor<8x65536x64xf32>, %v: tensor<8x65536x64xf32>) -> tensor<8x1x64xf32>
    attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<8x1x64xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<8x1x64xf32>, tensor<8x65536x64xf32>, tensor<8x65536x64xf32>) outs(%init : tensor<8x1x64xf32>)
      {causal, alignment = #attn.alignment<bottom_right>} -> tensor<8x1x64xf32>
  return %o : tensor<8x1x64xf32>
}
