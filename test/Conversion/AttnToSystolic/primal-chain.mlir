// Primal's heads chained on the array (emitPrimalBatch, docs/systolic.md
// section 3): with the Slots plan gemmini-bf16 picks here (256-row blocks,
// four per head), each head's last block loads the next head's first Q and
// K block -- N rows on, in the next slice -- and the first and last of the
// [2, 3] slices are peeled from the batch loops: (0, 0); h = 1, 2 at b = 0;
// h = 0, 1 at b = 1; (1, 2), which hands over to nobody. Causal primal
// reads per-slice prefix means, so its slices do not chain.
// RUN: attn-opt %s --split-input-file --attn-systolic-pipeline="target=gemmini-bf16" | attn-translate --split-input-file --systolic-to-asm | FileCheck %s

// CHECK-LABEL: .kernel chained
// The program's start: W_e, Q in column pieces, W_r, K in pieces, W_c.
// CHECK:      mvin d=sp:0:32:1 dram=arg2:0:32 rows=64 cols=32
// CHECK-NEXT: mvin d=sp:[[Q:[0-9]+]]:64:1 dram=arg0:0:64 rows=256 cols=16
// CHECK-NEXT: mvin d=sp:{{[0-9]+}}:64:1 dram=arg0:16:64 rows=256 cols=16
// CHECK-NEXT: mvin d=sp:{{[0-9]+}}:64:1 dram=arg0:32:64 rows=256 cols=16
// CHECK-NEXT: mvin d=sp:{{[0-9]+}}:64:1 dram=arg0:48:64 rows=256 cols=16
// CHECK-NEXT: mvin d=sp:2048:32:1 dram=arg3:0:32 rows=64 cols=32
// CHECK-NEXT: mvin d=sp:[[K:[0-9]+]]:64:1 dram=arg1:0:64 rows=256 cols=16
// CHECK-COUNT-3: mvin d=sp:{{[0-9]+}}:64:1 dram=arg1:{{16|32|48}}:64 rows=256 cols=16
// CHECK-NEXT: mvin d=sp:4096:64:1 dram=arg4:0:64 rows=64 cols=64
// Slice (0, 0): blocks 1 to 3 (the middle two a loop over the two Q/K
// buffers), then the hand-over to slice (0, 1) at row 1024.
// CHECK:      mvin d=sp:{{[0-9]+}}:64:1 dram=arg0:16384:64 rows=256 cols=64
// CHECK:      loop count=2
// CHECK:        mvin d=sp:[[Q]]+32768*i0%2:64:1 dram=arg0:32768+16384*i0:64 rows=256 cols=64
// CHECK:      endloop
// CHECK:      mvin d=sp:[[Q]]:64:1 dram=arg0:65536:64 rows=256 cols=64
// CHECK-NEXT: mvin d=sp:[[K]]:64:1 dram=arg1:65536:64 rows=256 cols=64
// Slices (0, 1), (0, 2): their own weights, no Q/K block 0 load, W_c
// resident.
// CHECK:      loop count=2
// CHECK-NEXT:   mvin d=sp:0:32:1 dram=arg2:2048+2048*i0:32 rows=64 cols=32
// CHECK-NEXT:   mvin d=sp:2048:32:1 dram=arg3:2048+2048*i0:32 rows=64 cols=32
// CHECK-NOT:    arg4
// CHECK:        mvin d=sp:{{[0-9]+}}:64:1 dram=arg0:81920+65536*i0:64 rows=256 cols=64
// CHECK:        loop count=2
// CHECK:        endloop
// CHECK:        mvin d=sp:[[Q]]:64:1 dram=arg0:131072+65536*i0:64 rows=256 cols=64
// CHECK:      endloop
// Slices (1, 0), (1, 1): head weights from 0 again.
// CHECK-NEXT: loop count=2
// CHECK-NEXT:   mvin d=sp:0:32:1 dram=arg2:0+2048*i0:32 rows=64 cols=32
// CHECK:        mvin d=sp:[[Q]]:64:1 dram=arg0:262144+65536*i0:64 rows=256 cols=64
// CHECK:      endloop
// Slice (1, 2): its block 3 is the program's last load.
// CHECK-NEXT: mvin d=sp:0:32:1 dram=arg2:4096:32 rows=64 cols=32
// CHECK:      mvin d=sp:[[Q]]+32768*i0%2:64:1 dram=arg0:360448+16384*i0:64 rows=256 cols=64
// CHECK-NEXT: mvin d=sp:[[K]]+32768*i0%2:64:1 dram=arg1:360448+16384*i0:64 rows=256 cols=64
// CHECK-NOT:  mvin
func.func @chained(%q: tensor<2x3x1024x64xf32>, %k: tensor<2x3x1024x64xf32>, %we: tensor<3x64x32xf32>, %wr: tensor<3x64x32xf32>, %wc: tensor<64x64xf32>) -> tensor<2x3x1024x64xf32> {
  %e = tensor.empty() : tensor<2x3x1024x64xf32>
  %r = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<2x3x1024x64xf32>, tensor<2x3x1024x64xf32>, tensor<3x64x32xf32>, tensor<3x64x32xf32>, tensor<64x64xf32>) outs(%e : tensor<2x3x1024x64xf32>) -> tensor<2x3x1024x64xf32>
  return %r : tensor<2x3x1024x64xf32>
}

// -----

// CHECK-LABEL: .kernel causal
// One loop per batch dim around every slice's whole schedule, nothing
// peeled: no other loop at the top level.
// CHECK:      .buffer scratch t1
// CHECK-NEXT: loop count=2
// CHECK-NEXT:   loop count=3
// CHECK-NOT:  {{^}}loop
func.func @causal(%q: tensor<2x3x1024x64xf32>, %k: tensor<2x3x1024x64xf32>, %we: tensor<3x64x32xf32>, %wr: tensor<3x64x32xf32>, %wc: tensor<64x64xf32>) -> tensor<2x3x1024x64xf32> {
  %e = tensor.empty() : tensor<2x3x1024x64xf32>
  %r = attn.primal ins(%q, %k, %we, %wr, %wc : tensor<2x3x1024x64xf32>, tensor<2x3x1024x64xf32>, tensor<3x64x32xf32>, tensor<3x64x32xf32>, tensor<64x64xf32>) outs(%e : tensor<2x3x1024x64xf32>) {causal} -> tensor<2x3x1024x64xf32>
  return %r : tensor<2x3x1024x64xf32>
}
