#!/usr/bin/env python3
"""Runs examples/streaming (build/bin/attn-streaming-example) and records its
measurements in docs/streaming.md: the per-token latency table with the host
it ran on (CPU model, ISA, load average, date, command) between the
MEASURED markers, and a log-log plot of per-token latency and state bytes vs
context length, docs/streaming/latency.png (Debian's python3-matplotlib).

usage: /usr/bin/python3 bench/streaming-plot.py [--build BUILD_DIR]
Measured numbers depend on the host: run on an idle machine.
"""
import argparse
import datetime
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- BEGIN measured by bench/streaming-plot.py -->"
END = "<!-- END measured -->"


def host():
    model, flags = "unknown CPU", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "SSE"
    return model, isa, os.cpu_count()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    a = ap.parse_args()
    exe = os.path.join(a.build, "bin", "attn-streaming-example")
    load = open("/proc/loadavg").read().split()[0]
    out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)$", line)
        if m:
            rows.append((int(m[1]), float(m[2]), float(m[3]), int(m[4]), int(m[5])))
    if not rows or "PASS" not in out:
        sys.exit("attn-streaming-example did not pass:\n" + out)
    model, isa, cpus = host()
    date = datetime.date.today().isoformat()
    first, last = rows[0], rows[-1]
    lines = [BEGIN, "",
             f"Measured on {model} ({isa}, {cpus} cores, load average {load} "
             f"before the run), {date}, one thread, kernels built for the host "
             f"(`-mcpu=native`); command: `/usr/bin/python3 bench/streaming-plot.py` "
             f"(runs `build/bin/attn-streaming-example`).", "",
             "| context | primal µs / token | softmax µs / token | primal state | softmax KV cache |",
             "|---|---|---|---|---|"]
    for n, p, s, ps, kv in rows:
        lines.append(f"| {n} | {p:.2f} | {s:.2f} | {ps} B | {kv / 2**20:.0f} MiB |")
    lines += ["",
              f"From {first[0] // 1024}K to {last[0] // 1024}K context the primal "
              f"step's latency changes ×{last[1] / first[1]:.2f} and softmax "
              f"decoding's ×{last[2] / first[2]:.1f}; the primal state is "
              f"{first[3]} bytes at every length.", "",
              "![per-token latency and state vs context](streaming/latency.png)",
              "", END]
    doc = os.path.join(ROOT, "docs", "streaming.md")
    text = open(doc).read()
    i, j = text.index(BEGIN), text.index(END) + len(END)
    with open(doc, "w") as f:
        f.write(text[:i] + "\n".join(lines) + text[j:])

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ns = [r[0] for r in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.loglog(ns, [r[2] for r in rows], "o-", label="softmax, KV cache")
    ax1.loglog(ns, [r[1] for r in rows], "s-", label="primal, constant state")
    ax1.set_xlabel("context length (tokens)")
    ax1.set_ylabel("µs per token (median)")
    ax1.set_title("decoding latency per token")
    ax1.legend()
    ax1.grid(True, which="both", alpha=0.3)
    ax2.loglog(ns, [r[4] for r in rows], "o-", label="softmax: K and V cache")
    ax2.loglog(ns, [r[3] for r in rows], "s-", label="primal: running sums + count")
    ax2.set_xlabel("context length (tokens)")
    ax2.set_ylabel("bytes kept between steps")
    ax2.set_title("decoder state")
    ax2.legend()
    ax2.grid(True, which="both", alpha=0.3)
    fig.suptitle(f"H=8, d=64, s=32, one thread; {model} ({isa}), {date}",
                 fontsize=9)
    fig.tight_layout()
    os.makedirs(os.path.join(ROOT, "docs", "streaming"), exist_ok=True)
    fig.savefig(os.path.join(ROOT, "docs", "streaming", "latency.png"), dpi=110)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
