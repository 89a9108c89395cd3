.kernel hand
.target {"cols":4,"dataflow":"os","kind":"systolic","rows":4,"spad_kib":4,"acc_kib":4,"name":"tiny"}
.buffer input x [4, 4]
.buffer scratch t [4, 4]
.buffer output y [4, 4]
mvin d=sp:0:4:1 dram=x:0:0 rows=4 cols=4
vadds d=sp:16:4:1 a=sp:0:4:1 rows=4 cols=4 imm=1.5
matmul d=acc:0:4:1 a=sp:0:4:1 b=sp:16:4:1 m=4 k=4 n=4 acc=0
matmul d=acc:0:4:1 a=sp:0:4:1 b=sp:16:1:4 m=4 k=4 n=4 acc=1
mvout dram=t:0:4 a=acc:0:4:1 rows=4 cols=4
fence
mvin d=sp:32:4:1 dram=t:0:4 rows=4 cols=4
vcausal d=sp:32:4:1 rows=4 cols=4 row0=1 col0=0
mvout dram=y:0:4 a=sp:32:4:1 rows=4 cols=4
