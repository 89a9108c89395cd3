//===- SystolicOps.cpp - systolic ops, verifiers, Program conversion ------===//

#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::systolic;
namespace as = ::mlir::attn::systolic;

#define GET_OP_CLASSES
#include "attn-mlir/Dialect/Systolic/IR/SystolicOps.cpp.inc"

static_assert(unsigned(as::Opcode::VCausal) - unsigned(as::Opcode::VFill) ==
                  unsigned(VectorKind::causal),
              "VectorKind must follow mlir::attn::systolic::Opcode");

static as::Opcode opcodeOf(VectorKind k) {
  return as::Opcode(unsigned(as::Opcode::VFill) + unsigned(k));
}

static as::LocalRef toRef(RefAttr r) {
  return as::LocalRef{r.getMem(),
                      r.getAddr(), r.getLd(), r.getCs()};
}

static RefAttr fromRef(MLIRContext *ctx, const as::LocalRef &r) {
  return RefAttr::get(ctx, r.mem, r.addr,
                      r.ld, r.cs);
}

static void setTerms(as::Instr &in, std::optional<ArrayRef<int64_t>> t) {
  if (!t)
    return;
  for (size_t i = 0; i + 5 <= t->size(); i += 5) {
    as::IndexTerm term;
    term.field = as::Field((*t)[i]);
    term.level = uint8_t((*t)[i + 1]);
    term.coeff = (*t)[i + 2];
    term.mod = (*t)[i + 3];
    term.offset = (*t)[i + 4];
    in.terms.push_back(term);
  }
}

static DenseI64ArrayAttr termsAttr(MLIRContext *ctx, const as::Instr &in) {
  if (in.terms.empty())
    return {};
  SmallVector<int64_t> v;
  for (const as::IndexTerm &t : in.terms)
    v.append({int64_t(t.field), int64_t(t.level), t.coeff, t.mod, t.offset});
  return DenseI64ArrayAttr::get(ctx, v);
}

/// Checks the shape of a `terms` attribute (the ISA checks the values).
static LogicalResult verifyTerms(Operation *op,
                                 std::optional<ArrayRef<int64_t>> t) {
  if (!t)
    return success();
  if (t->size() % 5)
    return op->emitOpError("'terms' holds groups of five integers (field, "
                           "level, coefficient, modulus, offset), got ")
           << t->size() << " integers";
  for (size_t i = 0; i < t->size(); i += 5) {
    if ((*t)[i] < 0 || (*t)[i] > int64_t(as::Field::Col0))
      return op->emitOpError("'terms': field must be in [0, 5], got ")
             << (*t)[i];
    if ((*t)[i + 1] < 0 || (*t)[i + 1] >= int64_t(as::kMaxLoopDepth))
      return op->emitOpError("'terms': loop level must be in [0, ")
             << as::kMaxLoopDepth << "), got " << (*t)[i + 1];
  }
  return success();
}

/// The ISA instruction of an instruction op, or nullopt for other ops.
static std::optional<as::Instr> toInstr(Operation *op) {
  as::Instr in;
  if (auto o = dyn_cast<MvinOp>(op)) {
    in.op = as::Opcode::Mvin;
    in.dram = {o.getDram().str(), int64_t(o.getDramOffset()),
               int64_t(o.getDramLd())};
    in.d = toRef(o.getD());
    in.rows = o.getRows();
    in.cols = o.getCols();
    setTerms(in, o.getTerms());
  } else if (auto o = dyn_cast<MvoutOp>(op)) {
    in.op = as::Opcode::Mvout;
    in.dram = {o.getDram().str(), int64_t(o.getDramOffset()),
               int64_t(o.getDramLd())};
    in.a = toRef(o.getA());
    in.rows = o.getRows();
    in.cols = o.getCols();
    setTerms(in, o.getTerms());
  } else if (auto o = dyn_cast<MatmulOp>(op)) {
    in.op = as::Opcode::Matmul;
    in.a = toRef(o.getA());
    in.b = toRef(o.getB());
    in.d = toRef(o.getD());
    in.rows = o.getM();
    in.k = o.getK();
    in.cols = o.getN();
    in.accumulate = o.getAccumulate();
    setTerms(in, o.getTerms());
  } else if (auto o = dyn_cast<VectorOp>(op)) {
    in.op = opcodeOf(o.getKind());
    in.d = toRef(o.getD());
    if (o.getA())
      in.a = toRef(*o.getA());
    if (o.getB())
      in.b = toRef(*o.getB());
    in.rows = o.getRows();
    in.cols = o.getCols();
    if (o.getImm())
      in.imm = o.getImm()->convertToFloat();
    in.row0 = o.getRow0().value_or(0);
    in.col0 = o.getCol0().value_or(0);
    setTerms(in, o.getTerms());
  } else if (isa<FenceOp>(op)) {
    in.op = as::Opcode::Fence;
  } else {
    return std::nullopt;
  }
  return in;
}

static as::Buffer toBuffer(BufferOp b) {
  as::Buffer buf;
  buf.name = b.getSymName().str();
  if (std::optional<StringRef> a = b.getAlias())
    buf.alias = a->str();
  buf.kind = as::BufferKind(unsigned(b.getKind()));
  buf.shape.assign(b.getShape().begin(), b.getShape().end());
  return buf;
}

LogicalResult BufferOp::verify() {
  if (llvm::Error e = as::checkBuffer(toBuffer(*this)))
    return emitOpError() << llvm::toString(std::move(e));
  return success();
}

LogicalResult VectorOp::verify() {
  as::OpcodeInfo info = as::opcodeInfo(opcodeOf(getKind()));
  bool reduction =
      getKind() == VectorKind::rowmax || getKind() == VectorKind::rowsum;
  if (bool(getA()) != (info.a || reduction))
    return emitOpError() << "'" << stringifyVectorKind(getKind()) << "' "
                         << (getA() ? "takes no" : "needs an") << " operand a";
  if (bool(getB()) != info.b)
    return emitOpError() << "'" << stringifyVectorKind(getKind()) << "' "
                         << (getB() ? "takes no" : "needs an") << " operand b";
  if (bool(getImm()) != info.imm)
    return emitOpError() << "'" << stringifyVectorKind(getKind()) << "' "
                         << (getImm() ? "takes no" : "needs an") << " imm";
  if ((getRow0() && getCol0()) != info.causal ||
      bool(getRow0()) != bool(getCol0()))
    return emitOpError() << "row0/col0 are given exactly for 'causal'";
  return verifyTerms(*this, getTerms());
}

/// Walks a kernel body in program order, loops as Loop/EndLoop pairs.
static LogicalResult
walkProgram(Block &block,
            function_ref<LogicalResult(Operation &, const as::Instr &)> fn) {
  for (Operation &op : block) {
    if (isa<BufferOp>(op))
      continue;
    if (auto loop = dyn_cast<LoopOp>(op)) {
      if (failed(fn(op, as::makeLoop(loop.getCount()))) ||
          failed(walkProgram(loop.getBody().front(), fn)) ||
          failed(fn(op, as::makeEndLoop())))
        return failure();
      continue;
    }
    std::optional<as::Instr> in = toInstr(&op);
    if (!in)
      return op.emitOpError("is not allowed in a systolic.kernel");
    if (failed(fn(op, *in)))
      return failure();
  }
  return success();
}

LogicalResult KernelOp::verifyRegions() {
  as::TargetDesc t = getTarget().toDesc();
  as::Program header;
  header.name = getSymName().str();
  header.target = t;
  if (llvm::Error e = as::checkProgramHeader(header))
    return emitOpError() << llvm::toString(std::move(e));
  std::vector<as::Buffer> buffers;
  for (Operation &op : getBody().front()) {
    auto b = dyn_cast<BufferOp>(op);
    if (!b)
      continue;
    buffers.push_back(toBuffer(b));
    if (llvm::Error e = as::checkBufferNames(buffers))
      return b.emitOpError() << llvm::toString(std::move(e));
  }
  // The simulator's rules, loops included: one implementation for both.
  as::LoopNest nest;
  return walkProgram(getBody().front(),
                     [&](Operation &op, const as::Instr &in) -> LogicalResult {
                       if (llvm::Error e = nest.step(in, t, buffers))
                         return op.emitOpError() << llvm::toString(std::move(e));
                       return success();
                     });
}

LogicalResult MvinOp::verify() { return verifyTerms(*this, getTerms()); }
LogicalResult MvoutOp::verify() { return verifyTerms(*this, getTerms()); }
LogicalResult MatmulOp::verify() { return verifyTerms(*this, getTerms()); }

FailureOr<as::Program> mlir::systolic::kernelToProgram(KernelOp kernel) {
  if (failed(kernel.verify()) || failed(kernel.verifyRegions()))
    return failure();
  as::Program p;
  p.name = kernel.getSymName().str();
  p.target = kernel.getTarget().toDesc();
  for (Operation &op : kernel.getBody().front())
    if (auto b = dyn_cast<BufferOp>(op))
      p.buffers.push_back(toBuffer(b));
  (void)walkProgram(kernel.getBody().front(),
                    [&](Operation &, const as::Instr &in) {
                      p.instrs.push_back(in);
                      return success();
                    });
  return p;
}

KernelOp mlir::systolic::buildKernel(OpBuilder &b, Location loc,
                                     const as::Program &p) {
  MLIRContext *ctx = b.getContext();
  auto kernel = KernelOp::create(b, loc, b.getStringAttr(p.name),
                                 TargetAttr::fromDesc(ctx, p.target));
  Block *body = new Block();
  kernel.getBody().push_back(body);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToEnd(body);
  for (const as::Buffer &buf : p.buffers)
    BufferOp::create(b, loc, BufferKind(unsigned(buf.kind)),
                     b.getStringAttr(buf.name),
                     b.getDenseI64ArrayAttr(buf.shape),
                     buf.alias.empty() ? StringAttr()
                                       : b.getStringAttr(buf.alias));
  for (const as::Instr &in : p.instrs) {
    switch (in.op) {
    case as::Opcode::Loop: {
      auto loop = LoopOp::create(b, loc, in.count);
      Block *inner = new Block();
      loop.getBody().push_back(inner);
      b.setInsertionPointToEnd(inner);
      break;
    }
    case as::Opcode::EndLoop:
      b.setInsertionPointAfter(b.getInsertionBlock()->getParentOp());
      break;
    case as::Opcode::Mvin:
      MvinOp::create(b, loc, in.dram.sym, in.dram.off, in.dram.ld,
                     fromRef(ctx, in.d), in.rows, in.cols,
                     termsAttr(ctx, in));
      break;
    case as::Opcode::Mvout:
      MvoutOp::create(b, loc, fromRef(ctx, in.a), in.dram.sym, in.dram.off,
                      in.dram.ld, in.rows, in.cols, termsAttr(ctx, in));
      break;
    case as::Opcode::Matmul:
      MatmulOp::create(b, loc, fromRef(ctx, in.a), fromRef(ctx, in.b),
                       fromRef(ctx, in.d), in.rows, in.k, in.cols,
                       in.accumulate, termsAttr(ctx, in));
      break;
    case as::Opcode::Fence:
      FenceOp::create(b, loc);
      break;
    default: {
      as::OpcodeInfo info = as::opcodeInfo(in.op);
      bool reduction =
          in.op == as::Opcode::VRowMax || in.op == as::Opcode::VRowSum;
      auto kind = VectorKind(unsigned(in.op) - unsigned(as::Opcode::VFill));
      VectorOp::create(
          b, loc, kind, fromRef(ctx, in.d),
          info.a || reduction ? fromRef(ctx, in.a) : RefAttr(),
          info.b ? fromRef(ctx, in.b) : RefAttr(), in.rows, in.cols,
          info.imm ? b.getF32FloatAttr(in.imm) : FloatAttr(),
          info.causal ? b.getI64IntegerAttr(in.row0) : IntegerAttr(),
          info.causal ? b.getI64IntegerAttr(in.col0) : IntegerAttr(),
          termsAttr(ctx, in));
    }
    }
  }
  return kernel;
}
