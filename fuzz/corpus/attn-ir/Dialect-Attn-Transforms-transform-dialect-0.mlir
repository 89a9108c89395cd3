// fuzz: attn-count-work
func.func @tile_then_decompose(%q: tensor<64x8xf32>, %k: tensor<128x8xf32>, %v: tensor<128x8xf32>,
                               %o: tensor<64x8xf32>) -> tensor<64x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<64x8xf32>, tensor<128x8xf32>, tensor<128x8xf32>)
                    outs(%o : tensor<64x8xf32>) -> tensor<64x8xf32>
  return %r : tensor<64x8xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %attn = transform.structured.match ops{["attn.vanilla"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_for %attn tile_sizes [16]
      : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %d = transform.structured.decompose_interface %tiled : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
