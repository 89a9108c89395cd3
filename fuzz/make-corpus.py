#!/usr/bin/env python3
"""Builds the attn-ir seed corpus (fuzz/corpus/attn-ir) from the lit tests.

Every `// -----` chunk of a test/**/*.mlir file that mentions an attn op
becomes one seed, without its comment lines (RUN/CHECK lines are noise to
the fuzzer), with a `// fuzz: <pipeline>` first line that cycles through
our passes so each one starts from every kind of seed. Rerun after adding
lit tests:  python3 fuzz/make-corpus.py
"""
import os
import re
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
]


def chunks(path):
    text = open(path).read()
    for part in re.split(r"^// -----\s*$", text, flags=re.M):
        lines = [l for l in part.splitlines() if not l.lstrip().startswith("//")]
        body = "\n".join(lines).strip()
        if re.search(r"\battn\.(vanilla|primal)", body):
            yield body + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
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
