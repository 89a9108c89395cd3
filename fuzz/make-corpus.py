#!/usr/bin/env python3
"""Builds the fuzzers' seed corpora in fuzz/corpus/.

attn-ir: every `// -----` chunk of a test/**/*.mlir file that mentions an
attn op becomes one seed, without its comment lines (RUN/CHECK lines are
noise to the fuzzer), with a `// fuzz: <pipeline>` first line that cycles
through our passes so each one starts from every kind of seed.

npy: valid .npy files of several ranks (and the variants the reader must
refuse: other dtypes, Fortran order, versions, truncations).

systolic-asm (only with --bin DIR, the directory of attn-opt and
attn-translate): the small kernels of the systolic lit tests lowered for
each preset target and printed as asm.

Rerun after adding lit tests:  python3 fuzz/make-corpus.py [--bin build/bin]
"""
import os
import re
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus", "attn-ir")
HEADERS = [
    "// fuzz: attn-cpu-pipeline",
    "// fuzz: attn-tile row-tile=3",
    "// fuzz: convert-attn-to-linalg strategy=flash key-block=5",
    "// fuzz: convert-attn-to-linalg strategy=materialized",
    "// fuzz: attn-cpu-pipeline strategy=materialized row-tile=7 vector-width=4",
    "// fuzz: attn-cost target=gemmini strategy=materialized",
    "// fuzz: attn-count-work",
    "// fuzz: attn-systolic-pipeline",
    "// fuzz: convert-attn-to-systolic target=edge strategy=materialized",
]


def chunks(path):
    text = open(path).read()
    for part in re.split(r"^// -----\s*$", text, flags=re.M):
        lines = [l for l in part.splitlines() if not l.lstrip().startswith("//")]
        body = "\n".join(lines).strip()
        if re.search(r"\battn\.(vanilla|primal)", body):
            yield body + "\n"


def reset(out):
    """Generated seeds are replaced; fuzzer findings (regress-*) are kept."""
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if not f.startswith("regress-"):
            os.remove(os.path.join(out, f))


def npy_bytes(shape, values=None, descr="'<f4'", fortran="False", major=1):
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': %s, 'fortran_order': %s, 'shape': (%s), }" % (
        descr, fortran, dims)
    lenfmt, pre = ("<H", 10) if major == 1 else ("<I", 12)
    header += " " * ((64 - (pre + len(header) + 1) % 64) % 64) + "\n"
    n = 1
    for d in shape:
        n *= d
    values = values if values is not None else [i * 0.25 - 1 for i in range(n)]
    return (b"\x93NUMPY" + bytes([major, 0]) + struct.pack(lenfmt, len(header))
            + header.encode() + struct.pack("<%df" % n, *values))


def npy_corpus():
    out = os.path.join(ROOT, "fuzz", "corpus", "npy")
    reset(out)
    seeds = {
        "scalar": npy_bytes(()),
        "vector": npy_bytes((5,)),
        "matrix": npy_bytes((2, 3)),
        "rank3": npy_bytes((2, 1, 3)),
        "empty": npy_bytes((0,)),
        "empty-dim": npy_bytes((3, 0, 2)),
        "special-values": npy_bytes((4,), [float("nan"), float("inf"),
                                           -0.0, 1e-45]),
        "v2": npy_bytes((2, 2), major=2),
        "v3": npy_bytes((1, 2), major=3),
        "float32-name": npy_bytes((2,), descr="'float32'"),
        "big-endian": npy_bytes((2,), descr="'>f4'"),
        "f8": npy_bytes((2,), descr="'<f8'"),
        "fortran": npy_bytes((2, 2), fortran="True"),
    }
    seeds["truncated"] = seeds["matrix"][:-3]
    seeds["trailing"] = seeds["matrix"] + b"\0\0\0\0"
    for name, data in seeds.items():
        with open(os.path.join(out, name + ".npy"), "wb") as f:
            f.write(data)
    return len(seeds), out


def asm_corpus(bindir):
    out = os.path.join(ROOT, "fuzz", "corpus", "systolic-asm")
    reset(out)
    n = 0
    seen = set()
    for rel in ["Target/Systolic/emit.mlir",
                "Conversion/AttnToSystolic/vanilla.mlir",
                "Conversion/AttnToSystolic/primal.mlir"]:
        for i, body in enumerate(chunks(os.path.join(ROOT, "test", rel))):
            for target in ["gemmini", "edge", "tpu-v1",
                           os.path.join(ROOT, "test", "Conversion",
                                        "AttnToSystolic", "Inputs",
                                        "os-target.json"),
                           os.path.join(ROOT, "fuzz", "corpus", "target-json",
                                        "is-f32.json")]:
                for strategy in ["flash", "materialized"]:
                    lowered = subprocess.run(
                        [os.path.join(bindir, "attn-opt"),
                         "--attn-systolic-pipeline=target=%s strategy=%s" %
                         (target, strategy)],
                        input=body, capture_output=True, text=True)
                    if lowered.returncode:
                        continue
                    asm = subprocess.run(
                        [os.path.join(bindir, "attn-translate"),
                         "--systolic-to-asm"], input=lowered.stdout,
                        capture_output=True, text=True)
                    # Small programs only: the fuzzer mutates every line.
                    if asm.returncode or len(asm.stdout) > 16384:
                        continue
                    # Strategies only differ for attn.vanilla: keep one
                    # copy of identical programs.
                    if asm.stdout in seen:
                        continue
                    seen.add(asm.stdout)
                    name = "%s-%d-%s-%s.s" % (
                        rel[:-5].replace("/", "-"), i,
                        os.path.basename(target).replace(".json", ""),
                        strategy)
                    with open(os.path.join(out, name), "w") as f:
                        f.write(asm.stdout)
                    n += 1
    # Hand-written: what the lowering does not emit (fence, vadds, scratch
    # buffers, DRAM broadcast with ld=0, an accumulate into acc from OS).
    with open(os.path.join(out, "handwritten-fence-scratch.s"), "w") as f:
        f.write(""".kernel hand
.target {"cols":4,"dataflow":"os","kind":"systolic","rows":4,"spad_kib":4,"acc_kib":4,"name":"tiny"}
.buffer input x [4, 4]
.buffer scratch t [4, 4]
.buffer output y [4, 4]
mvin d=sp:0:4:1 dram=x:0:0 rows=4 cols=4
vadds d=sp:16:4:1 a=sp:0:4:1 rows=4 cols=4 imm=1.5
matmul d=acc:0:4:1 a=sp:0:4:1 b=sp:16:4:1 m=4 k=4 n=4 acc=0
matmul d=acc:0:4:1 a=sp:0:4:1 b=sp:16:1:4 m=4 k=4 n=4 acc=1
mvout dram=t:0:4 a=acc:0:4:1 rows=4 cols=4
fence
mvin d=sp:32:4:1 dram=t:0:4 rows=4 cols=4
vcausal d=sp:32:4:1 rows=4 cols=4 row0=1 col0=0
mvout dram=y:0:4 a=sp:32:4:1 rows=4 cols=4
""")
    n += 1
    return n, out


def main():
    n, out = npy_corpus()
    print("wrote %d seeds to %s" % (n, os.path.relpath(out, ROOT)),
          file=sys.stderr)
    if "--bin" in sys.argv:
        n, out = asm_corpus(sys.argv[sys.argv.index("--bin") + 1])
        print("wrote %d seeds to %s" % (n, os.path.relpath(out, ROOT)),
              file=sys.stderr)
    os.makedirs(OUT, exist_ok=True)
    # Generated seeds are replaced; fuzzer findings (regress-*) are kept.
    for f in os.listdir(OUT):
        if not f.startswith("regress-"):
            os.remove(os.path.join(OUT, f))
    n = 0
    for d, _, files in sorted(os.walk(os.path.join(ROOT, "test"))):
        for f in sorted(files):
            if not f.endswith(".mlir"):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, os.path.join(ROOT, "test"))
            stem = rel[:-5].replace(os.sep, "-")
            for i, body in enumerate(chunks(path)):
                name = "%s-%d.mlir" % (stem, i)
                with open(os.path.join(OUT, name), "w") as out:
                    out.write(HEADERS[n % len(HEADERS)] + "\n" + body)
                n += 1
    print("wrote %d seeds to %s" % (n, os.path.relpath(OUT, ROOT)), file=sys.stderr)


if __name__ == "__main__":
    main()
