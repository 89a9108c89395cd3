#!/usr/bin/python3
"""The seed's vanilla-vs-primal table on the systolic presets, simulated.

For each preset (gemmini, gemmini-bf16, edge, tpu-v1), each N, and vanilla flash, vanilla
materialized and primal (B=1, H=8, d=dv=64, s=32, non-causal -- issue 13's
shape), lowers the op with attn-systolic-pipeline, writes the asm and runs
`attn-sim --timing-only` (the same numbers attn-cost reports: both time the
lowered program with the simulator). One CSV row per run: cycles, the
target's lower bound and the unit that sets it, efficiency (bound/cycles),
array utilization, DRAM bytes read and written, the on-chip peak (bytes of
scratchpad and accumulator the program reserves), total energy and its split
over the units, and the time at the target's clock. A shape the lowering
refuses gets a row with `refused` and the lowering's reason.

usage:
  bench/systolic-roofline-sweep.py [--bin build/bin] [--sizes 256,1024,...]
      [--csv docs/systolic/sweep.csv] [--plots docs/systolic]
  bench/systolic-roofline-sweep.py --one-head-table gemmini
      print docs/systolic.md section 7's table: one head as plain 2-D
      tensors, N = 256 ... 65536, simulated cycles, utilization, DRAM bytes
      read and attn-cost's cycles for the same function
      (test/Integration/Systolic/sweep-up-to-date.test)
  bench/systolic-roofline-sweep.py --table
      print, from the committed CSV, the Markdown table of issue 13's
      targets at N >= 1024 that docs/systolic.md quotes verbatim
  bench/systolic-roofline-sweep.py --check [--sizes 256,1024]
      regenerate the given sizes and compare them with the committed CSV
      (test/Integration/Systolic/roofline-sweep-up-to-date.test); exit 1
      when a row differs or is missing.
Plots (latency, energy and DRAM traffic vs N, log-log, the flash/primal
crossover marked) need Debian's python3-matplotlib; without it the CSV is
still written.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

TARGETS = ["gemmini", "gemmini-bf16", "edge", "tpu-v1"]
SIZES = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536]
B, H, D, DV, S = 1, 8, 64, 64, 32
FIELDS = ["target", "op", "n", "cycles", "bound_cycles", "bound_unit",
          "efficiency", "utilization", "dram_bytes_read", "dram_bytes_written",
          "sram_peak_bytes", "energy_pj", "energy_array_pj", "energy_dma_pj",
          "energy_vector_pj", "time_us", "note"]
OPS = [("vanilla-flash", "vanilla", "flash"),
       ("vanilla-materialized", "vanilla", "materialized"),
       ("primal", "primal", "flash")]


def mlir(kind, n, heads=H):
    """The op on B=1 x `heads` heads, or, with heads=None, on one head as
    plain 2-D tensors (docs/systolic.md's one-head table)."""
    lead = "" if heads is None else f"{B}x{heads}x"
    wlead = "" if heads is None else f"{heads}x"
    t = f"tensor<{lead}{n}x{D}xf32>"
    o = f"tensor<{lead}{n}x{DV}xf32>"
    if kind == "vanilla":
        return (f"func.func @vanilla(%q: {t}, %k: {t}, %v: {o}) -> {o} {{\n"
                f"  %e = tensor.empty() : {o}\n"
                f"  %r = attn.vanilla ins(%q, %k, %v : {t}, {t}, {o}) "
                f"outs(%e : {o}) -> {o}\n  return %r : {o}\n}}\n")
    w = f"tensor<{wlead}{D}x{S}xf32>"
    wc = f"tensor<{2 * S}x{DV}xf32>"
    return (f"func.func @primal(%q: {t}, %k: {t}, %we: {w}, %wr: {w}, "
            f"%wc: {wc}) -> {o} {{\n  %e = tensor.empty() : {o}\n"
            f"  %r = attn.primal ins(%q, %k, %we, %wr, %wc : {t}, {t}, {w}, "
            f"{w}, {wc}) outs(%e : {o}) -> {o}\n  return %r : {o}\n}}\n")


def fmt(x):
    """Fixed formatting, so the committed CSV compares textually."""
    return f"{x:.6g}" if isinstance(x, float) else str(x)


def run(bindir, target, name, kind, strategy, n, tmp):
    src = os.path.join(tmp, "in.mlir")
    with open(src, "w") as f:
        f.write(mlir(kind, n))
    row = {"target": target, "op": name, "n": n}
    lowered = subprocess.run(
        [f"{bindir}/attn-opt", src,
         f"--attn-systolic-pipeline=target={target} strategy={strategy}"],
        capture_output=True, text=True)
    if lowered.returncode != 0:
        why = lowered.stderr.strip().splitlines()[0] if lowered.stderr else ""
        why = why.split("error: ", 1)[-1].replace(",", ";")
        row.update({k: "" for k in FIELDS if k not in row})
        row["note"] = "refused: " + why
        return row
    asm = subprocess.run([f"{bindir}/attn-translate", "--systolic-to-asm"],
                         input=lowered.stdout, capture_output=True, text=True,
                         check=True).stdout
    rep = json.loads(subprocess.run(
        [f"{bindir}/attn-sim", "--timing-only", "-"], input=asm,
        capture_output=True, text=True, check=True).stdout)
    e = rep["energy_pj"]["units"]
    row.update({
        "cycles": rep["cycles"], "bound_cycles": rep["bound_cycles"],
        "bound_unit": rep["bound_unit"],
        "efficiency": float(rep["efficiency"]),
        "utilization": float(rep["utilization"]),
        "dram_bytes_read": rep["dram_bytes_read"],
        "dram_bytes_written": rep["dram_bytes_written"],
        "sram_peak_bytes": rep["sram_peak_bytes"]["total"],
        "energy_pj": float(rep["energy_pj"]["total"]),
        "energy_array_pj": float(e["array"]),
        "energy_dma_pj": float(e["dma_load"] + e["dma_store"]),
        "energy_vector_pj": float(e["vector"]),
        "time_us": float(rep["time_us"]), "note": ""})
    return row


ONE_HEAD_SIZES = [256, 512, 1024, 2048, 4096, 16384, 65536]


def one_head_table(bindir, target, sizes):
    """docs/systolic.md section 7: one head, simulated cycles, utilization,
    DRAM bytes read, and attn-cost's cycles for the same function."""
    out = ["| op | N | simulated cycles | array utilization | DRAM bytes "
           "read | attn-cost cycles |",
           "|----|---|------------------|-------------------|------------"
           "-----|------------------|"]
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.mlir")
        for n in sizes:
            for kind, strategy in (("vanilla", "flash"),
                                   ("vanilla", "materialized"),
                                   ("primal", "flash")):
                label = "primal" if kind == "primal" else \
                    f"vanilla ({strategy})"
                with open(src, "w") as f:
                    f.write(mlir(kind, n, heads=None))
                opts = f"target={target} strategy={strategy}"
                lowered = subprocess.run(
                    [f"{bindir}/attn-opt", src,
                     f"--attn-systolic-pipeline={opts}"],
                    capture_output=True, text=True)
                if lowered.returncode != 0:
                    why = lowered.stderr.splitlines()[0].split("error: ")[-1]
                    out.append(f"| {label} | {n} | rejected: {why} | | | |")
                    continue
                asm = subprocess.run(
                    [f"{bindir}/attn-translate", "--systolic-to-asm"],
                    input=lowered.stdout, capture_output=True, text=True,
                    check=True).stdout
                rep = json.loads(subprocess.run(
                    [f"{bindir}/attn-sim", "--timing-only", "-"], input=asm,
                    capture_output=True, text=True, check=True).stdout)
                cost = subprocess.run(
                    [f"{bindir}/attn-opt", src, f"--attn-cost={opts}", "-o",
                     os.devnull], capture_output=True, text=True, check=True)
                total = [l for l in cost.stderr.splitlines() if "total" in l]
                cycles = total[0].split("latency_cycles=")[1].split()[0]
                out.append(f"| {label} | {n} | {rep['cycles']} | "
                           f"{100 * float(rep['utilization']):.1f} % | "
                           f"{rep['dram_bytes_read']} | {cycles} |")
    return "\n".join(out)


def sweep(bindir, sizes):
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for target in TARGETS:
            for n in sizes:
                for name, kind, strategy in OPS:
                    rows.append(run(bindir, target, name, kind, strategy, n,
                                    tmp))
    return [{k: fmt(v) for k, v in r.items()} for r in rows]


def crossover(ns, a, b):
    """N (log-interpolated) where series a crosses series b; None if never."""
    for i in range(1, len(ns)):
        d0, d1 = a[i - 1] - b[i - 1], a[i] - b[i]
        if d0 == 0:
            return ns[i - 1]
        if (d0 < 0) != (d1 < 0):
            la = [math.log(a[i - 1]), math.log(a[i])]
            lb = [math.log(b[i - 1]), math.log(b[i])]
            t = (lb[0] - la[0]) / ((la[1] - la[0]) - (lb[1] - lb[0]))
            return math.exp(math.log(ns[i - 1]) +
                            t * (math.log(ns[i]) - math.log(ns[i - 1])))
    return None


def plot(rows, outdir):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("systolic-roofline-sweep: python3-matplotlib missing; plots "
              "not drawn", file=sys.stderr)
        return
    style = {"vanilla-materialized": ("tab:red", "o"),
             "vanilla-flash": ("tab:orange", "s"), "primal": ("tab:blue", "^")}
    panels = [("time_us", "latency (µs at the target's clock)"),
              ("energy_pj", "energy (pJ)"),
              ("dram_bytes", "DRAM traffic (bytes read + written)")]
    for target in TARGETS:
        fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
        series = {}
        for r in rows:
            if r["target"] == target and not r["note"]:
                r = dict(r)
                r["dram_bytes"] = (int(r["dram_bytes_read"]) +
                                   int(r["dram_bytes_written"]))
                series.setdefault(r["op"], []).append(r)
        for ax, (key, label) in zip(axes, panels):
            for name, rs in series.items():
                color, marker = style[name]
                ax.loglog([int(r["n"]) for r in rs],
                          [float(r[key]) for r in rs], marker=marker,
                          color=color, label=name, base=2)
            fl, pr = series.get("vanilla-flash"), series.get("primal")
            if fl and pr and len(fl) == len(pr):
                x = crossover([int(r["n"]) for r in pr],
                              [float(r[key]) for r in fl],
                              [float(r[key]) for r in pr])
                if x:
                    ax.axvline(x, color="gray", linestyle="--")
                    ax.text(x, ax.get_ylim()[0], f" crossover N≈{x:.0f}",
                            fontsize=8, color="gray", va="bottom")
            ax.set_xlabel("sequence length N")
            ax.set_ylabel(label)
            ax.grid(True, which="both", alpha=0.3)
        axes[0].legend()
        fig.suptitle(f"{target}: B={B} H={H} d=dv={D} s={S}, simulated "
                     "(bench/systolic-roofline-sweep.py)")
        fig.tight_layout()
        out = os.path.join(outdir, f"sweep-{target}.png")
        fig.savefig(out, dpi=90)
        plt.close(fig)
        print(f"wrote {out}")


def table(rows):
    """Issue 13's targets per preset at N >= 1024: primal's array
    utilization, and cycles / bound_cycles of flash and materialized (worst
    and best over those N); energy, its DMA share and the SRAM peak at
    N = 4096."""
    out = ["| target | primal utilization (N ≥ 1024) | flash cycles / bound | "
           "materialized cycles / bound | bound of flash at N = 4096 | "
           "energy at N = 4096: flash, materialized, primal (µJ) | "
           "share of flash's energy in the DMA units | "
           "SRAM peak at N = 4096: flash, materialized, primal (KiB) |",
           "|---|---|---|---|---|---|---|---|"]
    for target in TARGETS:
        rs = [r for r in rows if r["target"] == target and
              int(r["n"]) >= 1024 and not r["note"]]
        def span(op, f):
            v = [f(r) for r in rs if r["op"] == op]
            return (min(v), max(v)) if v else None
        util = span("primal", lambda r: 100 * float(r["utilization"]))
        fl = span("vanilla-flash", lambda r: 1 / float(r["efficiency"]))
        mat = span("vanilla-materialized", lambda r: 1 / float(r["efficiency"]))
        b = [r for r in rs if r["op"] == "vanilla-flash" and r["n"] == "4096"]
        bound = (f"{b[0]['bound_cycles']} cycles ({b[0]['bound_unit']})"
                 if b else "")
        def uj(op):
            e = [float(r["energy_pj"]) for r in rs
                 if r["op"] == op and r["n"] == "4096"]
            return f"{e[0] / 1e6:,.0f}" if e else "refused"
        share = (f"{100 * float(b[0]['energy_dma_pj']) / float(b[0]['energy_pj']):.0f} %"
                 if b else "")
        def kib(op):
            s = [int(r["sram_peak_bytes"]) for r in rs
                 if r["op"] == op and r["n"] == "4096"]
            return f"{s[0] / 1024:,.0f}" if s else "refused"
        out.append(
            f"| {target} | {util[0]:.1f}–{util[1]:.1f} % | "
            f"{fl[0]:.2f}–{fl[1]:.2f} | "
            + (f"{mat[0]:.2f}–{mat[1]:.2f}" if mat else "refused") +
            f" | {bound} | {uj('vanilla-flash')}, "
            f"{uj('vanilla-materialized')}, {uj('primal')} | {share} | "
            f"{kib('vanilla-flash')}, {kib('vanilla-materialized')}, "
            f"{kib('primal')} |")
    return "\n".join(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(root, "build", "bin"))
    ap.add_argument("--sizes", help="comma-separated N (default: the "
                    "mode's sizes)")
    ap.add_argument("--csv", default=os.path.join(root, "docs", "systolic",
                                                  "sweep.csv"))
    ap.add_argument("--plots", default=os.path.join(root, "docs", "systolic"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--table", action="store_true")
    ap.add_argument("--one-head-table", metavar="TARGET")
    a = ap.parse_args()
    given = [int(x) for x in a.sizes.split(",") if x] if a.sizes else None
    if a.one_head_table:
        print(one_head_table(a.bin, a.one_head_table,
                             given or ONE_HEAD_SIZES))
        return 0
    if a.table:
        with open(a.csv) as f:
            print(table(list(csv.DictReader(f))))
        return 0
    rows = sweep(a.bin, given or SIZES)
    if a.check:
        with open(a.csv) as f:
            committed = {(r["target"], r["op"], r["n"]): r
                         for r in csv.DictReader(f)}
        stale = 0
        for r in rows:
            c = committed.get((r["target"], r["op"], r["n"]))
            if c != r:
                stale += 1
                print(f"stale: {r['target']} {r['op']} N={r['n']}\n"
                      f"  committed: {c}\n  now:       {r}", file=sys.stderr)
        if stale:
            print(f"{a.csv} is stale in {stale} row(s): run "
                  "bench/systolic-roofline-sweep.py", file=sys.stderr)
            return 1
        print(f"{len(rows)} rows up to date")
        return 0
    os.makedirs(os.path.dirname(a.csv), exist_ok=True)
    with open(a.csv, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {a.csv} ({len(rows)} rows)")
    plot(rows, a.plots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
