//===- AttnOps.td - attn dialect ops -----------------------*- tablegen -*-===//

#ifndef ATTN_DIALECT_ATTN_IR_ATTNOPS_TD
#define ATTN_DIALECT_ATTN_IR_ATTNOPS_TD

include "attn-mlir/Dialect/Attn/IR/AttnBase.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// All attn ops share the destination-passing shape of `linalg.softmax`:
// variadic `ins`, one `outs`, and a result only on tensors.
class Attn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Attn_Dialect, mnemonic, !listconcat([
        DestinationStyleOpInterface,
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
        DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                                  ["reifyResultShapes"]>
      ], traits)> {
  let results = (outs Variadic<AnyRankedTensor>:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $init `:` type($init) `)`
    attr-dict (`->` type($result)^)?
  }];

  code attnCommonDecls = [{
    MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
    ShapedType getInitType() { return cast<ShapedType>(getInit().getType()); }
    /// Number of leading batch dimensions shared by the per-token operands.
    int64_t getNumBatchDims() { return getInitType().getRank() - 2; }
  }];
}

def Attn_VanillaOp : Attn_Op<"vanilla", [AttrSizedOperandSegments]> {
  let summary = "softmax attention: softmax(scale * Q * K^T + mask) * V";
  let description = [{
    Classic scaled dot-product attention in destination-passing style.

    Operands (`B...` are any number of leading batch dimensions, identical
    across `q` and the init; `k` and `v` share them too, except that the last
    batch dim -- the heads -- may be smaller, see below):

    | operand | shape          | meaning                                      |
    |---------|----------------|----------------------------------------------|
    | `q`     | `[B..., H, N, d]` | queries                                   |
    | `k`     | `[B..., Hkv, M, d]` | keys                                    |
    | `v`     | `[B..., Hkv, M, dv]`| values                                  |
    | `mask`  | broadcasts to `[B..., H, N, M]` | optional mask (numpy broadcasting): additive with the element type of `q`, or `i1` (true = attend, PyTorch SDPA's boolean `attn_mask`) |
    | init    | `[B..., H, N, dv]`| destination                               |

    **Grouped-query / multi-query attention**: `H % Hkv == 0`, and query head
    `h` reads key/value head `h / (H / Hkv)` (PyTorch's `repeat_interleave`
    order, as SDPA's `enable_gqa`); `Hkv = 1` is multi-query attention. No
    lowering copies `k` or `v` up to `H` heads.

    Attributes:
    * `scale` (f32, optional): multiplies the scores; defaults to
      `1 / sqrt(d)`.
    * `causal` (unit): query row `i` at position `p(i)` sees keys
      `j <= p(i)`.
    * `window` (i64 `W >= 0`, optional): sliding window; query row `i` sees
      only keys `j >= p(i) - W` (the `W` keys before it and itself, as
      FlashAttention's `window_size = (W, -1)`); with `causal` it sees keys
      `p(i) - W <= j <= p(i)`.
    * `alignment` (optional, only with `causal` or `window`): where query
      row `i` sits among the keys, `p(i) = i + offset`:
      - `#attn.alignment<top_left>`: `offset = 0`, as PyTorch SDPA's
        `is_causal` (`tril`);
      - `#attn.alignment<bottom_right>`: `offset = M - N`, the last query is
        the last key, as FlashAttention >= 2.1 and every KV-cache decoder
        (N new queries against a cache of M keys, the queries being the
        cache's last N entries). With `N > M` the first `N - M` rows see no
        key and yield zeros (see fully masked rows below).
      When `N == M` both are the same and `alignment` may be omitted; when
      `N != M` a positional mask without `query_offset` must say which one
      it means (an error otherwise: the two differ in every row).
    * `query_offset` (optional `index` operand, only with `causal` or
      `window`, not with `alignment`): the absolute position of query row
      0, `p(i) = i + query_offset`. Tiling over queries sets it so that a
      tile of rows `[o, o + n)` still masks against absolute positions.

    Attribute names are checked: an unknown one (e.g. `casual`) is an error
    that names the closest known attribute. Dialect-prefixed discardable
    attributes (`foo.bar`) are allowed.

    A row whose every score is `-inf` (only possible with a `-inf` mask)
    yields zeros, as PyTorch's `_safe_softmax` does, with both CPU
    strategies (`flash` and `materialized`) and on the systolic array
    (both schedules); a row of finite large negative scores is not masked
    and stays a softmax.

    Example:

    ```mlir
    %o = attn.vanilla ins(%q, %k, %v : tensor<2x8x128x64xf32>,
                          tensor<2x8x256x64xf32>, tensor<2x8x256x32xf32>)
                      outs(%init : tensor<2x8x128x32xf32>)
                      {causal, scale = 0.125 : f32} -> tensor<2x8x128x32xf32>
    %o = attn.vanilla ins(%q, %k, %v, %mask : tensor<128x64xf32>,
                          tensor<256x64xf32>, tensor<256x32xf32>,
                          tensor<128x256xf32>)
                      outs(%init : tensor<128x32xf32>) -> tensor<128x32xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyShaped>:$inputs, AnyShaped:$init,
                       Optional<Index>:$query_offset,
                       UnitAttr:$causal, OptionalAttr<F32Attr>:$scale,
                       OptionalAttr<I64Attr>:$window,
                       OptionalAttr<Attn_AlignmentAttr>:$alignment);
  // The builder from before `window` existed, so embedders' code that builds
  // the op keeps compiling (examples/consumer).
  let builders = [
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes,
                   "::mlir::ValueRange":$inputs, "::mlir::Value":$init,
                   "::mlir::Value":$query_offset, "::mlir::UnitAttr":$causal,
                   "::mlir::FloatAttr":$scale), [{
      build($_builder, $_state, resultTypes, inputs, init, query_offset,
            causal, scale, /*window=*/::mlir::IntegerAttr(),
            /*alignment=*/::mlir::attn::AlignmentAttr());
    }]>,
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes,
                   "::mlir::ValueRange":$inputs, "::mlir::Value":$init,
                   "::mlir::Value":$query_offset, "::mlir::UnitAttr":$causal,
                   "::mlir::FloatAttr":$scale, "::mlir::IntegerAttr":$window), [{
      build($_builder, $_state, resultTypes, inputs, init, query_offset,
            causal, scale, window, /*alignment=*/::mlir::attn::AlignmentAttr());
    }]>
  ];
  let assemblyFormat = [{
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $init `:` type($init) `)`
    (`query_offset` `(` $query_offset^ `)`)?
    attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = attnCommonDecls # [{
    Value getQuery() { return getInputs()[0]; }
    Value getKey() { return getInputs()[1]; }
    Value getValue() { return getInputs()[2]; }
    /// Names of the `inputs` by position (diagnostics, buffer names).
    static ::llvm::ArrayRef<::llvm::StringRef> getInputNames() {
      static const ::llvm::StringRef names[] = {"q", "k", "v", "mask"};
      return names;
    }
    /// The additive mask, or null when absent.
    Value getMask() {
      return getInputs().size() > 3 ? getInputs()[3] : Value();
    }
    /// `scale` if given, else `1 / sqrt(d)`.
    double getScaleOrDefault();
    /// Query heads per key/value head, `H / Hkv` (grouped-query attention);
    /// 1 without batch dims, when the heads match, or when either extent is
    /// dynamic.
    int64_t getKvGroupSize();
    /// The logical score shape `[B..., H, N, M]` the mask broadcasts to.
    SmallVector<int64_t> getScoreShape();
    /// Whether any positional masking (causal or window) applies.
    bool hasPositionalMask() { return getCausal() || getWindow().has_value(); }
    /// The position of query row 0 among the keys when no `query_offset`
    /// operand is given: `M - N` for bottom_right alignment, else 0 (the
    /// one place the alignment rule is written; every lowering and the cost
    /// model read it). Requires static N and M for bottom_right.
    int64_t getDefaultQueryOffset();
    /// `query_offset` if present, else the alignment's default offset as a
    /// constant index (for builders that need a value).
    ::mlir::OpFoldResult getQueryOffsetOrDefault(::mlir::OpBuilder &b);
  }];
}

def Attn_PrimalOp : Attn_Op<"primal"> {
  let summary = "Primal-Attention: [phi(Q) W_e, phi(K) W_r] W_c + b_c";
  let description = [{
    Primal-Attention (Chen, Tao, Tonin, Suykens, NeurIPS 2023) writes
    self-attention as an asymmetric kernel SVD solved in the primal. Per batch
    index it computes the projection scores `e = phi(Q) * W_e` and
    `r = phi(K) * W_r` (both `N x s`) and the output
    `O = e * W_c[0:s] + r * W_c[s:2s] + b_c`. Its cost is linear in `N`: there
    is no `N x N` matrix and no softmax.

    | operand | shape            | meaning                                   |
    |---------|------------------|-------------------------------------------|
    | `q`     | `[B..., N, d]`   | queries                                   |
    | `k`     | `[B..., N, d]`   | keys (same shape as `q`)                  |
    | `w_e`   | `[B'..., d, s]`  | query projection; `B'...` is a suffix of `B...` (broadcast) |
    | `w_r`   | `[B''..., d, s]` | key projection; `B''...` is a suffix of `B...` |
    | `w_c`   | `[2s, dv]`       | output projection, shared by all heads    |
    | `b_c`   | `[dv]`           | optional output bias                      |
    | init    | `[B..., N, dv]`  | destination                               |

    Attributes:
    * `feature_map`: `#attn.feature_map<l2>` (default,
      `phi(x) = x / max(||x||_2, 1e-12)` per row) or
      `#attn.feature_map<identity>`.
    * `causal` (unit): before `phi`, each row of `q` and `k` is replaced by
      the running mean of the rows up to it (the paper's language-model
      variant).

    Example (per-head weights shared over the batch, with bias):

    ```mlir
    %o = attn.primal ins(%q, %k, %we, %wr, %wc, %bc
                         : tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>,
                           tensor<8x64x16xf32>, tensor<8x64x16xf32>,
                           tensor<32x64xf32>, tensor<64xf32>)
                     outs(%init : tensor<2x8x128x64xf32>)
                     {feature_map = #attn.feature_map<identity>}
                     -> tensor<2x8x128x64xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyShaped>:$inputs, AnyShaped:$init,
                       DefaultValuedAttr<Attn_FeatureMapAttr,
                                         "::mlir::attn::FeatureMap::l2">:$feature_map,
                       UnitAttr:$causal);
  let extraClassDeclaration = attnCommonDecls # [{
    Value getQuery() { return getInputs()[0]; }
    Value getKey() { return getInputs()[1]; }
    Value getWe() { return getInputs()[2]; }
    /// Names of the `inputs` by position (diagnostics, buffer names).
    static ::llvm::ArrayRef<::llvm::StringRef> getInputNames() {
      static const ::llvm::StringRef names[] = {"q", "k", "w_e", "w_r", "w_c", "b_c"};
      return names;
    }
    Value getWr() { return getInputs()[3]; }
    Value getWc() { return getInputs()[4]; }
    /// The output bias, or null when absent.
    Value getBias() {
      return getInputs().size() > 5 ? getInputs()[5] : Value();
    }
  }];
}

def Attn_PrimalWeightsOp : Attn_Op<"primal_weights"> {
  let summary = "data-dependent Primal-Attention weights W = X_s^T * Theta";
  let description = [{
    Computes the projection weights of data-dependent Primal-Attention:
    `W = X_s^T * Theta`, where `X_s` are the `p` rows of `X` at positions
    `idx_i = trunc(i * (N - 1) / (p - 1))` (`idx_0 = 0` when `p = 1`), as
    `torch.linspace(0, N - 1, p).long()` picks them.

    | operand | shape           | meaning                                  |
    |---------|-----------------|------------------------------------------|
    | `x`     | `[B..., N, d]`  | head-split layer input                   |
    | `theta` | `[B'..., p, s]` | learned coefficients; `B'...` is a suffix of `B...` |
    | init    | `[B..., d, s]`  | destination                              |

    `p <= N` is required.

    ```mlir
    %we = attn.primal_weights ins(%x, %theta : tensor<2x8x128x64xf32>,
                                  tensor<8x40x16xf32>)
                              outs(%init : tensor<2x8x64x16xf32>)
                              -> tensor<2x8x64x16xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyShaped>:$inputs, AnyShaped:$init);
  let extraClassDeclaration = attnCommonDecls # [{
    Value getX() { return getInputs()[0]; }
    Value getTheta() { return getInputs()[1]; }
    /// Names of the `inputs` by position (diagnostics, buffer names).
    static ::llvm::ArrayRef<::llvm::StringRef> getInputNames() {
      static const ::llvm::StringRef names[] = {"x", "theta"};
      return names;
    }
  }];
}

def Attn_PrimalStreamOp : Op<Attn_Dialect, "primal_stream", [
    DestinationStyleOpInterface, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                              ["reifyResultShapes"]>]> {
  let summary = "causal Primal-Attention over a chunk of a stream, with "
                "explicit constant-size state";
  let description = [{
    The streaming form of causal Primal-Attention (`attn.primal {causal}`):
    it processes a chunk of `T` new tokens given the running state of all
    tokens before it, and returns the output rows and the new state. The
    state per batch index is two running sums of `d` floats and a count,
    whatever the context length -- unlike softmax attention's KV cache,
    which grows with it.

    | operand  | shape          | meaning                                   |
    |----------|----------------|-------------------------------------------|
    | `q`      | `[B..., T, d]` | queries of the chunk                      |
    | `k`      | `[B..., T, d]` | keys of the chunk                         |
    | `w_e`, `w_r` | `[B'..., d, s]` | projections, as `attn.primal`      |
    | `w_c`    | `[2s, dv]`     | output projection                         |
    | `b_c`    | `[dv]`         | optional output bias                      |
    | outs `init`  | `[B..., T, dv]` | destination of the output rows     |
    | outs `q_sum` | `[B..., d]`  | in: sum of the queries before the chunk; result: including the chunk |
    | outs `k_sum` | `[B..., d]`  | the same for the keys                  |
    | `seen`   | `index`        | tokens before the chunk (default 0)       |

    Row `t` of the chunk is token `p = seen + t + 1` (1-based); with
    `Sq_t = q_sum + q_0 + ... + q_t` (and `Sk_t` likewise),

    ```
    o_t = phi(Sq_t / p) W_e W_c[0:s] + phi(Sk_t / p) W_r W_c[s:2s] + b_c
    ```

    which is exactly `attn.primal {causal}` on the whole sequence: running
    a sequence in chunks of any sizes, feeding each chunk the state the
    previous one returned, gives the same result as running it whole (the
    additions of the running sums happen in the same order, so the sums are
    bit-identical; see docs/streaming.md). The state operands are
    accumulators in destination-passing style, as `linalg.matmul`
    accumulates into its `outs`: on tensors the op returns the new state;
    on memrefs it updates the state buffers in place. A first chunk passes
    zero sums and no `seen`.

    Attributes: `feature_map` as `attn.primal`.

    ```mlir
    %o, %qs, %ks = attn.primal_stream
        ins(%q, %k, %we, %wr, %wc : tensor<8x1x64xf32>, tensor<8x1x64xf32>,
            tensor<8x64x32xf32>, tensor<8x64x32xf32>, tensor<64x64xf32>)
        outs(%init, %q_sum, %k_sum : tensor<8x1x64xf32>, tensor<8x64xf32>,
             tensor<8x64xf32>)
        seen(%t) -> tensor<8x1x64xf32>, tensor<8x64xf32>, tensor<8x64xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyShaped>:$inputs, Variadic<AnyShaped>:$outs,
                       Optional<Index>:$seen,
                       DefaultValuedAttr<Attn_FeatureMapAttr,
                                         "::mlir::attn::FeatureMap::l2">:$feature_map);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let hasVerifier = 1;
  let assemblyFormat = [{
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $outs `:` type($outs) `)`
    (`seen` `(` $seen^ `)`)?
    attr-dict (`->` type($results)^)?
  }];
  let extraClassDeclaration = [{
    MutableOperandRange getDpsInitsMutable() { return getOutsMutable(); }
    Value getQuery() { return getInputs()[0]; }
    Value getKey() { return getInputs()[1]; }
    Value getWe() { return getInputs()[2]; }
    Value getWr() { return getInputs()[3]; }
    Value getWc() { return getInputs()[4]; }
    /// The output bias, or null when absent.
    Value getBias() {
      return getInputs().size() > 5 ? getInputs()[5] : Value();
    }
    Value getInit() { return getOuts()[0]; }
    Value getQSum() { return getOuts()[1]; }
    Value getKSum() { return getOuts()[2]; }
    ShapedType getInitType() { return cast<ShapedType>(getInit().getType()); }
    /// Number of leading batch dimensions.
    int64_t getNumBatchDims() { return getInitType().getRank() - 2; }
    /// Names of the `inputs` by position (diagnostics, buffer names).
    static ::llvm::ArrayRef<::llvm::StringRef> getInputNames() {
      static const ::llvm::StringRef names[] = {"q", "k", "w_e", "w_r", "w_c", "b_c"};
      return names;
    }
    /// Names of the `outs` by position.
    static ::llvm::ArrayRef<::llvm::StringRef> getOutNames() {
      static const ::llvm::StringRef names[] = {"init", "q_sum", "k_sum"};
      return names;
    }
  }];
}

#endif // ATTN_DIALECT_ATTN_IR_ATTNOPS_TD
