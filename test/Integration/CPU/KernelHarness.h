//===- KernelHarness.h - call AOT-compiled attn kernels, compare to ref --===//
//
// Shared by the fixed-case numerics test (CpuNumericsTest) and the random
// differential test (DifferentialTest): memref descriptors, calling
// `_mlir_ciface_<case>` from a dlopen'ed library, seeded inputs and the
// double-precision reference for a Cases.h Case.
//
// Tolerance: max_i |got_i - ref_i| / max(|ref_i|, 0.01 * max_j |ref_j|)
// <= 1e-4 for f32, 1e-3 for f16 and 8e-3 for bf16 results (relative error,
// floored at 1% of the output's magnitude so that entries that cancel to ~0
// are judged against the output's scale).
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
/// f16 / bf16 results are rounded to the element type once (inputs are
/// exact in it and everything inside is f32): half an ulp is 2^-11 = 4.9e-4
/// (f16) and 2^-8 = 3.9e-3 (bf16) relative, so these bounds are about
/// twice that.
constexpr double kToleranceF16 = 1e-3;
constexpr double kToleranceBF16 = 8e-3;

inline double toleranceFor(const std::string &elem) {
  return elem == "f16" ? kToleranceF16 : elem == "bf16" ? kToleranceBF16
                                                         : kTolerance;
}

/// A rank-erased memref descriptor: {base, data, offset, sizes[R],
/// strides[R]} laid out as int64 words, which is what `_mlir_ciface_`
/// functions read through their descriptor pointers.
/// Element types of the kernels' memrefs: f32, f16, bf16, or i1 stored
/// one byte per element (LLVM's in-memory i1).
enum class Elem { F32, F16, BF16, I1 };

inline Elem elemOf(const std::string &name) {
  return name == "f16" ? Elem::F16 : name == "bf16" ? Elem::BF16 : Elem::F32;
}

/// IEEE binary16 and bfloat16 from and to f32, rounding to nearest even
/// (written out: the test must not depend on compiler support for _Float16
/// or __bf16).
inline uint16_t toHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000, e = (x >> 23) & 0xff,
           mant = x & 0x7fffff;
  if (e == 0xff)
    return sign | 0x7c00 | (mant ? 0x200 : 0);
  int32_t exp = int32_t(e) - 127 + 15;
  if (exp >= 31)
    return sign | 0x7c00;
  uint32_t shift = 13, bits;
  if (exp <= 0) { // subnormal half: value = bits * 2^-24
    if (exp < -10)
      return sign;
    mant |= 0x800000;
    shift = 14 - exp;
    bits = mant >> shift;
  } else {
    bits = (uint32_t(exp) << 10) | (mant >> 13);
  }
  uint32_t rem = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
  if (rem > mid || (rem == mid && (bits & 1)))
    ++bits; // a carry into the exponent is the correct rounding
  return uint16_t(sign | bits);
}
inline float fromHalf(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16, e = (h >> 10) & 0x1f,
           mant = h & 0x3ff, x;
  if (e == 0x1f)
    x = sign | 0x7f800000 | (mant << 13);
  else if (e == 0) {
    float v = std::ldexp(float(mant), -24);
    return sign ? -v : v;
  } else
    x = sign | ((e - 15 + 127) << 23) | (mant << 13);
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}
inline uint16_t toBF16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  return uint16_t((x + 0x7fff + ((x >> 16) & 1)) >> 16);
}
inline float fromBF16(uint16_t h) {
  uint32_t x = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}
/// `x` rounded to the precision of `elem` (f32 for f32 and i1).
inline double roundTo(Elem elem, double x) {
  float f = float(x);
  return elem == Elem::F16    ? fromHalf(toHalf(f))
         : elem == Elem::BF16 ? fromBF16(toBF16(f))
                              : f;
}

struct Memref {
  std::vector<unsigned char> bytes;
  std::vector<int64_t> words;

  Memref(const ref::Tensor &t, Elem elem = Elem::F32) {
    for (double x : t.data) {
      float f = float(x);
      uint16_t h = elem == Elem::F16 ? toHalf(f) : toBF16(f);
      switch (elem) {
      case Elem::I1:
        bytes.push_back(x != 0.0 ? 1 : 0);
        break;
      case Elem::F32:
        bytes.insert(bytes.end(), reinterpret_cast<unsigned char *>(&f),
                     reinterpret_cast<unsigned char *>(&f) + 4);
        break;
      case Elem::F16:
      case Elem::BF16:
        bytes.insert(bytes.end(), reinterpret_cast<unsigned char *>(&h),
                     reinterpret_cast<unsigned char *>(&h) + 2);
        break;
      }
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
                                     : elemOf(c.elem));
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
  auto *base = reinterpret_cast<void *>(result.words[0]);
  for (size_t i = 0; i < c.output.size(); ++i)
    EXPECT_EQ(result.words[3 + i], c.output[i]) << "result dim " << i;
  int64_t n = ref::numElements(c.output);
  std::vector<float> out(n);
  Elem elem = elemOf(c.elem);
  if (elem == Elem::F32) {
    auto *data = reinterpret_cast<float *>(result.words[1]) + result.words[2];
    out.assign(data, data + n);
  } else {
    auto *data = reinterpret_cast<uint16_t *>(result.words[1]) + result.words[2];
    for (int64_t i = 0; i < n; ++i)
      out[i] = elem == Elem::F16 ? fromHalf(data[i]) : fromBF16(data[i]);
  }
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
    // Rounded to the kernel's element type, so the reference sees exactly
    // what the kernel sees.
    Elem elem = c.kind == Kind::Vanilla ? elemOf(c.elem) : Elem::F32;
    for (double &x : t.data)
      x = roundTo(elem, x);
    in.push_back(t);
  }
  int64_t n = c.inputs[0][c.inputs[0].size() - 2];
  int64_t d = c.inputs[0].back();
  if (c.zeroQueryRow) // row 0 of every batch of q
    for (int64_t off = 0; off < in[0].numel(); off += n * d)
      std::fill_n(in[0].data.begin() + off, d, 0.0);
  // Rows of a [N, M] mask: -inf (the query sees nothing), -1e30 or -FLT_MAX.
  auto fillMaskRow = [&](int64_t row, double value) {
    ref::Tensor &mask = in[3];
    int64_t m = mask.shape.back();
    std::fill_n(mask.data.begin() + row * m, m, value);
  };
  for (int64_t row : c.maskedRows)
    fillMaskRow(row, -std::numeric_limits<double>::infinity());
  for (int64_t row : c.hugeNegativeRows)
    fillMaskRow(row, -1e30);
  for (int64_t row : c.lowestRows)
    fillMaskRow(row, -double(std::numeric_limits<float>::max()));
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
                        c.boolMask,
                        c.bottomRight ? in[1].shape.end()[-2] -
                                            in[0].shape.end()[-2]
                                      : 0);
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
