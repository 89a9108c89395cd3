//===- kernel_main.cpp - call an AOT-compiled attn kernel, use the runtime ===//
//
// kernel.mlir is compiled by attn_add_aot_object from the installed
// package; the systolic runtime header and library come from it too
// (AttnMLIR::SystolicRuntime).
//
//===----------------------------------------------------------------------===//

#include "systolic_rt.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

template <int N> struct Memref {
  float *basePtr;
  float *data;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];
};

extern "C" void _mlir_ciface_attention(Memref<2> *result, Memref<2> *q,
                                       Memref<2> *k, Memref<2> *v);

int main() {
  // Causal attention with V = row index: query 0 sees only key 0, so its
  // output row is V's row 0, all zeros; query 7 averages rows 0..7.
  float q[32], k[32], v[32];
  for (int i = 0; i < 32; ++i) {
    q[i] = 0.0f;
    k[i] = 0.0f;
    v[i] = float(i / 4);
  }
  auto desc = [](float *p) { return Memref<2>{p, p, 0, {8, 4}, {4, 1}}; };
  Memref<2> qd = desc(q), kd = desc(k), vd = desc(v), out{};
  _mlir_ciface_attention(&out, &qd, &kd, &vd);
  std::printf("aot row 0: %g, row 7: %g\n", out.data[0], out.data[7 * 4]);
  std::free(out.basePtr);

  srt_ctx *ctx = srt_create("gemmini");
  std::printf("systolic runtime: %s\n",
              ctx && srt_status(ctx) == 0 ? "ok" : "error");
  srt_destroy(ctx);
  return 0;
}
