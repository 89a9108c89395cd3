//===- AsmTest.cpp - asm printer/parser round trip and errors --------------===//

#include "attn-mlir/Systolic/Sim/Machine.h"

#include <gtest/gtest.h>

using namespace mlir::attn::systolic;

namespace {

const char *kHeader = ".kernel k\n.target edge\n"
                      ".buffer input x [4, 8]\n.buffer output y [4, 8]\n";

std::string parseError(const std::string &body) {
  llvm::Expected<Program> p = parseAsm(std::string(kHeader) + body, "t.s");
  if (p)
    return "";
  return llvm::toString(p.takeError());
}

TEST(Asm, RoundTripsEveryOpcode) {
  std::string text = std::string(kHeader) +
                     "mvin d=sp:0:8:1 dram=x:0:8 rows=4 cols=8\n"
                     "matmul d=acc:0:8:1 a=sp:0:8:1 b=sp:0:8:1 m=4 k=8 n=8 "
                     "acc=0\n"
                     "vfill d=acc:64:1:1 rows=4 cols=1 imm=-inf\n"
                     "vrowmax d=acc:64:1:1 a=acc:0:8:1 rows=4 cols=8\n"
                     "vsub d=acc:0:8:1 a=acc:0:8:1 b=acc:64:1:0 rows=4 cols=8\n"
                     "vexp d=acc:0:8:1 a=acc:0:8:1 rows=4 cols=8\n"
                     "vmuls d=acc:0:8:1 a=acc:0:8:1 rows=4 cols=8 imm=0.125\n"
                     "vcausal d=acc:0:8:1 rows=4 cols=8 row0=2 col0=0\n"
                     "fence\n"
                     "mvout dram=y:0:8 a=acc:0:8:1 rows=4 cols=8\n";
  llvm::Expected<Program> p = parseAsm(text);
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  ASSERT_EQ(p->instrs.size(), 10u);
  std::string printed;
  llvm::raw_string_ostream os(printed);
  printAsm(os, *p);
  llvm::Expected<Program> again = parseAsm(printed);
  ASSERT_TRUE(bool(again)) << llvm::toString(again.takeError());
  std::string printed2;
  llvm::raw_string_ostream os2(printed2);
  printAsm(os2, *again);
  EXPECT_EQ(printed, printed2);
  EXPECT_EQ(again->instrs[2].imm, -std::numeric_limits<float>::infinity());
  EXPECT_EQ(again->instrs[7].row0, 2);
}

TEST(Asm, ErrorsNameTheLine) {
  // Header is 4 lines, so the first instruction is line 5.
  EXPECT_EQ(parseError("frob d=sp:0:1:1\n"),
            "t.s:5: unknown instruction 'frob'");
  EXPECT_EQ(parseError("fence\nmvin d=sp:0:8:1 dram=x:0:8 rows=4\n"),
            "t.s:6: 'mvin' is missing operand 'cols'");
  EXPECT_EQ(parseError("mvin d=sp:0:8:1 dram=z:0:8 rows=4 cols=8\n"),
            "t.s:5: unknown buffer 'z'");
  EXPECT_EQ(parseError("mvin d=sp:0:8:1 dram=x:8:8 rows=4 cols=8\n"),
            "t.s:5: operand 'dram': window [8, 39] is out of range of buffer "
            "'x' (32 elements)");
  // edge: 64 KiB scratchpad = 16384 f32.
  EXPECT_EQ(parseError("mvin d=sp:16380:8:1 dram=x:0:8 rows=4 cols=8\n"),
            "t.s:5: operand 'd': sp window [16380, 16411] is out of range "
            "(the scratchpad holds 16384 elements)");
  EXPECT_EQ(parseError("mvout dram=x:0:8 a=acc:0:8:1 rows=4 cols=8\n"),
            "t.s:5: mvout writes input buffer 'x' (inputs are read-only)");
  // edge is 8x8 WS: k <= 8.
  EXPECT_EQ(parseError("matmul d=acc:0:8:1 a=sp:0:16:1 b=sp:0:8:1 m=4 k=9 "
                       "n=8 acc=0\n"),
            "t.s:5: ws dataflow: k = 9 exceeds the array's rows (8) in one "
            "fold");
  EXPECT_EQ(parseError("matmul d=sp:0:8:1 a=sp:0:8:1 b=sp:0:8:1 m=4 k=8 n=8 "
                       "acc=0\n"),
            "t.s:5: matmul writes 'd' to the accumulator (acc)");
  EXPECT_EQ(parseError("vexp d=acc:0:8 a=acc:0:8:1 rows=4 cols=8\n"),
            "t.s:5: operand 'd' must be sp|acc:addr:ld:cs, got 'acc:0:8'");
  EXPECT_EQ(parseError("vexp d=acc:0:8:1 a=acc:0:8:1 rows=0 cols=8\n"),
            "t.s:5: extents must be positive");
  EXPECT_EQ(parseError("vexp d=acc:0:8:1 a=acc:0:8:1 rows=4 "
                       "cols=9000000000000\n"),
            "t.s:5: an operand exceeds 2^30");
  EXPECT_EQ(parseError("vexp d=acc:0:8:1 a=acc:0:8:1 imm=2 rows=4 cols=8\n"),
            "t.s:5: 'vexp' has no operand 'imm'");
  llvm::Expected<Program> big =
      parseAsm(".kernel k\n.target edge\n.buffer output o [65536, 65536]\n",
               "t.s");
  ASSERT_FALSE(bool(big));
  EXPECT_EQ(llvm::toString(big.takeError()),
            "t.s:3: buffer 'o': more than 2^30 elements (the simulator's "
            "limit)");
  llvm::Expected<Program> p = parseAsm(".kernel k\nfence\n", "t.s");
  ASSERT_FALSE(bool(p));
  EXPECT_EQ(llvm::toString(p.takeError()),
            "t.s:2: instruction before the '.target' directive");
  // A second .target would leave earlier instructions checked against
  // another target (systolic-asm-fuzzer finding).
  p = parseAsm(".kernel k\n.target edge\nfence\n.target gemmini\n", "t.s");
  ASSERT_FALSE(bool(p));
  EXPECT_EQ(llvm::toString(p.takeError()),
            "t.s:4: second '.target' directive in kernel 'k': a kernel has "
            "one target");
  // Each kernel of a multi-kernel file has its own target.
  p = parseAsm(".kernel k\n.target edge\n.kernel j\n", "t.s");
  ASSERT_FALSE(bool(p));
  EXPECT_EQ(llvm::toString(p.takeError()),
            "t.s: kernel 'j' has no '.target' directive");
  p = parseAsm(".kernel k\n.target warp9\n", "t.s");
  ASSERT_FALSE(bool(p));
  EXPECT_NE(llvm::toString(p.takeError()).find("t.s:2: bad target: unknown "
                                               "systolic target preset 'warp9'"),
            std::string::npos);
}

// A buffer's alias is the name a host binds it by besides its own
// (attn-sim --input q=...): printed, parsed, looked up, never used by
// instructions, and unique together with the names.
TEST(AsmAliases, RoundTripLookupAndErrors) {
  std::string head = ".kernel k\n.target edge\n";
  llvm::Expected<Program> p = parseAsm(
      head + ".buffer input arg0 [4, 8] alias q\n"
             ".buffer output out0 [4, 8]\n"
             "mvin d=sp:0:8:1 dram=arg0:0:8 rows=4 cols=8\n",
      "t.s");
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  EXPECT_EQ(p->buffers[0].alias, "q");
  EXPECT_EQ(p->lookupBuffer("q"), &p->buffers[0]);
  EXPECT_EQ(p->lookupBuffer("arg0"), &p->buffers[0]);
  EXPECT_EQ(p->findBuffer("q"), nullptr);
  EXPECT_EQ(p->lookupBuffer("k"), nullptr);
  std::string printed;
  llvm::raw_string_ostream os(printed);
  printAsm(os, *p);
  EXPECT_NE(printed.find(".buffer input arg0 [4, 8] alias q\n"),
            std::string::npos);
  // Instructions name buffers, not aliases.
  auto error = [&](const std::string &body) {
    llvm::Expected<Program> r = parseAsm(head + body, "t.s");
    return r ? std::string() : llvm::toString(r.takeError());
  };
  EXPECT_EQ(error(".buffer input arg0 [4, 8] alias q\n"
                  "mvin d=sp:0:8:1 dram=q:0:8 rows=4 cols=8\n"),
            "t.s:4: unknown buffer 'q'");
  EXPECT_EQ(error(".buffer input arg0 [4, 8] alias q\n"
                  ".buffer input arg1 [4, 8] alias q\n"),
            "t.s:4: buffer 'arg1': alias 'q' is already the name or alias of "
            "buffer 'arg0'");
  EXPECT_EQ(error(".buffer input arg0 [4, 8] alias q\n"
                  ".buffer input q [4, 8]\n"),
            "t.s:4: buffer 'q': the name is already the alias of buffer "
            "'arg0'");
  EXPECT_EQ(error(".buffer input arg0 [4, 8] alias arg0\n"),
            "t.s:3: buffer 'arg0': alias 'arg0' is already the name or alias "
            "of buffer 'arg0'");
  EXPECT_EQ(error(".buffer input arg0 [4, 8] as q\n"),
            "t.s:3: '.buffer arg0': expected 'alias NAME' after the shape, "
            "got 'as q'");
  EXPECT_EQ(error(".buffer input arg0 [4, 8] alias 9q\n"),
            "t.s:3: '.buffer arg0': expected 'alias NAME' after the shape, "
            "got 'alias 9q'");
  // The same rule for programs built in memory (the lowering, embedders).
  Program bad = *p;
  bad.buffers[1].alias = "q";
  llvm::Error e = checkProgramHeader(bad);
  EXPECT_EQ(llvm::toString(std::move(e)),
            "buffer 'out0': alias 'q' is already the name or alias of buffer "
            "'arg0'");
  bad.buffers[1].alias = "not a name";
  e = checkProgramHeader(bad);
  EXPECT_EQ(llvm::toString(std::move(e)),
            "buffer 'out0': alias 'not a name' is not a name (letters, "
            "digits, '_', '.')");
}

TEST(Run, MissingInputNamesItsLine) {
  llvm::Expected<Program> p = parseAsm(kHeader);
  ASSERT_TRUE(bool(p));
  llvm::Expected<RunResult> r = runProgram(*p, {});
  ASSERT_FALSE(bool(r));
  EXPECT_EQ(llvm::toString(r.takeError()),
            "line 3: no data for input buffer 'x'");
}

// The simulator holds on-chip memories in host memory: a valid but huge
// target is refused with a message instead of exhausting memory.
TEST(Run, RefusesTargetsTooLargeToSimulate) {
  llvm::Expected<Program> p =
      parseAsm(".kernel big\n"
               ".target {\"kind\": \"systolic\", \"name\": \"huge\", "
               "\"rows\": 16, \"cols\": 16, \"dataflow\": \"ws\", "
               "\"spad_kib\": 1048576}\n"
               ".buffer input x [1, 1]\n");
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  llvm::Expected<RunResult> r = runProgram(*p, {{"x", {1.f}}});
  ASSERT_FALSE(bool(r));
  EXPECT_EQ(llvm::toString(r.takeError()),
            "target 'huge': the simulator holds at most 2^24 elements per "
            "on-chip memory (64 MiB of f32); spad_kib=1048576 acc_kib=64 is "
            "too large");
}

TEST(Run, VectorOpsAreExactF32) {
  std::string text = std::string(kHeader) +
                     "mvin d=acc:0:8:1 dram=x:0:8 rows=4 cols=8\n"
                     "vrowsum d=acc:100:1:1 a=acc:0:8:1 rows=4 cols=8\n"
                     "vrecip d=acc:100:1:1 a=acc:100:1:1 rows=4 cols=1\n"
                     "vmul d=acc:0:8:1 a=acc:0:8:1 b=acc:100:1:0 rows=4 cols=8\n"
                     "mvout dram=y:0:8 a=acc:0:8:1 rows=4 cols=8\n";
  llvm::Expected<Program> p = parseAsm(text);
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  std::vector<float> x(32);
  for (int i = 0; i < 32; ++i)
    x[i] = float(i + 1);
  llvm::Expected<RunResult> r = runProgram(*p, {{"x", x}});
  ASSERT_TRUE(bool(r));
  for (int i = 0; i < 4; ++i) {
    float s = 0;
    for (int j = 0; j < 8; ++j)
      s += x[i * 8 + j];
    float inv = 1.f / s;
    for (int j = 0; j < 8; ++j)
      EXPECT_EQ(r->outputs["y"][i * 8 + j], x[i * 8 + j] * inv);
  }
  EXPECT_EQ(r->report.dramBytesRead, 128u);
  EXPECT_EQ(r->report.dramBytesWritten, 128u);
}

} // namespace

namespace {

// Loops: index terms print and parse back, and every iteration's windows are
// checked from the terms' extremes without unrolling.
TEST(AsmLoops, RoundTripAndRun) {
  std::string text = std::string(kHeader) +
                     "loop count=2\n"
                     "  loop count=4\n"
                     "    mvin d=sp:0+8*(i1+1)%2:8:1 dram=x:0+8*i1:8 rows=1 "
                     "cols=8\n"
                     "    vmuls d=sp:0+8*(i1+1)%2:8:1 a=sp:0+8*(i1+1)%2:8:1 "
                     "rows=1 cols=8 imm=2\n"
                     "    mvout dram=y:0+8*i1:8 a=sp:0+8*(i1+1)%2:8:1 rows=1 "
                     "cols=8\n"
                     "  endloop\n"
                     "endloop\n";
  llvm::Expected<Program> p = parseAsm(text, "t.s");
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  ASSERT_EQ(p->instrs.size(), 7u);
  EXPECT_EQ(p->instrs[2].terms.size(), 2u);
  EXPECT_EQ(dynamicInstructionCount(*p), 24u);
  std::string printed;
  llvm::raw_string_ostream os(printed);
  printAsm(os, *p);
  EXPECT_NE(printed.find("mvin d=sp:0+8*(i1+1)%2:8:1 dram=x:0+8*i1:8"),
            std::string::npos)
      << printed;
  llvm::Expected<Program> again = parseAsm(printed, "t.s");
  ASSERT_TRUE(bool(again)) << llvm::toString(again.takeError());
  llvm::StringMap<std::vector<float>> in;
  in["x"] = std::vector<float>(32);
  for (int i = 0; i < 32; ++i)
    in["x"][i] = float(i);
  llvm::Expected<RunResult> r = runProgram(*again, in);
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  for (int i = 0; i < 32; ++i)
    EXPECT_EQ(r->outputs["y"][i], 2.f * float(i)) << i;
  EXPECT_EQ(r->report.instructions, 24u);
}

TEST(AsmLoops, Errors) {
  // The last iteration reads row 4 of a 4-row buffer.
  EXPECT_EQ(parseError("loop count=5\nmvin d=sp:0:8:1 dram=x:0+8*i0:8 rows=1 "
                       "cols=8\nendloop\n"),
            "t.s:6: at the last/largest iteration: operand 'dram': window "
            "[32, 39] is out of range of buffer 'x' (32 elements)");
  EXPECT_EQ(parseError("mvin d=sp:0:8:1 dram=x:0+8*i0:8 rows=1 cols=8\n"),
            "t.s:5: index term of 'dram' names loop i0, but only 0 loop(s) "
            "enclose the instruction");
  EXPECT_EQ(parseError("endloop\n"), "t.s:5: endloop without a loop");
  EXPECT_EQ(parseError("loop count=0\nendloop\n"),
            "t.s:5: loop count must be in [1, 2^30), got 0");
  EXPECT_EQ(parseError("loop count=2\nfence\n"),
            "t.s:7: kernel 'k': 1 loop(s) not closed by endloop");
  EXPECT_EQ(parseError("loop count=2\nmvin d=sp:0+8*x0:8:1 dram=x:0:8 rows=1 "
                       "cols=8\nendloop\n"),
            "t.s:6: operand 'd': bad integer or index term in "
            "'sp:0+8*x0:8:1'");
  EXPECT_EQ(parseError("loop count=2\nfence\nloop count=2\nloop count=2\n"
                       "loop count=2\nloop count=2\nloop count=2\nloop "
                       "count=2\nloop count=2\nloop count=2\n"),
            "t.s:14: loops nest at most 8 deep");
}

// The footprint is the highest element touched, by hand: the loop's mvin
// writes sp[8..15] at even i0 (8 * ((i0 + 1) % 2)), the matmul reads b up
// to sp[40 + 3*8 + 7] = 71 and writes up to acc[16 + 3*8 + 7] = 47, and
// vrowmax's d is one column, up to acc[64 + 3] = 67. edge holds f32 in
// both memories: (72 + 68) * 4 bytes.
TEST(AsmLoops, LocalFootprintIsTheHighestElementTouched) {
  std::string text = std::string(kHeader) +
                     "loop count=4\n"
                     "  mvin d=sp:0+8*(i0+1)%2:8:1 dram=x:0+8*i0:8 rows=1 "
                     "cols=8\n"
                     "endloop\n"
                     "matmul d=acc:16:8:1 a=sp:0:8:1 b=sp:40:8:1 m=4 k=4 n=8 "
                     "acc=0\n"
                     "vrowmax d=acc:64:1:1 a=acc:16:8:1 rows=4 cols=8\n";
  llvm::Expected<Program> p = parseAsm(text, "t.s");
  ASSERT_TRUE(bool(p)) << llvm::toString(p.takeError());
  LocalFootprint f = localFootprint(*p);
  EXPECT_EQ(f.spadElems, 72);
  EXPECT_EQ(f.accElems, 68);
  llvm::Expected<RunResult> r =
      runProgram(*p, {{"x", std::vector<float>(32, 1.f)}});
  ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
  llvm::json::Object j = r->report.toJSON(*p);
  const llvm::json::Object *peak = j.getObject("sram_peak_bytes");
  ASSERT_TRUE(peak);
  EXPECT_EQ(peak->getInteger("spad"), 72 * 4);
  EXPECT_EQ(peak->getInteger("acc"), 68 * 4);
  EXPECT_EQ(peak->getInteger("total"), 140 * 4);
}

TEST(AsmKernels, SeveralKernelsPickedByName) {
  std::string two = std::string(kHeader) + "fence\n" +
                    ".kernel j\n.target gemmini\n.buffer input z [2, 2]\n";
  llvm::Expected<std::vector<Program>> all = parseAsmKernels(two, "t.s");
  ASSERT_TRUE(bool(all)) << llvm::toString(all.takeError());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].target.name, "gemmini");
  llvm::Expected<Program> j = parseAsm(two, "t.s", "j");
  ASSERT_TRUE(bool(j));
  EXPECT_EQ(j->buffers.size(), 1u);
  llvm::Expected<Program> none = parseAsm(two, "t.s");
  ASSERT_FALSE(bool(none));
  EXPECT_EQ(llvm::toString(none.takeError()),
            "t.s: 2 kernels (k, j); choose one by name");
  llvm::Expected<Program> bad = parseAsm(two, "t.s", "q");
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "t.s: no kernel 'q' (the file has k, j)");
  llvm::Expected<std::vector<Program>> dup = parseAsmKernels(
      std::string(kHeader) + ".kernel k\n.target edge\n", "t.s");
  ASSERT_FALSE(bool(dup));
  EXPECT_EQ(llvm::toString(dup.takeError()),
            "t.s:5: kernel 'k' defined twice");
}

} // namespace
