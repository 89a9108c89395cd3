//===- ScheduleEmitter.cpp - Instruction helpers for the schedules --------===//

#include "attn-mlir/Systolic/Schedule/Schedules.h"
#include "attn-mlir/Systolic/Sim/Machine.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace mlir::attn::systolic;

static constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max() / 4;

// SCALE-Sim's mapping: WS keeps B (k x n) in the array and streams the m rows
// of A; OS keeps C (m x n) and streams k; IS keeps A^T (k x m) and streams n.
int64_t ScheduleEmitter::mCap() const {
  switch (t.dataflow) {
  case Dataflow::WS:
    return kUnbounded;
  case Dataflow::OS:
    return t.rows;
  case Dataflow::IS:
    return t.cols;
  }
  return 1;
}
int64_t ScheduleEmitter::kCap() const {
  return t.dataflow == Dataflow::OS ? kUnbounded : int64_t(t.rows);
}
int64_t ScheduleEmitter::nCap() const {
  return t.dataflow == Dataflow::IS ? kUnbounded : int64_t(t.cols);
}

//===----------------------------------------------------------------------===//
// Expr
//===----------------------------------------------------------------------===//

Expr Expr::index(unsigned level) {
  Expr e;
  IndexTerm t;
  t.level = uint8_t(level);
  t.coeff = 1;
  e.terms.push_back(t);
  return e;
}

Expr Expr::operator+(const Expr &o) const {
  Expr r = *this;
  r.base += o.base;
  for (const IndexTerm &t : o.terms) {
    auto same = llvm::find_if(r.terms, [&](const IndexTerm &u) {
      return u.level == t.level && u.mod == t.mod && u.offset == t.offset;
    });
    if (same != r.terms.end())
      same->coeff += t.coeff;
    else
      r.terms.push_back(t);
  }
  llvm::erase_if(r.terms, [](const IndexTerm &t) { return t.coeff == 0; });
  return r;
}

Expr Expr::operator*(int64_t v) const {
  Expr r = *this;
  r.base *= v;
  for (IndexTerm &t : r.terms)
    t.coeff *= v;
  llvm::erase_if(r.terms, [](const IndexTerm &t) { return t.coeff == 0; });
  return r;
}

Expr Expr::operator%(int64_t m) const {
  assert(m > 0 && "modulus must be positive");
  if (terms.empty())
    return Expr(((base % m) + m) % m);
  assert(terms.size() == 1 && terms[0].coeff == 1 && terms[0].mod == 0 &&
         base >= 0 && "only (loop index + constant) % m is an index term");
  Expr r;
  IndexTerm t = terms[0];
  t.mod = m;
  t.offset = base % m;
  r.terms.push_back(t);
  return r;
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

void ScheduleEmitter::beginLoop(int64_t count) {
  p.instrs.push_back(makeLoop(count));
  ++depth;
}

void ScheduleEmitter::endLoop() {
  p.instrs.push_back(makeEndLoop());
  --depth;
}

void ScheduleEmitter::push(
    Instr in, std::initializer_list<std::pair<Field, const Expr *>> fields) {
  for (auto [f, e] : fields) {
    fieldRef(in, f) = e->base;
    for (IndexTerm t : e->terms) {
      t.field = f;
      in.terms.push_back(t);
    }
  }
  p.instrs.push_back(std::move(in));
}

static LocalRef local(const Ref &r) { return {r.mem, 0, r.ld, r.cs}; }

void ScheduleEmitter::mvin(const Ref &d, const DramMat &src, int64_t rows,
                           int64_t cols) {
  push(makeMvin(local(d), {src.sym, 0, src.ld}, rows, cols),
       {{Field::DAddr, &d.addr}, {Field::DramOff, &src.off}});
}

void ScheduleEmitter::mvout(const DramMat &dst, const Ref &a, int64_t rows,
                            int64_t cols) {
  push(makeMvout({dst.sym, 0, dst.ld}, local(a), rows, cols),
       {{Field::AAddr, &a.addr}, {Field::DramOff, &dst.off}});
}

static Ref shift(Ref r, int64_t i, int64_t j) {
  r.addr = r.addr + Expr(i * r.ld + j * r.cs);
  return r;
}

void ScheduleEmitter::matmul(const Ref &d, const Ref &a, const Ref &b,
                             int64_t m, int64_t k, int64_t n,
                             bool accumulate) {
  int64_t mc = std::min(m, mCap()), kc = std::min(k, kCap()),
          nc = std::min(n, nCap());
  for (int64_t j = 0; j < n; j += nc)
    for (int64_t i = 0; i < m; i += mc)
      for (int64_t l = 0; l < k; l += kc) {
        Ref dd = shift(d, i, j), aa = shift(a, i, l), bb = shift(b, l, j);
        push(makeMatmul(local(dd), local(aa), local(bb), std::min(mc, m - i),
                        std::min(kc, k - l), std::min(nc, n - j),
                        accumulate || l > 0),
             {{Field::DAddr, &dd.addr},
              {Field::AAddr, &aa.addr},
              {Field::BAddr, &bb.addr}});
      }
}

void ScheduleEmitter::vec(Opcode op, const Ref &d, const Ref &a, const Ref &b,
                          int64_t rows, int64_t cols, float imm) {
  OpcodeInfo info = opcodeInfo(op);
  bool reduction = op == Opcode::VRowMax || op == Opcode::VRowSum;
  Expr none;
  push(makeVector(op, local(d), local(a), local(b), rows, cols, imm),
       {{Field::DAddr, &d.addr},
        {Field::AAddr, info.a || reduction ? &a.addr : &none},
        {Field::BAddr, info.b ? &b.addr : &none}});
}

void ScheduleEmitter::causal(const Ref &d, int64_t rows, int64_t cols,
                             const Expr &row0, const Expr &col0) {
  push(makeVector(Opcode::VCausal, local(d), {}, {}, rows, cols),
       {{Field::DAddr, &d.addr}, {Field::Row0, &row0}, {Field::Col0, &col0}});
}

void ScratchProgram::buffer(const char *name, BufferKind kind, int64_t rows,
                            int64_t cols) {
  Buffer b;
  b.name = name;
  b.kind = kind;
  b.shape = {rows, cols};
  p.buffers.push_back(b);
}

double ScratchProgram::cycles() const {
  llvm::Expected<Report> r = timeProgram(p);
  if (!r) {
    llvm::consumeError(r.takeError());
    return std::numeric_limits<double>::infinity();
  }
  return double(r->cycles);
}

std::vector<int64_t> mlir::attn::systolic::sampledRows(int64_t n, int64_t p) {
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < p; ++i)
    idx.push_back(p == 1 ? 0
                         : int64_t(std::trunc(double(i) * double(n - 1) /
                                              double(p - 1))));
  return idx;
}
