.kernel t
.target {"name":"b","rows":4,"cols":4,"dataflow":"ws","elem_type":"bf16","spad_kib":16,"spad_banks":1,"acc_kib":4,"dram_bytes_per_cycle":8,"dram_latency_cycles":10,"vector_lanes":4,"clock_mhz":500}
.buffer input x [1, 4]
.buffer output y [1, 4]
.buffer output z [1, 4]
.buffer output w [1, 4]
.buffer output v [1, 4]
mvin d=sp:0:4:1 dram=x:0:4 rows=1 cols=4
mvin d=acc:0:4:1 dram=x:0:4 rows=1 cols=4
mvout dram=y:0:4 a=sp:0:4:1 rows=1 cols=4
mvout dram=z:0:4 a=acc:0:4:1 rows=1 cols=4
vmul d=acc:4:4:1 a=sp:0:4:1 b=sp:0:4:1 rows=1 cols=4
vadd d=acc:4:4:1 a=acc:4:4:1 b=acc:0:4:1 rows=1 cols=4
mvout dram=w:0:4 a=acc:4:4:1 rows=1 cols=4
vmov d=sp:4:4:1 a=acc:4:4:1 rows=1 cols=4
mvout dram=v:0:4 a=sp:4:4:1 rows=1 cols=4
