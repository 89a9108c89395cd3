//===- Cases.h - the CPU numerics test cases, one table for all ----------===//
//
// One table drives both the generator of the compiled kernels
// (GenCases.cpp -> cases.mlir) and the test driver (CpuNumericsTest.cpp),
// so shapes and attributes cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_TEST_INTEGRATION_CPU_CASES_H
#define ATTN_TEST_INTEGRATION_CPU_CASES_H

#include <cstdint>
#include <string>
#include <vector>

namespace attn::cases {

using Shape = std::vector<int64_t>;
enum class Kind { Vanilla, Primal, PrimalWeights };

struct Case {
  std::string name;
  Kind kind;
  /// Inputs in op order: vanilla q, k, v[, mask]; primal q, k, w_e, w_r,
  /// w_c[, b_c]; primal_weights x, theta.
  std::vector<Shape> inputs;
  Shape output;
  bool causal = false;
  /// vanilla: causal/window alignment bottom_right (row i at key position
  /// i + M - N, KV-cache decode); otherwise top_left. GenCases writes the
  /// alignment whenever N != M (the op requires it then).
  bool bottomRight = false;
  double scale = 0;        // vanilla: 0 = default 1/sqrt(d)
  bool identity = false;   // primal: identity feature map
  /// Random integers in [-intRange, intRange] for q and k instead of
  /// uniform [-1, 1): exact large scores (softmax overflow check).
  int intRange = 0;
  bool zeroQueryRow = false; // primal: row 0 of q is all zeros
  /// Query rows of the [N, M] mask that are -inf everywhere (fully masked
  /// rows: zeros, PyTorch's _safe_softmax), rows that are -1e30
  /// everywhere (finite: still a softmax, the mean of the values), and rows
  /// of the lowest f32, -FLT_MAX (PyTorch's finfo(f32).min, the "hidden"
  /// value of Hugging Face masks: also finite, also the mean; log2(e) times
  /// it would be -inf, which flash must not compute).
  std::vector<int64_t> maskedRows, hugeNegativeRows, lowestRows;
  /// vanilla: the mask is i1 (true = attend) instead of additive f32.
  bool boolMask = false;
  /// vanilla: sliding window W (query i sees keys j >= i - W); -1 = none.
  int64_t window = -1;
  /// vanilla: element type of q, k, v, a float mask and the result: "f32",
  /// "f16" or "bf16" (computed in f32 inside, rounded at the end).
  std::string elem = "f32";
};

inline std::vector<Case> allCases() {
  using K = Kind;
  std::vector<Case> c;
  auto vanilla = [&](std::string name, Shape q, Shape k, Shape v) {
    Case x{name, K::Vanilla, {q, k, v}, {}};
    x.output = q;
    x.output.back() = v.back();
    c.push_back(x);
    return &c.back();
  };
  // No batch dims, N != M, nothing divides the 64-row / 64-key tiles.
  vanilla("vanilla_nobatch", {33, 16}, {130, 16}, {130, 8});
  vanilla("vanilla_bh", {2, 3, 130, 16}, {2, 3, 70, 16}, {2, 3, 70, 12});
  vanilla("vanilla_n1m1", {1, 8}, {1, 8}, {1, 4});
  vanilla("vanilla_n7m33", {2, 2, 7, 8}, {2, 2, 33, 8}, {2, 2, 33, 8});
  vanilla("vanilla_causal", {2, 2, 130, 8}, {2, 2, 130, 8}, {2, 2, 130, 8})
      ->causal = true;
  vanilla("vanilla_causal_bh256", {1, 4, 256, 32}, {1, 4, 256, 32},
          {1, 4, 256, 32})
      ->causal = true;
  vanilla("vanilla_causal_n7m33", {7, 16}, {33, 16}, {33, 4})->causal = true;
  vanilla("vanilla_causal_n200m70", {200, 8}, {70, 8}, {70, 8})->causal = true;
  // KV-cache decode: N new queries against M cached keys, bottom-right
  // causal (the queries are the cache's last N entries); N > M leaves the
  // first N - M rows with no key (zeros). One sliding-window decode too.
  for (int64_t n : {1, 7})
    for (int64_t m : {1, 100, 4099}) {
      Case *x = vanilla("vanilla_decode_br_n" + std::to_string(n) + "m" +
                            std::to_string(m),
                        {2, 2, n, 16}, {2, 2, m, 16}, {2, 2, m, 8});
      x->causal = true;
      x->bottomRight = true;
    }
  {
    // One query row, not causal: the decode tile reads each K block as it
    // lies, q times its rows in 8-lane chunks (oneQueryScores in
    // DecomposeVanilla); GQA, a mask over the keys, and 200 keys = 3 full
    // 64-key blocks and a remainder.
    Case *x = vanilla("vanilla_decode_n1m200_gqa_mask", {1, 4, 1, 16},
                      {1, 2, 200, 16}, {1, 2, 200, 8});
    x->inputs.push_back({1, 1, 200});
  }
  // Decode with d = 20: 4-lane chunks, five of them; d = 6 has no 4-lane
  // split and keeps the transposed-block form.
  vanilla("vanilla_decode_n1m150_d20", {2, 1, 20}, {2, 150, 20}, {2, 150, 8});
  vanilla("vanilla_decode_n1m70_d6", {1, 6}, {70, 6}, {70, 5});
  {
    Case *x = vanilla("vanilla_decode_br_window_n7m100", {7, 16}, {100, 16},
                      {100, 8});
    x->causal = true;
    x->bottomRight = true;
    x->window = 20;
  }
  {
    Case *x = vanilla("vanilla_mask_nm", {2, 2, 7, 8}, {2, 2, 33, 8},
                      {2, 2, 33, 8});
    x->inputs.push_back({7, 33});
  }
  {
    Case *x = vanilla("vanilla_mask_b11m", {2, 3, 65, 8}, {2, 3, 129, 8},
                      {2, 3, 129, 4});
    x->inputs.push_back({2, 1, 1, 129});
  }
  {
    Case *x = vanilla("vanilla_mask_causal_scale", {2, 33, 16}, {2, 33, 16},
                      {2, 33, 16});
    x->inputs.push_back({33, 33});
    x->causal = true;
    x->scale = 0.3;
  }
  {
    // Scores up to 30*30*16 = 14400: exp would overflow without the max.
    Case *x = vanilla("vanilla_large_scores", {2, 9, 16}, {2, 100, 16},
                      {2, 100, 8});
    x->scale = 1.0;
    x->intRange = 30;
  }
  {
    Case *x = vanilla("vanilla_masked_row", {5, 8}, {70, 8}, {70, 8});
    x->inputs.push_back({5, 70});
    x->maskedRows = {0};
  }
  {
    // Fully masked rows in both query tiles and a -1e30 row beside them;
    // three key blocks of 64 (the last partial), N and M not tile multiples.
    Case *x = vanilla("vanilla_masked_rows_tiles", {130, 8}, {150, 8},
                      {150, 8});
    x->inputs.push_back({130, 150});
    x->maskedRows = {0, 64, 129};
    x->hugeNegativeRows = {1, 65};
    x->lowestRows = {2, 66};
  }
  {
    // Causal and a fully masked row: the causal mask alone never hides a
    // whole row (key 0 is visible to every query), the additive one does.
    Case *x = vanilla("vanilla_masked_row_causal", {2, 33, 16}, {2, 33, 16},
                      {2, 33, 16});
    x->inputs.push_back({33, 33});
    x->causal = true;
    x->maskedRows = {5};
    x->hugeNegativeRows = {6};
    x->lowestRows = {7};
  }

  // Grouped-query attention (issue 16): group sizes 2 and 8, and MQA
  // (one key/value head); group size 1 is every case above.
  vanilla("vanilla_gqa2", {2, 4, 70, 16}, {2, 2, 130, 16}, {2, 2, 130, 12});
  vanilla("vanilla_gqa8_causal", {1, 16, 33, 8}, {1, 2, 65, 8},
          {1, 2, 65, 8})
      ->causal = true;
  vanilla("vanilla_mqa", {2, 6, 17, 16}, {2, 1, 40, 16}, {2, 1, 40, 8});
  {
    // The mask broadcasts against the query heads.
    Case *x = vanilla("vanilla_gqa_mask_heads", {1, 4, 9, 8}, {1, 2, 70, 8},
                      {1, 2, 70, 8});
    x->inputs.push_back({4, 1, 70});
  }
  // Boolean masks (true = attend) with the float masks' broadcasting.
  {
    Case *x = vanilla("vanilla_bool_mask_nm", {2, 2, 7, 8}, {2, 2, 33, 8},
                      {2, 2, 33, 8});
    x->inputs.push_back({7, 33});
    x->boolMask = true;
  }
  {
    Case *x = vanilla("vanilla_bool_mask_b11m_causal", {2, 3, 65, 8},
                      {2, 3, 129, 8}, {2, 3, 129, 4});
    x->inputs.push_back({2, 1, 1, 129});
    x->boolMask = true;
    x->causal = true;
  }
  // Sliding windows, alone and with causal; windows that cut key blocks
  // and query tiles at odd places.
  vanilla("vanilla_window", {2, 130, 16}, {2, 130, 16}, {2, 130, 16})
      ->window = 17;
  {
    Case *x = vanilla("vanilla_window_causal", {1, 2, 130, 8},
                      {1, 2, 130, 8}, {1, 2, 130, 8});
    x->causal = true;
    x->window = 5;
  }
  {
    Case *x = vanilla("vanilla_window_causal_n70m150", {70, 8}, {150, 8},
                      {150, 8});
    x->causal = true;
    x->window = 40;
  }
  {
    // Long enough for 64-row tiles to run all three key-block loops of a
    // causal window (masked, unmasked, masked: DecomposeVanilla.cpp's
    // unmaskedKeys), plus the partial last block.
    Case *x = vanilla("vanilla_window_causal_interior", {2, 260, 8},
                      {2, 260, 8}, {2, 260, 8});
    x->causal = true;
    x->window = 150;
  }
  {
    Case *x = vanilla("vanilla_window0_causal", {33, 8}, {33, 8}, {33, 4});
    x->causal = true;
    x->window = 0;
  }
  {
    // Everything at once: GQA, an i1 mask, causal and a window.
    Case *x = vanilla("vanilla_gqa_bool_window_causal", {1, 4, 66, 8},
                      {1, 2, 66, 8}, {1, 2, 66, 8});
    x->inputs.push_back({66, 66});
    x->boolMask = true;
    x->causal = true;
    x->window = 9;
  }

  // Half precision (issue 16): f16 and bf16 operands and results, f32
  // accumulation and statistics inside.
  {
    Case *x = vanilla("vanilla_f16_causal", {2, 3, 70, 16}, {2, 3, 70, 16},
                      {2, 3, 70, 8});
    x->elem = "f16";
    x->causal = true;
  }
  {
    Case *x = vanilla("vanilla_f16_gqa_mask", {1, 4, 33, 8}, {1, 2, 130, 8},
                      {1, 2, 130, 8});
    x->inputs.push_back({33, 130});
    x->elem = "f16";
  }
  {
    Case *x = vanilla("vanilla_bf16_window", {2, 65, 16}, {2, 100, 16},
                      {2, 100, 12});
    x->elem = "bf16";
    x->window = 20;
  }
  {
    Case *x = vanilla("vanilla_bf16_bool_mask_causal", {7, 8}, {33, 8},
                      {33, 8});
    x->inputs.push_back({7, 33});
    x->boolMask = true;
    x->causal = true;
    x->elem = "bf16";
  }

  auto primal = [&](std::string name, Shape q, Shape we, Shape wr, Shape wc,
                    bool bias) {
    Case x{name, K::Primal, {q, q, we, wr, wc}, {}};
    if (bias)
      x.inputs.push_back({wc[1]});
    x.output = q;
    x.output.back() = wc[1];
    c.push_back(x);
    return &c.back();
  };
  primal("primal_bh_full", {2, 3, 33, 16}, {2, 3, 16, 5}, {2, 3, 16, 5},
         {10, 12}, true);
  primal("primal_bh_perhead_nobias", {2, 3, 130, 16}, {3, 16, 5}, {16, 5},
         {10, 16}, false);
  primal("primal_nobatch_identity", {7, 4}, {4, 3}, {4, 3}, {6, 4}, true)
      ->identity = true;
  primal("primal_causal", {2, 2, 130, 8}, {2, 8, 4}, {2, 8, 4}, {8, 8}, true)
      ->causal = true;
  primal("primal_causal_identity", {65, 8}, {8, 4}, {8, 4}, {8, 3}, false)
      ->identity = true;
  c.back().causal = true;
  primal("primal_zero_row", {2, 33, 16}, {2, 16, 6}, {16, 6}, {12, 16}, true)
      ->zeroQueryRow = true;

  auto weights = [&](std::string name, Shape x, Shape theta) {
    Case w{name, K::PrimalWeights, {x, theta}, {}};
    w.output = Shape(x.begin(), x.end() - 2);
    w.output.push_back(x.back());
    w.output.push_back(theta.back());
    c.push_back(w);
  };
  weights("weights_p1", {2, 3, 33, 16}, {3, 1, 5});
  weights("weights_pN", {33, 16}, {33, 5});
  weights("weights_mid", {2, 3, 130, 16}, {3, 40, 6});
  weights("weights_mid_full_theta", {2, 100, 8}, {2, 7, 4});
  return c;
}

} // namespace attn::cases

#endif // ATTN_TEST_INTEGRATION_CPU_CASES_H
