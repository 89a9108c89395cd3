// fuzz: attn-count-work
func.func @vanilla_batched(%q: tensor<2x8x128x64xf32>, %k: tensor<2x8x256x64xf32>,
                           %v: tensor<2x8x256x32xf32>, %init: tensor<2x8x128x32xf32>) -> tensor<2x8x128x32xf32> {
  %o = attn.vanilla ins(%q, %k, %v : tensor<2x8x128x64xf32>, tensor<2x8x256x64xf32>, tensor<2x8x256x32xf32>)
                    outs(%init : tensor<2x8x128x32xf32>) {causal, scale = 0.125 : f32} -> tensor<2x8x128x32xf32>
  return %o : tensor<2x8x128x32xf32>
}

func.func @vanilla_no_batch_mask(%q: tensor<128x64xf32>, %k: tensor<256x64xf32>, %v: tensor<256x32xf32>,
                                 %mask: tensor<128x256xf32>, %init: tensor<128x32xf32>) -> tensor<128x32xf32> {
  %o = attn.vanilla ins(%q, %k, %v, %mask : tensor<128x64xf32>, tensor<256x64xf32>, tensor<256x32xf32>, tensor<128x256xf32>)
                    outs(%init : tensor<128x32xf32>) -> tensor<128x32xf32>
  return %o : tensor<128x32xf32>
}

func.func @vanilla_broadcast_masks(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x33x16xf32>, %v: tensor<2x4x33x8xf32>,
                                   %m4: tensor<2x1x1x33xf32>, %m1: tensor<33xf32>,
                                   %init: tensor<2x4x7x8xf32>) -> (tensor<2x4x7x8xf32>, tensor<2x4x7x8xf32>) {
  %a = attn.vanilla ins(%q, %k, %v, %m4 : tensor<2x4x7x16xf32>, tensor<2x4x33x16xf32>, tensor<2x4x33x8xf32>, tensor<2x1x1x33xf32>)
                    outs(%init : tensor<2x4x7x8xf32>) -> tensor<2x4x7x8xf32>
  %b = attn.vanilla ins(%q, %k, %v, %m1 : tensor<2x4x7x16xf32>, tensor<2x4x33x16xf32>, tensor<2x4x33x8xf32>, tensor<33xf32>)
                    outs(%init : tensor<2x4x7x8xf32>) {causal} -> tensor<2x4x7x8xf32>
  return %a, %b : tensor<2x4x7x8xf32>, tensor<2x4x7x8xf32>
}

func.func @vanilla_memref(%q: memref<16x8xf32>, %k: memref<16x8xf32>, %v: memref<16x8xf32>, %o: memref<16x8xf32>) {
  attn.vanilla ins(%q, %k, %v : memref<16x8xf32>, memref<16x8xf32>, memref<16x8xf32>) outs(%o : memref<16x8xf32>)
  return
}

func.func @vanilla_dynamic(%q: tensor<?x?x64xf32>, %k: tensor<?x?x64xf32>, %v: tensor<?x?x32xf32>,
                           %init: tensor<?x?x32xf32>) -> tensor<?x?x32xf32> {
  %o = attn.vanilla ins(%q, %k, %v : tensor<?x?x64xf32>, tensor<?x?x64xf32>, tensor<?x?x32xf32>)
                    outs(%init : tensor<?x?x32xf32>) -> tensor<?x?x32xf32>
  return %o : tensor<?x?x32xf32>
}

func.func @primal_full_weights(%q: tensor<2x8x128x64xf32>, %k: tensor<2x8x128x64xf32>,
                               %we: tensor<2x8x64x16xf32>, %wr: tensor<2x8x64x16xf32>,
                               %wc: tensor<32x64xf32>, %bc: tensor<64xf32>,
                               %init: tensor<2x8x128x64xf32>) -> tensor<2x8x128x64xf32> {
  %o = attn.primal ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>,
                       tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>, tensor<32x64xf32>, tensor<64xf32>)
                   outs(%init : tensor<2x8x128x64xf32>) -> tensor<2x8x128x64xf32>
  return %o : tensor<2x8x128x64xf32>
}

func.func @primal_broadcast_weights(%q: tensor<2x8x100x32xf32>, %k: tensor<2x8x100x32xf32>,
                                    %we: tensor<8x32x20xf32>, %wr: tensor<32x20xf32>, %wc: tensor<40x32xf32>,
                                    %init: tensor<2x8x100x32xf32>) -> tensor<2x8x100x32xf32> {
  %o = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<2x8x100x32xf32>, tensor<2x8x100x32xf32>,
                       tensor<8x32x20xf32>, tensor<32x20xf32>, tensor<40x32xf32>)
                   outs(%init : tensor<2x8x100x32xf32>) {causal, feature_map = #attn.feature_map<identity>} -> tensor<2x8x100x32xf32>
  return %o : tensor<2x8x100x32xf32>
}

func.func @primal_no_batch(%q: tensor<7x4xf32>, %k: tensor<7x4xf32>, %we: tensor<4x3xf32>, %wr: tensor<4x3xf32>,
                           %wc: tensor<6x4xf32>, %init: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %o = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<7x4xf32>, tensor<7x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<6x4xf32>)
                   outs(%init : tensor<7x4xf32>) {feature_map = #attn.feature_map<l2>} -> tensor<7x4xf32>
  return %o : tensor<7x4xf32>
}

func.func @primal_weights(%x: tensor<2x8x128x64xf32>, %theta: tensor<8x40x16xf32>, %thetaN: tensor<2x8x128x16xf32>,
                          %init: tensor<2x8x64x16xf32>) -> (tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>) {
  %we = attn.primal_weights ins(%x, %theta : tensor<2x8x128x64xf32>, tensor<8x40x16xf32>)
                            outs(%init : tensor<2x8x64x16xf32>) -> tensor<2x8x64x16xf32>
  %all = attn.primal_weights ins(%x, %thetaN : tensor<2x8x128x64xf32>, tensor<2x8x128x16xf32>)
                             outs(%init : tensor<2x8x64x16xf32>) -> tensor<2x8x64x16xf32>
  return %we, %all : tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>
}

func.func @primal_weights_memref(%x: memref<10x4xf32>, %theta: memref<1x3xf32>, %w: memref<4x3xf32>) {
  attn.primal_weights ins(%x, %theta : memref<10x4xf32>, memref<1x3xf32>) outs(%w : memref<4x3xf32>)
  return
}

func.func @vanilla_query_offset(%q: tensor<16x8xf32>, %k: tensor<64x8xf32>, %o: tensor<16x8xf32>, %off: index) -> tensor<16x8xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<16x8xf32>, tensor<64x8xf32>, tensor<64x8xf32>)
                    outs(%o : tensor<16x8xf32>) query_offset(%off) {causal} -> tensor<16x8xf32>
  return %r : tensor<16x8xf32>
}
