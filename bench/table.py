#!/usr/bin/env python3
"""Prints attn-bench's CSV as a Markdown table for docs/benchmarks.md.

  python3 bench/table.py bench.csv --threads 1

One row per N; per implementation GFLOP/s and, in parentheses, the ratio to
the same-run sgemm (for primal: its speed-up over flash in time instead,
since its FLOPs are a different computation).
"""
import argparse

from plot import read_rows  # bench/plot.py, next to this script

ORDER = ["sgemm", "blas-attn", "naive", "flash", "material", "primal"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
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
            elif impl == "sgemm":
                cells.append(f"{float(r['gflops']):.1f}")
            else:
                cells.append(f"{float(r['gflops']):.1f} ({float(r['ratio_to_sgemm']):.2f})")
        print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
