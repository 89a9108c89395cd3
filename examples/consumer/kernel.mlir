// Compiled ahead of time by the installed package's attn_add_aot_object
// (examples/consumer/CMakeLists.txt) and called from kernel_main.cpp.
func.func @attention(%q: tensor<8x4xf32>, %k: tensor<8x4xf32>, %v: tensor<8x4xf32>)
    -> tensor<8x4xf32> attributes {llvm.emit_c_interface} {
  %o0 = tensor.empty() : tensor<8x4xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>)
                    outs(%o0 : tensor<8x4xf32>) {causal} -> tensor<8x4xf32>
  return %o : tensor<8x4xf32>
}
