; systolic asm (docs/systolic-isa.md)
.kernel wide
.target {"acc_kib":16,"acc_type":"f32","clock_mhz":1000,"cols":8,"dataflow":"is","div_cycles":4,"dram_bytes_per_cycle":16,"dram_latency_cycles":100,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"is8","rows":8,"spad_banks":4,"spad_kib":64,"sqrt_cycles":4,"vector_lanes":16}
.buffer input arg0 [12, 8]
.buffer input arg1 [9, 8]
.buffer output out0 [12, 8]
mvin d=sp:0:8:1 dram=arg0:0:8 rows=12 cols=8
vmuls d=sp:0:8:1 a=sp:0:8:1 rows=12 cols=8 imm=0.353553385
vfill d=acc:0:8:1 rows=12 cols=8 imm=0
vfill d=acc:312:1:1 rows=12 cols=1 imm=-inf
vfill d=acc:324:1:1 rows=12 cols=1 imm=0
mvin d=sp:96:8:1 dram=arg1:0:8 rows=9 cols=8
mvin d=sp:240:8:1 dram=arg1:0:8 rows=9 cols=8
matmul d=acc:96:9:1 a=sp:0:8:1 b=sp:96:1:8 m=8 k=8 n=9 acc=0
matmul d=acc:168:9:1 a=sp:64:8:1 b=sp:96:1:8 m=4 k=8 n=9 acc=0
vrowmax d=acc:336:1:1 a=acc:96:9:1 rows=12 cols=9
vmax d=acc:336:1:1 a=acc:336:1:1 b=acc:312:1:1 rows=12 cols=1
vsub d=acc:348:1:1 a=acc:312:1:1 b=acc:336:1:1 rows=12 cols=1
vexp d=acc:348:1:1 a=acc:348:1:1 rows=12 cols=1
vsub d=acc:96:9:1 a=acc:96:9:1 b=acc:336:1:0 rows=12 cols=9
vexp d=acc:96:9:1 a=acc:96:9:1 rows=12 cols=9
vrowsum d=acc:360:1:1 a=acc:96:9:1 rows=12 cols=9
vmul d=acc:324:1:1 a=acc:324:1:1 b=acc:348:1:1 rows=12 cols=1
vadd d=acc:324:1:1 a=acc:324:1:1 b=acc:360:1:1 rows=12 cols=1
vmov d=acc:312:1:1 a=acc:336:1:1 rows=12 cols=1
vmov d=sp:384:9:1 a=acc:96:9:1 rows=12 cols=9
vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:348:1:0 rows=12 cols=8
matmul d=acc:0:8:1 a=sp:384:9:1 b=sp:240:8:1 m=8 k=8 n=8 acc=1
matmul d=acc:0:8:1 a=sp:392:9:1 b=sp:304:8:1 m=8 k=1 n=8 acc=1
matmul d=acc:64:8:1 a=sp:456:9:1 b=sp:240:8:1 m=4 k=8 n=8 acc=1
matmul d=acc:64:8:1 a=sp:464:9:1 b=sp:304:8:1 m=4 k=1 n=8 acc=1
vrecip d=acc:360:1:1 a=acc:324:1:1 rows=12 cols=1
vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:360:1:0 rows=12 cols=8
mvout dram=out0:0:8 a=acc:0:8:1 rows=12 cols=8
