// attn-translate: asm (one instruction per line, target as JSON, buffers)
// and C99 (one systolic_rt.h call per instruction).
// RUN: attn-opt %s --attn-systolic-pipeline="target=edge" | attn-translate --systolic-to-asm | FileCheck %s --check-prefix=ASM
// RUN: attn-opt %s --attn-systolic-pipeline="target=edge" | attn-translate --systolic-to-asm | not attn-sim 2>&1 | FileCheck %s --check-prefix=NOINPUT
// RUN: attn-opt %s --attn-systolic-pipeline="target=edge" | attn-translate --systolic-to-c | FileCheck %s --check-prefix=C
// RUN: echo 'module {}' | not attn-translate --systolic-to-asm 2>&1 | FileCheck %s --check-prefix=NOKERNEL

// ASM: ; systolic asm (docs/systolic-isa.md)
// ASM-NEXT: .kernel wide
// ASM-NEXT: .target {"acc_kib":16,{{.*}}"dataflow":"ws",{{.*}}"name":"edge","pe_double_buffer":false,"rows":8,
// ASM-NEXT: .buffer input arg0 [12, 8]
// ASM-NEXT: .buffer input arg1 [9, 8]
// ASM-NEXT: .buffer output out0 [12, 8]
// ASM-NEXT: mvin d=sp:0:8:1 dram=arg0:0:8 rows=12 cols=8
// ASM-NEXT: vmuls d=sp:0:8:1 a=sp:0:8:1 rows=12 cols=8 imm=0.353553385
// ASM-NEXT: vfill d=sp:{{[0-9]+}}:1:1 rows=12 cols=1 imm=-inf
// ASM-NEXT: vfill d=sp:{{[0-9]+}}:1:1 rows=12 cols=1 imm=0
// ASM-NEXT: mvin d=sp:{{[0-9]+}}:8:1 dram=arg1:0:8 rows=9 cols=8
// ASM: matmul d=acc:{{[0-9]+}}:9:1 a=sp:0:8:1 b=sp:{{[0-9]+}}:1:8 m=12 k=8 n=8 acc=0
// ASM-NEXT: matmul d=acc:{{[0-9]+}}:9:1 a=sp:0:8:1 b=sp:{{[0-9]+}}:1:8 m=12 k=8 n=1 acc=0
// ASM: matmul d=acc:0:8:1 a=sp:{{[0-9]+}}:9:1 b=sp:{{[0-9]+}}:8:1 m=12 k=8 n=8 acc=0
// ASM-NEXT: matmul d=acc:0:8:1 a=sp:{{[0-9]+}}:9:1 b=sp:{{[0-9]+}}:8:1 m=12 k=1 n=8 acc=1
// ASM: mvout dram=out0:0:8 a=acc:0:8:1 rows=12 cols=8

// NOINPUT: attn-sim: error: -: line 4: no data for input buffer 'arg0'

// C: #include "systolic_rt.h"
// C: const char *wide_target_json = "{\n  \"acc_kib\": 16,
// C: int wide(srt_ctx *ctx, const float *arg0, const float *arg1, float *out0) {
// C-NEXT: srt_input(ctx, "arg0", arg0, 96L);
// C: srt_output(ctx, "out0", out0, 96L);
// C-NEXT: srt_mvin(ctx, srt_sp(0, 8, 1), "arg0", 0, 8, 12, 8);
// C-NEXT: srt_vec(ctx, SRT_VMULS, srt_sp(0, 8, 1), srt_sp(0, 8, 1), srt_sp(0, 0, 1), 12, 8, 0.353553385f, 0, 0);
// C: srt_vec(ctx, SRT_VFILL, {{.*}}, 12, 1, -INFINITY, 0, 0);
// C: srt_matmul(ctx, srt_acc({{[0-9]+}}, 9, 1), srt_sp(0, 8, 1), srt_sp({{[0-9]+}}, 1, 8), 12, 8, 8, 0);
// C: return srt_status(ctx);

// NOKERNEL: error: no systolic.kernel in the module (run attn-systolic-pipeline first)
func.func @wide(%q: tensor<12x8xf32>, %k: tensor<9x8xf32>) -> tensor<12x8xf32> {
  %e = tensor.empty() : tensor<12x8xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<12x8xf32>, tensor<9x8xf32>, tensor<9x8xf32>) outs(%e : tensor<12x8xf32>) -> tensor<12x8xf32>
  return %r : tensor<12x8xf32>
}
