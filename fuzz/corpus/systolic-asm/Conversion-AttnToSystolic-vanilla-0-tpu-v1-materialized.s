; systolic asm (docs/systolic-isa.md)
.kernel flash
.target {"acc_kib":4096,"acc_type":"f32","clock_mhz":700,"cols":256,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":48,"dram_latency_cycles":200,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"tpu-v1","rows":256,"spad_banks":8,"spad_kib":24576,"sqrt_cycles":4,"vector_lanes":256}
.buffer input arg0 [20, 32]
.buffer input arg1 [24, 32]
.buffer input arg2 [24, 8]
.buffer output out0 [20, 8]
.buffer scratch t0 [20, 24]
mvin d=sp:0:32:1 dram=arg0:0:32 rows=20 cols=32
vmuls d=sp:0:32:1 a=sp:0:32:1 rows=20 cols=32 imm=0.176776692
mvin d=sp:640:32:1 dram=arg1:0:32 rows=24 cols=32
matmul d=acc:0:24:1 a=sp:0:32:1 b=sp:640:1:32 m=20 k=32 n=24 acc=0
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
matmul d=acc:0:8:1 a=sp:0:24:1 b=sp:480:8:1 m=20 k=24 n=8 acc=0
mvout dram=out0:0:8 a=acc:0:8:1 rows=20 cols=8
