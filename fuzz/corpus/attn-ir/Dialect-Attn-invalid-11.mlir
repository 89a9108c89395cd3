// fuzz: attn-count-work
func.func @memref_with_result(%q: memref<4x8xf32>, %o: memref<4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : memref<4x8xf32>, memref<4x8xf32>, memref<4x8xf32>) outs(%o : memref<4x8xf32>) -> memref<4x8xf32>
  return
}
