//===- StreamNumericsTest.cpp - causal primal in chunks == whole ----------===//
//
// Inputs/stream.mlir holds, per shape set, causal Primal-Attention on a
// whole sequence (`<set>_whole`, attn.primal {causal}) and the streaming
// form on chunks of fixed sizes (`<set>_chunk<T>`, attn.primal_stream with
// the state passed in and returned). Compiled ahead of time with the default
// tiles, with row-tile=16 (chunks then span several row tiles and a partial
// one), and with row-tile=16 on OpenMP threads over (batch, head) tiles. Each test runs a sequence in random chunk sizes, feeding each
// chunk the state the previous one returned, and checks:
//  * the state after the last chunk is bit-identical to one chunk of the
//    whole sequence (the running sums are added in token order whatever the
//    chunking);
//  * the chunked output equals the whole-sequence kernel within 1e-6
//    relative (same formula per row; only the GEMM code may differ between
//    tile shapes), and the whole-sequence kernel and the one-chunk stream are
//    bit-identical (attn.primal {causal} is lowered as that stream);
//  * the output matches the double-precision reference of the paper's
//    formula (cumsum / position, then normalize; AttnReference.h) within
//    kTolerance (1e-4, relative, floored as KernelHarness.h says).
//
//===----------------------------------------------------------------------===//

#include "KernelHarness.h"

#include <random>

using namespace attn;
using namespace attn::cases;

namespace {

struct ShapeSet {
  std::string name;
  Shape batch, weBatch, wrBatch;
  int64_t d, s, dv, n;
  bool bias, identity;
  std::vector<int64_t> chunks; // compiled chunk sizes; n is the last
};

std::vector<ShapeSet> shapeSets() {
  return {{"a", {2, 3}, {3}, {}, 16, 5, 12, 300, true, false,
           {1, 7, 64, 100, 300}},
          {"b", {}, {}, {}, 8, 4, 8, 77, false, true, {1, 5, 33, 77}}};
}

Shape with(Shape s, std::initializer_list<int64_t> tail) {
  s.insert(s.end(), tail);
  return s;
}

int64_t product(const Shape &s) {
  int64_t p = 1;
  for (int64_t x : s)
    p *= x;
  return p;
}

/// Rows [t0, t0 + t) of every batch slice of x [B..., N, w].
ref::Tensor rows(const ref::Tensor &x, int64_t t0, int64_t t) {
  int64_t n = x.shape.end()[-2], w = x.shape.back();
  Shape shape = x.shape;
  shape.end()[-2] = t;
  ref::Tensor r = ref::Tensor::zeros(shape);
  for (int64_t b = 0, nb = x.numel() / (n * w); b < nb; ++b)
    std::copy_n(x.data.begin() + (b * n + t0) * w, t * w,
                r.data.begin() + b * t * w);
  return r;
}

/// Results of a multi-result `_mlir_ciface_` function: one descriptor per
/// result, laid out as consecutive words (every field is 64-bit).
struct Results {
  std::vector<int64_t> words;
  std::vector<size_t> starts;
  explicit Results(const std::vector<Shape> &shapes) {
    for (const Shape &s : shapes) {
      starts.push_back(words.size());
      words.resize(words.size() + 3 + 2 * s.size(), 0);
    }
  }
  const float *data(size_t i) const {
    return reinterpret_cast<const float *>(words[starts[i] + 1]) +
           words[starts[i] + 2];
  }
  void *base(size_t i) const { return reinterpret_cast<void *>(words[starts[i]]); }
};

class Stream {
public:
  Stream(const ShapeSet &set, const std::string &lib, uint32_t seed)
      : set(set), lib(loadLibrary(lib)) {
    const Shape &b = set.batch;
    q = ref::Tensor::random(with(b, {set.n, set.d}), seed);
    k = ref::Tensor::random(with(b, {set.n, set.d}), seed + 1);
    we = ref::Tensor::random(with(set.weBatch, {set.d, set.s}), seed + 2);
    wr = ref::Tensor::random(with(set.wrBatch, {set.d, set.s}), seed + 3);
    wc = ref::Tensor::random({2 * set.s, set.dv}, seed + 4);
    bc = ref::Tensor::random({set.dv}, seed + 5);
    for (ref::Tensor *t : {&q, &k, &we, &wr, &wc, &bc})
      for (double &x : t->data)
        x = double(float(x)); // the reference sees what the kernel sees
  }

  ref::Tensor reference() const {
    return ref::primal(q, k, we, wr, wc, set.bias ? &bc : nullptr,
                       set.identity ? ref::FeatureMap::Identity
                                    : ref::FeatureMap::L2,
                       /*causal=*/true);
  }

  /// The whole-sequence kernel's output.
  std::vector<float> whole() const {
    std::vector<ref::Tensor> in{q, k, we, wr, wc};
    if (set.bias)
      in.push_back(bc);
    std::vector<Memref> args(in.begin(), in.end());
    Memref out(with(set.batch, {set.n, set.dv}));
    call(set.name + "_whole", out.ptr(), args, {});
    auto *data = reinterpret_cast<float *>(out.words[1]) + out.words[2];
    std::vector<float> r(data, data + product(with(set.batch, {set.n, set.dv})));
    std::free(reinterpret_cast<void *>(out.words[0]));
    return r;
  }

  /// Runs the sequence in chunks of the given sizes (summing to n); returns
  /// the output [B..., n, dv] and the final state (q_sum then k_sum).
  std::pair<std::vector<float>, std::vector<float>>
  chunked(const std::vector<int64_t> &sizes) const {
    int64_t bsz = product(set.batch), d = set.d, dv = set.dv;
    std::vector<float> out(bsz * set.n * dv);
    Shape stateShape = with(set.batch, {d});
    ref::Tensor qSum = ref::Tensor::zeros(stateShape),
                kSum = ref::Tensor::zeros(stateShape);
    int64_t t0 = 0;
    for (int64_t t : sizes) {
      std::vector<ref::Tensor> in{rows(q, t0, t), rows(k, t0, t), we, wr, wc};
      if (set.bias)
        in.push_back(bc);
      in.push_back(qSum);
      in.push_back(kSum);
      std::vector<Memref> args(in.begin(), in.end());
      Results res({with(set.batch, {t, dv}), stateShape, stateShape});
      call(set.name + "_chunk" + std::to_string(t), res.words.data(), args,
           t0);
      for (int64_t b = 0; b < bsz; ++b)
        std::copy_n(res.data(0) + b * t * dv, t * dv,
                    out.begin() + (b * set.n + t0) * dv);
      for (int64_t i = 0; i < bsz * d; ++i) {
        qSum.data[i] = res.data(1)[i];
        kSum.data[i] = res.data(2)[i];
      }
      // Free what the kernel allocated; a state result may be updated in
      // place in the argument's buffer.
      std::vector<void *> freed;
      for (size_t r = 0; r < 3; ++r) {
        void *base = res.base(r);
        bool isArg = false;
        for (Memref &a : args)
          isArg |= base == reinterpret_cast<void *>(a.words[0]);
        if (!isArg && std::find(freed.begin(), freed.end(), base) == freed.end()) {
          std::free(base);
          freed.push_back(base);
        }
      }
      t0 += t;
    }
    std::vector<float> state;
    for (const ref::Tensor *s : {&qSum, &kSum})
      for (double x : s->data)
        state.push_back(float(x));
    return {out, state};
  }

private:
  /// Calls `_mlir_ciface_<name>(result, args..., [seen])`.
  void call(const std::string &name, void *result, std::vector<Memref> &args,
            std::optional<int64_t> seen) const {
    void *fn = lib ? dlsym(lib, ("_mlir_ciface_" + name).c_str()) : nullptr;
    ASSERT_NE(fn, nullptr) << "missing kernel " << name;
    std::vector<void *> a;
    for (Memref &m : args)
      a.push_back(m.ptr());
    using P = void *;
    switch (a.size() + (seen ? 1 : 0)) {
    case 5:
      reinterpret_cast<void (*)(P, P, P, P, P, P)>(fn)(result, a[0], a[1], a[2],
                                                       a[3], a[4]);
      return;
    case 6:
      reinterpret_cast<void (*)(P, P, P, P, P, P, P)>(fn)(
          result, a[0], a[1], a[2], a[3], a[4], a[5]);
      return;
    case 8: // no bias: q k we wr wc q_sum k_sum seen
      reinterpret_cast<void (*)(P, P, P, P, P, P, P, P, int64_t)>(fn)(
          result, a[0], a[1], a[2], a[3], a[4], a[5], a[6], *seen);
      return;
    case 9:
      reinterpret_cast<void (*)(P, P, P, P, P, P, P, P, P, int64_t)>(fn)(
          result, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], *seen);
      return;
    default:
      FAIL() << "unexpected arity for " << name;
    }
  }

  ShapeSet set;
  void *lib;
  ref::Tensor q, k, we, wr, wc, bc;
};

/// Random chunk sizes among the compiled ones (all but the whole length),
/// then the remainder in 1-token steps.
std::vector<int64_t> randomChunks(const ShapeSet &set, uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<int64_t> sizes, options(set.chunks.begin(), set.chunks.end() - 1);
  int64_t left = set.n;
  while (left > 0) {
    int64_t t = options[gen() % options.size()];
    if (t > left)
      t = 1;
    sizes.push_back(t);
    left -= t;
  }
  return sizes;
}

double maxRel(const std::vector<float> &ref, const std::vector<float> &got) {
  double scale = 0;
  for (float x : ref)
    scale = std::max(scale, double(std::fabs(x)));
  double err = 0;
  for (size_t i = 0; i < ref.size(); ++i)
    err = std::max(err, std::fabs(double(got[i]) - ref[i]) /
                            std::max(double(std::fabs(ref[i])), 0.01 * scale));
  return err;
}

struct Param {
  size_t set;
  std::string lib;
};

class StreamNumerics : public ::testing::TestWithParam<Param> {};

TEST_P(StreamNumerics, ChunkedEqualsWholeAndReference) {
  const ShapeSet set = shapeSets()[GetParam().set];
  Stream stream(set, GetParam().lib, 20261202);
  std::vector<float> whole = stream.whole();
  ref::Tensor ref = stream.reference();
  EXPECT_LE(ref::maxRelError(ref, whole, 0.01 * magnitude(ref)), kTolerance) << "whole vs reference";

  auto [one, oneState] = stream.chunked({set.n});
  EXPECT_EQ(one, whole) << "one chunk of n tokens vs attn.primal {causal}";

  for (uint32_t trial = 0; trial < 6; ++trial) {
    std::vector<int64_t> sizes = randomChunks(set, 7 + trial);
    std::string desc;
    for (int64_t t : sizes)
      desc += std::to_string(t) + " ";
    auto [out, state] = stream.chunked(sizes);
    EXPECT_EQ(state, oneState) << "state after chunks " << desc;
    EXPECT_LE(maxRel(whole, out), 1e-6) << "chunks " << desc;
    EXPECT_LE(ref::maxRelError(ref, out, 0.01 * magnitude(ref)), kTolerance) << "chunks " << desc;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Sets, StreamNumerics,
    ::testing::Values(Param{0, ATTN_STREAM_LIB}, Param{1, ATTN_STREAM_LIB},
                      Param{0, ATTN_STREAM_TILE16_LIB},
                      Param{1, ATTN_STREAM_TILE16_LIB},
                      Param{0, ATTN_STREAM_PARALLEL_LIB},
                      Param{1, ATTN_STREAM_PARALLEL_LIB}),
    [](const ::testing::TestParamInfo<Param> &info) {
      const std::string lib = info.param.lib;
      return shapeSets()[info.param.set].name +
             (lib == ATTN_STREAM_LIB          ? "_default"
              : lib == ATTN_STREAM_TILE16_LIB ? "_rowtile16"
                                              : "_parallel");
    });

} // namespace
