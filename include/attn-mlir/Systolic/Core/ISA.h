//===- ISA.h - The systolic array's instruction set ---------------*- C++ -*-===//
//
// Plain-C++ description of one program for the systolic target: its DRAM
// buffers and its instructions, with hardware loops (`loop count=N` ...
// `endloop`) whose instructions address memory affinely in the loop indices. The `systolic` dialect's verifiers, the asm
// and C emitters, the asm parser and the simulator all use these structs and
// `checkInstr`, so the rules and the text format live in exactly one place.
// The ISA is documented in docs/systolic-isa.md.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_MLIR_SYSTOLIC_CORE_ISA_H
#define ATTN_MLIR_SYSTOLIC_CORE_ISA_H

#include "attn-mlir/Systolic/Core/TargetDesc.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
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
/// "sp", "acc" (the asm and IR keywords).
llvm::StringRef stringifyMem(Mem m);
std::optional<Mem> symbolizeMem(llvm::StringRef s);

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
  // Hardware loop: the instructions up to the matching EndLoop run `count`
  // times; inside, addresses may depend on the loop indices (IndexTerm).
  Loop,
  EndLoop,
};
llvm::StringRef stringifyOpcode(Opcode op);
std::optional<Opcode> symbolizeOpcode(llvm::StringRef name);

/// Which operands an opcode uses.
struct OpcodeInfo {
  bool dram, d, a, b, imm, k, causal;
};
OpcodeInfo opcodeInfo(Opcode op);
bool isVectorOp(Opcode op);

/// The operand fields an index term may move.
enum class Field : uint8_t { DramOff, DAddr, AAddr, BAddr, Row0, Col0 };
llvm::StringRef stringifyField(Field f);

/// One term of an address inside loops: `coeff * i_level`, or, with
/// `mod > 0`, `coeff * ((i_level + offset) mod mod)` (double buffering:
/// `coeff * (i mod 2)` alternates two buffers). Level 0 is the outermost
/// enclosing loop.
struct IndexTerm {
  Field field = Field::DramOff;
  uint8_t level = 0;
  int64_t coeff = 0, mod = 0, offset = 0;
  int64_t eval(int64_t i) const {
    return coeff * (mod > 0 ? (i + offset) % mod : i);
  }
  bool operator==(const IndexTerm &o) const {
    return field == o.field && level == o.level && coeff == o.coeff &&
           mod == o.mod && offset == o.offset;
  }
};

/// Deepest loop nest a program may have.
constexpr unsigned kMaxLoopDepth = 8;

struct Instr {
  Opcode op = Opcode::Fence;
  DramRef dram; // mvin source / mvout destination
  LocalRef d, a, b;
  /// Matmul: d[m x n] (+)= a[m x k] * b[k x n] with m = rows, n = cols.
  int64_t rows = 0, cols = 0, k = 0;
  bool accumulate = false;
  float imm = 0;
  int64_t row0 = 0, col0 = 0;
  /// Loop: the trip count (>= 1).
  int64_t count = 0;
  /// Index terms added to the fields above inside loops (the fields hold the
  /// value at index 0 of every loop).
  llvm::SmallVector<IndexTerm, 0> terms;
  /// Source line (asm) or 0; used in error messages.
  unsigned line = 0;
};

/// `in` with the index terms applied for loop indices `idx` (outermost
/// first) and no terms left.
Instr instantiate(const Instr &in, llvm::ArrayRef<int64_t> idx);
/// The field's value with its terms at `idx` (no bounds checks).
int64_t fieldValue(const Instr &in, Field f, llvm::ArrayRef<int64_t> idx);
int64_t &fieldRef(Instr &in, Field f);

/// Builders for the lowering and the C runtime.
Instr makeMvin(LocalRef d, DramRef src, int64_t rows, int64_t cols);
Instr makeMvout(DramRef dst, LocalRef a, int64_t rows, int64_t cols);
Instr makeMatmul(LocalRef d, LocalRef a, LocalRef b, int64_t m, int64_t k,
                 int64_t n, bool accumulate);
/// Any vector-unit opcode; operands it does not take are ignored.
Instr makeVector(Opcode op, LocalRef d, LocalRef a, LocalRef b, int64_t rows,
                 int64_t cols, float imm = 0, int64_t row0 = 0,
                 int64_t col0 = 0);
Instr makeLoop(int64_t count);
Instr makeEndLoop();

enum class BufferKind : uint8_t { Input, Output, Scratch };
llvm::StringRef stringifyBufferKind(BufferKind k);

/// A named DRAM tensor (row-major f32). Inputs are given by the host, outputs
/// returned to it, scratch buffers are intermediates the program owns.
struct Buffer {
  std::string name;
  BufferKind kind = BufferKind::Input;
  std::vector<int64_t> shape;
  unsigned line = 0;
  /// A second name a host may bind the buffer by (the lowering gives an
  /// input the role of the attn operand it feeds: `q`, `k`, `w_e`, ...);
  /// empty when none. Instructions always use `name`.
  std::string alias;
  int64_t numel() const;
};

struct Program {
  std::string name;
  TargetDesc target;
  std::vector<Buffer> buffers;
  std::vector<Instr> instrs;

  /// The buffer instructions call `name`.
  const Buffer *findBuffer(llvm::StringRef name) const;
  /// The buffer a host calls `nameOrAlias` (its name or its alias).
  const Buffer *lookupBuffer(llvm::StringRef nameOrAlias) const;
};

/// Scratchpad and accumulator capacities in elements.
int64_t spadElems(const TargetDesc &t);
int64_t accElems(const TargetDesc &t);

/// Checks one instruction against the target and the buffers: extents are
/// positive, every window lies inside its memory or DRAM buffer, operands are
/// in the memories the opcode reads, and the tile obeys the dataflow
/// (WS: k <= rows, n <= cols; OS: m <= rows, n <= cols; IS: k <= rows,
/// m <= cols). The message does not include the line number.
///
/// Inside loops, `counts` holds the trip counts of the enclosing loops
/// (outermost first): every term must name one of them, and every window is
/// checked at the smallest and the largest value each field takes over all
/// iterations (exact when each loop index moves a field through one term,
/// as the lowering emits; otherwise it may refuse a program whose extremes
/// are never reached together). No iteration is unrolled.
llvm::Error checkInstr(const Instr &in, const TargetDesc &t,
                       llvm::ArrayRef<Buffer> buffers,
                       llvm::ArrayRef<int64_t> counts = {});

/// One on-chip window an instruction reads or writes: `rows x cols`
/// elements of `ref` (a row statistic's `d` as one column).
struct LocalWindow {
  const char *operand;
  LocalRef ref;
  int64_t rows, cols;
  /// The highest element the window touches.
  int64_t last() const {
    return ref.addr + (rows - 1) * ref.ld + (cols - 1) * ref.cs;
  }
};
/// The windows of one concrete instruction (no index terms), in the order
/// the checker reports them: what it checks and what localFootprint sums.
llvm::SmallVector<LocalWindow, 3> localWindows(const Instr &in);

/// The on-chip memory a program reserves: one past the highest scratchpad
/// and accumulator element any instruction touches in any iteration. The
/// schedules place every tile at a fixed address, so this is the peak of
/// their footprint (the report's `sram_peak_bytes`).
struct LocalFootprint {
  int64_t spadElems = 0, accElems = 0;
};
/// Expects a checked program (checkProgram).
LocalFootprint localFootprint(const Program &p);

/// Tracks loop nesting while a program is checked instruction by
/// instruction (the parser, the dialect verifier and checkProgram share it).
class LoopNest {
public:
  /// Checks `in` (loops: count and depth; endloop: something to close;
  /// others: checkInstr) and updates the nest.
  llvm::Error step(const Instr &in, const TargetDesc &t,
                   llvm::ArrayRef<Buffer> buffers);
  /// Error if a loop is still open.
  llvm::Error finish() const;
  llvm::ArrayRef<int64_t> counts() const { return stack; }

private:
  llvm::SmallVector<int64_t, kMaxLoopDepth> stack;
};

/// checkProgramHeader plus every instruction through a LoopNest; errors
/// name the instruction's index (or its asm line when it has one).
llvm::Error checkProgram(const Program &p);

/// Instructions a run executes (loops expanded), saturating at UINT64_MAX.
uint64_t dynamicInstructionCount(const Program &p);
/// Checks the target can run programs (f32 data) and that buffer names are
/// unique and shapes positive.
llvm::Error checkProgramHeader(const Program &p);

/// Positive dims and at most 2^30 elements.
/// Buffer names and aliases are unique together (one lookup namespace).
llvm::Error checkBufferNames(llvm::ArrayRef<Buffer> buffers);
llvm::Error checkBuffer(const Buffer &b);

/// Prints one instruction in the asm syntax (no newline).
void printInstr(llvm::raw_ostream &os, const Instr &in);
/// Prints a whole program (loop bodies indented); parseAsm(printAsm(p)) ==
/// p. Several programs printed one after the other form a multi-kernel file.
void printAsm(llvm::raw_ostream &os, const Program &p);
/// Parses an asm file: one or more kernels, each a section from its
/// `.kernel` directive on. Errors are `<bufname>:<line>: message`.
llvm::Expected<std::vector<Program>>
parseAsmKernels(llvm::StringRef text, llvm::StringRef bufName = "<asm>");
/// Parses one kernel: the one named `kernel`, or the only one when `kernel`
/// is empty (an error names the kernels when the file has several).
llvm::Expected<Program> parseAsm(llvm::StringRef text,
                                 llvm::StringRef bufName = "<asm>",
                                 llvm::StringRef kernel = "");

} // namespace mlir::attn::systolic

#endif // ATTN_MLIR_SYSTOLIC_CORE_ISA_H
