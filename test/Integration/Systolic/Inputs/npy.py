"""Writes .npy files without numpy (for the attn-sim lit tests).

usage: npy.py out.npy DIMS [fill|ramp|f64|fortran]   e.g.  npy.py q.npy 12x8 ramp
"""
import struct, sys

path, dims, kind = sys.argv[1], [int(d) for d in sys.argv[2].split("x")], sys.argv[3]
n = 1
for d in dims:
    n *= d
shape = "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"
descr = "<f8" if kind == "f64" else "<f4"
fortran = "True" if kind == "fortran" else "False"
header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
vals = [((i * 37) % 17) / 17.0 - 0.5 for i in range(n)] if kind != "fill" else [0.25] * n
fmt = "<%d%s" % (n, "d" if kind == "f64" else "f")
with open(path, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack(fmt, *vals))
