//===- Npy.cpp - .npy files (f32, C order) ---------------------------------===//
//
// The format is NumPy's NEP 1: magic, version, header length, a Python dict
// literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, then
// the raw data. We parse the dict by hand because it is a fixed, tiny subset
// of Python syntax and nothing upstream reads it.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Sim/Npy.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::attn::systolic;
using llvm::StringRef;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

/// Returns the text after `'key':` up to the end of its value.
static std::optional<StringRef> dictValue(StringRef header, StringRef key) {
  size_t pos = header.find(("'" + key + "'").str());
  if (pos == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(pos + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

llvm::Expected<NpyArray> mlir::attn::systolic::parseNpy(StringRef bytes) {
  static const char kMagic[] = "\x93NUMPY";
  if (bytes.size() < 10 || !bytes.starts_with(StringRef(kMagic, 6)))
    return err("not a .npy file (bad magic)");
  uint8_t major = uint8_t(bytes[6]);
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = uint8_t(bytes[8]) | (size_t(uint8_t(bytes[9])) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return err("truncated .npy header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t(uint8_t(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    return err("unsupported .npy version " + llvm::Twine(unsigned(major)));
  }
  if (bytes.size() < offset + headerLen)
    return err("truncated .npy header");
  StringRef header = bytes.substr(offset, headerLen);

  std::optional<StringRef> descr = dictValue(header, "descr");
  if (!descr)
    return err(".npy header has no 'descr'");
  if (!descr->starts_with("'<f4'") && !descr->starts_with("'float32'"))
    return err(".npy dtype " + descr->take_until([](char c) { return c == ','; }) +
               " is not supported: only little-endian float32 ('<f4')");
  std::optional<StringRef> fortran = dictValue(header, "fortran_order");
  if (!fortran)
    return err(".npy header has no 'fortran_order'");
  if (fortran->starts_with("True"))
    return err(".npy array is in Fortran order: only C order is supported");
  std::optional<StringRef> shapeStr = dictValue(header, "shape");
  if (!shapeStr || !shapeStr->starts_with("("))
    return err(".npy header has no 'shape' tuple");
  StringRef tuple = shapeStr->drop_front().take_until([](char c) {
    return c == ')';
  });
  NpyArray a;
  llvm::SmallVector<StringRef> dims;
  tuple.split(dims, ',', -1, /*KeepEmpty=*/false);
  // Bounded like a simulator buffer (checkBuffer): the data is read into
  // host memory, and an unchecked product of dims can overflow into a small
  // byte count that matches a short file.
  constexpr int64_t kMaxElems = int64_t(1) << 30;
  int64_t numel = 1;
  for (StringRef d : dims) {
    d = d.trim();
    if (d.empty())
      continue;
    int64_t v;
    if (d.getAsInteger(10, v) || v < 0)
      return err(".npy shape has a bad dimension '" + d + "'");
    if (v > kMaxElems || (v != 0 && numel > kMaxElems / v))
      return err(".npy shape has more than 2^30 elements (the simulator's "
                 "limit)");
    a.shape.push_back(v);
    numel *= v;
  }
  size_t dataBytes = size_t(numel) * 4;
  if (bytes.size() - offset - headerLen != dataBytes)
    return err(".npy data has " +
               llvm::Twine(bytes.size() - offset - headerLen) +
               " bytes, the shape needs " + llvm::Twine(dataBytes));
  a.data.resize(numel);
  // An empty array has no storage: memcpy's pointers must not be null even
  // for 0 bytes (found by npy-fuzzer under UBSan).
  if (dataBytes)
    std::memcpy(a.data.data(), bytes.data() + offset + headerLen, dataBytes);
  return a;
}

llvm::Expected<NpyArray> mlir::attn::systolic::readNpy(StringRef path) {
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buf)
    return err("cannot read '" + path + "': " + buf.getError().message());
  llvm::Expected<NpyArray> a = parseNpy((*buf)->getBuffer());
  if (!a)
    return err(path + ": " + llvm::toString(a.takeError()));
  return a;
}

std::string mlir::attn::systolic::serializeNpy(const NpyArray &a) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int64_t d : a.shape)
    dict += std::to_string(d) + ", ";
  if (a.shape.size() > 1)
    dict.erase(dict.size() - 2); // (2, 3)
  else if (a.shape.size() == 1)
    dict.erase(dict.size() - 1); // (5,)
  dict += "), }";
  // Pad with spaces so that magic + len + header + '\n' is a multiple of 64.
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(dict.size() & 0xff);
  out += char(dict.size() >> 8);
  out += dict;
  if (!a.data.empty())
    out.append(reinterpret_cast<const char *>(a.data.data()),
               a.data.size() * 4);
  return out;
}

llvm::Error mlir::attn::systolic::writeNpy(StringRef path, const NpyArray &a) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return err("cannot write '" + path + "': " + ec.message());
  os << serializeNpy(a);
  return llvm::Error::success();
}
