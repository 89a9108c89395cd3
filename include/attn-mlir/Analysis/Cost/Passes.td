//===- Passes.td - cost analysis passes --------------------*- tablegen -*-===//

#ifndef ATTN_ANALYSIS_COST_PASSES_TD
#define ATTN_ANALYSIS_COST_PASSES_TD

include "mlir/Pass/PassBase.td"
include "attn-mlir/Dialect/Attn/Transforms/PassOptions.td"

def AttnCost : Pass<"attn-cost", "::mlir::ModuleOp"> {
  let summary = "Report MACs, flops, memory and latency of every op";
  let description = [{
    Costs every op implementing `WorkOpInterface` (the attn ops analytically,
    linalg ops from their iteration domain) for a target and a lowering
    strategy, and prints one remark per op and one total per function:

    ```
    remark: attn-cost: macs=… flops=… exps=… sram_peak_bytes=… dram_bytes=…
            arith_intensity=… latency_cycles=… latency_s=… bound=… complexity=…
    ```

    `target` is `host` (the CPU this runs on, from LLVM's host CPU
    detection), a CPU preset (`cpu`, the default, which is `zen3`;
    `icelake-server`, `neoverse-n1`), a systolic preset (`gemmini`,
    `tpu-v1`, `edge`) or a `.json` file (a CPU description with
    `"kind": "cpu"`, otherwise a systolic one). `json=<path>` writes the
    same numbers as JSON (`-` for stdout); `annotate` attaches them to each
    op as an `attn.cost` dictionary. Ops inside loops with static trip
    counts are multiplied by them. The model is in docs/cost-model.md.
  }];
  let options = [
    Option<"target", "target", "std::string", "\"cpu\"",
           "host, cpu (= zen3), icelake-server, neoverse-n1, gemmini, "
           "gemmini-bf16, tpu-v1, edge, or a .json target file">,
    Option<"strategy", "strategy", "::mlir::attn::VanillaStrategy",
           "::mlir::attn::VanillaStrategy::Flash",
           "How attn.vanilla would be lowered", StrategyOption>,
    Option<"rowTile", "row-tile", "int64_t", "64",
           "Query rows per tile (> 0)">,
    Option<"keyBlock", "key-block", "int64_t", "64",
           "Keys per flash block (> 0)">,
    Option<"kvSplits", "kv-splits", "int64_t", "1",
           "Split-KV ranges of the flash strategy (>= 1)">,
    Option<"json", "json", "std::string", "\"\"",
           "Write the report as JSON to this file ('-' = stdout)">,
    Option<"annotate", "annotate", "bool", "false",
           "Attach the results to each op as an `attn.cost` attribute">,
  ];
}

def AttnCountWork : Pass<"attn-count-work", "::mlir::ModuleOp"> {
  let summary = "Count the MACs, flops and allocations lowered loops execute";
  let description = [{
    Walks IR after tiling and decomposition (e.g. `attn-tile`,
    `convert-attn-to-linalg`, `attn-decompose-linalg-aggregates`, or
    `attn-cpu-pipeline{count-work}`), multiplies the work of every linalg op
    by the static trip counts of its enclosing loops and sums per function:
    MACs, flops by kind, and the bytes of every allocation
    (`tensor.empty`, `bufferization.alloc_tensor`, `memref.alloc(a)`). It is
    the independent check of `attn-cost`: the two agree exactly on MACs and
    exps. Prints one remark per function; `json=<path>` writes JSON.
  }];
  let options = [
    Option<"json", "json", "std::string", "\"\"",
           "Write the counts as JSON to this file ('-' = stdout)">,
  ];
}

#endif // ATTN_ANALYSIS_COST_PASSES_TD
