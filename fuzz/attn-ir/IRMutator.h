//===- IRMutator.h - structure-aware mutations of attn IR text -*- C++ -*-===//

#ifndef ATTN_FUZZ_IRMUTATOR_H
#define ATTN_FUZZ_IRMUTATOR_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace attn::fuzz {

/// The pass pipeline an input asks for on its `// fuzz: ...` first line,
/// restricted to our passes with plain `key=value` options.
struct PipelineSpec {
  std::string pipeline; // e.g. "builtin.module(attn-tile{row-tile=3})"
};
PipelineSpec parseHeader(const std::string &text);

/// libFuzzer custom mutator: edits tensor/memref types (every use of a type
/// at once, so the IR stays well-typed and reaches the op verifiers and
/// passes), attn op attributes, the operand lists of attn ops, op names and
/// the pipeline header; falls back to libFuzzer's byte mutations.
size_t mutate(uint8_t *data, size_t size, size_t maxSize, unsigned seed);

} // namespace attn::fuzz

#endif // ATTN_FUZZ_IRMUTATOR_H
