//===- ISA.h - The systolic array's instruction set ---------------*- C++ -*-===//
//
// Plain-C++ description of one program for the systolic target: its DRAM
// buffers and its instructions. The `systolic` dialect's verifiers, the asm
// and C emitters, the asm parser and the simulator all use these structs and
// `checkInstr`, so the rules and the text format live in exactly one place.
// The ISA is documented in docs/systolic-isa.md.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_SIMULATOR_ISA_H
#define ATTN_MLIR_SIMULATOR_ISA_H

#include "attn-mlir/Target/Systolic/TargetDesc.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::attn::systolic {

/// On-chip memories: the scratchpad feeds the array, the accumulator receives
/// its results. Both are addressed in elements (f32).
enum class Mem : uint8_t { Spad, Acc };
llvm::StringRef stringifyMem(Mem m);

/// A strided 2-D window of an on-chip memory: element (i, j) lives at
/// `addr + i*ld + j*cs`. `cs = 0` broadcasts a column, `ld = 0` a row.
struct LocalRef {
  Mem mem = Mem::Spad;
  int64_t addr = 0, ld = 0, cs = 1;
};

/// A strided window of a DRAM buffer: element (i, j) at `off + i*ld + j`.
struct DramRef {
  std::string sym;
  int64_t off = 0, ld = 0;
};

enum class Opcode : uint8_t {
  // DMA
  Mvin,  // DRAM -> spad/acc
  Mvout, // spad/acc -> DRAM
  // Array: one SCALE-Sim fold (Gemmini preload + compute fused)
  Matmul,
  // Vector unit, element-wise: d = f(a[, b]) over rows x cols
  VFill, VMov, VAdd, VSub, VMul, VMax, VAddS, VMulS, VMaxS, VExp, VRecip,
  VRsqrt,
  // Vector unit, row reductions into a column d[i] (d.ld is its stride)
  VRowMax, VRowSum,
  // Vector unit: d[i][j] = -inf where col0 + j > row0 + i (causal mask)
  VCausal,
  // Wait until every unit is idle
  Fence,
};
llvm::StringRef stringifyOpcode(Opcode op);
std::optional<Opcode> symbolizeOpcode(llvm::StringRef name);

/// Which operands an opcode uses.
struct OpcodeInfo {
  bool dram, d, a, b, imm, k, causal;
};
OpcodeInfo opcodeInfo(Opcode op);
bool isVectorOp(Opcode op);

struct Instr {
  Opcode op = Opcode::Fence;
  DramRef dram; // mvin source / mvout destination
  LocalRef d, a, b;
  /// Matmul: d[m x n] (+)= a[m x k] * b[k x n] with m = rows, n = cols.
  int64_t rows = 0, cols = 0, k = 0;
  bool accumulate = false;
  float imm = 0;
  int64_t row0 = 0, col0 = 0;
  /// Source line (asm) or 0; used in error messages.
  unsigned line = 0;
};

/// Builders for the lowering and the C runtime.
Instr makeMvin(LocalRef d, DramRef src, int64_t rows, int64_t cols);
Instr makeMvout(DramRef dst, LocalRef a, int64_t rows, int64_t cols);
Instr makeMatmul(LocalRef d, LocalRef a, LocalRef b, int64_t m, int64_t k,
                 int64_t n, bool accumulate);
/// Any vector-unit opcode; operands it does not take are ignored.
Instr makeVector(Opcode op, LocalRef d, LocalRef a, LocalRef b, int64_t rows,
                 int64_t cols, float imm = 0, int64_t row0 = 0,
                 int64_t col0 = 0);

enum class BufferKind : uint8_t { Input, Output, Scratch };
llvm::StringRef stringifyBufferKind(BufferKind k);

/// A named DRAM tensor (row-major f32). Inputs are given by the host, outputs
/// returned to it, scratch buffers are intermediates the program owns.
struct Buffer {
  std::string name;
  BufferKind kind = BufferKind::Input;
  std::vector<int64_t> shape;
  unsigned line = 0;
  int64_t numel() const;
};

struct Program {
  std::string name;
  TargetDesc target;
  std::vector<Buffer> buffers;
  std::vector<Instr> instrs;

  const Buffer *findBuffer(llvm::StringRef name) const;
};

/// Scratchpad and accumulator capacities in elements.
int64_t spadElems(const TargetDesc &t);
int64_t accElems(const TargetDesc &t);

/// Checks one instruction against the target and the buffers: extents are
/// positive, every window lies inside its memory or DRAM buffer, operands are
/// in the memories the opcode reads, and the tile obeys the dataflow
/// (WS: k <= rows, n <= cols; OS: m <= rows, n <= cols; IS: k <= rows,
/// m <= cols). The message does not include the line number.
llvm::Error checkInstr(const Instr &in, const TargetDesc &t,
                       llvm::ArrayRef<Buffer> buffers);
/// Checks the target can run programs (f32 data) and that buffer names are
/// unique and shapes positive.
llvm::Error checkProgramHeader(const Program &p);

/// Positive dims and at most 2^30 elements.
llvm::Error checkBuffer(const Buffer &b);

/// Prints one instruction in the asm syntax (no newline).
void printInstr(llvm::raw_ostream &os, const Instr &in);
/// Prints a whole program; parseAsm(printAsm(p)) == p.
void printAsm(llvm::raw_ostream &os, const Program &p);
/// Parses an asm program. Errors are `<bufname>:<line>: message`.
llvm::Expected<Program> parseAsm(llvm::StringRef text,
                                 llvm::StringRef bufName = "<asm>");

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_SIMULATOR_ISA_H
