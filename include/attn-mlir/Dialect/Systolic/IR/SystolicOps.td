//===- SystolicOps.td - systolic dialect -------------------*- tablegen -*-===//
//
// The `systolic` dialect is the instruction set of a parametric systolic
// array (Gemmini family, docs/systolic-isa.md): one op per instruction, a
// `systolic.kernel` holding a straight-line program and its DRAM buffers,
// and `#systolic.target<...>`, the target description as an attribute.
//
//===----------------------------------------------------------------------===//

#ifndef ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICOPS_TD
#define ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def Systolic_Dialect : Dialect {
  let name = "systolic";
  let cppNamespace = "::mlir::systolic";
  let summary = "Instruction set of a parametric systolic array";
  let description = [{
    Ops mirror the instructions of docs/systolic-isa.md one to one: DMA
    (`mvin`, `mvout`), one array fold (`matmul`), the vector unit (`vector`)
    and `fence`. A `systolic.kernel` holds one straight-line program, its
    DRAM buffers and its `#systolic.target`. The rules every instruction must
    obey (windows inside the scratchpad/accumulator, tile extents the
    dataflow allows) are checked by the kernel's verifier with the same code
    the simulator runs (mlir::attn::systolic::checkInstr).
  }];
  let useDefaultAttributePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Enums and attributes
//===----------------------------------------------------------------------===//

// The core ISA's enums (attn-mlir/Systolic/Core) as attribute parameters,
// parsed and printed with the core's own keyword functions: no twin enums.
class Systolic_CoreEnumParameter<string name, string desc, string keywords>
    : AttrParameter<"::mlir::attn::systolic::" # name, desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::mlir::attn::systolic::}] # name # [{> {
    ::llvm::SMLoc loc = $_parser.getCurrentLocation();
    ::llvm::StringRef kw;
    if ($_parser.parseKeyword(&kw))
      return ::mlir::failure();
    if (auto v = ::mlir::attn::systolic::symbolize}] # name # [{(kw))
      return *v;
    $_parser.emitError(loc, "expected }] # keywords # [{, got '") << kw << "'";
    return ::mlir::failure();
  }() }];
  let printer = [{ $_printer << ::mlir::attn::systolic::stringify}] # name # [{($_self) }];
}
def Systolic_DataflowParameter
    : Systolic_CoreEnumParameter<"Dataflow", "array dataflow", "ws, os or is">;
def Systolic_MemParameter
    : Systolic_CoreEnumParameter<"Mem", "on-chip memory", "sp or acc">;

def Systolic_BufferKind : I32EnumAttr<"BufferKind", "DRAM buffer kind", [
    I32EnumAttrCase<"input", 0>, I32EnumAttrCase<"output", 1>,
    I32EnumAttrCase<"scratch", 2>]> {
  let cppNamespace = "::mlir::systolic";
}

def Systolic_VectorKind : I32EnumAttr<"VectorKind", "vector-unit operation", [
    I32EnumAttrCase<"fill", 0>, I32EnumAttrCase<"mov", 1>,
    I32EnumAttrCase<"add", 2>, I32EnumAttrCase<"sub", 3>,
    I32EnumAttrCase<"mul", 4>, I32EnumAttrCase<"max", 5>,
    I32EnumAttrCase<"adds", 6>, I32EnumAttrCase<"muls", 7>,
    I32EnumAttrCase<"maxs", 8>, I32EnumAttrCase<"exp", 9>,
    I32EnumAttrCase<"recip", 10>, I32EnumAttrCase<"rsqrt", 11>,
    I32EnumAttrCase<"rowmax", 12>, I32EnumAttrCase<"rowsum", 13>,
    I32EnumAttrCase<"causal", 14>]> {
  let cppNamespace = "::mlir::systolic";
}

class Systolic_Attr<string name, string attrMnemonic>
    : AttrDef<Systolic_Dialect, name> {
  let mnemonic = attrMnemonic;
}

// A double stored as APFloat (double itself is not hashable), parsed with
// AsmParser::parseFloat (which also takes integers) and printed plainly;
// upstream has no FieldParser for either.
def DoubleParameter : APFloatParameter<"a double"> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    double v;
    if ($_parser.parseFloat(v))
      return ::mlir::failure();
    return ::llvm::APFloat(v);
  }() }];
  let printer = [{ $_printer << $_self.convertToDouble() }];
}

// `true` / `false` keywords, `false` when omitted (the JSON default).
def BoolKeywordParameter : AttrParameter<"bool", "true or false"> {
  let parser = [{ [&]() -> ::mlir::FailureOr<bool> {
    if (::mlir::succeeded($_parser.parseOptionalKeyword("true")))
      return true;
    if (::mlir::succeeded($_parser.parseOptionalKeyword("false")))
      return false;
    return $_parser.emitError($_parser.getCurrentLocation(),
                              "expected 'true' or 'false'");
  }() }];
  let printer = [{ $_printer << ($_self ? "true" : "false") }];
  let defaultValue = "false";
}

def Systolic_TargetAttr : Systolic_Attr<"Target", "target"> {
  let summary = "a systolic target description";
  let description = [{
    The attribute form of mlir::attn::systolic::TargetDesc (docs/systolic.md):

    ```mlir
    #systolic.target<name = "gemmini", rows = 16, cols = 16, dataflow = ws,
      pe_double_buffer = true, elem_type = f32, acc_type = f32, spad_kib = 256, spad_banks = 4,
      acc_kib = 64, dram_bytes_per_cycle = 16.0, dram_latency_cycles = 100,
      vector_lanes = 16, exp_cycles = 4, div_cycles = 4, sqrt_cycles = 4,
      clock_mhz = 1000.0>
    ```
    An optional `energy_pj = {mac = 4.0 : f64, ...}` holds the energy
    entries given explicitly (JSON key `energy_pj`, docs/systolic.md
    "Energy"): f64 picojoules under the JSON entry names; entries not given
    derive from the other parameters, and the parameter is omitted when no
    entry is given. `pe_double_buffer` (JSON key of the same name) defaults
    to `false` and is printed only when `true`. It is verified with the same
    rules as the JSON format.
  }];
  let parameters = (ins StringRefParameter<"preset or file name">:$name,
      "unsigned":$rows, "unsigned":$cols,
      Systolic_DataflowParameter:$dataflow,
      BoolKeywordParameter:$pe_double_buffer,
      "Type":$elem_type, "Type":$acc_type,
      "unsigned":$spad_kib, "unsigned":$spad_banks, "unsigned":$acc_kib,
      DoubleParameter:$dram_bytes_per_cycle, "unsigned":$dram_latency_cycles,
      "unsigned":$vector_lanes, "unsigned":$exp_cycles,
      "unsigned":$div_cycles, "unsigned":$sqrt_cycles,
      DoubleParameter:$clock_mhz,
      OptionalParameter<"::mlir::DictionaryAttr",
          "the energy entries given explicitly, f64 pJ">:$energy_pj);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    ::mlir::attn::systolic::TargetDesc toDesc() const;
    static TargetAttr fromDesc(::mlir::MLIRContext *ctx,
                               const ::mlir::attn::systolic::TargetDesc &t);
  }];
}

def Systolic_RefAttr : Systolic_Attr<"Ref", "ref"> {
  let summary = "a strided window of the scratchpad or accumulator";
  let description = [{
    `#systolic.ref<sp, addr, ld, cs>`: element (i, j) lives at
    `addr + i*ld + j*cs` of the scratchpad (`sp`) or accumulator (`acc`).
  }];
  let parameters = (ins Systolic_MemParameter:$mem, "int64_t":$addr,
                        "int64_t":$ld, "int64_t":$cs);
  let assemblyFormat = "`<` $mem `,` $addr `,` $ld `,` $cs `>`";
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

class Systolic_Op<string mnemonic, list<Trait> traits = []>
    : Op<Systolic_Dialect, mnemonic, traits>;

// Index terms of an instruction inside systolic.loop ops: groups of five
// integers (field, loop level, coefficient, modulus, offset), the core ISA's
// IndexTerm (docs/systolic-isa.md, "Loops"); field 0..5 = dram offset, d, a,
// b, row0, col0. Absent outside loops.
def Systolic_TermsAttr : OptionalAttr<DenseI64ArrayAttr>;

def Systolic_KernelOp : Systolic_Op<"kernel", [
    IsolatedFromAbove, SymbolTable, Symbol, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "a program for one target";
  let description = [{
    Holds `systolic.buffer` declarations followed by instructions and
    `systolic.loop`s, executed in order. Its verifier checks every
    instruction against `target` and the buffers (the simulator's rules,
    mlir::attn::systolic::LoopNest).
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Systolic_TargetAttr:$target);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name $target attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
}

def Systolic_BufferOp : Systolic_Op<"buffer", [Symbol]> {
  let summary = "a DRAM tensor (row-major f32) of the kernel";
  let description = [{
    `alias` is a second name a host may bind the buffer by: the lowering
    names each input after the attn operand it feeds (`q`, `k`, `v`,
    `mask`, `w_e`, ...) when that is unambiguous in the function, so
    `attn-sim --input q=q.npy` works besides the positional `arg0`.
  }];
  let arguments = (ins Systolic_BufferKind:$kind, SymbolNameAttr:$sym_name,
                       DenseI64ArrayAttr:$shape,
                       OptionalAttr<StrAttr>:$alias);
  let assemblyFormat = "$kind $sym_name $shape (`alias` $alias^)? attr-dict";
  let hasVerifier = 1;
}

def Systolic_MvinOp : Systolic_Op<"mvin"> {
  let summary = "DMA a rows x cols window of DRAM into sp/acc";
  let arguments = (ins FlatSymbolRefAttr:$dram, I64Attr:$dram_offset,
                       I64Attr:$dram_ld, Systolic_RefAttr:$d, I64Attr:$rows,
                       I64Attr:$cols, Systolic_TermsAttr:$terms);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $dram `[` $dram_offset `,` $dram_ld `]` `->` $d `rows` $rows `cols` $cols
    attr-dict
  }];
}

def Systolic_MvoutOp : Systolic_Op<"mvout"> {
  let summary = "DMA a rows x cols window of sp/acc to DRAM";
  let arguments = (ins Systolic_RefAttr:$a, FlatSymbolRefAttr:$dram,
                       I64Attr:$dram_offset, I64Attr:$dram_ld, I64Attr:$rows,
                       I64Attr:$cols, Systolic_TermsAttr:$terms);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $a `->` $dram `[` $dram_offset `,` $dram_ld `]` `rows` $rows `cols` $cols
    attr-dict
  }];
}

def Systolic_MatmulOp : Systolic_Op<"matmul"> {
  let summary = "one array fold: d[m x n] (+)= a[m x k] * b[k x n]";
  let description = [{
    Gemmini's `preload` + `compute_preloaded`/`compute_accumulated` fused:
    the stationary operand (b in WS, the output in OS, a in IS) is loaded
    and the moving one streamed. `a` and `b` are scratchpad windows, `d` an
    accumulator window; the extents bounded by the array depend on the
    dataflow (WS: k <= rows, n <= cols; OS: m <= rows, n <= cols; IS:
    k <= rows, m <= cols). With `accumulate` the result adds to `d`.
  }];
  let arguments = (ins Systolic_RefAttr:$a, Systolic_RefAttr:$b,
                       Systolic_RefAttr:$d, I64Attr:$m, I64Attr:$k,
                       I64Attr:$n, UnitAttr:$accumulate,
                       Systolic_TermsAttr:$terms);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $a `,` $b `->` $d `m` $m `k` $k `n` $n (`accumulate` $accumulate^)?
    attr-dict
  }];
}

def Systolic_VectorOp : Systolic_Op<"vector"> {
  let summary = "a vector-unit instruction over a rows x cols window";
  let description = [{
    `fill` (d = imm), `mov`, `add`/`sub`/`mul`/`max` (d = a op b),
    `adds`/`muls`/`maxs` (d = a op imm), `exp`, `recip`, `rsqrt`
    (d = f(a)), `rowmax`/`rowsum` (d[i*ld] = reduce_j a[i][j]) and `causal`
    (d[i][j] = -inf where col0 + j > row0 + i). Broadcasting is a stride of
    zero in a `#systolic.ref`.
  }];
  let arguments = (ins Systolic_VectorKind:$kind, Systolic_RefAttr:$d,
                       OptionalAttr<Systolic_RefAttr>:$a,
                       OptionalAttr<Systolic_RefAttr>:$b, I64Attr:$rows,
                       I64Attr:$cols, OptionalAttr<F32Attr>:$imm,
                       OptionalAttr<I64Attr>:$row0,
                       OptionalAttr<I64Attr>:$col0, Systolic_TermsAttr:$terms);
  let assemblyFormat = [{
    $kind $d (`,` $a^)? (`,` $b^)? `rows` $rows `cols` $cols
    (`imm` $imm^)? (`row0` $row0^)? (`col0` $col0^)? attr-dict
  }];
  let hasVerifier = 1;
}

def Systolic_LoopOp : Systolic_Op<"loop", [
    SingleBlock, NoTerminator, NoRegionArguments]> {
  let summary = "a hardware loop: the body runs `count` times";
  let description = [{
    Gemmini's `loop_ws` generalized: the instructions of the body run
    `count` times in order; instructions inside carry index terms (`terms`)
    that move their addresses with the loop indices (level 0 = the
    outermost enclosing loop). The kernel verifier checks every iteration's
    windows from the extremes of each term, without unrolling.

    ```mlir
    systolic.loop count 4 {
      systolic.mvin @arg0[0, 64] -> #systolic.ref<sp, 0, 64, 1> rows 16 cols 64
        {terms = array<i64: 0, 0, 1024, 0, 0>}
    }
    ```
  }];
  let arguments = (ins I64Attr:$count);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "`count` $count attr-dict-with-keyword $body";
}

def Systolic_FenceOp : Systolic_Op<"fence"> {
  let summary = "wait until every unit is idle";
  let assemblyFormat = "attr-dict";
}

#endif // ATTN_DIALECT_SYSTOLIC_IR_SYSTOLICOPS_TD
