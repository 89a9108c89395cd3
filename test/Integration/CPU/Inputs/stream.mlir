// Kernels of StreamNumericsTest: causal Primal-Attention whole (attn.primal
// {causal}) and in chunks (attn.primal_stream with explicit state), for two
// shape sets. Regenerate by hand if the shapes change (StreamNumericsTest.cpp
// has the same table).

func.func @a_whole(%q: tensor<2x3x300x16xf32>, %k: tensor<2x3x300x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>, %wc: tensor<10x12xf32>, %bc: tensor<12xf32>) -> tensor<2x3x300x12xf32> attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<2x3x300x12xf32>
  %r = attn.primal ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x300x16xf32>, tensor<2x3x300x16xf32>, tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>) outs(%init : tensor<2x3x300x12xf32>) {causal} -> tensor<2x3x300x12xf32>
  return %r : tensor<2x3x300x12xf32>
}

func.func @a_chunk1(%q: tensor<2x3x1x16xf32>, %k: tensor<2x3x1x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>, %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %q_sum: tensor<2x3x16xf32>, %k_sum: tensor<2x3x16xf32>, %seen: index) -> (tensor<2x3x1x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<2x3x1x12xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x1x16xf32>, tensor<2x3x1x16xf32>, tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
      outs(%init, %q_sum, %k_sum : tensor<2x3x1x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) seen(%seen) -> tensor<2x3x1x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
  return %o, %qs, %ks : tensor<2x3x1x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
}

func.func @a_chunk7(%q: tensor<2x3x7x16xf32>, %k: tensor<2x3x7x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>, %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %q_sum: tensor<2x3x16xf32>, %k_sum: tensor<2x3x16xf32>, %seen: index) -> (tensor<2x3x7x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<2x3x7x12xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x7x16xf32>, tensor<2x3x7x16xf32>, tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
      outs(%init, %q_sum, %k_sum : tensor<2x3x7x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) seen(%seen) -> tensor<2x3x7x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
  return %o, %qs, %ks : tensor<2x3x7x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
}

func.func @a_chunk64(%q: tensor<2x3x64x16xf32>, %k: tensor<2x3x64x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>, %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %q_sum: tensor<2x3x16xf32>, %k_sum: tensor<2x3x16xf32>, %seen: index) -> (tensor<2x3x64x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<2x3x64x12xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x64x16xf32>, tensor<2x3x64x16xf32>, tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
      outs(%init, %q_sum, %k_sum : tensor<2x3x64x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) seen(%seen) -> tensor<2x3x64x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
  return %o, %qs, %ks : tensor<2x3x64x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
}

func.func @a_chunk100(%q: tensor<2x3x100x16xf32>, %k: tensor<2x3x100x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>, %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %q_sum: tensor<2x3x16xf32>, %k_sum: tensor<2x3x16xf32>, %seen: index) -> (tensor<2x3x100x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<2x3x100x12xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x100x16xf32>, tensor<2x3x100x16xf32>, tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
      outs(%init, %q_sum, %k_sum : tensor<2x3x100x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) seen(%seen) -> tensor<2x3x100x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
  return %o, %qs, %ks : tensor<2x3x100x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
}

func.func @a_chunk300(%q: tensor<2x3x300x16xf32>, %k: tensor<2x3x300x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>, %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %q_sum: tensor<2x3x16xf32>, %k_sum: tensor<2x3x16xf32>, %seen: index) -> (tensor<2x3x300x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<2x3x300x12xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x3x300x16xf32>, tensor<2x3x300x16xf32>, tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
      outs(%init, %q_sum, %k_sum : tensor<2x3x300x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) seen(%seen) -> tensor<2x3x300x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
  return %o, %qs, %ks : tensor<2x3x300x12xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>
}

func.func @b_whole(%q: tensor<77x8xf32>, %k: tensor<77x8xf32>, %we: tensor<8x4xf32>, %wr: tensor<8x4xf32>, %wc: tensor<8x8xf32>) -> tensor<77x8xf32> attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<77x8xf32>
  %r = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<77x8xf32>, tensor<77x8xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>) outs(%init : tensor<77x8xf32>) {causal, feature_map = #attn.feature_map<identity>} -> tensor<77x8xf32>
  return %r : tensor<77x8xf32>
}

func.func @b_chunk1(%q: tensor<1x8xf32>, %k: tensor<1x8xf32>, %we: tensor<8x4xf32>, %wr: tensor<8x4xf32>, %wc: tensor<8x8xf32>, %q_sum: tensor<8xf32>, %k_sum: tensor<8xf32>, %seen: index) -> (tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<1x8xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc : tensor<1x8xf32>, tensor<1x8xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>)
      outs(%init, %q_sum, %k_sum : tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>) seen(%seen) {feature_map = #attn.feature_map<identity>} -> tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>
  return %o, %qs, %ks : tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>
}

func.func @b_chunk5(%q: tensor<5x8xf32>, %k: tensor<5x8xf32>, %we: tensor<8x4xf32>, %wr: tensor<8x4xf32>, %wc: tensor<8x8xf32>, %q_sum: tensor<8xf32>, %k_sum: tensor<8xf32>, %seen: index) -> (tensor<5x8xf32>, tensor<8xf32>, tensor<8xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<5x8xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc : tensor<5x8xf32>, tensor<5x8xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>)
      outs(%init, %q_sum, %k_sum : tensor<5x8xf32>, tensor<8xf32>, tensor<8xf32>) seen(%seen) {feature_map = #attn.feature_map<identity>} -> tensor<5x8xf32>, tensor<8xf32>, tensor<8xf32>
  return %o, %qs, %ks : tensor<5x8xf32>, tensor<8xf32>, tensor<8xf32>
}

func.func @b_chunk33(%q: tensor<33x8xf32>, %k: tensor<33x8xf32>, %we: tensor<8x4xf32>, %wr: tensor<8x4xf32>, %wc: tensor<8x8xf32>, %q_sum: tensor<8xf32>, %k_sum: tensor<8xf32>, %seen: index) -> (tensor<33x8xf32>, tensor<8xf32>, tensor<8xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<33x8xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc : tensor<33x8xf32>, tensor<33x8xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>)
      outs(%init, %q_sum, %k_sum : tensor<33x8xf32>, tensor<8xf32>, tensor<8xf32>) seen(%seen) {feature_map = #attn.feature_map<identity>} -> tensor<33x8xf32>, tensor<8xf32>, tensor<8xf32>
  return %o, %qs, %ks : tensor<33x8xf32>, tensor<8xf32>, tensor<8xf32>
}

func.func @b_chunk77(%q: tensor<77x8xf32>, %k: tensor<77x8xf32>, %we: tensor<8x4xf32>, %wr: tensor<8x4xf32>, %wc: tensor<8x8xf32>, %q_sum: tensor<8xf32>, %k_sum: tensor<8xf32>, %seen: index) -> (tensor<77x8xf32>, tensor<8xf32>, tensor<8xf32>) attributes {llvm.emit_c_interface} {
  %init = tensor.empty() : tensor<77x8xf32>
  %o, %qs, %ks = attn.primal_stream ins(%q, %k, %we, %wr, %wc : tensor<77x8xf32>, tensor<77x8xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>)
      outs(%init, %q_sum, %k_sum : tensor<77x8xf32>, tensor<8xf32>, tensor<8xf32>) seen(%seen) {feature_map = #attn.feature_map<identity>} -> tensor<77x8xf32>, tensor<8xf32>, tensor<8xf32>
  return %o, %qs, %ks : tensor<77x8xf32>, tensor<8xf32>, tensor<8xf32>
}
