// The remarks are testable with -verify-diagnostics.
// RUN: attn-opt %s --attn-cost="target=gemmini" -verify-diagnostics -o /dev/null

// expected-remark @below {{attn-cost total @small: ops=1 macs=8192}}
func.func @small(%q: tensor<32x16xf32>, %o: tensor<32x16xf32>) -> tensor<32x16xf32> {
  // N = 32 queries, M = 8 keys, d = dv = 16: 32·8·(16 + 16) = 8192 MACs.
  %k = tensor.extract_slice %q[0, 0] [8, 16] [1, 1] : tensor<32x16xf32> to tensor<8x16xf32>
  // expected-remark @below {{attn-cost: macs=8192}}
  %r = attn.vanilla ins(%q, %k, %k : tensor<32x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>)
                    outs(%o : tensor<32x16xf32>) -> tensor<32x16xf32>
  return %r : tensor<32x16xf32>
}
