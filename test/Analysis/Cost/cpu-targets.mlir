// CPU cost targets: presets and target=host (LLVM's host CPU detection,
// the clock from sysfs or /proc/cpuinfo; unittests/Analysis/Cost checks the
// derivation on made-up hosts).
// RUN: attn-opt %s --attn-cost="target=host json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=HOST
// RUN: attn-opt %s --attn-cost="target=icelake-server json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=ICX
// RUN: attn-opt %s --attn-cost="target=neoverse-n1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: attn-opt %s --attn-cost="target=cpu json=-" -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=DEFAULT
// RUN: attn-cost-sweep --target host --n-min 64 --n-max 64 | FileCheck %s --check-prefix=SWEEP

// HOST: "target": "host-{{[a-z0-9_-]+}}"
// HOST: "target_kind": "cpu"
// ICX: "clock_hz": 2800000000
// ICX: "on_chip_bytes": 1310720
// ICX: "target": "icelake-server"
// REMARK: remark: attn-cost: macs=
// DEFAULT: "clock_hz": 2450000000
// DEFAULT: "target": "zen3"
// SWEEP: vanilla-flash,64,{{.*}},host-{{[a-z0-9_-]+}}
func.func @f(%q: tensor<8x16xf32>, %k: tensor<24x16xf32>, %v: tensor<24x8xf32>, %o: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<8x16xf32>, tensor<24x16xf32>, tensor<24x8xf32>)
                    outs(%o : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}
