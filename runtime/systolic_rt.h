/*===- systolic_rt.h - C runtime for generated systolic kernels -----------===*
 *
 * `attn-translate --systolic-to-c` emits C99 functions that call this API, one
 * call per instruction of docs/systolic-isa.md. On a real SoC these calls
 * would be the accelerator's intrinsics (Gemmini's gemmini_mvin, ...); in this
 * project they are implemented by the simulator library (AttnSystolicSim), so
 * the generated C is checked for numbers and cycles exactly like the asm.
 *
 * Errors (out-of-range addresses, unknown buffers, ...) do not abort: the
 * first one is recorded, later calls do nothing, and srt_status() returns
 * non-zero with srt_error() describing it.
 *===----------------------------------------------------------------------===*/

#ifndef SYSTOLIC_RT_H
#define SYSTOLIC_RT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct srt_ctx srt_ctx;

enum { SRT_SP = 0, SRT_ACC = 1 };

/* Vector-unit opcodes (the order of attn::systolic::Opcode from VFill on). */
enum {
  SRT_VFILL, SRT_VMOV, SRT_VADD, SRT_VSUB, SRT_VMUL, SRT_VMAX, SRT_VADDS,
  SRT_VMULS, SRT_VMAXS, SRT_VEXP, SRT_VRECIP, SRT_VRSQRT, SRT_VROWMAX,
  SRT_VROWSUM, SRT_VCAUSAL
};

/* A strided window of the scratchpad or accumulator: element (i, j) is at
 * addr + i*ld + j*cs. */
typedef struct {
  int mem;
  long addr, ld, cs;
} srt_ref;

static inline srt_ref srt_sp(long addr, long ld, long cs) {
  srt_ref r = {SRT_SP, addr, ld, cs};
  return r;
}
static inline srt_ref srt_acc(long addr, long ld, long cs) {
  srt_ref r = {SRT_ACC, addr, ld, cs};
  return r;
}

/* Creates a context for a target given as JSON (the generated
 * `<kernel>_target_json`) or as a preset name. NULL on a bad target. */
srt_ctx *srt_create(const char *target);
void srt_destroy(srt_ctx *ctx);

/* Declare the kernel's DRAM buffers (numel floats each). Inputs are only
 * read (mvout to an input is an error); scratch buffers are allocated by the
 * runtime. */
void srt_input(srt_ctx *ctx, const char *name, const float *data, long numel);
void srt_output(srt_ctx *ctx, const char *name, float *data, long numel);
void srt_scratch(srt_ctx *ctx, const char *name, long numel);

void srt_mvin(srt_ctx *ctx, srt_ref d, const char *buf, long off, long ld,
              long rows, long cols);
void srt_mvout(srt_ctx *ctx, const char *buf, long off, long ld, srt_ref a,
               long rows, long cols);
void srt_matmul(srt_ctx *ctx, srt_ref d, srt_ref a, srt_ref b, long m, long k,
                long n, int accumulate);
void srt_vec(srt_ctx *ctx, int op, srt_ref d, srt_ref a, srt_ref b, long rows,
             long cols, float imm, long row0, long col0);
void srt_fence(srt_ctx *ctx);

/* 0 when every call so far succeeded. */
int srt_status(const srt_ctx *ctx);
const char *srt_error(const srt_ctx *ctx);
/* Simulated cycles so far, and the full report as JSON (owned by ctx). */
unsigned long long srt_cycles(const srt_ctx *ctx);
const char *srt_report_json(srt_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* SYSTOLIC_RT_H */
