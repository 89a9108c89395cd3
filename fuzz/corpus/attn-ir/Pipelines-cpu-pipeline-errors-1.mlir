// fuzz: attn-tile row-tile=3
func.func @memref(%x: memref<10x4xf32>, %t: memref<2x3xf32>, %w: memref<4x3xf32>) {
  attn.primal_weights ins(%x, %t : memref<10x4xf32>, memref<2x3xf32>) outs(%w : memref<4x3xf32>)
  return
}
