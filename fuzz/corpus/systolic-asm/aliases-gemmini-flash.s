; systolic asm (docs/systolic-isa.md)
.kernel flash
.target {"acc_kib":64,"acc_type":"f32","clock_mhz":1000,"cols":16,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":16,"dram_latency_cycles":100,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"gemmini","rows":16,"spad_banks":4,"spad_kib":256,"sqrt_cycles":4,"vector_lanes":16}
.buffer input arg0 [20, 32] alias q
.buffer input arg1 [24, 32]
.buffer input arg2 [24, 8]
.buffer output out0 [20, 8]
mvin d=sp:0:32:1 dram=arg0:0:32 rows=20 cols=32
vmuls d=sp:0:32:1 a=sp:0:32:1 rows=20 cols=32 imm=0.176776692
vfill d=acc:0:8:1 rows=20 cols=8 imm=0
vfill d=acc:1120:1:1 rows=20 cols=1 imm=-inf
vfill d=acc:1140:1:1 rows=20 cols=1 imm=0
mvin d=sp:640:32:1 dram=arg1:0:32 rows=24 cols=32
mvin d=sp:2176:8:1 dram=arg2:0:8 rows=24 cols=8
matmul d=acc:160:24:1 a=sp:0:32:1 b=sp:640:1:32 m=20 k=16 n=16 acc=0
matmul d=acc:160:24:1 a=sp:16:32:1 b=sp:656:1:32 m=20 k=16 n=16 acc=1
matmul d=acc:176:24:1 a=sp:0:32:1 b=sp:1152:1:32 m=20 k=16 n=8 acc=0
matmul d=acc:176:24:1 a=sp:16:32:1 b=sp:1168:1:32 m=20 k=16 n=8 acc=1
vcausal d=acc:160:24:1 rows=20 cols=24 row0=0 col0=0
vrowmax d=acc:1160:1:1 a=acc:160:24:1 rows=20 cols=24
vmax d=acc:1160:1:1 a=acc:1160:1:1 b=acc:1120:1:1 rows=20 cols=1
vsub d=acc:1180:1:1 a=acc:1120:1:1 b=acc:1160:1:1 rows=20 cols=1
vexp d=acc:1180:1:1 a=acc:1180:1:1 rows=20 cols=1
vsub d=acc:160:24:1 a=acc:160:24:1 b=acc:1160:1:0 rows=20 cols=24
vexp d=acc:160:24:1 a=acc:160:24:1 rows=20 cols=24
vrowsum d=acc:1200:1:1 a=acc:160:24:1 rows=20 cols=24
vmul d=acc:1140:1:1 a=acc:1140:1:1 b=acc:1180:1:1 rows=20 cols=1
vadd d=acc:1140:1:1 a=acc:1140:1:1 b=acc:1200:1:1 rows=20 cols=1
vmov d=acc:1120:1:1 a=acc:1160:1:1 rows=20 cols=1
vmov d=sp:2560:24:1 a=acc:160:24:1 rows=20 cols=24
vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:1180:1:0 rows=20 cols=8
matmul d=acc:0:8:1 a=sp:2560:24:1 b=sp:2176:8:1 m=20 k=16 n=8 acc=1
matmul d=acc:0:8:1 a=sp:2576:24:1 b=sp:2304:8:1 m=20 k=8 n=8 acc=1
vrecip d=acc:1200:1:1 a=acc:1140:1:1 rows=20 cols=1
vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:1200:1:0 rows=20 cols=8
mvout dram=out0:0:8 a=acc:0:8:1 rows=20 cols=8
