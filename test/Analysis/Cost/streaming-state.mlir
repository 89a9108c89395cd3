// attn-cost on the streaming example's kernels: one decoding step of causal
// Primal-Attention carries the same state at every context length (two
// running sums of 8 x 64 floats), softmax decoding carries its KV cache,
// 2 x 8 x L x 64 floats; the work per token is constant for primal and
// linear in L for softmax.
// RUN: attn-opt --attn-cost %S/../../../examples/streaming/kernels.mlir -o /dev/null 2>&1 | FileCheck %s

// CHECK: remark: attn-cost total @primal_step: ops=1 macs=65536 {{.*}} state_bytes=4096
// CHECK: remark: attn-cost total @softmax_step_1024: ops=1 macs=1048576 {{.*}} state_bytes=4194304
// CHECK: remark: attn-cost total @softmax_step_4096: ops=1 macs=4194304 {{.*}} state_bytes=16777216
// CHECK: remark: attn-cost total @softmax_step_16384: ops=1 macs=16777216 {{.*}} state_bytes=67108864
// CHECK: remark: attn-cost total @softmax_step_65536: ops=1 macs=67108864 {{.*}} state_bytes=268435456
