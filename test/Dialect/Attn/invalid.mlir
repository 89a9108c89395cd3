// One case per verifier rule; each names the operand and the rule.
// RUN: attn-opt %s -split-input-file -verify-diagnostics

//===--- shared rules ---===//

func.func @vanilla_too_few_inputs(%q: tensor<4x8xf32>, %k: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op expects 3 or 4 inputs (q, k, v, mask), got 2}}
  %r = attn.vanilla ins(%q, %k : tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_too_many_inputs(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op expects 3 or 4 inputs (q, k, v, mask), got 5}}
  %r = attn.vanilla ins(%q, %q, %q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_wrong_input_count(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.primal' op expects 5 or 6 inputs (q, k, w_e, w_r, w_c, b_c), got 4}}
  %r = attn.primal ins(%q, %q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_weights_wrong_input_count(%x: tensor<4x8xf32>, %o: tensor<8x2xf32>) {
  // expected-error @+1 {{'attn.primal_weights' op expects 2 inputs (x, theta), got 1}}
  %r = attn.primal_weights ins(%x : tensor<4x8xf32>) outs(%o : tensor<8x2xf32>) -> tensor<8x2xf32>
  return
}

// -----

func.func @unranked(%q: tensor<*xf32>, %k: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'q' must be a ranked tensor or memref, got 'tensor<*xf32>'}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<*xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @not_shaped(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>, %s: f32) {
  // expected-error @+1 {{'attn.vanilla' op operand #2 must be variadic of shaped of any type values, but got 'f32'}}
  %r = attn.vanilla ins(%q, %q, %s : tensor<4x8xf32>, tensor<4x8xf32>, f32) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @f16_element(%q: tensor<4x8xf16>, %k: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'k' has element type 'f32'; expected the element type of 'q' ('f16')}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x8xf16>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @bf16_init(%q: tensor<4x8xf32>, %o: tensor<4x8xbf16>) {
  // expected-error @+1 {{operand 'init' has element type 'bf16'; expected the element type of 'q' ('f32')}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xbf16>) -> tensor<4x8xbf16>
  return
}

// -----

func.func @mixed_tensor_memref(%q: tensor<4x8xf32>, %k: memref<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'k' is a memref but 'init' is a tensor; operands must be all tensors or all memrefs}}
  %r = attn.vanilla ins(%q, %k, %q : tensor<4x8xf32>, memref<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @tensor_without_result(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{on tensors must return exactly one result of the type of 'init' ('tensor<4x8xf32>')}}
  attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>)
  return
}

// -----

func.func @result_type_mismatch(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{on tensors must return exactly one result of the type of 'init'}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @memref_with_result(%q: memref<4x8xf32>, %o: memref<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op result #0 must be variadic of ranked tensor of any type values}}
  %r = attn.vanilla ins(%q, %q, %q : memref<4x8xf32>, memref<4x8xf32>, memref<4x8xf32>) outs(%o : memref<4x8xf32>) -> memref<4x8xf32>
  return
}

// -----

//===--- attn.vanilla ---===//

func.func @vanilla_rank1(%q: tensor<8xf32>, %o: tensor<8xf32>) {
  // expected-error @+1 {{operand 'q' must have rank >= 2, got rank 1}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%o : tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @vanilla_k_rank(%q: tensor<2x4x8xf32>, %k: tensor<4x8xf32>, %o: tensor<2x4x8xf32>) {
  // expected-error @+1 {{operand 'k' must have the rank of 'q' (3), got rank 2}}
  %r = attn.vanilla ins(%q, %k, %q : tensor<2x4x8xf32>, tensor<4x8xf32>, tensor<2x4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @vanilla_k_batch(%q: tensor<2x4x8xf32>, %k: tensor<3x4x8xf32>, %o: tensor<2x4x8xf32>) {
  // expected-error @+1 {{operand 'k' has 3 heads (dim 0), which must divide the 2 heads of 'q' (grouped-query attention)}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<2x4x8xf32>, tensor<3x4x8xf32>, tensor<3x4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @vanilla_v_batch(%q: tensor<2x4x8xf32>, %v: tensor<1x4x8xf32>, %o: tensor<2x4x8xf32>) {
  // expected-error @+1 {{operand 'v' must have the batch dims of 'k' [2], got [1]}}
  %r = attn.vanilla ins(%q, %q, %v : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<1x4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @vanilla_v_rank(%q: tensor<2x4x8xf32>, %v: tensor<4x8xf32>, %o: tensor<2x4x8xf32>) {
  // expected-error @+1 {{operand 'v' must have the rank of 'k' (3), got rank 2}}
  %r = attn.vanilla ins(%q, %q, %v : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @vanilla_init_batch(%q: tensor<2x4x8xf32>, %o: tensor<5x4x8xf32>) {
  // expected-error @+1 {{operand 'init' must have the batch dims of 'q' [2], got [5]}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o : tensor<5x4x8xf32>) -> tensor<5x4x8xf32>
  return
}

// -----

func.func @vanilla_init_rank(%q: tensor<2x4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'init' must have the rank of 'q' (3), got rank 2}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_head_dim(%q: tensor<4x8xf32>, %k: tensor<6x16xf32>, %v: tensor<6x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'k' head dim d (dim 1) must equal that of 'q' (8), got 16}}
  %r = attn.vanilla ins(%q, %k, %v : tensor<4x8xf32>, tensor<6x16xf32>, tensor<6x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_key_length(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<7x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'v' key length M (dim 0) must equal that of 'k' (6), got 7}}
  %r = attn.vanilla ins(%q, %k, %v : tensor<4x8xf32>, tensor<6x8xf32>, tensor<7x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_query_length(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %o: tensor<5x8xf32>) {
  // expected-error @+1 {{operand 'init' query length N (dim 0) must equal that of 'q' (4), got 5}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>) outs(%o : tensor<5x8xf32>) -> tensor<5x8xf32>
  return
}

// -----

func.func @vanilla_value_dim(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x3xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'init' value dim dv (dim 1) must equal that of 'v' (3), got 8}}
  %r = attn.vanilla ins(%q, %k, %v : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x3xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_mask_rank(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %m: tensor<1x4x6xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'mask' must have rank <= 2 to broadcast to [B..., N, M] [4, 6], got rank 3}}
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>, tensor<1x4x6xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_mask_broadcast(%q: tensor<2x4x8xf32>, %k: tensor<2x6x8xf32>, %m: tensor<2x1x5xf32>, %o: tensor<2x4x8xf32>) {
  // expected-error @+1 {{operand 'mask' shape [2, 1, 5] does not broadcast to [B..., N, M] [2, 4, 6]: dim 2 is 5, expected 1 or 6}}
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<2x4x8xf32>, tensor<2x6x8xf32>, tensor<2x6x8xf32>, tensor<2x1x5xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @vanilla_mask_element(%q: tensor<4x8xf32>, %m: tensor<4x4xi8>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'mask' has element type 'i8'; expected i1 (true = attend) or the element type of 'q' ('f32', additive)}}
  %r = attn.vanilla ins(%q, %q, %q, %m : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x4xi8>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_scale_not_finite(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'scale' must be finite}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {scale = 0x7F800000 : f32} -> tensor<4x8xf32>
  return
}

// -----

func.func @vanilla_scale_type(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op attribute 'scale' failed to satisfy constraint: 32-bit float attribute}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {scale = 2 : i32} -> tensor<4x8xf32>
  return
}

// -----

//===--- attn.primal ---===//

func.func @primal_rank1(%q: tensor<8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<8xf32>) {
  // expected-error @+1 {{operand 'q' must have rank >= 2, got rank 1}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<8xf32>, tensor<8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @primal_k_batch(%q: tensor<2x4x8xf32>, %k: tensor<3x4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<2x4x8xf32>) {
  // expected-error @+1 {{operand 'k' must have the batch dims of 'q' [2], got [3]}}
  %r = attn.primal ins(%q, %k, %w, %w, %wc : tensor<2x4x8xf32>, tensor<3x4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @primal_k_shape(%q: tensor<4x8xf32>, %k: tensor<5x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'k' must have the shape of 'q' [4, 8], got [5, 8]}}
  %r = attn.primal ins(%q, %k, %w, %w, %wc : tensor<4x8xf32>, tensor<5x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_we_rank_low(%q: tensor<4x8xf32>, %we: tensor<8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'w_e' must have rank 2 to 2 (its batch dims a suffix of 'q' batch dims), got rank 1}}
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_we_rank_high(%q: tensor<3x4x8xf32>, %we: tensor<2x3x8x2xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<3x4x8xf32>) {
  // expected-error @+1 {{operand 'w_e' must have rank 2 to 3 (its batch dims a suffix of 'q' batch dims), got rank 4}}
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<3x4x8xf32>, tensor<3x4x8xf32>, tensor<2x3x8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<3x4x8xf32>) -> tensor<3x4x8xf32>
  return
}

// -----

func.func @primal_we_not_suffix(%q: tensor<2x8x4x16xf32>, %we: tensor<2x16x3xf32>, %w: tensor<16x3xf32>, %wc: tensor<6x16xf32>, %o: tensor<2x8x4x16xf32>) {
  // expected-error @+1 {{operand 'w_e' batch dims [2] must equal the trailing batch dims of 'q' [8]}}
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<2x8x4x16xf32>, tensor<2x8x4x16xf32>, tensor<2x16x3xf32>, tensor<16x3xf32>, tensor<6x16xf32>) outs(%o : tensor<2x8x4x16xf32>) -> tensor<2x8x4x16xf32>
  return
}

// -----

func.func @primal_wr_not_suffix(%q: tensor<2x8x4x16xf32>, %w: tensor<8x16x3xf32>, %wr: tensor<4x16x3xf32>, %wc: tensor<6x16xf32>, %o: tensor<2x8x4x16xf32>) {
  // expected-error @+1 {{operand 'w_r' batch dims [4] must equal the trailing batch dims of 'q' [8]}}
  %r = attn.primal ins(%q, %q, %w, %wr, %wc : tensor<2x8x4x16xf32>, tensor<2x8x4x16xf32>, tensor<8x16x3xf32>, tensor<4x16x3xf32>, tensor<6x16xf32>) outs(%o : tensor<2x8x4x16xf32>) -> tensor<2x8x4x16xf32>
  return
}

// -----

func.func @primal_we_input_dim(%q: tensor<4x8xf32>, %we: tensor<7x2xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'w_e' input dim d (dim 0) must equal that of 'q' (8), got 7}}
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<7x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_wr_input_dim(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wr: tensor<9x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'w_r' input dim d (dim 0) must equal that of 'q' (8), got 9}}
  %r = attn.primal ins(%q, %q, %w, %wr, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<9x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_rank_s(%q: tensor<4x8xf32>, %we: tensor<8x2xf32>, %wr: tensor<8x3xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'w_r' rank s (dim 1) must equal that of 'w_e' (2), got 3}}
  %r = attn.primal ins(%q, %q, %we, %wr, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x3xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_wc_rank(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<1x4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'w_c' must have rank 2 ([2s, dv]), got rank 3}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<1x4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_wc_two_s(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<2x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'w_c' dim 0 must be 2*s = 4 (s from 'w_e'), got 2}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<2x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_init_rank(%q: tensor<2x4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'init' must have the rank of 'q' (3), got rank 2}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_init_batch(%q: tensor<2x4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<3x4x8xf32>) {
  // expected-error @+1 {{operand 'init' must have the batch dims of 'q' [2], got [3]}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<3x4x8xf32>) -> tensor<3x4x8xf32>
  return
}

// -----

func.func @primal_init_length(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<5x8xf32>) {
  // expected-error @+1 {{operand 'init' sequence length N (dim 0) must equal that of 'q' (4), got 5}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<5x8xf32>) -> tensor<5x8xf32>
  return
}

// -----

func.func @primal_init_dv(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'init' output dim dv (dim 1) must equal that of 'w_c' (6), got 8}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x6xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_bias_rank(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %b: tensor<1x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'b_c' must have rank 1 ([dv]), got rank 2}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc, %b : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>, tensor<1x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_bias_dim(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %b: tensor<7xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'b_c' output dim dv (dim 0) must equal that of 'w_c' (8), got 7}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc, %b : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>, tensor<7xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @primal_bad_feature_map(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+2 {{expected ::mlir::attn::FeatureMap to be one of: l2, identity}}
  // expected-error @+1 {{failed to parse Attn_FeatureMapAttr parameter 'value'}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {feature_map = #attn.feature_map<softmax>} -> tensor<4x8xf32>
  return
}

// -----

//===--- attn.primal_weights ---===//

func.func @weights_rank1(%x: tensor<8xf32>, %t: tensor<2x3xf32>, %o: tensor<8x3xf32>) {
  // expected-error @+1 {{operand 'x' must have rank >= 2, got rank 1}}
  %r = attn.primal_weights ins(%x, %t : tensor<8xf32>, tensor<2x3xf32>) outs(%o : tensor<8x3xf32>) -> tensor<8x3xf32>
  return
}

// -----

func.func @weights_theta_not_suffix(%x: tensor<2x8x10x4xf32>, %t: tensor<2x5x3xf32>, %o: tensor<2x8x4x3xf32>) {
  // expected-error @+1 {{operand 'theta' batch dims [2] must equal the trailing batch dims of 'x' [8]}}
  %r = attn.primal_weights ins(%x, %t : tensor<2x8x10x4xf32>, tensor<2x5x3xf32>) outs(%o : tensor<2x8x4x3xf32>) -> tensor<2x8x4x3xf32>
  return
}

// -----

func.func @weights_theta_rank(%x: tensor<10x4xf32>, %t: tensor<1x5x3xf32>, %o: tensor<4x3xf32>) {
  // expected-error @+1 {{operand 'theta' must have rank 2 to 2 (its batch dims a suffix of 'x' batch dims), got rank 3}}
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<1x5x3xf32>) outs(%o : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @weights_init_batch(%x: tensor<2x10x4xf32>, %t: tensor<5x3xf32>, %o: tensor<3x4x3xf32>) {
  // expected-error @+1 {{operand 'init' must have the batch dims of 'x' [2], got [3]}}
  %r = attn.primal_weights ins(%x, %t : tensor<2x10x4xf32>, tensor<5x3xf32>) outs(%o : tensor<3x4x3xf32>) -> tensor<3x4x3xf32>
  return
}

// -----

func.func @weights_init_d(%x: tensor<10x4xf32>, %t: tensor<5x3xf32>, %o: tensor<5x3xf32>) {
  // expected-error @+1 {{operand 'init' input dim d (dim 0) must equal that of 'x' (4), got 5}}
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<5x3xf32>) outs(%o : tensor<5x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @weights_init_s(%x: tensor<10x4xf32>, %t: tensor<5x3xf32>, %o: tensor<4x2xf32>) {
  // expected-error @+1 {{operand 'init' rank s (dim 1) must equal that of 'theta' (3), got 2}}
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<5x3xf32>) outs(%o : tensor<4x2xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @weights_p_too_large(%x: tensor<10x4xf32>, %t: tensor<11x3xf32>, %o: tensor<4x3xf32>) {
  // expected-error @+1 {{operand 'theta' samples p = 11 rows but 'x' has only N = 10 (p <= N required)}}
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<11x3xf32>) outs(%o : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @weights_p_zero(%x: tensor<10x4xf32>, %t: tensor<0x3xf32>, %o: tensor<4x3xf32>) {
  // expected-error @+1 {{operand 'theta' must sample p >= 1 rows, got p = 0}}
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<0x3xf32>) outs(%o : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @query_offset_without_causal(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>, %off: index) {
  // expected-error @+1 {{operand 'query_offset' is only meaningful with 'causal' or 'window'}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) query_offset(%off) -> tensor<4x8xf32>
  return
}

// -----

//===--- grouped-query attention, i1 masks, windows (issue 16) ---===//

func.func @gqa_heads_not_dividing(%q: tensor<1x8x4x16xf32>, %k: tensor<1x3x6x16xf32>, %o: tensor<1x8x4x16xf32>) {
  // expected-error @+1 {{operand 'k' has 3 heads (dim 1), which must divide the 8 heads of 'q' (grouped-query attention)}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<1x8x4x16xf32>, tensor<1x3x6x16xf32>, tensor<1x3x6x16xf32>) outs(%o : tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32>
  return
}

// -----

func.func @gqa_outer_batch(%q: tensor<2x8x4x16xf32>, %k: tensor<1x2x6x16xf32>, %o: tensor<2x8x4x16xf32>) {
  // expected-error @+1 {{operand 'k' must have the batch dims of 'q' [2, 8] (the last, heads, may be a divisor), got [1, 2]}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<2x8x4x16xf32>, tensor<1x2x6x16xf32>, tensor<1x2x6x16xf32>) outs(%o : tensor<2x8x4x16xf32>) -> tensor<2x8x4x16xf32>
  return
}

// -----

func.func @gqa_v_heads(%q: tensor<1x8x4x16xf32>, %k: tensor<1x2x6x16xf32>, %v: tensor<1x4x6x16xf32>, %o: tensor<1x8x4x16xf32>) {
  // expected-error @+1 {{operand 'v' must have the batch dims of 'k' [1, 2], got [1, 4]}}
  %r = attn.vanilla ins(%q, %k, %v : tensor<1x8x4x16xf32>, tensor<1x2x6x16xf32>, tensor<1x4x6x16xf32>) outs(%o : tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32>
  return
}

// -----

func.func @gqa_mask_kv_heads(%q: tensor<1x8x4x16xf32>, %k: tensor<1x2x6x16xf32>, %m: tensor<2x4x6xi1>, %o: tensor<1x8x4x16xf32>) {
  // The mask broadcasts against the query heads, not the key/value heads.
  // expected-error @+1 {{operand 'mask' shape [2, 4, 6] does not broadcast to [B..., N, M] [1, 8, 4, 6]: dim 0 is 2, expected 1 or 8}}
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<1x8x4x16xf32>, tensor<1x2x6x16xf32>, tensor<1x2x6x16xf32>, tensor<2x4x6xi1>) outs(%o : tensor<1x8x4x16xf32>) -> tensor<1x8x4x16xf32>
  return
}

// -----

func.func @mask_f16_with_f32(%q: tensor<4x8xf32>, %m: tensor<4x4xf16>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'mask' has element type 'f16'; expected i1 (true = attend) or the element type of 'q' ('f32', additive)}}
  %r = attn.vanilla ins(%q, %q, %q, %m : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x4xf16>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @window_negative(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'window' must be >= 0 (keys before the query that stay visible), got -1}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {window = -1 : i64} -> tensor<4x8xf32>
  return
}

// -----

func.func @window_not_integer(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{attribute 'window' failed to satisfy constraint: 64-bit signless integer attribute}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {window = 2.0 : f32} -> tensor<4x8xf32>
  return
}

// -----

//===--- unknown attributes (issue 16) ---===//

func.func @unknown_attr_casual(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op has unknown attribute 'casual'; did you mean 'causal'?}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {casual} -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_scal(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op has unknown attribute 'scal'; did you mean 'scale'?}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {scal = 0.5 : f32} -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_windw(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op has unknown attribute 'windw'; did you mean 'window'?}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {windw = 4} -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_far(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op has unknown attribute 'dropout'; known attributes: alignment, causal, scale, window}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {dropout = 0.1 : f32} -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_primal(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{'attn.primal' op has unknown attribute 'featuremap'; did you mean 'feature_map'?}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {featuremap = #attn.feature_map<identity>} -> tensor<4x8xf32>
  return
}

// -----

func.func @unknown_attr_weights(%x: tensor<10x4xf32>, %t: tensor<3x3xf32>, %o: tensor<4x3xf32>) {
  // expected-error @+1 {{'attn.primal_weights' op has unknown attribute 'causal'; the op has no attributes}}
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<3x3xf32>) outs(%o : tensor<4x3xf32>) {causal} -> tensor<4x3xf32>
  return
}

// -----

func.func @f64_element(%q: tensor<4x8xf64>, %o: tensor<4x8xf64>) {
  // expected-error @+1 {{operand 'q' has element type 'f64'; expected f32, f16 or bf16}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf64>, tensor<4x8xf64>, tensor<4x8xf64>) outs(%o : tensor<4x8xf64>) -> tensor<4x8xf64>
  return
}

// -----

func.func @bf16_mask_with_f16(%q: tensor<4x8xf16>, %m: tensor<4x4xbf16>, %o: tensor<4x8xf16>) {
  // expected-error @+1 {{operand 'mask' has element type 'bf16'; expected i1 (true = attend) or the element type of 'q' ('f16', additive)}}
  %r = attn.vanilla ins(%q, %q, %q, %m : tensor<4x8xf16>, tensor<4x8xf16>, tensor<4x8xf16>, tensor<4x4xbf16>) outs(%o : tensor<4x8xf16>) -> tensor<4x8xf16>
  return
}

// -----

func.func @primal_f16(%q: tensor<4x8xf16>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  // expected-error @+1 {{operand 'q' has element type 'f16'; only f32 is supported (the lowerings have no f16/bf16 path yet)}}
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf16>, tensor<4x8xf16>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

//===--- causal alignment and the streaming form (issue 14) ---===//

func.func @causal_n_ne_m_needs_alignment(%q: tensor<1x8xf32>, %k: tensor<5x8xf32>, %o: tensor<1x8xf32>) {
  // expected-error @+1 {{'attn.vanilla' op with 'causal' or 'window' and N (1) != M (5) needs 'alignment': #attn.alignment<top_left> (query i sees keys j <= i, PyTorch SDPA) or #attn.alignment<bottom_right> (the last query is the last key, FlashAttention, KV-cache decode)}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<1x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) outs(%o : tensor<1x8xf32>) {causal} -> tensor<1x8xf32>
  return
}

// -----

func.func @window_n_ne_m_needs_alignment(%q: tensor<3x8xf32>, %k: tensor<5x8xf32>, %o: tensor<3x8xf32>) {
  // expected-error @+1 {{with 'causal' or 'window' and N (3) != M (5) needs 'alignment'}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<3x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) outs(%o : tensor<3x8xf32>) {window = 2} -> tensor<3x8xf32>
  return
}

// -----

func.func @alignment_without_causal(%q: tensor<1x8xf32>, %k: tensor<5x8xf32>, %o: tensor<1x8xf32>) {
  // expected-error @+1 {{attribute 'alignment' is only meaningful with 'causal' or 'window'}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<1x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) outs(%o : tensor<1x8xf32>) {alignment = #attn.alignment<bottom_right>} -> tensor<1x8xf32>
  return
}

// -----

func.func @alignment_and_query_offset(%q: tensor<1x8xf32>, %k: tensor<5x8xf32>, %o: tensor<1x8xf32>, %off: index) {
  // expected-error @+1 {{attribute 'alignment' and operand 'query_offset' both place the queries; give one (query_offset is the absolute position of query row 0)}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<1x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) outs(%o : tensor<1x8xf32>) query_offset(%off) {causal, alignment = #attn.alignment<bottom_right>} -> tensor<1x8xf32>
  return
}

// -----

func.func @bottom_right_dynamic(%q: tensor<?x8xf32>, %k: tensor<5x8xf32>, %o: tensor<?x8xf32>) {
  // expected-error @+1 {{with #attn.alignment<bottom_right> needs static N and M (the offset is M - N); give 'query_offset' instead for dynamic shapes}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<?x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) outs(%o : tensor<?x8xf32>) {causal, alignment = #attn.alignment<bottom_right>} -> tensor<?x8xf32>
  return
}

// -----

func.func @alignment_typo(%q: tensor<1x8xf32>, %k: tensor<5x8xf32>, %o: tensor<1x8xf32>) {
  // expected-error @+2 {{expected ::mlir::attn::Alignment to be one of: top_left, bottom_right}}
  // expected-error @+1 {{failed to parse Attn_AlignmentAttr parameter 'value'}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<1x8xf32>, tensor<5x8xf32>, tensor<5x8xf32>) outs(%o : tensor<1x8xf32>) {causal, alignment = #attn.alignment<bottom_left>} -> tensor<1x8xf32>
  return
}

// -----

func.func @stream_outs_count(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<4x6xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'attn.primal_stream' op expects 3 outs (init, q_sum, k_sum), got 2}}
  %r:2 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x6xf32>) outs(%o, %s : tensor<4x6xf32>, tensor<8xf32>) -> tensor<4x6xf32>, tensor<8xf32>
  return
}

// -----

func.func @stream_state_shape(%q: tensor<2x4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<2x4x6xf32>, %s: tensor<2x8xf32>, %bad: tensor<3x8xf32>) {
  // expected-error @+1 {{'attn.primal_stream' op operand 'k_sum' (the running sum of the state) must have shape [B..., d] [2, 8], got [3, 8]}}
  %r:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x6xf32>) outs(%o, %s, %bad : tensor<2x4x6xf32>, tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x4x6xf32>, tensor<2x8xf32>, tensor<3x8xf32>
  return
}

// -----

func.func @stream_results(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<4x6xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'attn.primal_stream' op on tensors must return 3 results of the types of its outs ('tensor<4x6xf32>', 'tensor<8xf32>', 'tensor<8xf32>')}}
  %r = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x6xf32>) outs(%o, %s, %s : tensor<4x6xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @stream_weights(%q: tensor<4x8xf32>, %w: tensor<7x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<4x6xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'attn.primal_stream' op operand 'w_e' input dim d (dim 0) must equal that of 'q' (8), got 7}}
  %r:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<7x2xf32>, tensor<7x2xf32>, tensor<4x6xf32>) outs(%o, %s, %s : tensor<4x6xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x6xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @stream_causal_attr(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<4x6xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'attn.primal_stream' op has unknown attribute 'causal'; known attributes: feature_map}}
  %r:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x6xf32>) outs(%o, %s, %s : tensor<4x6xf32>, tensor<8xf32>, tensor<8xf32>) {causal} -> tensor<4x6xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @stream_memref_mix(%q: memref<4x8xf32>, %w: memref<8x2xf32>, %wc: memref<4x6xf32>, %o: memref<4x6xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'attn.primal_stream' op operand 'q_sum' is a tensor but 'init' is a memref; operands must be all tensors or all memrefs}}
  attn.primal_stream ins(%q, %q, %w, %w, %wc : memref<4x8xf32>, memref<4x8xf32>, memref<8x2xf32>, memref<8x2xf32>, memref<4x6xf32>) outs(%o, %s, %s : memref<4x6xf32>, tensor<8xf32>, tensor<8xf32>)
  return
}
