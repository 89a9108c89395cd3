.kernel e
.target {"name":"etest","rows":8,"cols":8,"dataflow":"ws","spad_kib":64,"spad_banks":2,"acc_kib":16,"dram_bytes_per_cycle":8,"dram_latency_cycles":50,"vector_lanes":8,"clock_mhz":500,"energy_pj":{"mac":4.5,"spad_read_byte":2,"spad_write_byte":2.5,"acc_read_byte":1.5,"acc_write_byte":1.25,"dram_byte":160,"vector_add":1,"vector_mul":4,"vector_exp":32,"vector_div":16,"vector_sqrt":24,"idle_dma_load":0.5,"idle_dma_store":0.25,"idle_array":8,"idle_vector":2}}
.buffer input x [4, 8]
.buffer input w [8, 8]
.buffer output y [4, 8]
mvin d=sp:0:8:1 dram=x:0:8 rows=4 cols=8
mvin d=sp:32:8:1 dram=w:0:8 rows=8 cols=8
matmul d=acc:0:8:1 a=sp:0:8:1 b=sp:32:8:1 m=4 k=8 n=8 acc=0
matmul d=acc:0:8:1 a=sp:0:8:1 b=sp:32:8:1 m=4 k=8 n=8 acc=1
vexp d=acc:0:8:1 a=acc:0:8:1 rows=4 cols=8
vmuls d=acc:0:8:1 a=acc:0:8:1 rows=4 cols=8 imm=0.5
mvout dram=y:0:8 a=acc:0:8:1 rows=4 cols=8
