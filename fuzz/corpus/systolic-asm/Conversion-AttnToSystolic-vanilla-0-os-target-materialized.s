; systolic asm (docs/systolic-isa.md)
.kernel flash
.target {"acc_kib":8,"acc_type":"f32","clock_mhz":200,"cols":4,"dataflow":"os","div_cycles":4,"dram_bytes_per_cycle":4,"dram_latency_cycles":20,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"my-os","rows":8,"spad_banks":2,"spad_kib":32,"sqrt_cycles":4,"vector_lanes":4}
.buffer input arg0 [20, 32]
.buffer input arg1 [24, 32]
.buffer input arg2 [24, 8]
.buffer output out0 [20, 8]
.buffer scratch t0 [20, 24]
mvin d=sp:0:32:1 dram=arg0:0:32 rows=20 cols=32
vmuls d=sp:0:32:1 a=sp:0:32:1 rows=20 cols=32 imm=0.176776692
mvin d=sp:640:32:1 dram=arg1:0:32 rows=24 cols=32
matmul d=acc:0:24:1 a=sp:0:32:1 b=sp:640:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:192:24:1 a=sp:256:32:1 b=sp:640:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:384:24:1 a=sp:512:32:1 b=sp:640:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:4:24:1 a=sp:0:32:1 b=sp:768:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:196:24:1 a=sp:256:32:1 b=sp:768:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:388:24:1 a=sp:512:32:1 b=sp:768:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:8:24:1 a=sp:0:32:1 b=sp:896:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:200:24:1 a=sp:256:32:1 b=sp:896:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:392:24:1 a=sp:512:32:1 b=sp:896:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:12:24:1 a=sp:0:32:1 b=sp:1024:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:204:24:1 a=sp:256:32:1 b=sp:1024:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:396:24:1 a=sp:512:32:1 b=sp:1024:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:16:24:1 a=sp:0:32:1 b=sp:1152:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:208:24:1 a=sp:256:32:1 b=sp:1152:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:400:24:1 a=sp:512:32:1 b=sp:1152:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:20:24:1 a=sp:0:32:1 b=sp:1280:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:212:24:1 a=sp:256:32:1 b=sp:1280:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:404:24:1 a=sp:512:32:1 b=sp:1280:1:32 m=4 k=32 n=4 acc=0
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
matmul d=acc:0:8:1 a=sp:0:24:1 b=sp:480:8:1 m=8 k=24 n=4 acc=0
matmul d=acc:64:8:1 a=sp:192:24:1 b=sp:480:8:1 m=8 k=24 n=4 acc=0
matmul d=acc:128:8:1 a=sp:384:24:1 b=sp:480:8:1 m=4 k=24 n=4 acc=0
matmul d=acc:4:8:1 a=sp:0:24:1 b=sp:484:8:1 m=8 k=24 n=4 acc=0
matmul d=acc:68:8:1 a=sp:192:24:1 b=sp:484:8:1 m=8 k=24 n=4 acc=0
matmul d=acc:132:8:1 a=sp:384:24:1 b=sp:484:8:1 m=4 k=24 n=4 acc=0
mvout dram=out0:0:8 a=acc:0:8:1 rows=20 cols=8
