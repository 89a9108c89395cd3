//===- ElemTypeTest.cpp - bf16 storage in the scratchpad -------------------===//
//
// On a bf16 target the scratchpad holds bf16 (round to nearest, ties to
// even), the accumulator f32, and a DMA moves elements of the on-chip
// memory it touches (2 bytes to or from the scratchpad, 4 to or from the
// accumulator). The expected values and byte counts are worked out by hand.
//
//===----------------------------------------------------------------------===//

#include "attn-mlir/Systolic/Sim/Machine.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir::attn::systolic;

namespace {

TEST(ElemType, RoundToBF16ByHand) {
  // bf16 keeps 7 fraction bits: the spacing is 2^-7 in [1, 2), 2 in
  // [256, 512).
  EXPECT_EQ(roundToBF16(1.0f), 1.0f);
  EXPECT_EQ(roundToBF16(1.0f + 0x1p-8f), 1.0f);           // tie: to even
  EXPECT_EQ(roundToBF16(1.0f + 0x3p-8f), 1.0f + 0x1p-6f); // tie: to even
  EXPECT_EQ(roundToBF16(1.0f + 0x1p-8f + 0x1p-12f), 1.0f + 0x1p-7f);
  EXPECT_EQ(roundToBF16(300.7f), 300.0f);
  // Ties between 300 (0b10010110 x 2) and 302 (0b10010111 x 2): to the
  // even significand, 300; between 302 and 304: 304.
  EXPECT_EQ(roundToBF16(301.0f), 300.0f);
  EXPECT_EQ(roundToBF16(303.0f), 304.0f);
  EXPECT_EQ(roundToBF16(-301.5f), -302.0f);
  EXPECT_EQ(roundToBF16(-1e30f), -0x1.94p99f); // 1e30 = 1.5777...x2^99
  EXPECT_TRUE(std::isinf(roundToBF16(INFINITY)));
  EXPECT_TRUE(std::isnan(roundToBF16(NAN)));
  // The largest finite f32 rounds up past bf16's largest: infinity, as a
  // hardware conversion does.
  EXPECT_TRUE(std::isinf(roundToBF16(3.4028235e38f)));
}

// x goes to the scratchpad and to the accumulator; y is x through the
// scratchpad, z x through the accumulator, w = x(sp) * x(sp) + x(acc) by
// the vector unit in the accumulator, v that sum moved to the scratchpad.
const char *kProgram = R"(.kernel t
.target {"name":"b","rows":4,"cols":4,"dataflow":"ws","elem_type":"bf16","spad_kib":16,"spad_banks":1,"acc_kib":4,"dram_bytes_per_cycle":8,"dram_latency_cycles":10,"vector_lanes":4,"clock_mhz":500}
.buffer input x [1, 4]
.buffer output y [1, 4]
.buffer output z [1, 4]
.buffer output w [1, 4]
.buffer output v [1, 4]
mvin d=sp:0:4:1 dram=x:0:4 rows=1 cols=4
mvin d=acc:0:4:1 dram=x:0:4 rows=1 cols=4
mvout dram=y:0:4 a=sp:0:4:1 rows=1 cols=4
mvout dram=z:0:4 a=acc:0:4:1 rows=1 cols=4
vmul d=acc:4:4:1 a=sp:0:4:1 b=sp:0:4:1 rows=1 cols=4
vadd d=acc:4:4:1 a=acc:4:4:1 b=acc:0:4:1 rows=1 cols=4
mvout dram=w:0:4 a=acc:4:4:1 rows=1 cols=4
vmov d=sp:4:4:1 a=acc:4:4:1 rows=1 cols=4
mvout dram=v:0:4 a=sp:4:4:1 rows=1 cols=4
)";

TEST(ElemType, BF16ScratchpadF32AccumulatorByHand) {
  llvm::Expected<Program> p = parseAsm(kProgram);
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  const float x[4] = {1.0f + 0x1p-8f + 0x1p-12f, 300.7f, -301.5f, 0.1f};
  llvm::StringMap<std::vector<float>> in;
  in["x"] = std::vector<float>(x, x + 4);
  llvm::Expected<RunResult> r = runProgram(*p, in);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  const float bx[4] = {1.0f + 0x1p-7f, 300.0f, -302.0f, roundToBF16(0.1f)};
  EXPECT_EQ(roundToBF16(0.1f), 0x1.9ap-4f); // 0.1 = 1.6 x 2^-4
  for (int j = 0; j < 4; ++j) {
    SCOPED_TRACE(j);
    EXPECT_EQ(r->outputs["y"][j], bx[j]); // rounded on entry to sp
    EXPECT_EQ(r->outputs["z"][j], x[j]);  // the accumulator keeps f32
    // Computed in f32 and kept in the accumulator: not rounded.
    const float w = bx[j] * bx[j] + x[j];
    EXPECT_EQ(r->outputs["w"][j], w);
    EXPECT_EQ(r->outputs["v"][j], roundToBF16(w)); // and into sp: rounded
  }
  // Sanity of the hand values: the f32 and rounded sums differ somewhere.
  EXPECT_NE(r->outputs["w"], r->outputs["v"]);
  // Bytes: x twice (2 B into sp, 4 B into acc), y and v 2 B, z and w 4 B
  // per element.
  EXPECT_EQ(r->report.dramBytesRead, 4u * 2 + 4u * 4);
  EXPECT_EQ(r->report.dramBytesWritten, 2 * (4u * 2) + 2 * (4u * 4));
}

} // namespace
