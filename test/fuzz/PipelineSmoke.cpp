//===- PipelineSmoke.cpp - the attn-ir fuzzer's pipelines, without libFuzzer ==//
//
//   attn-pipeline-smoke <runs> <seed> <input.mlir>...
//
// Runs the attn-ir fuzzer's LLVMFuzzerTestOneInput (fuzz/attn-ir) on
// `runs` inputs: each is one of the given programs under a random
// `// fuzz-pipeline:` header from the fuzzer's generator (nestings,
// options, unknown pass names). The harness aborts when a pipeline fails
// without an error diagnostic; any abort or crash fails this test. It
// needs no Clang or sanitizers, so the ordinary build runs it (CTest
// `fuzz/pipeline-smoke`); the libFuzzer campaign explores further.
//
//===----------------------------------------------------------------------===//

#include "../../fuzz/attn-ir/IRMutator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int *, char ***);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// IRMutator.cpp falls back to libFuzzer's byte mutator, absent here.
extern "C" size_t LLVMFuzzerMutate(uint8_t *, size_t size, size_t) {
  return size;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    std::cerr << "usage: attn-pipeline-smoke <runs> <seed> <input.mlir>...\n";
    return 2;
  }
  unsigned runs = std::strtoul(argv[1], nullptr, 10);
  unsigned seed = std::strtoul(argv[2], nullptr, 10);
  std::vector<std::string> programs;
  for (int i = 3; i < argc; ++i) {
    std::ifstream in(argv[i]);
    if (!in) {
      std::cerr << "attn-pipeline-smoke: cannot read " << argv[i] << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    programs.push_back(ss.str());
  }
  LLVMFuzzerInitialize(&argc, &argv);
  for (unsigned r = 0; r < runs; ++r) {
    std::string header = attn::fuzz::randomPipelineHeader(seed + r);
    std::string input = header + "\n" + programs[r % programs.size()];
    // What a failure replays: the input is printed before it runs.
    std::fprintf(stderr, "run %u: %s\n", r, header.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.data()),
                           input.size());
  }
  std::fprintf(stderr, "%u pipelines, no abort\n", runs);
  return 0;
}
