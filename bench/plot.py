#!/usr/bin/env python3
"""Plots GFLOP/s against N from attn-bench's CSV as an SVG line chart.

  python3 bench/plot.py bench.csv docs/benchmarks-1t.svg --threads 1

Plain Python (no plotting library) so it runs wherever the project builds.
Softmax attention implementations share one chart; primal is left out (its
FLOP count is a different computation) and reported in the table instead.
"""
import argparse
import csv
import math
import sys

COLORS = {"sgemm": "#000000", "blas-attn": "#1f77b4", "naive": "#7f7f7f",
          "flash": "#d62728", "material": "#ff7f0e", "torch": "#2ca02c"}


def read_rows(path, threads):
    """attn-bench's CSV rows for one thread count (also used by table.py)."""
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["threads"]) == threads]
    if not rows:
        sys.exit(f"{sys.argv[0]}: no rows with threads={threads} in {path}")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("svg")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    series = {}
    for row in read_rows(args.csv, args.threads):
        if row["impl"] != "primal":
            series.setdefault(row["impl"], []).append(
                (int(row["n"]), float(row["gflops"])))

    ns = sorted({n for pts in series.values() for n, _ in pts})
    ymax = max(g for pts in series.values() for _, g in pts) * 1.1
    w, h, left, right, top, bottom = 640, 400, 60, 120, 30, 50
    pw, ph = w - left - right, h - top - bottom
    lo, hi = math.log2(ns[0]), math.log2(ns[-1])

    def x(n):
        return left + (0.5 if hi == lo else (math.log2(n) - lo) / (hi - lo)) * pw

    def y(g):
        return top + ph - g / ymax * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="18">attention GFLOP/s vs N '
           f'(B=1, H=8, d=64), {args.threads} thread(s)</text>',
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="black"/>']
    for n in ns:
        out.append(f'<text x="{x(n):.1f}" y="{top + ph + 18}" text-anchor="middle">{n}</text>')
    steps = 5
    for i in range(steps + 1):
        g = ymax * i / steps
        out.append(f'<text x="{left - 6}" y="{y(g) + 4:.1f}" text-anchor="end">{g:.0f}</text>')
        out.append(f'<line x1="{left}" y1="{y(g):.1f}" x2="{left + pw}" y2="{y(g):.1f}" '
                   f'stroke="#dddddd"/>')
    out.append(f'<text x="{left + pw / 2}" y="{h - 10}" text-anchor="middle">N (log scale)</text>')
    for k, (impl, pts) in enumerate(sorted(series.items())):
        pts.sort()
        color = COLORS.get(impl, "#9467bd")
        path = " ".join(f"{x(n):.1f},{y(g):.1f}" for n, g in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for n, g in pts:
            out.append(f'<circle cx="{x(n):.1f}" cy="{y(g):.1f}" r="3" fill="{color}"/>')
        ly = top + 10 + 18 * k
        out.append(f'<line x1="{left + pw + 10}" y1="{ly}" x2="{left + pw + 30}" y2="{ly}" '
                   f'stroke="{color}" stroke-width="2"/>')
        out.append(f'<text x="{left + pw + 35}" y="{ly + 4}">{impl}</text>')
    out.append("</svg>")
    with open(args.svg, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
