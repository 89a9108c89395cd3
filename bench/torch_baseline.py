#!/usr/bin/python3
"""PyTorch eager softmax attention as a baseline for attn-bench (issue 15).

Times, in one thread, what a PyTorch user writes for B=1, H=8, d=64
attention: `softmax(scale * q @ k^T [+ causal -inf mask]) @ v` (torch 1.13,
Debian's python3-torch, has no fused SDPA kernel), the median of at least 3
calls and --min-time seconds, and reports GFLOP/s with the same flop count
as attn-bench (4*H*N^2*d; causal: over the visible scores, 4*H*d*N(N+1)/2).
With --attn-bench it then runs attn-bench for the same sizes in the same
job and prints flash (and causal) against PyTorch.

usage: bench/torch_baseline.py [--sizes 1024,4096] [--min-time 0.5]
                               [--attn-bench build/bin/attn-bench]
Bench set-up only: python3-torch is never a dependency of attn-mlir.
"""
import argparse
import os
import platform
import subprocess
import sys
import time

H, D = 8, 64


def host_line():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (f"# host: {model}, {os.cpu_count()} CPUs; load average "
            f"{load:.2f}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
            f"; python {platform.python_version()}")


def median_seconds(fn, min_time):
    times = []
    while len(times) < 3 or (sum(times) < min_time and len(times) < 1000):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def torch_times(sizes, min_time):
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(0)
    out = {}
    for n in sizes:
        q, k, v = (torch.rand(1, H, n, D) * 2 - 1 for _ in range(3))
        scale = D ** -0.5
        mask = torch.full((n, n), float("-inf")).triu(1)

        def dense():
            s = torch.matmul(q, k.transpose(-1, -2)) * scale
            return torch.matmul(torch.softmax(s, dim=-1), v)

        def causal():
            s = torch.matmul(q, k.transpose(-1, -2)) * scale + mask
            return torch.matmul(torch.softmax(s, dim=-1), v)

        with torch.no_grad():
            out[(n, "torch")] = median_seconds(dense, min_time)
            out[(n, "torch-causal")] = median_seconds(causal, min_time)
    return out, torch.__version__


def attn_bench_times(exe, sizes, min_time):
    """flash and causal ms per N from attn-bench's CSV (one thread)."""
    csv = "/tmp/attn-bench-vs-torch.csv"
    subprocess.run([exe, "--sizes", ",".join(map(str, sizes)), "--threads",
                    "1", "--min-time", str(min_time), "--naive-max", "0",
                    "--csv", csv], check=True, stdout=subprocess.DEVNULL)
    out = {}
    for line in open(csv).read().splitlines()[1:]:
        n, _, impl, ms = line.split(",")[:4]
        if impl in ("flash", "causal"):
            out[(int(n), impl)] = float(ms) / 1e3
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1024,4096")
    ap.add_argument("--min-time", type=float, default=0.5)
    ap.add_argument("--attn-bench")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",") if x]
    print(host_line())
    print("# command: " + " ".join(sys.argv))
    t, version = torch_times(sizes, a.min_time)
    ours = attn_bench_times(a.attn_bench, sizes, a.min_time) \
        if a.attn_bench else {}
    print(f"# PyTorch {version} eager, one thread; B=1 H={H} d={D}")
    print(f"{'N':>6} {'impl':<13} {'ms':>10} {'GFLOP/s':>9}  note")
    for n in sizes:
        dense = 4.0 * H * n * n * D
        causal = 4.0 * H * D * n * (n + 1) / 2
        for impl, flops, ref in (("torch", dense, None),
                                 ("torch-causal", causal, None),
                                 ("flash", dense, "torch"),
                                 ("causal", causal, "torch-causal")):
            sec = t.get((n, impl)) or ours.get((n, impl))
            if sec is None:
                continue
            note = (f"{t[(n, ref)] / sec:.2f}x faster than {ref}"
                    if ref else "")
            print(f"{n:>6} {impl:<13} {sec * 1e3:>10.3f} "
                  f"{flops / sec / 1e9:>9.2f}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
