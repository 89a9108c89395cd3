//===- AttnReference.cpp - Double-precision attention reference -----------===//

#include "AttnReference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace attn::ref {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kPosInf = std::numeric_limits<double>::infinity();

[[noreturn]] void fail(const std::string &msg) {
  throw std::invalid_argument("attn::ref: " + msg);
}

void checkTensor(const Tensor &t, const char *name, int64_t minRank) {
  int64_t n = numElements(t.shape);
  if (static_cast<int64_t>(t.data.size()) != n)
    fail(std::string(name) + " has shape " + shapeToString(t.shape) + " (" +
         std::to_string(n) + " elements) but " + std::to_string(t.data.size()) +
         " data values");
  if (t.rank() < minRank)
    fail(std::string(name) + " must have rank >= " + std::to_string(minRank) +
         ", got " + shapeToString(t.shape));
}

std::vector<int64_t> batchDims(const Tensor &t) {
  return {t.shape.begin(), t.shape.end() - 2};
}

int64_t dimFromEnd(const Tensor &t, int64_t i) {
  return t.shape[t.shape.size() - i];
}

std::vector<int64_t> concat(std::vector<int64_t> a,
                            const std::vector<int64_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Weights may carry a suffix of the activation batch dims; because the suffix
// is innermost in row-major order, the weight batch index is then simply the
// activation batch index modulo the weight batch size.
int64_t checkSuffixBatch(const std::vector<int64_t> &batch, const Tensor &w,
                         const char *name, const char *actName) {
  std::vector<int64_t> wb = batchDims(w);
  bool ok = wb.size() <= batch.size() &&
            std::equal(wb.begin(), wb.end(), batch.end() - wb.size());
  if (!ok)
    fail(std::string(name) + " batch dims " + shapeToString(wb) +
         " must equal the batch dims " + shapeToString(batch) + " of " +
         actName + " or a suffix of them");
  return numElements(wb);
}

// out[n x c] += a[n x k] * b[k x c].
void matmulAcc(const double *a, const double *b, double *out, int64_t n,
               int64_t k, int64_t c) {
  for (int64_t i = 0; i < n; ++i)
    for (int64_t l = 0; l < k; ++l) {
      double av = a[i * k + l];
      for (int64_t j = 0; j < c; ++j)
        out[i * c + j] += av * b[l * c + j];
    }
}

// Replaces each row by the mean of itself and all rows before it.
void prefixMean(std::vector<double> &rows, int64_t n, int64_t d) {
  std::vector<double> sum(d, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t c = 0; c < d; ++c) {
      sum[c] += rows[i * d + c];
      rows[i * d + c] = sum[c] / static_cast<double>(i + 1);
    }
}

void l2Normalize(std::vector<double> &rows, int64_t n, int64_t d) {
  for (int64_t i = 0; i < n; ++i) {
    double sq = 0.0;
    for (int64_t c = 0; c < d; ++c)
      sq += rows[i * d + c] * rows[i * d + c];
    double denom = std::max(std::sqrt(sq), 1e-12);
    for (int64_t c = 0; c < d; ++c)
      rows[i * d + c] /= denom;
  }
}

double elementError(double ref, double got, bool relative, double floor) {
  if (std::isnan(ref) || std::isnan(got))
    return kPosInf;
  if (got == ref)
    return 0.0;
  double err = std::fabs(got - ref);
  if (relative) {
    double denom = std::max(std::fabs(ref), floor);
    err = denom > 0.0 ? err / denom : kPosInf;
  }
  return std::isnan(err) ? kPosInf : err;
}

double maxError(const Tensor &ref, const float *got, bool relative,
                double floor) {
  checkTensor(ref, "ref", 0);
  if (relative && !(floor >= 0.0))
    fail("maxRelError floor must be >= 0, got " + std::to_string(floor));
  if (!ref.data.empty() && !got)
    fail("comparison buffer is null");
  double worst = 0.0;
  for (size_t i = 0; i < ref.data.size(); ++i)
    worst = std::max(worst, elementError(ref.data[i], got[i], relative, floor));
  return worst;
}

void checkSameSize(const Tensor &ref, const std::vector<float> &got) {
  if (static_cast<int64_t>(got.size()) != ref.numel())
    fail("comparison size mismatch: ref " + shapeToString(ref.shape) + " has " +
         std::to_string(ref.numel()) + " elements, got " +
         std::to_string(got.size()));
}

} // namespace

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      fail("negative dim in shape " + shapeToString(shape));
    n *= d;
  }
  return n;
}

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  os << ']';
  return os.str();
}

Tensor Tensor::zeros(std::vector<int64_t> shape) {
  int64_t n = numElements(shape);
  return Tensor{std::move(shape), std::vector<double>(n, 0.0)};
}

Tensor Tensor::fromData(std::vector<int64_t> shape, std::vector<double> data) {
  Tensor t{std::move(shape), std::move(data)};
  checkTensor(t, "fromData tensor", 0);
  return t;
}

Tensor Tensor::fromFloat(std::vector<int64_t> shape,
                         const std::vector<float> &values) {
  return fromData(std::move(shape),
                  std::vector<double>(values.begin(), values.end()));
}

Tensor Tensor::random(std::vector<int64_t> shape, uint32_t seed, double lo,
                      double hi) {
  Tensor t{std::move(shape), {}};
  t.fillRandom(seed, lo, hi);
  return t;
}

void Tensor::fillRandom(uint32_t seed, double lo, double hi) {
  if (!(lo <= hi))
    fail("fillRandom needs lo <= hi");
  std::mt19937 gen(seed);
  constexpr double kMax = static_cast<double>(std::mt19937::max());
  data.resize(numel());
  for (double &x : data)
    x = lo + (hi - lo) * (static_cast<double>(gen()) / kMax);
}

static int64_t offsetOf(const Tensor &t, const std::vector<int64_t> &index) {
  const std::vector<int64_t> &shape = t.shape;
  if (index.size() != shape.size())
    throw std::out_of_range("attn::ref: index rank " +
                            std::to_string(index.size()) + " != tensor rank " +
                            std::to_string(shape.size()));
  int64_t off = 0;
  for (size_t i = 0; i < index.size(); ++i) {
    if (index[i] < 0 || index[i] >= shape[i])
      throw std::out_of_range("attn::ref: index " + shapeToString(index) +
                              " out of bounds for " + shapeToString(shape));
    off = off * shape[i] + index[i];
  }
  if (off >= static_cast<int64_t>(t.data.size()))
    throw std::out_of_range("attn::ref: data smaller than shape");
  return off;
}

double &Tensor::at(const std::vector<int64_t> &index) {
  return data[offsetOf(*this, index)];
}

double Tensor::at(const std::vector<int64_t> &index) const {
  return data[offsetOf(*this, index)];
}

std::vector<float> Tensor::toFloat() const {
  return std::vector<float>(data.begin(), data.end());
}

//===----------------------------------------------------------------------===//
// Vanilla attention
//===----------------------------------------------------------------------===//

Tensor vanilla(const Tensor &q, const Tensor &k, const Tensor &v,
               const Tensor *mask, std::optional<double> scale, bool causal,
               std::optional<int64_t> window, bool boolMask,
               int64_t queryOffset) {
  checkTensor(q, "q", 2);
  checkTensor(k, "k", 2);
  checkTensor(v, "v", 2);
  std::vector<int64_t> batch = batchDims(q);
  std::vector<int64_t> kvBatch = batchDims(k);
  // Grouped-query attention: k and v may have fewer heads (the last batch
  // dim) than q, a divisor of them.
  bool kvOk = batchDims(v) == kvBatch && kvBatch.size() == batch.size();
  int64_t group = 1;
  if (kvOk && !batch.empty()) {
    int64_t h = batch.back(), hkv = kvBatch.back();
    kvOk = std::equal(batch.begin(), batch.end() - 1, kvBatch.begin()) &&
           hkv > 0 && h % hkv == 0;
    group = kvOk ? h / hkv : 1;
  }
  if (!kvOk)
    fail("k and v must have the batch dims of q, except for fewer heads "
         "dividing them (GQA); got q " +
         shapeToString(q.shape) + ", k " + shapeToString(k.shape) + ", v " +
         shapeToString(v.shape));
  if (window && *window < 0)
    fail("window must be >= 0");
  const int64_t n = dimFromEnd(q, 2), d = dimFromEnd(q, 1);
  const int64_t m = dimFromEnd(k, 2), dv = dimFromEnd(v, 1);
  if (dimFromEnd(k, 1) != d)
    fail("k head dim " + std::to_string(dimFromEnd(k, 1)) + " != q head dim " +
         std::to_string(d));
  if (dimFromEnd(v, 2) != m)
    fail("v has " + std::to_string(dimFromEnd(v, 2)) + " rows but k has " +
         std::to_string(m));
  if (!scale && d == 0)
    fail("default scale 1/sqrt(d) needs d >= 1");
  const double s = scale ? *scale : 1.0 / std::sqrt(static_cast<double>(d));
  if (!std::isfinite(s))
    fail("scale must be finite");

  // Mask strides over the full score shape [B..., N, M]; broadcast dims get
  // stride 0 so one offset formula covers every mask shape.
  std::vector<int64_t> scoreShape = concat(batch, {n, m});
  const size_t fullRank = scoreShape.size();
  std::vector<int64_t> maskStride(fullRank, 0);
  if (mask) {
    checkTensor(*mask, "mask", 0);
    if (mask->shape.size() > fullRank)
      fail("mask " + shapeToString(mask->shape) +
           " has more dims than the scores " + shapeToString(scoreShape));
    const size_t lead = fullRank - mask->shape.size();
    int64_t stride = 1;
    for (size_t j = mask->shape.size(); j-- > 0;) {
      int64_t md = mask->shape[j], sd = scoreShape[lead + j];
      if (md != 1 && md != sd)
        fail("mask " + shapeToString(mask->shape) +
             " does not broadcast to scores " + shapeToString(scoreShape));
      maskStride[lead + j] = md == 1 ? 0 : stride;
      stride *= md;
    }
    for (double x : mask->data)
      if (boolMask ? (x != 0.0 && x != 1.0)
                   : (std::isnan(x) || x == kPosInf))
        fail(boolMask ? "boolean mask entries must be 0 or 1"
                      : "mask entries must be finite or -inf");
  }

  Tensor out = Tensor::zeros(concat(batch, {n, dv}));
  const int64_t numBatch = numElements(batch);
  std::vector<double> row(m), prob(m);
  for (int64_t b = 0; b < numBatch; ++b) {
    int64_t maskBase = 0, rem = b;
    for (size_t i = batch.size(); i-- > 0;) {
      maskBase += (rem % batch[i]) * maskStride[i];
      rem /= batch[i];
    }
    // Flat key/value batch index: the heads (innermost batch dim) divided by
    // the group size, the outer batch dims unchanged.
    const int64_t h = batch.empty() ? 0 : b % batch.back();
    const int64_t kvIndex =
        batch.empty() ? b : (b - h) / group + h / group;
    const double *qb = q.data.data() + b * n * d;
    const double *kb = k.data.data() + kvIndex * m * d;
    const double *vb = v.data.data() + kvIndex * m * dv;
    double *ob = out.data.data() + b * n * dv;
    for (int64_t i = 0; i < n; ++i) {
      double rowMax = kNegInf;
      for (int64_t j = 0; j < m; ++j) {
        double x = kNegInf;
        int64_t pos = i + queryOffset;
        bool visible =
            (!causal || j <= pos) && (!window || j >= pos - *window);
        double maskValue =
            mask ? mask->data[maskBase + i * maskStride[fullRank - 2] +
                              j * maskStride[fullRank - 1]]
                 : 0.0;
        if (boolMask) {
          visible = visible && maskValue != 0.0;
          maskValue = 0.0;
        }
        if (visible) {
          double dot = 0.0;
          for (int64_t c = 0; c < d; ++c)
            dot += qb[i * d + c] * kb[j * d + c];
          x = s * dot + maskValue;
        }
        row[j] = x;
        rowMax = std::max(rowMax, x);
      }
      // Fully masked row: softmax is undefined; leave the output row at zero.
      if (rowMax == kNegInf)
        continue;
      double sum = 0.0;
      for (int64_t j = 0; j < m; ++j) {
        prob[j] = std::exp(row[j] - rowMax);
        sum += prob[j];
      }
      for (int64_t j = 0; j < m; ++j) {
        double p = prob[j] / sum;
        if (p == 0.0)
          continue;
        for (int64_t c = 0; c < dv; ++c)
          ob[i * dv + c] += p * vb[j * dv + c];
      }
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Primal attention
//===----------------------------------------------------------------------===//

Tensor primal(const Tensor &q, const Tensor &k, const Tensor &we,
              const Tensor &wr, const Tensor &wc, const Tensor *bc,
              FeatureMap featureMap, bool causal) {
  checkTensor(q, "q", 2);
  checkTensor(k, "k", 2);
  checkTensor(we, "we", 2);
  checkTensor(wr, "wr", 2);
  checkTensor(wc, "wc", 2);
  if (k.shape != q.shape)
    fail("k shape " + shapeToString(k.shape) + " must equal q shape " +
         shapeToString(q.shape));
  std::vector<int64_t> batch = batchDims(q);
  const int64_t n = dimFromEnd(q, 2), d = dimFromEnd(q, 1);
  const int64_t s = dimFromEnd(we, 1);
  if (dimFromEnd(we, 2) != d)
    fail("we " + shapeToString(we.shape) +
         " must be [B'..., d=" + std::to_string(d) + ", s]");
  if (dimFromEnd(wr, 2) != d || dimFromEnd(wr, 1) != s)
    fail("wr " + shapeToString(wr.shape) + " must be [B'..., d=" +
         std::to_string(d) + ", s=" + std::to_string(s) + "]");
  const int64_t weBatch = checkSuffixBatch(batch, we, "we", "q");
  const int64_t wrBatch = checkSuffixBatch(batch, wr, "wr", "q");
  if (wc.rank() != 2 || wc.shape[0] != 2 * s)
    fail("wc " + shapeToString(wc.shape) +
         " must be [2s=" + std::to_string(2 * s) + ", dv]");
  const int64_t dv = wc.shape[1];
  if (bc) {
    checkTensor(*bc, "bc", 1);
    if (bc->shape != std::vector<int64_t>{dv})
      fail("bc " + shapeToString(bc->shape) +
           " must be [dv=" + std::to_string(dv) + "]");
  }

  Tensor out = Tensor::zeros(concat(batch, {n, dv}));
  const int64_t numBatch = numElements(batch);
  std::vector<double> qf(n * d), kf(n * d), e(n * s), r(n * s);
  for (int64_t b = 0; b < numBatch; ++b) {
    qf.assign(q.data.begin() + b * n * d, q.data.begin() + (b + 1) * n * d);
    kf.assign(k.data.begin() + b * n * d, k.data.begin() + (b + 1) * n * d);
    if (causal) {
      prefixMean(qf, n, d);
      prefixMean(kf, n, d);
    }
    if (featureMap == FeatureMap::L2) {
      l2Normalize(qf, n, d);
      l2Normalize(kf, n, d);
    }
    std::fill(e.begin(), e.end(), 0.0);
    std::fill(r.begin(), r.end(), 0.0);
    matmulAcc(qf.data(), we.data.data() + (b % weBatch) * d * s, e.data(), n, d,
              s);
    matmulAcc(kf.data(), wr.data.data() + (b % wrBatch) * d * s, r.data(), n, d,
              s);
    double *ob = out.data.data() + b * n * dv;
    matmulAcc(e.data(), wc.data.data(), ob, n, s, dv);
    matmulAcc(r.data(), wc.data.data() + s * dv, ob, n, s, dv);
    if (bc)
      for (int64_t i = 0; i < n; ++i)
        for (int64_t c = 0; c < dv; ++c)
          ob[i * dv + c] += bc->data[c];
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Primal weights
//===----------------------------------------------------------------------===//

std::vector<int64_t> sampleIndices(int64_t n, int64_t p) {
  if (p < 1 || p > n)
    fail("sample count p=" + std::to_string(p) +
         " must satisfy 1 <= p <= N=" + std::to_string(n));
  if (p == 1)
    return {0};
  std::vector<int64_t> idx(p);
  for (int64_t i = 0; i < p; ++i)
    idx[i] = static_cast<int64_t>(static_cast<double>(i) *
                                  static_cast<double>(n - 1) /
                                  static_cast<double>(p - 1));
  return idx;
}

Tensor primalWeights(const Tensor &x, const Tensor &theta) {
  checkTensor(x, "x", 2);
  checkTensor(theta, "theta", 2);
  std::vector<int64_t> batch = batchDims(x);
  const int64_t n = dimFromEnd(x, 2), d = dimFromEnd(x, 1);
  const int64_t p = dimFromEnd(theta, 2), s = dimFromEnd(theta, 1);
  const int64_t thetaBatch = checkSuffixBatch(batch, theta, "theta", "x");
  const std::vector<int64_t> idx = sampleIndices(n, p);

  Tensor out = Tensor::zeros(concat(batch, {d, s}));
  const int64_t numBatch = numElements(batch);
  for (int64_t b = 0; b < numBatch; ++b) {
    const double *xb = x.data.data() + b * n * d;
    const double *tb = theta.data.data() + (b % thetaBatch) * p * s;
    double *ob = out.data.data() + b * d * s;
    for (int64_t i = 0; i < p; ++i)
      for (int64_t a = 0; a < d; ++a) {
        double xv = xb[idx[i] * d + a];
        for (int64_t c = 0; c < s; ++c)
          ob[a * s + c] += xv * tb[i * s + c];
      }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Comparison helpers
//===----------------------------------------------------------------------===//

double maxAbsError(const Tensor &ref, const float *got) {
  return maxError(ref, got, /*relative=*/false, 0.0);
}

double maxAbsError(const Tensor &ref, const std::vector<float> &got) {
  checkSameSize(ref, got);
  return maxError(ref, got.data(), /*relative=*/false, 0.0);
}

double maxRelError(const Tensor &ref, const float *got, double floor) {
  return maxError(ref, got, /*relative=*/true, floor);
}

double maxRelError(const Tensor &ref, const std::vector<float> &got,
                   double floor) {
  checkSameSize(ref, got);
  return maxError(ref, got.data(), /*relative=*/true, floor);
}

} // namespace attn::ref
