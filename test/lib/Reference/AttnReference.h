//===- AttnReference.h - Double-precision attention reference ---*- C++ -*-===//
//
// Plain C++17 reference implementations of the attention ops, computed in
// double precision with no MLIR dependency. Integration tests compare compiled
// f32 kernels against these; examples and benchmarks use them to check
// results.
//
// Conventions shared by every op:
//  * Tensors are dense and row-major; `shape` lists the dims outermost first.
//  * `B...` is any number (possibly zero) of leading batch dims.
//  * Invalid shapes (rank, batch dims, broadcast rules, data size not matching
//    the shape) throw std::invalid_argument with a message naming the operand.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_TEST_REFERENCE_ATTNREFERENCE_H
#define ATTN_TEST_REFERENCE_ATTNREFERENCE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace attn::ref {

/// Number of elements of `shape` (1 for rank 0). Throws on a negative dim.
int64_t numElements(const std::vector<int64_t> &shape);

/// Formats a shape as "[2, 3, 4]" for error messages and test output.
std::string shapeToString(const std::vector<int64_t> &shape);

/// A dense row-major double tensor. It is a plain aggregate so tests can write
/// `Tensor{{2, 2}, {1, 2, 3, 4}}`; every op checks data.size() == numel().
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;

  /// Zero-filled tensor of the given shape.
  static Tensor zeros(std::vector<int64_t> shape);
  /// Tensor with explicit data; throws if data.size() != numElements(shape).
  static Tensor fromData(std::vector<int64_t> shape, std::vector<double> data);
  /// Tensor widened from f32 values; throws on a size mismatch.
  static Tensor fromFloat(std::vector<int64_t> shape,
                          const std::vector<float> &values);
  /// Tensor filled by fillRandom(seed, lo, hi).
  static Tensor random(std::vector<int64_t> shape, uint32_t seed,
                       double lo = -1.0, double hi = 1.0);

  int64_t numel() const { return numElements(shape); }
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }

  /// Resizes data to numel() and fills it with values uniform in [lo, hi]
  /// drawn from std::mt19937(seed). The mapping from the generator's output
  /// is done by hand (not std::uniform_real_distribution) so the values are
  /// identical across standard libraries.
  void fillRandom(uint32_t seed, double lo = -1.0, double hi = 1.0);

  /// Element access by full multi-index; throws std::out_of_range.
  double &at(const std::vector<int64_t> &index);
  double at(const std::vector<int64_t> &index) const;

  /// Data narrowed to f32, e.g. to feed a compiled kernel.
  std::vector<float> toFloat() const;
};

/// Vanilla attention: O = softmax(scale * Q K^T + mask) V, row-wise softmax
/// over the key axis.
///   q    [B..., H, N, d]
///   k    [B..., Hkv, M, d]
///   v    [B..., Hkv, M, dv]; Hkv == H, or Hkv divides H (grouped-query
///        attention: query head h reads key/value head h / (H / Hkv), as
///        PyTorch's repeat_interleave / SDPA enable_gqa).
///   mask optional mask broadcastable (numpy rules: right-aligned, each dim
///        1 or equal, may have fewer dims) to [B..., H, N, M]. Additive:
///        entries may be finite or -inf; +inf and NaN are rejected. With
///        boolMask, entries are 0 (hidden) or 1 (attend), SDPA's bool mask.
///   scale defaults to 1/sqrt(d) (d must then be >= 1); must be finite.
///   causal: query i only sees keys j <= i (top-left aligned, like
///        torch.tril(ones(N, M))), so with N > M the last rows see all keys.
///   window: query i only sees keys j >= i - window (sliding window, as
///        FlashAttention's window_size = (window, -1)); combines with causal.
///   queryOffset: query row i sits at key position i + queryOffset for the
///        causal and window rules (0 = top-left alignment; M - N =
///        bottom-right, as FlashAttention >= 2.1 and KV-cache decoding; it
///        may be negative, then the first rows see no key).
/// returns [B..., H, N, dv].
///
/// Softmax is computed stably (row max subtracted). A row whose scores are all
/// -inf (e.g. causal + a -inf mask on the visible keys, or M == 0) has no
/// defined softmax; its output row is all zeros rather than NaN.
Tensor vanilla(const Tensor &q, const Tensor &k, const Tensor &v,
               const Tensor *mask = nullptr,
               std::optional<double> scale = std::nullopt, bool causal = false,
               std::optional<int64_t> window = std::nullopt,
               bool boolMask = false, int64_t queryOffset = 0);

enum class FeatureMap {
  /// phi(x) = x / max(||x||_2, 1e-12), applied per row (so a zero row maps to
  /// zeros instead of NaN).
  L2,
  /// phi(x) = x.
  Identity,
};

/// Primal attention, per batch index:
///   e = phi(q~) W_e   (N x s),   r = phi(k~) W_r   (N x s)
///   o = e W_c[0:s, :] + r W_c[s:2s, :] + b_c
///   q, k [B..., N, d] (identical shapes)
///   we, wr [B'..., d, s] where B'... equals B... or a suffix of it, e.g.
///        per-head [H, d, s] weights shared across B for B... = [B, H], or
///        [d, s] shared by all. we and wr may use different B'.
///   wc [2s, dv]; bc [dv] or nullptr (no bias).
///   causal: before phi, each q and k row is replaced by the running prefix
///        mean q~_i = (1/(i+1)) sum_{j<=i} q_j; otherwise q~ = q, k~ = k.
/// returns [B..., N, dv].
Tensor primal(const Tensor &q, const Tensor &k, const Tensor &we,
              const Tensor &wr, const Tensor &wc, const Tensor *bc = nullptr,
              FeatureMap featureMap = FeatureMap::L2, bool causal = false);

/// Indices of the p rows sampled out of n: idx_i = trunc(i * (n-1) / (p-1)),
/// evaluated in double; {0} when p == 1. Requires 1 <= p <= n.
std::vector<int64_t> sampleIndices(int64_t n, int64_t p);

/// Primal weights: W = X_s^T Theta, with X_s the p rows of X at
/// sampleIndices(N, p).
///   x     [B..., N, d]
///   theta [B'..., p, s], B'... equal to B... or a suffix of it.
/// returns [B..., d, s]. Requires 1 <= p <= N.
Tensor primalWeights(const Tensor &x, const Tensor &theta);

/// Comparison helpers. Per element, the error is 0 when got == ref exactly
/// (this includes equal infinities); otherwise
///   abs error = |got - ref|
///   rel error = |got - ref| / max(|ref|, floor)
/// and any NaN (in got or ref) counts as +inf, so a NaN never passes an
/// `err <= tol` check. The result is the maximum over all elements (0 for an
/// empty tensor). `floor` keeps the relative error meaningful near zero; it
/// must be >= 0. The pointer overloads read ref.numel() values; the vector
/// overloads throw std::invalid_argument on a size mismatch.
double maxAbsError(const Tensor &ref, const float *got);
double maxAbsError(const Tensor &ref, const std::vector<float> &got);
double maxRelError(const Tensor &ref, const float *got, double floor);
double maxRelError(const Tensor &ref, const std::vector<float> &got,
                   double floor);

} // namespace attn::ref

#endif // ATTN_TEST_REFERENCE_ATTNREFERENCE_H
