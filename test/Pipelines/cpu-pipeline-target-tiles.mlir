// attn-cpu-pipeline's row-tile and key-block default to target-cpu's query
// tile (cpu::RegisterTile::queryTile): the smallest multiple of the register
// tile's rows and width that is at least 64 -- 96 on AVX2 (6 x 16), 64 on
// AVX-512 (8 x 32) and SSE (4 x 8). Explicit values win.
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=x86-64-v3" --mlir-print-ir-after=convert-attn-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=AVX2
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=x86-64-v4" --mlir-print-ir-after=convert-attn-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=T64
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=x86-64" --mlir-print-ir-after=convert-attn-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=T64
// RUN: attn-opt %s --attn-cpu-pipeline="target-cpu=x86-64-v3 row-tile=64 key-block=32" --mlir-print-ir-after=convert-attn-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=EXPLICIT

// 200 query rows: tiles of 96, 96 and 8 (AVX2) or 64, 64, 64 and 8; the
// flash loop over the 192 keys of full blocks steps by the key block.
// AVX2: tensor.extract_slice %arg0[0, %{{.*}}, 0] [1, 96, 16]
// AVX2: scf.for {{.*}} to %c192{{.*}} step %c96{{.*}} -> (tensor<1x96x16xf32>, tensor<1x96xf32>, tensor<1x96xf32>)
// AVX2: tensor.extract_slice %arg0[0, 192, 0] [1, 8, 16]
// T64: tensor.extract_slice %arg0[0, %{{.*}}, 0] [1, 64, 16]
// T64: scf.for {{.*}} to %c192{{.*}} step %c64{{.*}} -> (tensor<1x64x16xf32>, tensor<1x64xf32>, tensor<1x64xf32>)
// T64: tensor.extract_slice %arg0[0, 192, 0] [1, 8, 16]
// EXPLICIT: tensor.extract_slice %arg0[0, %{{.*}}, 0] [1, 64, 16]
// EXPLICIT: scf.for {{.*}} to %c192{{.*}} step %c32{{.*}} -> (tensor<1x64x16xf32>, tensor<1x64xf32>, tensor<1x64xf32>)
func.func @vanilla(%q: tensor<1x200x16xf32>, %k: tensor<1x200x16xf32>,
                   %v: tensor<1x200x16xf32>) -> tensor<1x200x16xf32> {
  %o = tensor.empty() : tensor<1x200x16xf32>
  %r = attn.vanilla ins(%q, %k, %v : tensor<1x200x16xf32>, tensor<1x200x16xf32>, tensor<1x200x16xf32>)
                    outs(%o : tensor<1x200x16xf32>) -> tensor<1x200x16xf32>
  return %r : tensor<1x200x16xf32>
}
