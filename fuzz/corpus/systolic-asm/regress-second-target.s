; systolic asm (docs/systolic-isa.md)
.kernel flash
.target {"acc_kib":64,"acc_type":"f32","clock_mhz":1000,"cols":16,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":16,"dram_latency_cycles":100,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"gemmini","rows":16,"spad_banks":4,"spad_kib":256,"sqrt_cycles":4,"vector_lanes":16}
vmul d=acc:0:24:1 a=acc:0:24:1 b=acc:500:1:0 rows=20 cols=24
.buffer input arg0 [20, 32]
.buffer input arg1 [24, 32]
.buffer input arg2 [24, 8]
.buffer output out0 [20, 8]
.buffer scratch t0 [20, 24]
mvin d=sp:3:32:1 dram=arg1:0:32 rows=24 cols=32
mvin d=sp:480:8:1 dram=arg2:0:8 rows=24 cols=8
matmul d=acc:16:24:1 a=sp:0:32:1 b=sp:1152:1:32 m=20 k=16 n=8 acc=0
matmul d=acc:0:24:1 a=sp:16:32:1 b=sp:656:1:32 m=20 k=16 n=16 acc=1
vcausal d=acc:0:24:1 rows=20 cols=24 row0=0 col0=0
vrowmax d=acc:480:1:1 a=acc:0:24:1 rows=20 cols=24
.target {"acc_kib":64,"acc_type":"f32","clock_mhz":1000,"cols":16,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":16,"dram_latency_cycles":100,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"gemmini","rows":7,"spad_banks":4,"spad_kib":256,"sqrt_cycles":4,"vector_lanes":16}
vexp d=acc:0:24:1 a=acc:2:24:1 rows=20 cols=24
vrowsum d=acc:500:3:1 a=acc:0:24:1 rows=20 cols=24
vrecip d=acc:500:1:1 a=acc:500:1:1 rows=20 cols=1
mvout dram=t0:0:24 a=acc:0:24:1 rows=20 cols=24
mvout dram=out0:0:8 a=acc:0:8:1 rows=20 cols=8
