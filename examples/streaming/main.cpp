//===- main.cpp - token-by-token decoding: primal state vs KV cache ------===//
//
// Generates a sequence one token at a time through the ahead-of-time
// compiled kernels of kernels.mlir (H = 8, d = dv = 64, s = 32):
//
//  * primal: causal Primal-Attention in its streaming form. The whole state
//    between steps is two running sums of 8 x 64 floats and a count; every
//    token goes through `primal_step` with the state the previous step
//    returned, up to the largest context length.
//  * softmax: one decode step (bottom-right causal) of a new token against a
//    KV cache that holds the L tokens so far, for each context length L
//    (one kernel per L: shapes are static). The new token's key and value
//    are appended to the cache before the step.
//
// For each context length it prints the per-token latency (median over a
// window of steps) and the bytes each method keeps between steps. It
// checks numerics too: the primal outputs of the first tokens against the
// double-precision reference of the paper's formula (prefix mean, then
// normalize; within 1e-4 relative, floored at 1 % of the output's
// magnitude) and one softmax step per length against the reference (within
// 1e-4 absolute: the output is a convex combination of values in [-1, 1]).
//
//   attn-streaming-example [--quick]
//
// --quick runs context lengths 1024 and 4096 only (used by the test suite).
// Exit status 1 if a check fails.
//
//===----------------------------------------------------------------------===//

#include "AttnReference.h"
#include "RowMajorView.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using Memref1 = StridedMemRefType<float, 1>;
using Memref2 = StridedMemRefType<float, 2>;
using Memref3 = StridedMemRefType<float, 3>;

namespace {
// The three results of primal_step, as the C interface packs them.
struct StepResults {
  Memref3 out;
  Memref2 qSum, kSum;
};
} // namespace

extern "C" {
void _mlir_ciface_primal_step(StepResults *results, Memref3 *q, Memref3 *k,
                              Memref3 *we, Memref3 *wr, Memref2 *wc,
                              Memref1 *bc, Memref2 *qSum, Memref2 *kSum,
                              int64_t seen);
#define SOFTMAX_STEP(L)                                                        \
  void _mlir_ciface_softmax_step_##L(Memref3 *result, Memref3 *q, Memref3 *k, \
                                     Memref3 *v);
SOFTMAX_STEP(1024)
SOFTMAX_STEP(4096)
SOFTMAX_STEP(16384)
SOFTMAX_STEP(65536)
}

namespace {

using attn::ref::Tensor;
constexpr int64_t H = 8, D = 64, S = 32, DV = 64;
constexpr double kRelTol = 1e-4;
/// Primal steps timed per context length (the median of the steps before it
/// is reported); softmax steps are kWindow / 16.
constexpr int64_t kWindow = 1024;

/// A row-major descriptor over `data` (bench/RowMajorView.h).
template <int N>
StridedMemRefType<float, N> view(float *data, std::vector<int64_t> shape) {
  return rowMajorView<N>(data, shape.data());
}

double seconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double maxRel(const Tensor &ref, const float *got) {
  double mag = 0;
  for (double x : ref.data)
    mag = std::max(mag, std::fabs(x));
  return attn::ref::maxRelError(ref, got, 0.01 * mag);
}

/// Token t's query and key, [H, 1, D] each, from one [tokens, H, D] stream.
struct TokenStream {
  std::vector<float> q, k, v;
  explicit TokenStream(int64_t tokens)
      : q(Tensor::random({tokens * H * D}, 1).toFloat()),
        k(Tensor::random({tokens * H * D}, 2).toFloat()),
        v(Tensor::random({tokens * H * D}, 3).toFloat()) {}
  float *qAt(int64_t t) { return q.data() + t * H * D; }
  float *kAt(int64_t t) { return k.data() + t * H * D; }
  float *vAt(int64_t t) { return v.data() + t * H * D; }
};

struct Weights {
  // nn.Linear-like scale keeps the outputs O(1).
  std::vector<float> we = Tensor::random({H * D * S}, 11, -0.125, 0.125).toFloat(),
                     wr = Tensor::random({H * D * S}, 12, -0.125, 0.125).toFloat(),
                     wc = Tensor::random({2 * S * DV}, 13, -0.125, 0.125).toFloat(),
                     bc = Tensor::random({DV}, 14, -0.125, 0.125).toFloat();
};

} // namespace

int main(int argc, char **argv) {
  bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  if (argc > 2 || (argc == 2 && !quick)) {
    bool help = argc == 2 && (std::strcmp(argv[1], "--help") == 0 ||
                              std::strcmp(argv[1], "-h") == 0);
    std::fprintf(help ? stdout : stderr,
                 "usage: attn-streaming-example [--quick]\n"
                 "Decodes a sequence token by token with causal "
                 "Primal-Attention (constant state) and with softmax "
                 "attention over a KV cache, printing per-token latency and "
                 "state bytes at context lengths 1K, 4K, 16K, 64K (--quick: "
                 "1K and 4K).\n");
    return help ? 0 : 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::vector<int64_t> contexts = {1024, 4096};
  if (!quick)
    contexts.insert(contexts.end(), {16384, 65536});
  const int64_t tokens = contexts.back();
  bool ok = true;

  TokenStream stream(tokens);
  Weights w;
  auto we = view<3>(w.we.data(), {H, D, S}), wr = view<3>(w.wr.data(), {H, D, S});
  auto wc = view<2>(w.wc.data(), {2 * S, DV});
  auto bc = view<1>(w.bc.data(), {DV});

  std::printf("H=%lld d=%lld dv=%lld s=%lld, one sequence, one thread; "
              "latency = median of %lld primal steps, %lld softmax steps\n",
              (long long)H, (long long)D, (long long)DV, (long long)S,
              (long long)kWindow, (long long)(kWindow / 16));

  // --- primal: every token, one step at a time, state carried. ---
  std::vector<float> qSum(H * D, 0.0f), kSum(H * D, 0.0f);
  std::vector<double> stepSeconds(tokens);
  // Outputs of the first `checked` tokens, compared with the reference.
  const int64_t checked = 300;
  std::vector<float> firstOut(checked * H * DV);
  int64_t stateBytes = 0;
  // The new token's query and key, as the layer's projections just wrote
  // them (in cache): the step is timed, not the read of a 128 MiB stream.
  std::vector<float> qNow(H * D), kNow(H * D);
  for (int64_t t = 0; t < tokens; ++t) {
    std::copy_n(stream.qAt(t), H * D, qNow.data());
    std::copy_n(stream.kAt(t), H * D, kNow.data());
    auto q = view<3>(qNow.data(), {H, 1, D});
    auto k = view<3>(kNow.data(), {H, 1, D});
    auto qs = view<2>(qSum.data(), {H, D}), ks = view<2>(kSum.data(), {H, D});
    StepResults r;
    double t0 = seconds();
    _mlir_ciface_primal_step(&r, &q, &k, &we, &wr, &wc, &bc, &qs, &ks, t);
    stepSeconds[t] = seconds() - t0;
    // The state bytes the step hands to the next one, from the returned
    // descriptors (plus the 8-byte token count).
    stateBytes = (r.qSum.sizes[0] * r.qSum.sizes[1] +
                  r.kSum.sizes[0] * r.kSum.sizes[1]) *
                     int64_t(sizeof(float)) +
                 int64_t(sizeof(int64_t));
    std::copy_n(r.qSum.data + r.qSum.offset, H * D, qSum.data());
    std::copy_n(r.kSum.data + r.kSum.offset, H * D, kSum.data());
    if (t < checked)
      for (int64_t h = 0; h < H; ++h)
        std::copy_n(r.out.data + r.out.offset + h * DV, DV,
                    firstOut.data() + (h * checked + t) * DV);
    for (void *p : {r.out.basePtr, r.qSum.basePtr, r.kSum.basePtr})
      if (p != qSum.data() && p != kSum.data())
        std::free(p);
  }
  {
    // Reference of the first tokens: [H, checked, D] inputs, causal.
    Tensor q = Tensor::zeros({H, checked, D}), k = Tensor::zeros({H, checked, D});
    for (int64_t t = 0; t < checked; ++t)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t c = 0; c < D; ++c) {
          q.data[(h * checked + t) * D + c] = stream.qAt(t)[h * D + c];
          k.data[(h * checked + t) * D + c] = stream.kAt(t)[h * D + c];
        }
    Tensor bias = Tensor::fromFloat({DV}, w.bc);
    Tensor ref = attn::ref::primal(
        q, k, Tensor::fromFloat({H, D, S}, w.we),
        Tensor::fromFloat({H, D, S}, w.wr), Tensor::fromFloat({2 * S, DV}, w.wc),
        &bias, attn::ref::FeatureMap::L2, /*causal=*/true);
    double rel = maxRel(ref, firstOut.data());
    std::printf("primal: first %lld streamed tokens vs the reference: max rel "
                "error %.2e %s\n",
                (long long)checked, rel, rel <= kRelTol ? "OK" : "FAIL");
    ok &= rel <= kRelTol;
  }

  // --- softmax: a decode step against a KV cache of L keys. ---
  std::printf("\n%8s  %14s %14s  %14s %16s\n", "context", "primal us/tok",
              "softmax us/tok", "primal state B", "softmax KV cache B");
  double primalFirst = 0, softmaxFirst = 0, primalLast = 0, softmaxLast = 0;
  for (int64_t L : contexts) {
    std::vector<double> window(stepSeconds.begin() + L - kWindow,
                               stepSeconds.begin() + L);
    double primalUs = median(window) * 1e6;

    // The cache after L - 1 tokens, then the new token appended.
    std::vector<float> kCache(H * L * D), vCache(H * L * D);
    for (int64_t t = 0; t < L; ++t)
      for (int64_t h = 0; h < H; ++h) {
        std::copy_n(stream.kAt(t) + h * D, D, kCache.data() + (h * L + t) * D);
        std::copy_n(stream.vAt(t) + h * D, D, vCache.data() + (h * L + t) * D);
      }
    auto q = view<3>(stream.qAt(L - 1), {H, 1, D});
    auto kc = view<3>(kCache.data(), {H, L, D}), vc = view<3>(vCache.data(), {H, L, D});
    auto step = [&](Memref3 *out) {
      switch (L) {
      case 1024: _mlir_ciface_softmax_step_1024(out, &q, &kc, &vc); break;
      case 4096: _mlir_ciface_softmax_step_4096(out, &q, &kc, &vc); break;
      case 16384: _mlir_ciface_softmax_step_16384(out, &q, &kc, &vc); break;
      default: _mlir_ciface_softmax_step_65536(out, &q, &kc, &vc); break;
      }
    };
    std::vector<double> times;
    Memref3 out;
    for (int64_t i = 0; i < kWindow / 16; ++i) {
      // Appending the new token is part of a step.
      double t0 = seconds();
      for (int64_t h = 0; h < H; ++h) {
        std::copy_n(stream.kAt(L - 1) + h * D, D, kCache.data() + (h * L + L - 1) * D);
        std::copy_n(stream.vAt(L - 1) + h * D, D, vCache.data() + (h * L + L - 1) * D);
      }
      step(&out);
      times.push_back(seconds() - t0);
      if (i + 1 < kWindow / 16)
        std::free(out.basePtr);
    }
    double softmaxUs = median(times) * 1e6;
    {
      Tensor qr = Tensor::fromFloat(
          {H, 1, D},
          std::vector<float>(stream.qAt(L - 1), stream.qAt(L - 1) + H * D));
      Tensor ref = attn::ref::vanilla(qr, Tensor::fromFloat({H, L, D}, kCache),
                                      Tensor::fromFloat({H, L, D}, vCache),
                                      nullptr, std::nullopt, /*causal=*/true,
                                      std::nullopt, false, /*queryOffset=*/L - 1);
      // The output is a convex combination of value rows (|v| <= 1): its
      // error is judged against their scale. With 64K random values the
      // output averages to ~1e-2 and f32 sums of 64K terms cancel, so an
      // error relative to the output itself would measure the data, not
      // the kernel.
      double err = attn::ref::maxAbsError(ref, out.data + out.offset);
      if (err > kRelTol)
        std::printf("softmax decode at L=%lld: max abs error %.2e (values in "
                    "[-1, 1]) FAIL\n",
                    (long long)L, err);
      ok &= err <= kRelTol;
      std::free(out.basePtr);
    }
    int64_t cacheBytes = 2 * H * L * D * int64_t(sizeof(float));
    std::printf("%8lld  %14.2f %14.2f  %14lld %16lld\n", (long long)L, primalUs,
                softmaxUs, (long long)stateBytes, (long long)cacheBytes);
    if (L == contexts.front()) {
      primalFirst = primalUs;
      softmaxFirst = softmaxUs;
    }
    primalLast = primalUs;
    softmaxLast = softmaxUs;
  }
  std::printf("\nfrom %lldK to %lldK context: primal per-token latency x%.2f, "
              "softmax x%.2f; primal state %lld bytes at every length\n",
              (long long)contexts.front() / 1024,
              (long long)contexts.back() / 1024, primalLast / primalFirst,
              softmaxLast / softmaxFirst, (long long)stateBytes);
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
