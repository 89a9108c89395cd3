//===- NpyTest.cpp - .npy reading and writing ------------------------------===//

#include "attn-mlir/Systolic/Sim/Npy.h"

#include <gtest/gtest.h>

using namespace mlir::attn::systolic;

namespace {

std::string header(const std::string &dict) {
  std::string h = dict;
  size_t total = 10 + h.size() + 1;
  h.append((64 - total % 64) % 64, ' ');
  h += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(h.size() & 0xff);
  out += char(h.size() >> 8);
  return out + h;
}

TEST(Npy, RoundTrip) {
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{2, 3}, {5}, {1, 2, 2}}) {
    NpyArray a{shape, {}};
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    for (int64_t i = 0; i < n; ++i)
      a.data.push_back(0.5f * float(i) - 1.f);
    llvm::Expected<NpyArray> b = parseNpy(serializeNpy(a));
    ASSERT_TRUE(bool(b)) << llvm::toString(b.takeError());
    EXPECT_EQ(b->shape, a.shape);
    EXPECT_EQ(b->data, a.data);
  }
  std::string s = serializeNpy({{2, 3}, std::vector<float>(6)});
  EXPECT_NE(s.find("'shape': (2, 3), }"), std::string::npos);
  EXPECT_EQ((s.size() - 24) % 64, 0u); // header padded to 64 bytes
}

TEST(Npy, RejectsWhatItCannotRead) {
  auto error = [](const std::string &bytes) {
    llvm::Expected<NpyArray> a = parseNpy(bytes);
    return a ? std::string() : llvm::toString(a.takeError());
  };
  EXPECT_EQ(error("hello"), "not a .npy file (bad magic)");
  EXPECT_EQ(error(header("{'descr': '<f8', 'fortran_order': False, 'shape': "
                         "(1,), }") +
                  std::string(8, '\0')),
            ".npy dtype '<f8' is not supported: only little-endian float32 "
            "('<f4')");
  EXPECT_EQ(error(header("{'descr': '<f4', 'fortran_order': True, 'shape': "
                         "(2, 2), }") +
                  std::string(16, '\0')),
            ".npy array is in Fortran order: only C order is supported");
  EXPECT_EQ(error(header("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(3,), }") +
                  std::string(8, '\0')),
            ".npy data has 8 bytes, the shape needs 12");
  // Shapes whose element count overflows: 2^62 elements need 2^64 bytes,
  // which wraps to the 0 bytes that follow the header. Once resized the
  // array to 2^62 floats (bad_alloc, a crash of attn-sim).
  const std::string tooBig =
      ".npy shape has more than 2^30 elements (the simulator's limit)";
  EXPECT_EQ(error(header("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4611686018427387904,), }")),
            tooBig);
  EXPECT_EQ(error(header("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4294967296, 4294967296, 4), }")),
            tooBig);
  EXPECT_EQ(error(header("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(0, 4611686018427387904), }")),
            tooBig);
  // Zero-sized arrays are fine.
  EXPECT_EQ(error(header("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(0, 3), }")),
            "");
}

} // namespace
