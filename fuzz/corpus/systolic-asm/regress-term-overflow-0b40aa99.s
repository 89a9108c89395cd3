; systolic asm (docs/systolic-isa.md)
.kernel loops
.target {"acc_kib":16,"acc_type":"f32","clock_mhz":500,"cols":8,"dataflow":"ws","div_cycles":4,"dram_bytes_per_cycle":8,"dram_latency_cycles":50,"elem_type":"f32","exp_cycles":4,"kind":"systolic","name":"edge","rows":8,"spad_banks":2,"spad_kib":64,"sqrt_cycles":4,"vector_lanes":8}
.buffer input arg0 [2, 2, 40, 8]
.buffer input arg1 [2, 2, 70, 8]
.buffer input arg2 [2, 1, 1, 70]
.buffer output out0 [2, 2, 40, 8]
.buffer scratch t0 [16, 2, 40, 70]
loop count=2
  loop count=2
    mvin d=sp:0:8:1 dram=arg0:0+320*i1+640*i0:8 rows=24 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=24 cols=8 imm=0.353553385
    mvin d=sp:192:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=4
    matmul d=acc:0:70:1 a=sp:0:8:1 b=sp:192:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:8:70:1 a=sp:0:8:1 b=sp:256:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:16:70:1 a=sp:0:8:1 b=sp:320:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:24:70:1 a=sp:0:8:1 b=sp:384:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:32:70:1 a=sp:0:8:1 b=sp:448:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:40:70:1 a=sp:0:8:1 b=sp:512:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:48:70:1 a=sp:0:8:1 b=sp:576:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:56:70:1 a=sp:0:8:1 b=sp:640:1:8 m=24 k=8 n=8 acc=0
    matmul d=acc:0:70:1 a=sp:0:8:1 b=sp:192:1:8 m=16 k=8 n=8 acc=0
    vadd d=acc:0:70:1 a=acc:0:70:1 b=acc:1680:64:1 rows=24 cols=64
    mvin d=sp:704:8:1 dram=arg1:512+560*i1+1120*i0:8 rows=6 cols=8
    matmul d=acc:64:70:1 a=sp:0:8:1 b=sp:704:1:8 m=24 k=8 n=6 acc=0
    mvin d=acc:1680:64:1 dram=arg2:64+70*i0:0 rows=24 cols=6
    vadd d=acc:64:70:1 a=acc:64:70:1 b=acc:1680:64:1 rows=24 cols=6
    vcausal d=acc:0:70:1 rows=24 cols=70 row0=0 col0=0
    vrowmax d=acc:3216:1:1 a=acc:0:70:1 rows=24 cols=70
    vsub d=acc:0:70:1 a=acc:0:70:1 b=acc:3216:1:0 rows=24 cols=70
    vrowsum d=acc:3240:1:1 a=acc:0:70:1 rows=24 cols=70
    vrecip d=acc:3240:1:1 a=acc:3240:1:1 rows=24 cols=1
    vmul d=acc:0:70:1 a=acc:0:70:1 b=acc:3240:1:0 rows=24 cols=70
    mvout dram=t0:0+2800*i1+5600*i0:70 a=acc:0:70:1 rows=24 cols=70
    mvin d=sp:0:8:1 dram=arg0:192+320*i1+640*i0:8 rows=16 cols=8
    vmuls d=sp:0:8:1 a=sp:0:8:1 rows=16 cols=8 imm=0.353553385
    mvin d=sp:192:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=64 cols=8
    mvin d=acc:1680:64:1 dram=arg2:0+70*i0:0 rows=24 cols=64
    matmul d=acc:8:70:1 a=sp:0:8:1 b=sp:256:1:8 m=16 k=8 n=8 acc=0
    matmul d=acc:16:70:1 a=sp:0:8:1 b=sp:320:1:8 m=16 k=8 n=8 acc=0
    matmul d=acc:24:70:1 a=sp:0:8:1 b=sp:384:1:8 m=16 k=8 n=8 acc=0
    matmul d=acc:32:70:1 a=sp:0:8:1 b=sp:448:1:8 m=16 k=8 n=8 acc=0
    mvin d=sp:0:70:1 dram=t0:0+2800*i1+5600*i0:70 rows=40 cols=70
    matmul d=acc:48:70:1 a=sp:0:8:1 b=sp:576:1:8 m=16 k=8 n=8 acc=0
    matmul d=acc:56:70:1 a=sp:0:8:1 b=sp:640:1:8 m=16 k=8 n=8 acc=0
    mvin d=acc:1680:64:1 dram=arg2:0+70*i0:0 rows=16 cols=64
    vadd d=acc:0:70:1 a=acc:0:70:1 b=acc:1680:64:1 rows=16 cols=64
    mvin d=sp:704:8:1 dram=arg1:512+560*i1+1120*i0:8 rows=6 cols=8
    matmul d=acc:64:70:1 a=sp:0:8:1 b=sp:704:1:8 m=16 k=8 n=6 acc=0
    mvin d=acc:1680:64:1 dram=arg2:64+70*i0:0 rows=16 cols=6
    vadd d=acc:64:70:1 a=acc:64:70:1 b=acc:1680:64:1 rows=16 cols=6
    vcausal d=acc:1:70:1 rows=16 cols=70 row0=24 col0=0
    vrowmax d=acc:3216:1:1 a=acc:0:70:1 rows=16 cols=70
    vsub d=acc:0:70:1 a=acc:0:70:1 b=acc:3216:1:0 rows=16 cols=70
    vexp d=acc:0:70:1 a=acc:0:70:1 rows=16 cols=70
    vrowsum d=acc:3240:1:1 a=acc:0:70:1 rows=16 cols=70
    vrecip d=acc:3240:1:1 a=acc:3240:1:1 rows=16 cols=1
    vmul d=acc:0:70:1 a=acc:0:70:1 b=acc:3240:1:0 rows=16 cols=70
    mvout dram=t0:1680+2800*i1+5600*i0:70 a=acc:0:70:1 rows=16 cols=70
    matmul d=acc:40:70:1 a=sp:0:8:1 b=sp:512:1:8 m=16 k=8 n=8 acc=0
    mvin d=sp:2800:8:1 dram=arg1:0+560*i1+1120*i0:8 rows=70 cols=8
    matmul d=acc:0:8:1 a=sp:0:70:1 b=sp:2800:8:1 m=40 k=8 n=8 acc=0
    matmul d=acc:0:8:1 a=sp:8:70:1 b=sp:2864:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:16:70:1 b=sp:2928:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:24:70:1 b=sp:2992:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:32:70:1 b=sp:3056:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:40:70:1 b=sp:3120:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:48:70:1 b=sp:3184:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:56:70:1 b=sp:3248:8:1 m=40 k=8 n=8 acc=1
    matmul d=acc:0:8:1 a=sp:64:70:1 b=sp:3312:8:1 m=40 k=6 n=8 acc=1
    vrowsum d=acc:3240:1:1 a=acc:0:70:1 rows=24 cols=70
    mvout dram=out0:9223372036854775807+320*i1+640*i0:8 a=acc:0:8:1 rows=40 cols=8
  endloop
endloop
