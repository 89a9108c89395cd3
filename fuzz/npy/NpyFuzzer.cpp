//===- NpyFuzzer.cpp - libFuzzer: attn-sim's .npy reader ------------------===//
//
// Each input is the bytes of a file given to `attn-sim --input`. parseNpy
// must return an array or an error with a message; an accepted array must
// have as many elements as its shape says, and writing it back
// (serializeNpy, what `--output` writes) must read back to the same shape
// and the same bits.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Sim/Npy.h"

#include "../FuzzSupport.h"

#include <cstring>
#include <random>

using namespace mlir::attn::systolic;

using ::attn::fuzz::fail;


extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<NpyArray> a = parseNpy(bytes);
  if (!a) {
    ::attn::fuzz::requireMessage(a.takeError(), "parseNpy");
    return 0;
  }
  int64_t numel = 1;
  for (int64_t d : a->shape)
    numel *= d;
  if (int64_t(a->data.size()) != numel)
    fail("parseNpy returned " + llvm::Twine(a->data.size()) +
         " elements for a shape of " + llvm::Twine(numel));

  std::string written = serializeNpy(*a);
  llvm::Expected<NpyArray> b = parseNpy(written);
  if (!b)
    fail("serializeNpy output does not parse: " +
         llvm::toString(b.takeError()));
  if (b->shape != a->shape)
    fail("serializeNpy/parseNpy round trip changed the shape");
  if (b->data.size() != a->data.size() ||
      (!a->data.empty() &&
       std::memcmp(b->data.data(), a->data.data(), a->data.size() * 4) != 0))
    fail("serializeNpy/parseNpy round trip changed the data");
  return 0;
}

// Structure-aware mutation: half the time, mutate only the header text
// (the Python dict literal) with libFuzzer's mutator and then fix the
// header-length field, so the input still reaches the dict parser;
// otherwise, libFuzzer's byte mutations over the whole file (which also
// break the magic, version and length fields).
extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  std::mt19937 rng(seed);
  if (size < 10 || rng() % 2 || data[6] != 1)
    return LLVMFuzzerMutate(data, size, maxSize);
  size_t headerLen = data[8] | (size_t(data[9]) << 8);
  if (10 + headerLen > size)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::string header(reinterpret_cast<char *>(data) + 10, headerLen);
  std::string payload(reinterpret_cast<char *>(data) + 10 + headerLen,
                      size - 10 - headerLen);
  size_t room = maxSize > 10 + payload.size() ? maxSize - 10 - payload.size()
                                              : 0;
  room = std::min<size_t>(room, 0xffff);
  if (room == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  header.resize(std::max(header.size(), room));
  size_t newLen = LLVMFuzzerMutate(reinterpret_cast<uint8_t *>(header.data()),
                                   std::min(headerLen, room), room);
  header.resize(newLen);
  // Sometimes also resize the payload to what the (new) shape may need.
  if (rng() % 4 == 0)
    payload.resize(std::min<size_t>(4 * (rng() % 64), maxSize));
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(newLen & 0xff);
  out += char(newLen >> 8);
  out += header;
  out += payload;
  if (out.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  memcpy(data, out.data(), out.size());
  return out.size();
}
