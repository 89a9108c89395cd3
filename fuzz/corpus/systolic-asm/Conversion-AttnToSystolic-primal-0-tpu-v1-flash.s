; systolic asm (docs/systolic-isa.md)
.kernel primal
.target {"acc_kib":4096,"acc_type":"f32","clock_mhz":700,"cols":256,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":48,"dram_latency_cycles":200,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"tpu-v1","rows":256,"spad_banks":8,"spad_kib":24576,"sqrt_cycles":4,"vector_lanes":256}
.buffer input arg0 [10, 4]
.buffer input arg1 [10, 4]
.buffer input arg2 [4, 3]
.buffer input arg3 [6, 6]
.buffer input arg4 [6]
.buffer output out0 [10, 6]
.buffer scratch t0 [4, 3]
mvin d=sp:0:4:1 dram=arg0:0:4 rows=1 cols=4
mvin d=sp:4:4:1 dram=arg0:12:4 rows=1 cols=4
mvin d=sp:8:4:1 dram=arg0:24:4 rows=1 cols=4
mvin d=sp:12:4:1 dram=arg0:36:4 rows=1 cols=4
mvin d=sp:16:3:1 dram=arg2:0:3 rows=4 cols=3
matmul d=acc:0:3:1 a=sp:0:1:4 b=sp:16:3:1 m=4 k=4 n=3 acc=0
mvout dram=t0:0:3 a=acc:0:3:1 rows=4 cols=3
mvin d=sp:0:3:1 dram=t0:0:3 rows=4 cols=3
mvin d=sp:12:3:1 dram=t0:0:3 rows=4 cols=3
mvin d=sp:24:6:1 dram=arg3:0:6 rows=6 cols=6
mvin d=sp:60:4:1 dram=arg0:0:4 rows=10 cols=4
mvin d=sp:100:4:1 dram=arg1:0:4 rows=10 cols=4
vmul d=acc:240:4:1 a=sp:60:4:1 b=sp:60:4:1 rows=10 cols=4
vrowsum d=acc:280:1:1 a=acc:240:4:1 rows=10 cols=4
vmaxs d=acc:280:1:1 a=acc:280:1:1 rows=10 cols=1 imm=1.00000002e-24
vrsqrt d=acc:280:1:1 a=acc:280:1:1 rows=10 cols=1
vmul d=sp:60:4:1 a=sp:60:4:1 b=acc:280:1:0 rows=10 cols=4
vmul d=acc:240:4:1 a=sp:100:4:1 b=sp:100:4:1 rows=10 cols=4
vrowsum d=acc:280:1:1 a=acc:240:4:1 rows=10 cols=4
vmaxs d=acc:280:1:1 a=acc:280:1:1 rows=10 cols=1 imm=1.00000002e-24
vrsqrt d=acc:280:1:1 a=acc:280:1:1 rows=10 cols=1
vmul d=sp:100:4:1 a=sp:100:4:1 b=acc:280:1:0 rows=10 cols=4
matmul d=acc:60:3:1 a=sp:60:4:1 b=sp:0:3:1 m=10 k=4 n=3 acc=0
matmul d=acc:90:3:1 a=sp:100:4:1 b=sp:12:3:1 m=10 k=4 n=3 acc=0
vmov d=sp:140:3:1 a=acc:60:3:1 rows=10 cols=3
vmov d=sp:170:3:1 a=acc:90:3:1 rows=10 cols=3
mvin d=acc:0:6:1 dram=arg4:0:0 rows=10 cols=6
matmul d=acc:0:6:1 a=sp:140:3:1 b=sp:24:6:1 m=10 k=3 n=6 acc=1
matmul d=acc:0:6:1 a=sp:170:3:1 b=sp:42:6:1 m=10 k=3 n=6 acc=1
mvout dram=out0:0:6 a=acc:0:6:1 rows=10 cols=6
