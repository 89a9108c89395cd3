//===- SystolicRT.cpp - systolic_rt.h on top of the simulator -------------===//

#include "systolic_rt.h"

#include "attn-mlir/Systolic/Sim/Machine.h"

#include "llvm/Support/FormatVariadic.h"

#include <memory>
#include <string>

using namespace mlir::attn::systolic;

static_assert(unsigned(Opcode::VCausal) - unsigned(Opcode::VFill) ==
                  SRT_VCAUSAL - SRT_VFILL,
              "systolic_rt.h's vector opcodes must follow mlir::attn::systolic::Opcode");

struct srt_ctx {
  std::unique_ptr<Machine> machine;
  Program prog; // name and target, for the report
  std::string error, reportJson;
  unsigned calls = 0;

  void run(const Instr &in) {
    ++calls;
    if (!error.empty())
      return;
    if (auto e = machine->execute(in))
      error = llvm::formatv("instruction {0} ({1}): {2}", calls,
                            stringifyOpcode(in.op), llvm::toString(std::move(e)))
                  .str();
  }
};

static LocalRef toRef(srt_ref r) {
  return LocalRef{r.mem == SRT_ACC ? Mem::Acc : Mem::Spad, r.addr, r.ld, r.cs};
}

extern "C" {

srt_ctx *srt_create(const char *target) {
  llvm::StringRef spec(target ? target : "");
  llvm::Expected<TargetDesc> t = spec.ltrim().starts_with("{")
                                     ? parseTargetJSON(spec)
                                     : loadTarget(spec);
  if (!t) {
    llvm::consumeError(t.takeError());
    return nullptr;
  }
  auto *ctx = new srt_ctx;
  ctx->prog.name = "c-kernel";
  ctx->prog.target = *t;
  if (auto e = llvm::joinErrors(checkProgramHeader(ctx->prog),
                                 checkSimulatable(*t))) {
    llvm::consumeError(std::move(e));
    delete ctx;
    return nullptr;
  }
  ctx->machine = std::make_unique<Machine>(*t);
  return ctx;
}

void srt_destroy(srt_ctx *ctx) { delete ctx; }

static void declare(srt_ctx *ctx, const char *name, BufferKind kind,
                    float *data, long numel) {
  if (!ctx->error.empty())
    return;
  Buffer b;
  b.name = name;
  b.kind = kind;
  b.shape = {numel};
  if (!data && kind != BufferKind::Scratch) {
    ctx->error = "buffer '" + b.name + "': no data";
    return;
  }
  if (auto e = checkBuffer(b)) {
    ctx->error = llvm::toString(std::move(e));
    return;
  }
  if (data)
    ctx->machine->bind(b, data);
  else
    ctx->machine->allocate(b);
}

void srt_input(srt_ctx *ctx, const char *name, const float *data,
               long numel) {
  // The machine never writes an input: checkInstr rejects mvout to one.
  declare(ctx, name, BufferKind::Input, const_cast<float *>(data), numel);
}
void srt_output(srt_ctx *ctx, const char *name, float *data, long numel) {
  declare(ctx, name, BufferKind::Output, data, numel);
}
void srt_scratch(srt_ctx *ctx, const char *name, long numel) {
  declare(ctx, name, BufferKind::Scratch, nullptr, numel);
}

void srt_mvin(srt_ctx *ctx, srt_ref d, const char *buf, long off, long ld,
              long rows, long cols) {
  ctx->run(makeMvin(toRef(d), {buf, off, ld}, rows, cols));
}

void srt_mvout(srt_ctx *ctx, const char *buf, long off, long ld, srt_ref a,
               long rows, long cols) {
  ctx->run(makeMvout({buf, off, ld}, toRef(a), rows, cols));
}

void srt_matmul(srt_ctx *ctx, srt_ref d, srt_ref a, srt_ref b, long m, long k,
                long n, int accumulate) {
  ctx->run(makeMatmul(toRef(d), toRef(a), toRef(b), m, k, n, accumulate != 0));
}

void srt_vec(srt_ctx *ctx, int op, srt_ref d, srt_ref a, srt_ref b, long rows,
             long cols, float imm, long row0, long col0) {
  if (op < SRT_VFILL || op > SRT_VCAUSAL) {
    if (ctx->error.empty())
      ctx->error = "srt_vec: unknown vector opcode " + std::to_string(op);
    return;
  }
  ctx->run(makeVector(Opcode(unsigned(Opcode::VFill) + unsigned(op - SRT_VFILL)),
                      toRef(d), toRef(a), toRef(b), rows, cols, imm, row0,
                      col0));
}

void srt_fence(srt_ctx *ctx) {
  Instr in;
  in.op = Opcode::Fence;
  ctx->run(in);
}

int srt_status(const srt_ctx *ctx) { return ctx->error.empty() ? 0 : 1; }
const char *srt_error(const srt_ctx *ctx) { return ctx->error.c_str(); }
unsigned long long srt_cycles(const srt_ctx *ctx) {
  return ctx->machine->report().cycles;
}
const char *srt_report_json(srt_ctx *ctx) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << ctx->machine->report().toJSON(ctx->prog);
  ctx->reportJson = std::move(s);
  return ctx->reportJson.c_str();
}

} // extern "C"
