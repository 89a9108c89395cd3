// Round trip of every op form in the custom syntax, then through the generic
// form and back: both must print the same module.
// RUN: attn-opt %s | FileCheck %s
// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// CHECK-LABEL: func @vanilla_batched
// CHECK: attn.vanilla ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x8x128x64xf32>, tensor<2x8x256x64xf32>, tensor<2x8x256x32xf32>) outs(%{{.*}} : tensor<2x8x128x32xf32>) {alignment = #attn.alignment<top_left>, causal, scale = 1.250000e-01 : f32} -> tensor<2x8x128x32xf32>
// GENERIC: "attn.vanilla"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{alignment = #attn.alignment<top_left>, causal, operandSegmentSizes = array<i32: 3, 1, 0>, scale = 1.250000e-01 : f32}>
func.func @vanilla_batched(%q: tensor<2x8x128x64xf32>, %k: tensor<2x8x256x64xf32>,
                           %v: tensor<2x8x256x32xf32>, %init: tensor<2x8x128x32xf32>) -> tensor<2x8x128x32xf32> {
  %o = attn.vanilla ins(%q, %k, %v : tensor<2x8x128x64xf32>, tensor<2x8x256x64xf32>, tensor<2x8x256x32xf32>)
                    outs(%init : tensor<2x8x128x32xf32>) {alignment = #attn.alignment<top_left>, causal, scale = 0.125 : f32} -> tensor<2x8x128x32xf32>
  return %o : tensor<2x8x128x32xf32>
}

// CHECK-LABEL: func @vanilla_no_batch_mask
// CHECK: attn.vanilla ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<128x64xf32>, tensor<256x64xf32>, tensor<256x32xf32>, tensor<128x256xf32>) outs(%{{.*}} : tensor<128x32xf32>) -> tensor<128x32xf32>
func.func @vanilla_no_batch_mask(%q: tensor<128x64xf32>, %k: tensor<256x64xf32>, %v: tensor<256x32xf32>,
                                 %mask: tensor<128x256xf32>, %init: tensor<128x32xf32>) -> tensor<128x32xf32> {
  %o = attn.vanilla ins(%q, %k, %v, %mask : tensor<128x64xf32>, tensor<256x64xf32>, tensor<256x32xf32>, tensor<128x256xf32>)
                    outs(%init : tensor<128x32xf32>) -> tensor<128x32xf32>
  return %o : tensor<128x32xf32>
}

// Key-padding mask broadcast from [B, 1, 1, M]; a rank-1 mask broadcasts too.
// CHECK-LABEL: func @vanilla_broadcast_masks
// CHECK: attn.vanilla ins({{.*}} : tensor<2x4x7x16xf32>, tensor<2x4x33x16xf32>, tensor<2x4x33x8xf32>, tensor<2x1x1x33xf32>)
// CHECK: attn.vanilla ins({{.*}} : tensor<2x4x7x16xf32>, tensor<2x4x33x16xf32>, tensor<2x4x33x8xf32>, tensor<33xf32>) outs({{.*}}) {alignment = #attn.alignment<bottom_right>, causal}
func.func @vanilla_broadcast_masks(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x33x16xf32>, %v: tensor<2x4x33x8xf32>,
                                   %m4: tensor<2x1x1x33xf32>, %m1: tensor<33xf32>,
                                   %init: tensor<2x4x7x8xf32>) -> (tensor<2x4x7x8xf32>, tensor<2x4x7x8xf32>) {
  %a = attn.vanilla ins(%q, %k, %v, %m4 : tensor<2x4x7x16xf32>, tensor<2x4x33x16xf32>, tensor<2x4x33x8xf32>, tensor<2x1x1x33xf32>)
                    outs(%init : tensor<2x4x7x8xf32>) -> tensor<2x4x7x8xf32>
  %b = attn.vanilla ins(%q, %k, %v, %m1 : tensor<2x4x7x16xf32>, tensor<2x4x33x16xf32>, tensor<2x4x33x8xf32>, tensor<33xf32>)
                    outs(%init : tensor<2x4x7x8xf32>) {causal, alignment = #attn.alignment<bottom_right>} -> tensor<2x4x7x8xf32>
  return %a, %b : tensor<2x4x7x8xf32>, tensor<2x4x7x8xf32>
}

// Buffer semantics: no result.
// CHECK-LABEL: func @vanilla_memref
// CHECK: attn.vanilla ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<16x8xf32>, memref<16x8xf32>, memref<16x8xf32>) outs(%{{.*}} : memref<16x8xf32>){{$}}
func.func @vanilla_memref(%q: memref<16x8xf32>, %k: memref<16x8xf32>, %v: memref<16x8xf32>, %o: memref<16x8xf32>) {
  attn.vanilla ins(%q, %k, %v : memref<16x8xf32>, memref<16x8xf32>, memref<16x8xf32>) outs(%o : memref<16x8xf32>)
  return
}

// Dynamic shapes are legal in the dialect.
// CHECK-LABEL: func @vanilla_dynamic
// CHECK: attn.vanilla ins({{.*}} : tensor<?x?x64xf32>, tensor<?x?x64xf32>, tensor<?x?x32xf32>) outs(%{{.*}} : tensor<?x?x32xf32>) -> tensor<?x?x32xf32>
func.func @vanilla_dynamic(%q: tensor<?x?x64xf32>, %k: tensor<?x?x64xf32>, %v: tensor<?x?x32xf32>,
                           %init: tensor<?x?x32xf32>) -> tensor<?x?x32xf32> {
  %o = attn.vanilla ins(%q, %k, %v : tensor<?x?x64xf32>, tensor<?x?x64xf32>, tensor<?x?x32xf32>)
                    outs(%init : tensor<?x?x32xf32>) -> tensor<?x?x32xf32>
  return %o : tensor<?x?x32xf32>
}

// Per-(batch, head) weights with bias.
// CHECK-LABEL: func @primal_full_weights
// CHECK: attn.primal ins({{.*}} : tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>, tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>, tensor<32x64xf32>, tensor<64xf32>) outs(%{{.*}} : tensor<2x8x128x64xf32>) -> tensor<2x8x128x64xf32>
// GENERIC: "attn.primal"
func.func @primal_full_weights(%q: tensor<2x8x128x64xf32>, %k: tensor<2x8x128x64xf32>,
                               %we: tensor<2x8x64x16xf32>, %wr: tensor<2x8x64x16xf32>,
                               %wc: tensor<32x64xf32>, %bc: tensor<64xf32>,
                               %init: tensor<2x8x128x64xf32>) -> tensor<2x8x128x64xf32> {
  %o = attn.primal ins(%q, %k, %we, %wr, %wc, %bc : tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>,
                       tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>, tensor<32x64xf32>, tensor<64xf32>)
                   outs(%init : tensor<2x8x128x64xf32>) -> tensor<2x8x128x64xf32>
  return %o : tensor<2x8x128x64xf32>
}

// Per-head weights broadcast over the batch, no bias, identity map, causal.
// CHECK-LABEL: func @primal_broadcast_weights
// CHECK: attn.primal ins({{.*}} : tensor<2x8x100x32xf32>, tensor<2x8x100x32xf32>, tensor<8x32x20xf32>, tensor<32x20xf32>, tensor<40x32xf32>) outs(%{{.*}} : tensor<2x8x100x32xf32>) {causal, feature_map = #attn.feature_map<identity>} -> tensor<2x8x100x32xf32>
// GENERIC: "attn.primal"(%{{.*}}) <{causal, feature_map = #attn.feature_map<identity>}>
func.func @primal_broadcast_weights(%q: tensor<2x8x100x32xf32>, %k: tensor<2x8x100x32xf32>,
                                    %we: tensor<8x32x20xf32>, %wr: tensor<32x20xf32>, %wc: tensor<40x32xf32>,
                                    %init: tensor<2x8x100x32xf32>) -> tensor<2x8x100x32xf32> {
  %o = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<2x8x100x32xf32>, tensor<2x8x100x32xf32>,
                       tensor<8x32x20xf32>, tensor<32x20xf32>, tensor<40x32xf32>)
                   outs(%init : tensor<2x8x100x32xf32>) {causal, feature_map = #attn.feature_map<identity>} -> tensor<2x8x100x32xf32>
  return %o : tensor<2x8x100x32xf32>
}

// The default feature map (l2) is not printed.
// CHECK-LABEL: func @primal_no_batch
// CHECK: attn.primal ins({{.*}}) outs(%{{.*}} : tensor<7x4xf32>) -> tensor<7x4xf32>
func.func @primal_no_batch(%q: tensor<7x4xf32>, %k: tensor<7x4xf32>, %we: tensor<4x3xf32>, %wr: tensor<4x3xf32>,
                           %wc: tensor<6x4xf32>, %init: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %o = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<7x4xf32>, tensor<7x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<6x4xf32>)
                   outs(%init : tensor<7x4xf32>) {feature_map = #attn.feature_map<l2>} -> tensor<7x4xf32>
  return %o : tensor<7x4xf32>
}

// CHECK-LABEL: func @primal_weights
// CHECK: attn.primal_weights ins(%{{.*}}, %{{.*}} : tensor<2x8x128x64xf32>, tensor<8x40x16xf32>) outs(%{{.*}} : tensor<2x8x64x16xf32>) -> tensor<2x8x64x16xf32>
// CHECK: attn.primal_weights ins(%{{.*}}, %{{.*}} : tensor<2x8x128x64xf32>, tensor<2x8x128x16xf32>) outs(%{{.*}} : tensor<2x8x64x16xf32>) -> tensor<2x8x64x16xf32>
// GENERIC: "attn.primal_weights"
func.func @primal_weights(%x: tensor<2x8x128x64xf32>, %theta: tensor<8x40x16xf32>, %thetaN: tensor<2x8x128x16xf32>,
                          %init: tensor<2x8x64x16xf32>) -> (tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>) {
  %we = attn.primal_weights ins(%x, %theta : tensor<2x8x128x64xf32>, tensor<8x40x16xf32>)
                            outs(%init : tensor<2x8x64x16xf32>) -> tensor<2x8x64x16xf32>
  %all = attn.primal_weights ins(%x, %thetaN : tensor<2x8x128x64xf32>, tensor<2x8x128x16xf32>)
                             outs(%init : tensor<2x8x64x16xf32>) -> tensor<2x8x64x16xf32>
  return %we, %all : tensor<2x8x64x16xf32>, tensor<2x8x64x16xf32>
}

// CHECK-LABEL: func @primal_weights_memref
// CHECK: attn.primal_weights ins(%{{.*}}, %{{.*}} : memref<10x4xf32>, memref<1x3xf32>) outs(%{{.*}} : memref<4x3xf32>){{$}}
func.func @primal_weights_memref(%x: memref<10x4xf32>, %theta: memref<1x3xf32>, %w: memref<4x3xf32>) {
  attn.primal_weights ins(%x, %theta : memref<10x4xf32>, memref<1x3xf32>) outs(%w : memref<4x3xf32>)
  return
}

// A query tile of a causal op records its absolute offset.
// CHECK-LABEL: func @vanilla_query_offset
// CHECK: attn.vanilla ins({{.*}}) outs(%{{.*}} : tensor<16x8xf32>) query_offset(%{{.*}}) {causal} -> tensor<16x8xf32>
func.func @vanilla_query_offset(%q: tensor<16x8xf32>, %k: tensor<64x8xf32>, %o: tensor<16x8xf32>, %off: index) -> tensor<16x8xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<16x8xf32>, tensor<64x8xf32>, tensor<64x8xf32>)
                    outs(%o : tensor<16x8xf32>) query_offset(%off) {causal} -> tensor<16x8xf32>
  return %r : tensor<16x8xf32>
}

// Grouped-query attention (8 query heads, 2 key/value heads), an i1 mask
// broadcast over the heads, and a sliding window with causal; a
// dialect-prefixed discardable attribute is kept.
// CHECK-LABEL: func @vanilla_gqa_bool_mask_window
// CHECK: attn.vanilla ins({{.*}} : tensor<1x8x7x16xf32>, tensor<1x2x33x16xf32>, tensor<1x2x33x8xf32>, tensor<1x1x7x33xi1>) outs({{.*}} : tensor<1x8x7x8xf32>) {alignment = #attn.alignment<top_left>, causal, foo.tag, window = 4 : i64} -> tensor<1x8x7x8xf32>
// CHECK: attn.vanilla ins({{.*}} : tensor<1x8x7x16xf32>, tensor<1x1x33x16xf32>, tensor<1x1x33x8xf32>) outs({{.*}} : tensor<1x8x7x8xf32>) query_offset(%{{.*}}) {window = 0 : i64} -> tensor<1x8x7x8xf32>
// GENERIC: "attn.vanilla"({{.*}}) <{alignment = #attn.alignment<top_left>, causal, operandSegmentSizes = array<i32: 4, 1, 0>, window = 4 : i64}> {foo.tag}
func.func @vanilla_gqa_bool_mask_window(%q: tensor<1x8x7x16xf32>, %k: tensor<1x2x33x16xf32>,
                                        %v: tensor<1x2x33x8xf32>, %m: tensor<1x1x7x33xi1>,
                                        %k1: tensor<1x1x33x16xf32>, %v1: tensor<1x1x33x8xf32>,
                                        %off: index,
                                        %init: tensor<1x8x7x8xf32>) -> (tensor<1x8x7x8xf32>, tensor<1x8x7x8xf32>) {
  %o = attn.vanilla ins(%q, %k, %v, %m : tensor<1x8x7x16xf32>, tensor<1x2x33x16xf32>, tensor<1x2x33x8xf32>, tensor<1x1x7x33xi1>)
                    outs(%init : tensor<1x8x7x8xf32>) {alignment = #attn.alignment<top_left>, causal, window = 4, foo.tag} -> tensor<1x8x7x8xf32>
  %o1 = attn.vanilla ins(%q, %k1, %v1 : tensor<1x8x7x16xf32>, tensor<1x1x33x16xf32>, tensor<1x1x33x8xf32>)
                    outs(%init : tensor<1x8x7x8xf32>) query_offset(%off) {window = 0} -> tensor<1x8x7x8xf32>
  return %o, %o1 : tensor<1x8x7x8xf32>, tensor<1x8x7x8xf32>
}

// Half-precision operands (f32 accumulation in the lowerings).
// CHECK-LABEL: func @vanilla_half
// CHECK: attn.vanilla ins({{.*}} : tensor<2x7x16xf16>, tensor<2x9x16xf16>, tensor<2x9x8xf16>, tensor<7x9xf16>) outs({{.*}} : tensor<2x7x8xf16>) -> tensor<2x7x8xf16>
// CHECK: attn.vanilla ins({{.*}} : tensor<7x16xbf16>, tensor<9x16xbf16>, tensor<9x8xbf16>, tensor<9xi1>) outs({{.*}} : tensor<7x8xbf16>) {alignment = #attn.alignment<top_left>, causal} -> tensor<7x8xbf16>
func.func @vanilla_half(%q: tensor<2x7x16xf16>, %k: tensor<2x9x16xf16>, %v: tensor<2x9x8xf16>, %m: tensor<7x9xf16>,
                        %o: tensor<2x7x8xf16>, %qb: tensor<7x16xbf16>, %kb: tensor<9x16xbf16>,
                        %vb: tensor<9x8xbf16>, %mb: tensor<9xi1>, %ob: tensor<7x8xbf16>) -> (tensor<2x7x8xf16>, tensor<7x8xbf16>) {
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<2x7x16xf16>, tensor<2x9x16xf16>, tensor<2x9x8xf16>, tensor<7x9xf16>)
                    outs(%o : tensor<2x7x8xf16>) -> tensor<2x7x8xf16>
  %rb = attn.vanilla ins(%qb, %kb, %vb, %mb : tensor<7x16xbf16>, tensor<9x16xbf16>, tensor<9x8xbf16>, tensor<9xi1>)
                     outs(%ob : tensor<7x8xbf16>) {causal, alignment = #attn.alignment<top_left>} -> tensor<7x8xbf16>
  return %r, %rb : tensor<2x7x8xf16>, tensor<7x8xbf16>
}

// The streaming form of causal primal: state in the outs, new state in the
// results (tensors) or updated in place (memrefs).
// CHECK-LABEL: func @primal_stream
// CHECK: %{{.*}}:3 = attn.primal_stream ins({{.*}} : tensor<8x1x64xf32>, tensor<8x1x64xf32>, tensor<8x64x32xf32>, tensor<8x64x32xf32>, tensor<64x64xf32>) outs(%{{.*}}, %{{.*}}, %{{.*}} : tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) seen(%{{.*}}) -> tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
// CHECK: attn.primal_stream ins({{.*}}) outs({{.*}} : memref<5x4xf32>, memref<8xf32>, memref<8xf32>) {feature_map = #attn.feature_map<identity>}{{$}}
// GENERIC: "attn.primal_stream"({{.*}}) <{feature_map = #attn.feature_map<l2>, operandSegmentSizes = array<i32: 5, 3, 1>}>
func.func @primal_stream(%q: tensor<8x1x64xf32>, %w: tensor<8x64x32xf32>, %wc: tensor<64x64xf32>,
                         %o: tensor<8x1x64xf32>, %s: tensor<8x64xf32>, %t: index,
                         %mq: memref<5x8xf32>, %mw: memref<8x2xf32>, %mwc: memref<4x4xf32>,
                         %mo: memref<5x4xf32>, %ms: memref<8xf32>, %mk: memref<8xf32>)
    -> (tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) {
  %r:3 = attn.primal_stream ins(%q, %q, %w, %w, %wc : tensor<8x1x64xf32>, tensor<8x1x64xf32>, tensor<8x64x32xf32>, tensor<8x64x32xf32>, tensor<64x64xf32>)
                            outs(%o, %s, %s : tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>) seen(%t)
                            -> tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
  attn.primal_stream ins(%mq, %mq, %mw, %mw, %mwc : memref<5x8xf32>, memref<5x8xf32>, memref<8x2xf32>, memref<8x2xf32>, memref<4x4xf32>)
                     outs(%mo, %ms, %mk : memref<5x4xf32>, memref<8xf32>, memref<8xf32>) {feature_map = #attn.feature_map<identity>}
  return %r#0, %r#1, %r#2 : tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
}
