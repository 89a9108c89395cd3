#!/usr/bin/env python3
"""Prints attn-bench's CSV as a Markdown table for docs/benchmarks.md.

  python3 bench/table.py bench.csv --threads 1
  python3 bench/table.py bench.csv --scaling 1,2

One row per N; per implementation GFLOP/s and, in parentheses, the ratio to
the same-run sgemm (for primal: its speed-up over flash in time instead,
since its FLOPs are a different computation; for causal: also its speed-up
over non-causal flash; for the decode step (one query against N keys):
its speed-up over OpenBLAS's decode step, blas-dec). --scaling prints the speed-up of each
implementation from the first thread count to the second instead.
"""
import argparse

from plot import read_rows  # bench/plot.py, next to this script

ORDER = ["sgemm", "blas-attn", "naive", "flash", "material", "causal",
         "primal", "blas-dec", "decode"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--scaling", help="two thread counts, e.g. 1,2")
    args = ap.parse_args()
    if args.scaling:
        return scaling(args.csv, [int(t) for t in args.scaling.split(",")])
    rows = {}
    for r in read_rows(args.csv, args.threads):
        rows.setdefault(int(r["n"]), {})[r["impl"]] = r
    impls = [i for i in ORDER if any(i in v for v in rows.values())]
    print("| N | " + " | ".join(impls) + " |")
    print("|---:|" + "---:|" * len(impls))
    for n in sorted(rows):
        cells = []
        for impl in impls:
            r = rows[n].get(impl)
            if not r:
                cells.append("–")
            elif impl == "primal" and "flash" in rows[n]:
                speedup = float(rows[n]["flash"]["ms"]) / float(r["ms"])
                cells.append(f"{float(r['gflops']):.1f} ({speedup:.0f}× faster than flash)")
            elif impl == "causal" and "flash" in rows[n]:
                speedup = float(rows[n]["flash"]["ms"]) / float(r["ms"])
                cells.append(f"{float(r['gflops']):.1f} ({float(r['ratio_to_sgemm']):.2f}; "
                             f"{speedup:.2f}× faster than flash)")
            elif impl == "decode" and "blas-dec" in rows[n]:
                speedup = float(rows[n]["blas-dec"]["ms"]) / float(r["ms"])
                cells.append(f"{float(r['gflops']):.1f} ({speedup:.2f}× blas-dec)")
            elif impl in ("sgemm", "blas-dec"):
                cells.append(f"{float(r['gflops']):.1f}")
            else:
                cells.append(f"{float(r['gflops']):.1f} ({float(r['ratio_to_sgemm']):.2f})")
        print(f"| {n} | " + " | ".join(cells) + " |")


def scaling(path, threads):
    """Speed-up from threads[0] to threads[1] threads, per N and impl."""
    a, b = threads
    t = {}
    for th in (a, b):
        for r in read_rows(path, th):
            t.setdefault(int(r["n"]), {}).setdefault(r["impl"], {})[th] = r
    impls = [i for i in ORDER if any(i in v for v in t.values())]
    print(f"| N | " + " | ".join(f"{i}: {a} → {b} threads" for i in impls) + " |")
    print("|---:|" + "---:|" * len(impls))
    for n in sorted(t):
        cells = []
        for impl in impls:
            r = t[n].get(impl, {})
            if a in r and b in r:
                ms_a, ms_b = float(r[a]["ms"]), float(r[b]["ms"])
                cells.append(f"{ms_a:.1f} → {ms_b:.1f} ms ({ms_a / ms_b:.2f}×)")
            else:
                cells.append("–")
        print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
