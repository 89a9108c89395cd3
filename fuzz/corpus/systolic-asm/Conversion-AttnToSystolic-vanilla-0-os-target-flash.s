; systolic asm (docs/systolic-isa.md)
.kernel flash
.target {"acc_kib":8,"acc_type":"f32","clock_mhz":200,"cols":4,"dataflow":"os","div_cycles":4,"dram_bytes_per_cycle":4,"dram_latency_cycles":20,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"my-os","rows":8,"spad_banks":2,"spad_kib":32,"sqrt_cycles":4,"vector_lanes":4}
.buffer input arg0 [20, 32]
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
matmul d=acc:160:24:1 a=sp:0:32:1 b=sp:640:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:352:24:1 a=sp:256:32:1 b=sp:640:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:544:24:1 a=sp:512:32:1 b=sp:640:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:164:24:1 a=sp:0:32:1 b=sp:768:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:356:24:1 a=sp:256:32:1 b=sp:768:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:548:24:1 a=sp:512:32:1 b=sp:768:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:168:24:1 a=sp:0:32:1 b=sp:896:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:360:24:1 a=sp:256:32:1 b=sp:896:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:552:24:1 a=sp:512:32:1 b=sp:896:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:172:24:1 a=sp:0:32:1 b=sp:1024:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:364:24:1 a=sp:256:32:1 b=sp:1024:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:556:24:1 a=sp:512:32:1 b=sp:1024:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:176:24:1 a=sp:0:32:1 b=sp:1152:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:368:24:1 a=sp:256:32:1 b=sp:1152:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:560:24:1 a=sp:512:32:1 b=sp:1152:1:32 m=4 k=32 n=4 acc=0
matmul d=acc:180:24:1 a=sp:0:32:1 b=sp:1280:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:372:24:1 a=sp:256:32:1 b=sp:1280:1:32 m=8 k=32 n=4 acc=0
matmul d=acc:564:24:1 a=sp:512:32:1 b=sp:1280:1:32 m=4 k=32 n=4 acc=0
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
matmul d=acc:0:8:1 a=sp:2560:24:1 b=sp:2176:8:1 m=8 k=24 n=4 acc=1
matmul d=acc:64:8:1 a=sp:2752:24:1 b=sp:2176:8:1 m=8 k=24 n=4 acc=1
matmul d=acc:128:8:1 a=sp:2944:24:1 b=sp:2176:8:1 m=4 k=24 n=4 acc=1
matmul d=acc:4:8:1 a=sp:2560:24:1 b=sp:2180:8:1 m=8 k=24 n=4 acc=1
matmul d=acc:68:8:1 a=sp:2752:24:1 b=sp:2180:8:1 m=8 k=24 n=4 acc=1
matmul d=acc:132:8:1 a=sp:2944:24:1 b=sp:2180:8:1 m=4 k=24 n=4 acc=1
vrecip d=acc:1200:1:1 a=acc:1140:1:1 rows=20 cols=1
vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:1200:1:0 rows=20 cols=8
mvout dram=out0:0:8 a=acc:0:8:1 rows=20 cols=8
