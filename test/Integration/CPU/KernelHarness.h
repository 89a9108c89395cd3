//===- KernelHarness.h - call AOT-compiled attn kernels, compare to ref --===//
//
// Shared by the fixed-case numerics test (CpuNumericsTest) and the random
// differential test (DifferentialTest): memref descriptors, calling
// `_mlir_ciface_<case>` from a dlopen'ed library, seeded inputs and the
// double-precision reference for a Cases.h Case.
//
// Tolerance: max_i |got_i - ref_i| / max(|ref_i|, 0.01 * max_j |ref_j|)
// <= 1e-4 (relative error, floored at 1% of the output's magnitude so that
// entries that cancel to ~0 are judged against the output's scale).
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_TEST_INTEGRATION_CPU_KERNELHARNESS_H
#define ATTN_TEST_INTEGRATION_CPU_KERNELHARNESS_H

#include "AttnReference.h"
#include "Cases.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>

namespace attn::cases {

constexpr double kTolerance = 1e-4;

/// A rank-erased memref descriptor: {base, data, offset, sizes[R],
/// strides[R]} laid out as int64 words, which is what `_mlir_ciface_`
/// functions read through their descriptor pointers.
/// Element types of the kernels' memrefs: f32, or i1 stored one byte per
/// element (LLVM's in-memory i1).
enum class Elem { F32, I1 };

struct Memref {
  std::vector<unsigned char> bytes;
  std::vector<int64_t> words;

  Memref(const ref::Tensor &t, Elem elem = Elem::F32) {
    if (elem == Elem::I1) {
      for (double x : t.data)
        bytes.push_back(x != 0.0 ? 1 : 0);
    } else {
      std::vector<float> f = t.toFloat();
      bytes.resize(f.size() * sizeof(float));
      std::memcpy(bytes.data(), f.data(), bytes.size());
    }
    describe(t.shape);
  }
  explicit Memref(const Shape &shape) { words.assign(3 + 2 * shape.size(), 0); }

  void describe(const Shape &shape) {
    auto ptr = reinterpret_cast<int64_t>(bytes.data());
    words = {ptr, ptr, 0};
    words.insert(words.end(), shape.begin(), shape.end());
    int64_t stride = 1;
    std::vector<int64_t> strides(shape.size());
    for (int i = static_cast<int>(shape.size()) - 1; i >= 0; --i) {
      strides[i] = stride;
      stride *= shape[i];
    }
    words.insert(words.end(), strides.begin(), strides.end());
  }
  void *ptr() { return words.data(); }
};

/// dlopen()s `path` once per process.
inline void *loadLibrary(const std::string &path) {
  static std::map<std::string, void *> libs;
  auto it = libs.find(path);
  if (it != libs.end())
    return it->second;
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h)
    ADD_FAILURE() << "dlopen " << path << ": " << dlerror();
  libs[path] = h;
  return h;
}

/// Calls `_mlir_ciface_<c.name>` of `lib`; returns the output values
/// (row-major).
inline std::vector<float> runKernel(void *lib, const Case &c,
                                    std::vector<ref::Tensor> &inputs) {
  using Fn2 = void (*)(void *, void *, void *);
  using Fn3 = void (*)(void *, void *, void *, void *);
  using Fn4 = void (*)(void *, void *, void *, void *, void *);
  using Fn5 = void (*)(void *, void *, void *, void *, void *, void *);
  using Fn6 = void (*)(void *, void *, void *, void *, void *, void *, void *);
  if (!lib)
    return {};
  std::string sym = "_mlir_ciface_" + c.name;
  void *fn = dlsym(lib, sym.c_str());
  if (!fn) {
    ADD_FAILURE() << "missing symbol " << sym;
    return {};
  }
  std::vector<Memref> args;
  args.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    args.emplace_back(inputs[i], c.kind == Kind::Vanilla && i == 3 && c.boolMask
                                     ? Elem::I1
                                     : Elem::F32);
  Memref result(c.output);
  void *r = result.ptr();
  std::vector<void *> a;
  for (Memref &m : args)
    a.push_back(m.ptr());
  switch (a.size()) {
  case 2:
    reinterpret_cast<Fn2>(fn)(r, a[0], a[1]);
    break;
  case 3:
    reinterpret_cast<Fn3>(fn)(r, a[0], a[1], a[2]);
    break;
  case 4:
    reinterpret_cast<Fn4>(fn)(r, a[0], a[1], a[2], a[3]);
    break;
  case 5:
    reinterpret_cast<Fn5>(fn)(r, a[0], a[1], a[2], a[3], a[4]);
    break;
  case 6:
    reinterpret_cast<Fn6>(fn)(r, a[0], a[1], a[2], a[3], a[4], a[5]);
    break;
  default:
    ADD_FAILURE() << "unexpected arity " << a.size();
    return {};
  }
  // The kernel allocated the result; its words are {base, data, offset, ...}.
  auto *base = reinterpret_cast<float *>(result.words[0]);
  auto *data = reinterpret_cast<float *>(result.words[1]) + result.words[2];
  for (size_t i = 0; i < c.output.size(); ++i)
    EXPECT_EQ(result.words[3 + i], c.output[i]) << "result dim " << i;
  std::vector<float> out(data, data + ref::numElements(c.output));
  std::free(base);
  return out;
}

/// Fixed-seed inputs, rounded to f32 so the reference sees exactly what the
/// kernel sees.
inline std::vector<ref::Tensor> makeInputs(const Case &c, uint32_t seed) {
  std::vector<ref::Tensor> in;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    const Shape &s = c.inputs[i];
    ref::Tensor t;
    bool isQK = c.kind != Kind::PrimalWeights && i < 2;
    if (c.intRange && isQK) {
      t = ref::Tensor::random(s, seed + i, -c.intRange, c.intRange + 1);
      for (double &x : t.data)
        x = std::floor(x);
    } else if (c.kind == Kind::Vanilla && i == 3 && c.boolMask) {
      // About 3 in 4 keys visible; the diagonal (or key 0 when the mask
      // broadcasts over query rows) stays visible so that no row is fully
      // masked (materialized gives NaN there, see vanilla_masked_row).
      t = ref::Tensor::random(s, seed + i, 0.0, 1.0);
      int64_t cols = s.back();
      int64_t rows = s.size() > 1 ? s[s.size() - 2] : 1;
      for (int64_t e = 0; e < t.numel(); ++e) {
        int64_t col = e % cols, row = (e / cols) % rows;
        bool forced = rows > 1 ? col == row : col == 0;
        t.data[e] = forced || t.data[e] >= 0.25 ? 1.0 : 0.0;
      }
    } else if (c.kind == Kind::Vanilla && i == 3) {
      t = ref::Tensor::random(s, seed + i, -2.0, 0.0); // additive mask
    } else {
      t = ref::Tensor::random(s, seed + i);
    }
    in.push_back(ref::Tensor::fromFloat(s, t.toFloat()));
  }
  int64_t n = c.inputs[0][c.inputs[0].size() - 2];
  int64_t d = c.inputs[0].back();
  if (c.zeroQueryRow) // row 0 of every batch of q
    for (int64_t off = 0; off < in[0].numel(); off += n * d)
      std::fill_n(in[0].data.begin() + off, d, 0.0);
  if (c.maskRowNegInf) { // query row 0 of a [N, M] mask sees nothing
    ref::Tensor &mask = in[3];
    std::fill_n(mask.data.begin(), mask.shape.back(),
                -std::numeric_limits<double>::infinity());
  }
  return in;
}

inline ref::Tensor reference(const Case &c,
                             const std::vector<ref::Tensor> &in) {
  switch (c.kind) {
  case Kind::Vanilla:
    return ref::vanilla(in[0], in[1], in[2], in.size() > 3 ? &in[3] : nullptr,
                        c.scale != 0 ? std::optional<double>(c.scale)
                                     : std::nullopt,
                        c.causal,
                        c.window >= 0 ? std::optional<int64_t>(c.window)
                                      : std::nullopt,
                        c.boolMask);
  case Kind::Primal:
    return ref::primal(in[0], in[1], in[2], in[3], in[4],
                       in.size() > 5 ? &in[5] : nullptr,
                       c.identity ? ref::FeatureMap::Identity
                                  : ref::FeatureMap::L2,
                       c.causal);
  case Kind::PrimalWeights:
    return ref::primalWeights(in[0], in[1]);
  }
  return {};
}

inline double magnitude(const ref::Tensor &t) {
  double m = 0;
  for (double x : t.data)
    m = std::max(m, std::abs(x));
  return m;
}

} // namespace attn::cases

#endif // ATTN_TEST_INTEGRATION_CPU_KERNELHARNESS_H
