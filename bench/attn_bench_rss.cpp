//===- attn_bench_rss.cpp - peak memory of the flash kernel ---------------===//
//
// `attn-bench-rss N` runs the AOT-compiled flash kernel (B = 1, H = 8,
// d = 64) once at sequence length N and prints, from getrusage's peak
// resident set size:
//   before   peak RSS with the inputs allocated and touched
//   after    peak RSS after the call (the output is still alive)
//   extra    after - before - output size: what the kernel needed beyond
//            its inputs and output (temporaries, thread stacks)
// Run it once per process (peak RSS never decreases).
//
//===----------------------------------------------------------------------===//

#include "RowMajorView.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using Memref4 = StridedMemRefType<float, 4>;
extern "C" {
void _mlir_ciface_vanilla_flash_4096(Memref4 *, Memref4 *, Memref4 *,
                                     Memref4 *);
void _mlir_ciface_vanilla_flash_16384(Memref4 *, Memref4 *, Memref4 *,
                                      Memref4 *);
}

namespace {
constexpr int64_t H = 8, D = 64;

double peakMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0; // ru_maxrss is in KiB on Linux
}

Memref4 view(std::vector<float> &data, int64_t n) {
  int64_t sizes[4] = {1, H, n, D};
  return rowMajorView<4>(data.data(), sizes);
}
} // namespace

int main(int argc, char **argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 16384;
  auto kernel = n == 4096    ? _mlir_ciface_vanilla_flash_4096
                : n == 16384 ? _mlir_ciface_vanilla_flash_16384
                             : nullptr;
  if (!kernel) {
    std::fprintf(stderr, "usage: attn-bench-rss [4096|16384]\n");
    return 1;
  }
  size_t elems = size_t(H) * n * D;
  std::vector<float> q(elems), k(elems), v(elems);
  for (size_t i = 0; i < elems; ++i) { // touch every page, varied values
    q[i] = float((i * 7) % 13) / 13.0f - 0.5f;
    k[i] = float((i * 5) % 11) / 11.0f - 0.5f;
    v[i] = float((i * 3) % 17) / 17.0f - 0.5f;
  }
  Memref4 qd = view(q, n), kd = view(k, n), vd = view(v, n), out{};
  double before = peakMiB();
  auto start = std::chrono::steady_clock::now();
  kernel(&out, &qd, &kd, &vd);
  double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                             start)
                   .count();
  double after = peakMiB();
  double outMiB = elems * sizeof(float) / 1048576.0;
  double checksum = 0;
  for (size_t i = 0; i < elems; i += 4099)
    checksum += out.data[i];
  std::printf("N=%lld H=%lld d=%lld: inputs %.1f MiB, output %.1f MiB; peak "
              "RSS before %.1f MiB, after %.1f MiB; extra %.1f MiB; %.2f s "
              "(checksum %.4f)\n",
              (long long)n, (long long)H, (long long)D, 3 * outMiB, outMiB,
              before, after, after - before - outMiB, sec, checksum);
  std::free(out.basePtr);
  return 0;
}
