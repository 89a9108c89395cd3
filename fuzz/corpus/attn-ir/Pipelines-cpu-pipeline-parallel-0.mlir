// fuzz: convert-attn-to-linalg strategy=materialized
func.func @flash(%q: tensor<1x2x256x64xf32>, %k: tensor<1x2x256x64xf32>,
                 %v: tensor<1x2x256x64xf32>) -> tensor<1x2x256x64xf32>
    attributes {llvm.emit_c_interface} {
  %o0 = tensor.empty() : tensor<1x2x256x64xf32>
  %o = attn.vanilla ins(%q, %k, %v : tensor<1x2x256x64xf32>, tensor<1x2x256x64xf32>,
                        tensor<1x2x256x64xf32>)
                    outs(%o0 : tensor<1x2x256x64xf32>) -> tensor<1x2x256x64xf32>
  return %o : tensor<1x2x256x64xf32>
}
