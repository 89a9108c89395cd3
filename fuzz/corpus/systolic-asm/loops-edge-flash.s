; systolic asm (docs/systolic-isa.md)
.kernel loops
.target {"acc_kib":16,"acc_type":"f32","clock_mhz":500,"cols":8,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":8,"dram_latency_cycles":50,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"edge","rows":8,"spad_banks":2,"spad_kib":64,"sqrt_cycles":4,"vector_lanes":8}
.buffer input arg0 [2, 2, 40, 8]
.buffer input arg1 [2, 2, 70, 8]
.buffer input arg2 [2, 1, 1, 70]
.buffer output out0 [2, 2, 40, 8]
loop count=2
  loop count=2
    mvin d=sp:0:8:1 dram=arg0:0+320*i1+640*i0:8 rows=8 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=8 cols=8 imm=0.353553385
    vfill d=acc:0:8:1 rows=8 cols=8 imm=0
    vfill d=acc:2112:1:1 rows=8 cols=1 imm=-inf
    vfill d=acc:2120:1:1 rows=8 cols=1 imm=0
    mvin d=sp:64:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=sp:1088:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=acc:1088:64:1 dram=arg2:0+70*i0:0 rows=8 cols=64
    matmul d=acc:64:64:1 a=sp:0:8:1 b=sp:64:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:72:64:1 a=sp:0:8:1 b=sp:128:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:80:64:1 a=sp:0:8:1 b=sp:192:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:88:64:1 a=sp:0:8:1 b=sp:256:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:96:64:1 a=sp:0:8:1 b=sp:320:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:104:64:1 a=sp:0:8:1 b=sp:384:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:112:64:1 a=sp:0:8:1 b=sp:448:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:120:64:1 a=sp:0:8:1 b=sp:512:1:8 m=8 k=8 n=8 acc=0
    vadd d=acc:64:64:1 a=acc:64:64:1 b=acc:1088:64:1 rows=8 cols=64
    vcausal d=acc:64:64:1 rows=8 cols=64 row0=0 col0=0
    vrowmax d=acc:2128:1:1 a=acc:64:64:1 rows=8 cols=64
    vmax d=acc:2128:1:1 a=acc:2128:1:1 b=acc:2112:1:1 rows=8 cols=1
    vsub d=acc:2136:1:1 a=acc:2112:1:1 b=acc:2128:1:1 rows=8 cols=1
    vexp d=acc:2136:1:1 a=acc:2136:1:1 rows=8 cols=1
    vsub d=acc:64:64:1 a=acc:64:64:1 b=acc:2128:1:0 rows=8 cols=64
    vexp d=acc:64:64:1 a=acc:64:64:1 rows=8 cols=64
    vrowsum d=acc:2144:1:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2136:1:1 rows=8 cols=1
    vadd d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2144:1:1 rows=8 cols=1
    vmov d=acc:2112:1:1 a=acc:2128:1:1 rows=8 cols=1
    vmov d=sp:2112:64:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2136:1:0 rows=8 cols=8
    matmul d=acc:0:8:1 a=sp:2112:64:1 b=sp:1088:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2120:64:1 b=sp:1152:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2128:64:1 b=sp:1216:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2136:64:1 b=sp:1280:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2144:64:1 b=sp:1344:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2152:64:1 b=sp:1408:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2160:64:1 b=sp:1472:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2168:64:1 b=sp:1536:8:1 m=8 k=8 n=8 acc=1
    vrecip d=acc:2144:1:1 a=acc:2120:1:1 rows=8 cols=1
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2144:1:0 rows=8 cols=8
    mvout dram=out0:0+320*i1+640*i0:8 a=acc:0:8:1 rows=8 cols=8
    mvin d=sp:0:8:1 dram=arg0:64+320*i1+640*i0:8 rows=8 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=8 cols=8 imm=0.353553385
    vfill d=acc:0:8:1 rows=8 cols=8 imm=0
    vfill d=acc:2112:1:1 rows=8 cols=1 imm=-inf
    vfill d=acc:2120:1:1 rows=8 cols=1 imm=0
    mvin d=sp:64:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=sp:1088:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=acc:1088:64:1 dram=arg2:0+70*i0:0 rows=8 cols=64
    matmul d=acc:64:64:1 a=sp:0:8:1 b=sp:64:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:72:64:1 a=sp:0:8:1 b=sp:128:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:80:64:1 a=sp:0:8:1 b=sp:192:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:88:64:1 a=sp:0:8:1 b=sp:256:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:96:64:1 a=sp:0:8:1 b=sp:320:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:104:64:1 a=sp:0:8:1 b=sp:384:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:112:64:1 a=sp:0:8:1 b=sp:448:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:120:64:1 a=sp:0:8:1 b=sp:512:1:8 m=8 k=8 n=8 acc=0
    vadd d=acc:64:64:1 a=acc:64:64:1 b=acc:1088:64:1 rows=8 cols=64
    vcausal d=acc:64:64:1 rows=8 cols=64 row0=8 col0=0
    vrowmax d=acc:2128:1:1 a=acc:64:64:1 rows=8 cols=64
    vmax d=acc:2128:1:1 a=acc:2128:1:1 b=acc:2112:1:1 rows=8 cols=1
    vsub d=acc:2136:1:1 a=acc:2112:1:1 b=acc:2128:1:1 rows=8 cols=1
    vexp d=acc:2136:1:1 a=acc:2136:1:1 rows=8 cols=1
    vsub d=acc:64:64:1 a=acc:64:64:1 b=acc:2128:1:0 rows=8 cols=64
    vexp d=acc:64:64:1 a=acc:64:64:1 rows=8 cols=64
    vrowsum d=acc:2144:1:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2136:1:1 rows=8 cols=1
    vadd d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2144:1:1 rows=8 cols=1
    vmov d=acc:2112:1:1 a=acc:2128:1:1 rows=8 cols=1
    vmov d=sp:2112:64:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2136:1:0 rows=8 cols=8
    matmul d=acc:0:8:1 a=sp:2112:64:1 b=sp:1088:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2120:64:1 b=sp:1152:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2128:64:1 b=sp:1216:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2136:64:1 b=sp:1280:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2144:64:1 b=sp:1344:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2152:64:1 b=sp:1408:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2160:64:1 b=sp:1472:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2168:64:1 b=sp:1536:8:1 m=8 k=8 n=8 acc=1
    vrecip d=acc:2144:1:1 a=acc:2120:1:1 rows=8 cols=1
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2144:1:0 rows=8 cols=8
    mvout dram=out0:64+320*i1+640*i0:8 a=acc:0:8:1 rows=8 cols=8
    mvin d=sp:0:8:1 dram=arg0:128+320*i1+640*i0:8 rows=8 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=8 cols=8 imm=0.353553385
    vfill d=acc:0:8:1 rows=8 cols=8 imm=0
    vfill d=acc:2112:1:1 rows=8 cols=1 imm=-inf
    vfill d=acc:2120:1:1 rows=8 cols=1 imm=0
    mvin d=sp:64:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=sp:1088:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=acc:1088:64:1 dram=arg2:0+70*i0:0 rows=8 cols=64
    matmul d=acc:64:64:1 a=sp:0:8:1 b=sp:64:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:72:64:1 a=sp:0:8:1 b=sp:128:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:80:64:1 a=sp:0:8:1 b=sp:192:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:88:64:1 a=sp:0:8:1 b=sp:256:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:96:64:1 a=sp:0:8:1 b=sp:320:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:104:64:1 a=sp:0:8:1 b=sp:384:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:112:64:1 a=sp:0:8:1 b=sp:448:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:120:64:1 a=sp:0:8:1 b=sp:512:1:8 m=8 k=8 n=8 acc=0
    vadd d=acc:64:64:1 a=acc:64:64:1 b=acc:1088:64:1 rows=8 cols=64
    vcausal d=acc:64:64:1 rows=8 cols=64 row0=16 col0=0
    vrowmax d=acc:2128:1:1 a=acc:64:64:1 rows=8 cols=64
    vmax d=acc:2128:1:1 a=acc:2128:1:1 b=acc:2112:1:1 rows=8 cols=1
    vsub d=acc:2136:1:1 a=acc:2112:1:1 b=acc:2128:1:1 rows=8 cols=1
    vexp d=acc:2136:1:1 a=acc:2136:1:1 rows=8 cols=1
    vsub d=acc:64:64:1 a=acc:64:64:1 b=acc:2128:1:0 rows=8 cols=64
    vexp d=acc:64:64:1 a=acc:64:64:1 rows=8 cols=64
    vrowsum d=acc:2144:1:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2136:1:1 rows=8 cols=1
    vadd d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2144:1:1 rows=8 cols=1
    vmov d=acc:2112:1:1 a=acc:2128:1:1 rows=8 cols=1
    vmov d=sp:2112:64:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2136:1:0 rows=8 cols=8
    matmul d=acc:0:8:1 a=sp:2112:64:1 b=sp:1088:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2120:64:1 b=sp:1152:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2128:64:1 b=sp:1216:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2136:64:1 b=sp:1280:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2144:64:1 b=sp:1344:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2152:64:1 b=sp:1408:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2160:64:1 b=sp:1472:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2168:64:1 b=sp:1536:8:1 m=8 k=8 n=8 acc=1
    vrecip d=acc:2144:1:1 a=acc:2120:1:1 rows=8 cols=1
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2144:1:0 rows=8 cols=8
    mvout dram=out0:128+320*i1+640*i0:8 a=acc:0:8:1 rows=8 cols=8
    mvin d=sp:0:8:1 dram=arg0:192+320*i1+640*i0:8 rows=8 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=8 cols=8 imm=0.353553385
    vfill d=acc:0:8:1 rows=8 cols=8 imm=0
    vfill d=acc:2112:1:1 rows=8 cols=1 imm=-inf
    vfill d=acc:2120:1:1 rows=8 cols=1 imm=0
    mvin d=sp:64:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=sp:1088:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=acc:1088:64:1 dram=arg2:0+70*i0:0 rows=8 cols=64
    matmul d=acc:64:64:1 a=sp:0:8:1 b=sp:64:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:72:64:1 a=sp:0:8:1 b=sp:128:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:80:64:1 a=sp:0:8:1 b=sp:192:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:88:64:1 a=sp:0:8:1 b=sp:256:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:96:64:1 a=sp:0:8:1 b=sp:320:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:104:64:1 a=sp:0:8:1 b=sp:384:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:112:64:1 a=sp:0:8:1 b=sp:448:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:120:64:1 a=sp:0:8:1 b=sp:512:1:8 m=8 k=8 n=8 acc=0
    vadd d=acc:64:64:1 a=acc:64:64:1 b=acc:1088:64:1 rows=8 cols=64
    vcausal d=acc:64:64:1 rows=8 cols=64 row0=24 col0=0
    vrowmax d=acc:2128:1:1 a=acc:64:64:1 rows=8 cols=64
    vmax d=acc:2128:1:1 a=acc:2128:1:1 b=acc:2112:1:1 rows=8 cols=1
    vsub d=acc:2136:1:1 a=acc:2112:1:1 b=acc:2128:1:1 rows=8 cols=1
    vexp d=acc:2136:1:1 a=acc:2136:1:1 rows=8 cols=1
    vsub d=acc:64:64:1 a=acc:64:64:1 b=acc:2128:1:0 rows=8 cols=64
    vexp d=acc:64:64:1 a=acc:64:64:1 rows=8 cols=64
    vrowsum d=acc:2144:1:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2136:1:1 rows=8 cols=1
    vadd d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2144:1:1 rows=8 cols=1
    vmov d=acc:2112:1:1 a=acc:2128:1:1 rows=8 cols=1
    vmov d=sp:2112:64:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2136:1:0 rows=8 cols=8
    matmul d=acc:0:8:1 a=sp:2112:64:1 b=sp:1088:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2120:64:1 b=sp:1152:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2128:64:1 b=sp:1216:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2136:64:1 b=sp:1280:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2144:64:1 b=sp:1344:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2152:64:1 b=sp:1408:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2160:64:1 b=sp:1472:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2168:64:1 b=sp:1536:8:1 m=8 k=8 n=8 acc=1
    vrecip d=acc:2144:1:1 a=acc:2120:1:1 rows=8 cols=1
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2144:1:0 rows=8 cols=8
    mvout dram=out0:192+320*i1+640*i0:8 a=acc:0:8:1 rows=8 cols=8
    mvin d=sp:0:8:1 dram=arg0:256+320*i1+640*i0:8 rows=8 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=8 cols=8 imm=0.353553385
    vfill d=acc:0:8:1 rows=8 cols=8 imm=0
    vfill d=acc:2112:1:1 rows=8 cols=1 imm=-inf
    vfill d=acc:2120:1:1 rows=8 cols=1 imm=0
    mvin d=sp:64:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=sp:1088:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=acc:1088:64:1 dram=arg2:0+70*i0:0 rows=8 cols=64
    matmul d=acc:64:64:1 a=sp:0:8:1 b=sp:64:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:72:64:1 a=sp:0:8:1 b=sp:128:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:80:64:1 a=sp:0:8:1 b=sp:192:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:88:64:1 a=sp:0:8:1 b=sp:256:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:96:64:1 a=sp:0:8:1 b=sp:320:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:104:64:1 a=sp:0:8:1 b=sp:384:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:112:64:1 a=sp:0:8:1 b=sp:448:1:8 m=8 k=8 n=8 acc=0
    matmul d=acc:120:64:1 a=sp:0:8:1 b=sp:512:1:8 m=8 k=8 n=8 acc=0
    vadd d=acc:64:64:1 a=acc:64:64:1 b=acc:1088:64:1 rows=8 cols=64
    vcausal d=acc:64:64:1 rows=8 cols=64 row0=32 col0=0
    vrowmax d=acc:2128:1:1 a=acc:64:64:1 rows=8 cols=64
    vmax d=acc:2128:1:1 a=acc:2128:1:1 b=acc:2112:1:1 rows=8 cols=1
    vsub d=acc:2136:1:1 a=acc:2112:1:1 b=acc:2128:1:1 rows=8 cols=1
    vexp d=acc:2136:1:1 a=acc:2136:1:1 rows=8 cols=1
    vsub d=acc:64:64:1 a=acc:64:64:1 b=acc:2128:1:0 rows=8 cols=64
    vexp d=acc:64:64:1 a=acc:64:64:1 rows=8 cols=64
    vrowsum d=acc:2144:1:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2136:1:1 rows=8 cols=1
    vadd d=acc:2120:1:1 a=acc:2120:1:1 b=acc:2144:1:1 rows=8 cols=1
    vmov d=acc:2112:1:1 a=acc:2128:1:1 rows=8 cols=1
    vmov d=sp:2112:64:1 a=acc:64:64:1 rows=8 cols=64
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2136:1:0 rows=8 cols=8
    matmul d=acc:0:8:1 a=sp:2112:64:1 b=sp:1088:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2120:64:1 b=sp:1152:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2128:64:1 b=sp:1216:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2136:64:1 b=sp:1280:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2144:64:1 b=sp:1344:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2152:64:1 b=sp:1408:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2160:64:1 b=sp:1472:8:1 m=8 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:2168:64:1 b=sp:1536:8:1 m=8 k=8 n=8 acc=1
    vrecip d=acc:2144:1:1 a=acc:2120:1:1 rows=8 cols=1
    vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:2144:1:0 rows=8 cols=8
    mvout dram=out0:256+320*i1+640*i0:8 a=acc:0:8:1 rows=8 cols=8
  endloop
endloop
