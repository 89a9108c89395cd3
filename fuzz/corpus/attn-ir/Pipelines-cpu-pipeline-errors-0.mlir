// fuzz: attn-cpu-pipeline
func.func @dynamic(%q: tensor<?x16xf32>, %k: tensor<70x16xf32>, %o: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<?x16xf32>, tensor<70x16xf32>, tensor<70x16xf32>)
                    outs(%o : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}
