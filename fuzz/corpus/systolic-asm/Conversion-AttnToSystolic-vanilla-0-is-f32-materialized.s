; systolic asm (docs/systolic-isa.md)
.kernel flash
.target {"acc_kib":16,"acc_type":"f32","clock_mhz":1000,"cols":8,"dataflow":"is","div_cycles":4,"dram_bytes_per_cycle":16,"dram_latency_cycles":100,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"is8","rows":8,"spad_banks":4,"spad_kib":64,"sqrt_cycles":4,"vector_lanes":16}
.buffer input arg0 [20, 32]
.buffer input arg1 [24, 32]
.buffer input arg2 [24, 8]
.buffer output out0 [20, 8]
.buffer scratch t0 [20, 24]
mvin d=sp:0:32:1 dram=arg0:0:32 rows=20 cols=32
vmuls d=sp:0:32:1 a=sp:0:32:1 rows=20 cols=32 imm=0.176776692
mvin d=sp:640:32:1 dram=arg1:0:32 rows=24 cols=32
matmul d=acc:0:24:1 a=sp:0:32:1 b=sp:640:1:32 m=8 k=8 n=24 acc=0
matmul d=acc:0:24:1 a=sp:8:32:1 b=sp:648:1:32 m=8 k=8 n=24 acc=1
matmul d=acc:0:24:1 a=sp:16:32:1 b=sp:656:1:32 m=8 k=8 n=24 acc=1
matmul d=acc:0:24:1 a=sp:24:32:1 b=sp:664:1:32 m=8 k=8 n=24 acc=1
matmul d=acc:192:24:1 a=sp:256:32:1 b=sp:640:1:32 m=8 k=8 n=24 acc=0
matmul d=acc:192:24:1 a=sp:264:32:1 b=sp:648:1:32 m=8 k=8 n=24 acc=1
matmul d=acc:192:24:1 a=sp:272:32:1 b=sp:656:1:32 m=8 k=8 n=24 acc=1
matmul d=acc:192:24:1 a=sp:280:32:1 b=sp:664:1:32 m=8 k=8 n=24 acc=1
matmul d=acc:384:24:1 a=sp:512:32:1 b=sp:640:1:32 m=4 k=8 n=24 acc=0
matmul d=acc:384:24:1 a=sp:520:32:1 b=sp:648:1:32 m=4 k=8 n=24 acc=1
matmul d=acc:384:24:1 a=sp:528:32:1 b=sp:656:1:32 m=4 k=8 n=24 acc=1
matmul d=acc:384:24:1 a=sp:536:32:1 b=sp:664:1:32 m=4 k=8 n=24 acc=1
vcausal d=acc:0:24:1 rows=20 cols=24 row0=0 col0=0
vrowmax d=acc:480:1:1 a=acc:0:24:1 rows=20 cols=24
vsub d=acc:0:24:1 a=acc:0:24:1 b=acc:480:1:0 rows=20 cols=24
vexp d=acc:0:24:1 a=acc:0:24:1 rows=20 cols=24
vrowsum d=acc:500:1:1 a=acc:0:24:1 rows=20 cols=24
vrecip d=acc:500:1:1 a=acc:500:1:1 rows=20 cols=1
vmul d=acc:0:24:1 a=acc:0:24:1 b=acc:500:1:0 rows=20 cols=24
mvout dram=t0:0:24 a=acc:0:24:1 rows=20 cols=24
mvin d=sp:0:24:1 dram=t0:0:24 rows=20 cols=24
mvin d=sp:480:8:1 dram=arg2:0:8 rows=24 cols=8
matmul d=acc:0:8:1 a=sp:0:24:1 b=sp:480:8:1 m=8 k=8 n=8 acc=0
matmul d=acc:0:8:1 a=sp:8:24:1 b=sp:544:8:1 m=8 k=8 n=8 acc=1
matmul d=acc:0:8:1 a=sp:16:24:1 b=sp:608:8:1 m=8 k=8 n=8 acc=1
matmul d=acc:64:8:1 a=sp:192:24:1 b=sp:480:8:1 m=8 k=8 n=8 acc=0
matmul d=acc:64:8:1 a=sp:200:24:1 b=sp:544:8:1 m=8 k=8 n=8 acc=1
matmul d=acc:64:8:1 a=sp:208:24:1 b=sp:608:8:1 m=8 k=8 n=8 acc=1
matmul d=acc:128:8:1 a=sp:384:24:1 b=sp:480:8:1 m=4 k=8 n=8 acc=0
matmul d=acc:128:8:1 a=sp:392:24:1 b=sp:544:8:1 m=4 k=8 n=8 acc=1
matmul d=acc:128:8:1 a=sp:400:24:1 b=sp:608:8:1 m=4 k=8 n=8 acc=1
mvout dram=out0:0:8 a=acc:0:8:1 rows=20 cols=8
