; systolic asm (docs/systolic-isa.md)
.kernel wide
.target {"acc_kib":8,"acc_type":"f32","clock_mhz":200,"cols":4,"dataflow":"os","div_cycles":4,"dram_bytes_per_cycle":4,"dram_latency_cycles":20,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"my-os","rows":8,"spad_banks":2,"spad_kib":32,"sqrt_cycles":4,"vector_lanes":4}
.buffer input arg0 [12, 8]
.buffer input arg1 [9, 8]
.buffer output out0 [12, 8]
.buffer scratch t0 [12, 9]
mvin d=sp:0:8:1 dram=arg0:0:8 rows=12 cols=8
vmuls d=sp:0:8:1 a=sp:0:8:1 rows=12 cols=8 imm=0.353553385
mvin d=sp:96:8:1 dram=arg1:0:8 rows=9 cols=8
matmul d=acc:0:9:1 a=sp:0:8:1 b=sp:96:1:8 m=8 k=8 n=4 acc=0
matmul d=acc:72:9:1 a=sp:64:8:1 b=sp:96:1:8 m=4 k=8 n=4 acc=0
matmul d=acc:4:9:1 a=sp:0:8:1 b=sp:128:1:8 m=8 k=8 n=4 acc=0
matmul d=acc:76:9:1 a=sp:64:8:1 b=sp:128:1:8 m=4 k=8 n=4 acc=0
matmul d=acc:8:9:1 a=sp:0:8:1 b=sp:160:1:8 m=8 k=8 n=1 acc=0
matmul d=acc:80:9:1 a=sp:64:8:1 b=sp:160:1:8 m=4 k=8 n=1 acc=0
vrowmax d=acc:108:1:1 a=acc:0:9:1 rows=12 cols=9
vsub d=acc:0:9:1 a=acc:0:9:1 b=acc:108:1:0 rows=12 cols=9
vexp d=acc:0:9:1 a=acc:0:9:1 rows=12 cols=9
vrowsum d=acc:120:1:1 a=acc:0:9:1 rows=12 cols=9
vrecip d=acc:120:1:1 a=acc:120:1:1 rows=12 cols=1
vmul d=acc:0:9:1 a=acc:0:9:1 b=acc:120:1:0 rows=12 cols=9
mvout dram=t0:0:9 a=acc:0:9:1 rows=12 cols=9
mvin d=sp:0:9:1 dram=t0:0:9 rows=12 cols=9
mvin d=sp:108:8:1 dram=arg1:0:8 rows=9 cols=8
matmul d=acc:0:8:1 a=sp:0:9:1 b=sp:108:8:1 m=8 k=9 n=4 acc=0
matmul d=acc:64:8:1 a=sp:72:9:1 b=sp:108:8:1 m=4 k=9 n=4 acc=0
matmul d=acc:4:8:1 a=sp:0:9:1 b=sp:112:8:1 m=8 k=9 n=4 acc=0
matmul d=acc:68:8:1 a=sp:72:9:1 b=sp:112:8:1 m=4 k=9 n=4 acc=0
mvout dram=out0:0:8 a=acc:0:8:1 rows=12 cols=8
