// Causal softmax attention run with the JIT (see docs/aot.md):
//   attn-opt --attn-cpu-pipeline examples/jit/vanilla.mlir |
//     mlir-runner -e main -entry-point-result=void \
//       -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so
//
// q = 0 makes every visible score equal, so causal row i is the mean of
// v rows 0..i: [0, 0], [1, 2], [2, 4], [3, 6].
func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %q = arith.constant dense<0.0> : tensor<4x2xf32>
  %k = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 2.0]]> : tensor<4x2xf32>
  %v = arith.constant dense<[[0.0, 0.0], [2.0, 4.0], [4.0, 8.0], [6.0, 12.0]]> : tensor<4x2xf32>
  %init = tensor.empty() : tensor<4x2xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>)
                    outs(%init : tensor<4x2xf32>) {causal} -> tensor<4x2xf32>
  %m = bufferization.to_buffer %o : tensor<4x2xf32> to memref<4x2xf32>
  %u = memref.cast %m : memref<4x2xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
