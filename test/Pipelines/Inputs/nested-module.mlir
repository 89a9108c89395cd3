// An attn function in a module nested in the top-level one
// (pipeline-nesting.mlir runs attn-cpu-pipeline on the inner module only).
module {
  module @inner {
    func.func @g(%q: tensor<8x16xf32>, %k: tensor<24x16xf32>, %v: tensor<24x8xf32>, %o: tensor<8x8xf32>) -> tensor<8x8xf32> {
      %r = attn.vanilla ins(%q, %k, %v : tensor<8x16xf32>, tensor<24x16xf32>, tensor<24x8xf32>)
                        outs(%o : tensor<8x8xf32>) -> tensor<8x8xf32>
      return %r : tensor<8x8xf32>
    }
  }
}
