#!/usr/bin/python3
"""Plots an attn-cost-sweep CSV: MACs, on-chip working set, DRAM traffic and
latency versus N on log-log axes, one line per variant, with the N where
vanilla (flash) and primal cross marked on each panel.

usage: plot-cost-sweep.py sweep.csv out.png [title]
Needs Debian's python3-matplotlib (/usr/bin/python3).
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PANELS = [("macs", "MACs"), ("sram_peak_bytes", "on-chip working set (bytes)"),
          ("dram_bytes", "DRAM traffic (bytes)"), ("latency_s", "latency (s)")]
STYLE = {"vanilla-materialized": ("tab:red", "o"),
         "vanilla-flash": ("tab:orange", "s"),
         "primal": ("tab:blue", "^")}


def crossover(ns, a, b):
    """First N (log-interpolated) where series a stops being below b or
    starts being above it; None if they never cross."""
    for i in range(1, len(ns)):
        d0, d1 = a[i - 1] - b[i - 1], a[i] - b[i]
        if d0 == 0:
            return ns[i - 1]
        if (d0 < 0) != (d1 < 0):
            la0, la1 = math.log(a[i - 1]), math.log(a[i])
            lb0, lb1 = math.log(b[i - 1]), math.log(b[i])
            t = (lb0 - la0) / ((la1 - la0) - (lb1 - lb0))
            return math.exp(math.log(ns[i - 1]) +
                            t * (math.log(ns[i]) - math.log(ns[i - 1])))
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    # Rows the systolic lowering refuses carry no numbers: not plotted.
    rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["bound"] != "refused"]
    if not rows:
        sys.exit("empty sweep")
    series = {}
    for r in rows:
        series.setdefault(r["variant"], []).append(r)
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    for ax, (key, label) in zip(axes.flat, PANELS):
        for name, rs in series.items():
            color, marker = STYLE.get(name, ("black", "x"))
            ax.loglog([int(r["n"]) for r in rs], [float(r[key]) for r in rs],
                      marker=marker, color=color, label=name, base=2)
        if "vanilla-flash" in series and "primal" in series:
            ns = [int(r["n"]) for r in series["primal"]]
            x = crossover(ns, [float(r[key]) for r in series["vanilla-flash"]],
                          [float(r[key]) for r in series["primal"]])
            if x:
                ax.axvline(x, color="gray", linestyle="--")
                ax.annotate(f"crossover N≈{x:.0f}", (x, ax.get_ylim()[0]),
                            xytext=(4, 8), textcoords="offset points",
                            fontsize=8, color="gray")
        ax.set_xlabel("sequence length N")
        ax.set_ylabel(label)
        ax.grid(True, which="major", alpha=0.3)
    axes.flat[0].legend()
    title = sys.argv[3] if len(sys.argv) > 3 else sys.argv[1]
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=90)


if __name__ == "__main__":
    main()
