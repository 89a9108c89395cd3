//===- Passes.td - attn transformation passes --------------*- tablegen -*-===//

#ifndef ATTN_DIALECT_ATTN_TRANSFORMS_PASSES_TD
#define ATTN_DIALECT_ATTN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

include "attn-mlir/Dialect/Attn/Transforms/PassOptions.td"

def ConvertAttnToLinalg : Pass<"convert-attn-to-linalg"> {
  let summary = "Decompose attn ops into linalg, tensor and scf ops";
  let description = [{
    Rewrites every `attn.vanilla`, `attn.primal` and `attn.primal_weights`
    on static-shape tensors into `linalg.generic` (and `linalg.fill`,
    `linalg.transpose`, `tensor.extract_slice`, `scf.for`) through the same code
    as their `linalg::AggregatedOpInterface::decomposeOperation`. Dynamic
    shapes and memref operands are rejected with an error naming the op and
    the operand.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"strategy", "strategy", "::mlir::attn::VanillaStrategy",
           "::mlir::attn::VanillaStrategy::Flash",
           "How attn.vanilla is lowered", StrategyOption>,
    Option<"keyBlock", "key-block", "int64_t", "64",
           "Keys per block of the flash strategy (> 0)">,
    Option<"kvSplits", "kv-splits", "int64_t", "1",
           "Split-KV: reduce the key blocks in this many independent ranges "
           "(an scf.forall) and combine the partial softmax statistics; for "
           "decoding, flash only (>= 1)">,
  ];
}

def AttnRaise : Pass<"attn-raise"> {
  let summary = "Recognize softmax attention in linalg and TOSA; rewrite it to attn.vanilla";
  let description = [{
    Finds `softmax(scale * Q * K^T + mask) * V` written with upstream ops
    and replaces it by one `attn.vanilla` (docs/frontends.md):

    * linalg: `linalg.matmul` / `linalg.batch_matmul` / a contraction
      `linalg.generic` (zero-filled init) whose K operand is transposed by
      its indexing map, a `linalg.transpose` or a transposing
      `linalg.generic`; optional scale (a `linalg.generic` multiplying or
      dividing by a constant, or `linalg.mul`/`linalg.div` by a splat);
      optional additive mask (`linalg.generic` add with a numpy-broadcast
      map, or `linalg.add`); `linalg.softmax` over the last dim; then the
      product with V.
    * the softmax decomposed into generics as torch-mlir's TorchToLinalg
      emits it: max reduction, subtract, exp, sum reduction, divide (row
      values with a dropped or size-1 last dim).
    * TOSA: `tosa.matmul` with `tosa.transpose`d K, optional `tosa.mul` by a
      constant and `tosa.add` of a mask, then `tosa.reduce_max`,
      `tosa.sub`, `tosa.exp`, `tosa.reduce_sum`, `tosa.reciprocal`,
      `tosa.mul` (or `tosa.div`-free forms), and `tosa.matmul` with V.

    Only static-shape f32 tensors are raised. Anything that does not match
    exactly (another reduction dim, scale after the mask, a non-zero
    accumulator, a non-constant scale, ...) stays untouched; the ops of a
    raised chain that become dead are erased.
  }];
  let dependentDialects = ["::mlir::attn::AttnDialect",
                           "::mlir::tensor::TensorDialect"];
}

def AttnTile : Pass<"attn-tile"> {
  let summary = "Tile attn ops into static-shape tiles";
  let description = [{
    Tiles every attn op over its parallel loops through its
    `TilingInterface`: each batch dim by `batch-tile` and the query rows
    (`attn.vanilla`, `attn.primal`) or weight rows (`attn.primal_weights`)
    by `row-tile`. A non-dividing row extent gets a peeled last tile of its
    own static size, so every tile has a static shape. A batch dim is tiled
    by the largest divisor of its extent not above `batch-tile` instead:
    batch slices are independent, and peeled batch tiles would copy the
    whole kernel once per non-dividing dim (2^k copies for k dims). With
    `parallel`, the loop over the full tiles of the innermost tiled dim is an
    `scf.forall` whose iterations write disjoint result slices
    (`tensor.parallel_insert_slice`), ready for `scf-forall-to-parallel` and
    `convert-scf-to-openmp`.

    Causal Primal-Attention is a scan: `attn.primal {causal}` is first
    rewritten to `attn.primal_stream` from a zero state, and stream ops are
    tiled in two steps: batch dims (by `batch-tile`, or by 1 when it is 0
    and `parallel` is on, so that batch x heads run in parallel), then
    inside each batch tile the rows by `row-tile` in an `scf.for` that
    carries the running sums from tile to tile.
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"batchTile", "batch-tile", "int64_t", "1",
           "Tile size of every batch dim (0 = untiled)">,
    Option<"rowTile", "row-tile", "int64_t", "64",
           "Tile size of the query/weight rows (0 = untiled)">,
    Option<"parallel", "parallel", "bool", "false",
           "Run the full tiles of the innermost tiled loop in an scf.forall">,
  ];
}

def DecomposeLinalgAggregates : Pass<"attn-decompose-linalg-aggregates"> {
  let summary = "Decompose linalg aggregate ops (linalg.softmax) into generics";
  let description = [{
    Calls `linalg::AggregatedOpInterface::decomposeOperation` on every op
    that implements it (`linalg.softmax` in the input, and attn ops no
    earlier pass decomposed), so that later loop or vector lowering sees
    only structured ops. Upstream offers this only as a transform op
    (`transform.structured.decompose_interface`).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def AttnVectorizeLinalg : Pass<"attn-vectorize-linalg"> {
  let summary = "Register-tile and vectorize static-shape linalg ops";
  let description = [{
    For every `linalg` op with static shapes: tiles its loops with sizes
    that divide the extents (so no masks are needed) -- up to `vector-width`
    on the innermost parallel loop, `rows` on the next parallel loop and
    `reduction-tile` on reductions (`contraction-reduction-tile` for the
    reduction of a contraction, so a `rows` x `vector-width` accumulator
    stays in registers across it) -- then vectorizes the tile with
    `linalg::vectorize` and lowers contractions, reductions and transfers
    towards LLVM-friendly vector ops. `math.exp` is replaced by upstream's
    polynomial approximation (built from `math.fma`) and f32 `math.exp2`
    (flash's base-2 softmax) by a shorter one of our own (five
    multiply-adds and a multiply, within 1.9e-7 relative, results below
    2^-125.5 flushed to zero), so both stay in vector registers instead of
    becoming one libm call per lane. A contraction whose innermost loop indexes the last dim of every operand
    (a batch dim, e.g. decode's lane sums `T[j, l] += K[j, c, l] * q[c, l]`)
    is vectorized as a generic, whole-vector multiply-adds along that dim,
    not as outer-product FMAs, which would transpose every tile.

    The register tile comes from `target-cpu` (default: the host, by LLVM's
    host detection) unless `vector-width` and `rows` are given: two vector
    registers wide, and the most rows (at most 8) whose accumulators and
    operands fit the register file -- 8 x 32 on AVX-512, 6 x 16 on AVX2
    (with FMA); without FMA a power of two, 4 x 16 on AVX and 4 x 8 on
    SSE-only x86-64; 4 x 16 elsewhere. The A operand of the outer products
    is read element by element (broadcast from memory), so a row count
    that is not a power of two costs no shuffles. Other ops
    (elementwise, reductions) get `elementwise-rows` rows at that width,
    by default as many as leave about six registers per vector for an
    expanded `exp`: 2 on AVX-512, 1 elsewhere (docs/cpu-pipeline.md,
    "Register tiles from the target").
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
  let options = [
    Option<"targetCpu", "target-cpu", "std::string", "\"host\"",
           "CPU the code is compiled for (as llc -mcpu: 'host', x86-64-v3, "
           "znver4, ...); its vector ISA gives vector-width and rows when "
           "they are 0">,
    Option<"vectorWidth", "vector-width", "int64_t", "0",
           "Largest tile of the innermost parallel loop (1 to 64; 0: two "
           "vector registers of target-cpu)">,
    Option<"rows", "rows", "int64_t", "0",
           "Largest tile of a contraction's second innermost parallel loop "
           "(1 to 64; 0: from target-cpu's register count)">,
    Option<"elementwiseRows", "elementwise-rows", "int64_t", "0",
           "Largest tile of the second innermost parallel loop of every "
           "other op (1 to 64; 0: from target-cpu's register count)">,
    Option<"reductionTile", "reduction-tile", "int64_t", "8",
           "Largest tile of each reduction loop (1 to 64)">,
    Option<"contractionReductionTile", "contraction-reduction-tile",
           "int64_t", "64",
           "Largest tile of the reduction loop of a contraction, over which "
           "its outer-product FMAs are unrolled (1 to 64)">,
  ];
}

def AttnExpandBF16 : Pass<"attn-expand-bf16"> {
  let summary = "Expand f32 <-> bf16 conversions into integer ops";
  let description = [{
    Rewrites `arith.extf` from and `arith.truncf` to `bf16` (scalars and
    vectors) as shifts and round-to-nearest-even integer arithmetic, with
    upstream's `populateExpandBFloat16Patterns`. Without it LLVM calls
    `__truncsfbf2`, which libgcc has only from GCC 13 on, and scalarizes
    vectors. Unlike `arith-expand{include-bf16}` it leaves every other arith
    op (`maximumf`, ...) alone. Part of `attn-cpu-pipeline` (f16/bf16
    `attn.vanilla`).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def AttnInlineAllocaScopes : Pass<"attn-inline-alloca-scopes"> {
  let summary = "Inline memref.alloca_scope ops that hold no memref.alloca";
  let description = [{
    `convert-scf-to-openmp` wraps every parallel loop body in a
    `memref.alloca_scope`, whose region must remain one block, so lowering a
    loop inside it with `convert-scf-to-cf` fails. The canonicalizer inlines
    a scope only when no op in it may allocate on the stack and counts calls
    (such as buffer deallocation's `dealloc_helper`) as possible allocas. A
    callee's stack memory is gone when it returns, so this pass inlines every
    single-block scope without a `memref.alloca` in it.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def AttnInternalizePrivateFunctions
    : Pass<"attn-internalize-private-functions", "::mlir::ModuleOp"> {
  let summary = "Give private llvm.func definitions internal linkage";
  let description = [{
    Lowering to the LLVM dialect keeps a `private` function (such as the
    `dealloc_helper` of buffer deallocation) with external linkage, so two
    ahead-of-time compiled objects that each define one collide at link
    time. This pass sets `linkage = internal` on every `llvm.func` with a
    body and private symbol visibility; the last step of
    `attn-cpu-pipeline`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // ATTN_DIALECT_ATTN_TRANSFORMS_PASSES_TD
