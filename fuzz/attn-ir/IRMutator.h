//===- IRMutator.h - structure-aware mutations of attn IR text -*- C++ -*-===//

#ifndef ATTN_FUZZ_IRMUTATOR_H
#define ATTN_FUZZ_IRMUTATOR_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace attn::fuzz {

/// The pass pipeline an input asks for on its first line, either
///
///   // fuzz: <pass> <key>=<value> ...       one of our passes, module level
///   // fuzz-pipeline: <anchor>(<pipeline>)  a whole pass-pipeline string
///
/// The second form nests (builtin.module, func.func, any, unknown ops),
/// repeats and mixes our passes and pipelines with options, and names
/// passes that do not exist: what `--pass-pipeline` accepts. Only
/// key=value words are allowed as options, never `json` (no files are
/// written), and only our passes, canonicalize, cse or unregistered names.
struct PipelineSpec {
  /// What the top pass manager is anchored on ("builtin.module", or what a
  /// fuzz-pipeline header names: the run then fails with an error when it
  /// is not the module).
  std::string anchor = "builtin.module";
  /// Relative to the anchor, e.g. "attn-tile{row-tile=3}" or
  /// "func.func(attn-cpu-pipeline),attn-cost".
  std::string pipeline;
};
PipelineSpec parseHeader(const std::string &text);

/// A random `// fuzz-pipeline: ...` header line (also used by tests).
std::string randomPipelineHeader(unsigned seed);

/// libFuzzer custom mutator: edits tensor/memref types (every use of a type
/// at once, so the IR stays well-typed and reaches the op verifiers and
/// passes), attn op attributes, the operand lists of attn ops, op names and
/// the pipeline header; falls back to libFuzzer's byte mutations.
size_t mutate(uint8_t *data, size_t size, size_t maxSize, unsigned seed);

} // namespace attn::fuzz

#endif // ATTN_FUZZ_IRMUTATOR_H
