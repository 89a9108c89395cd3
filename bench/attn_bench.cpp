//===- attn_bench.cpp - attention throughput against real baselines -------===//
//
// One run measures, for every configured sequence length N (shapes from the
// generated bench_config.h: B = 1, H heads, d per head, primal s and p) and
// every requested thread count:
//
//   sgemm      OpenBLAS Q*K^T and P*V of attention's sizes without the
//              softmax: the practical ceiling the others are divided by
//   blas-attn  OpenBLAS Q*K^T, a row softmax loop, OpenBLAS P*V
//   naive      plain C++ loops (one thread, N <= --naive-max)
//   flash      our attn-cpu-pipeline, strategy=flash (AOT object)
//   material   our attn-cpu-pipeline, strategy=materialized
//   primal     our primal layer: 2 x attn.primal_weights + attn.primal
//   blas-dec   a decode step with OpenBLAS: one query against N keys per
//              head, s = K q (sgemv), softmax, o = V^T p (sgemv)
//   decode     our flash kernel for the same decode step
//
// GFLOP/s counts 4*H*N*N*d for softmax attention (the two products) and
// 8*H*N*d*s + 4*H*d*p*s for the primal layer, 4*H*N*d for a decode step
// (which is bound by reading K and V: its note gives that rate in GB/s). Time is the median over
// repeated calls (at least --min-time seconds and 3 calls per entry), wall
// time by default; --clock cpu takes the process CPU time instead (robust
// for one-thread runs on a shared machine, meaningless for two threads).
// For primal the table also gives its roofline bound
// max(FLOPs / sgemm-rate, bytes / copy-bandwidth) measured in the same run.
//
// --check compares every implementation with the double-precision reference
// (test/lib/Reference) for N <= --check-max and exits 1 on a mismatch
// (max rel error > 1e-4, floor 0.01 * max|ref|, as in test/Integration/CPU).
//
//===----------------------------------------------------------------------===//

#include "AttnReference.h"
#include "RowMajorView.h"
#include "bench_config.h"
#include "attn-mlir/CPU/VectorISA.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

// From the OpenMP runtime when the kernels use it (weak: absent otherwise).
extern "C" __attribute__((weak)) void omp_set_num_threads(int);

using Memref1 = StridedMemRefType<float, 1>;
using Memref2 = StridedMemRefType<float, 2>;
using Memref3 = StridedMemRefType<float, 3>;
using Memref4 = StridedMemRefType<float, 4>;
using VanillaFn = void (*)(Memref4 *, Memref4 *, Memref4 *, Memref4 *);
using PrimalFn = void (*)(Memref4 *, Memref4 *, Memref4 *, Memref3 *,
                          Memref3 *, Memref2 *, Memref1 *);

#define ATTN_BENCH_SIZE(N, P)                                                  \
  extern "C" void _mlir_ciface_vanilla_flash_##N(Memref4 *, Memref4 *,        \
                                                 Memref4 *, Memref4 *);        \
  extern "C" void _mlir_ciface_vanilla_mat_##N(Memref4 *, Memref4 *,          \
                                               Memref4 *, Memref4 *);          \
  extern "C" void _mlir_ciface_vanilla_causal_##N(Memref4 *, Memref4 *,       \
                                                  Memref4 *, Memref4 *);       \
  extern "C" void _mlir_ciface_vanilla_decode_##N(Memref4 *, Memref4 *,       \
                                                  Memref4 *, Memref4 *);       \
  extern "C" void _mlir_ciface_primal_##N(Memref4 *, Memref4 *, Memref4 *,    \
                                          Memref3 *, Memref3 *, Memref2 *,     \
                                          Memref1 *);
#include "bench_sizes.inc"
#undef ATTN_BENCH_SIZE

namespace {

using attn::ref::Tensor;
using Clock = std::chrono::steady_clock;

struct Suite {
  int64_t n, p; // sequence length, primal samples

  VanillaFn flash, mat, causal, decode;
  PrimalFn primal;
};

#define ATTN_BENCH_SIZE(N, P)                                                  \
  Suite{N, P, _mlir_ciface_vanilla_flash_##N, _mlir_ciface_vanilla_mat_##N,       \
        _mlir_ciface_vanilla_causal_##N, _mlir_ciface_vanilla_decode_##N,      \
        _mlir_ciface_primal_##N},
const Suite kSuites[] = {
#include "bench_sizes.inc"
};
#undef ATTN_BENCH_SIZE

constexpr int64_t H = kBenchHeads, D = kBenchDim, S = kBenchDirections;
constexpr double kRelTol = 1e-4, kRelFloor = 0.01;

/// A contiguous row-major f32 buffer with its descriptor (identity layout).
template <int R>
struct Buffer {
  std::vector<int64_t> shape;
  std::vector<float> data;
  StridedMemRefType<float, R> desc;

  Buffer(std::vector<int64_t> s, uint32_t seed, double bound)
      : shape(std::move(s)) {
    data = Tensor::random(shape, seed, -bound, bound).toFloat();
    desc = rowMajorView<R>(data.data(), shape.data());
  }
  Buffer(const Buffer &) = delete; // desc points into data
  Tensor ref() const { return Tensor::fromFloat(shape, data); }
};

/// Inputs of one sequence length.
struct Inputs {
  Buffer<4> q, k, v, q1; // q1: the decode step's one query per head
  Buffer<3> thetaE, thetaR;
  Buffer<2> wc;
  Buffer<1> bc;
  Inputs(int64_t n, int64_t p)
      : q({1, H, n, D}, 1, 1.0), k({1, H, n, D}, 2, 1.0), v({1, H, n, D}, 3, 1.0),
        q1({1, H, 1, D}, 8, 1.0),
        thetaE({H, p, S}, 4, 1.0 / std::sqrt(double(p))),
        thetaR({H, p, S}, 5, 1.0 / std::sqrt(double(p))),
        wc({2 * S, D}, 6, 1.0 / std::sqrt(2.0 * S)), bc({D}, 7, 0.1) {}
};

/// Softmax attention over one head with OpenBLAS: S = scale Q K^T (sgemm),
/// row softmax, O = P V (sgemm). `scores` holds n*n floats.
void blasHead(const float *q, const float *k, const float *v, float *o,
              float *scores, int64_t n, bool softmax) {
  float scale = 1.0f / std::sqrt(float(D));
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, D, scale, q, D, k,
              D, 0.0f, scores, n);
  if (softmax) {
    for (int64_t i = 0; i < n; ++i) {
      float *row = scores + i * n;
      float mx = *std::max_element(row, row + n);
      float sum = 0.0f;
      for (int64_t j = 0; j < n; ++j) {
        row[j] = std::exp(row[j] - mx);
        sum += row[j];
      }
      float inv = 1.0f / sum;
      for (int64_t j = 0; j < n; ++j)
        row[j] *= inv;
    }
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, D, n, 1.0f, scores,
              n, v, D, 0.0f, o, D);
}

/// One decode step over one head with OpenBLAS: s = scale K q (sgemv), row
/// softmax, o = V^T p (sgemv). `scores` holds n floats.
void blasDecodeHead(const float *q, const float *k, const float *v, float *o,
                    float *scores, int64_t n) {
  float scale = 1.0f / std::sqrt(float(D));
  cblas_sgemv(CblasRowMajor, CblasNoTrans, n, D, scale, k, D, q, 1, 0.0f,
              scores, 1);
  float mx = *std::max_element(scores, scores + n);
  float sum = 0.0f;
  for (int64_t j = 0; j < n; ++j) {
    scores[j] = std::exp(scores[j] - mx);
    sum += scores[j];
  }
  cblas_sgemv(CblasRowMajor, CblasTrans, n, D, 1.0f / sum, v, D, scores, 1,
              0.0f, o, 1);
}

/// Softmax attention over one head with plain loops (no BLAS, no tiling).
void naiveHead(const float *q, const float *k, const float *v, float *o,
               int64_t n) {
  float scale = 1.0f / std::sqrt(float(D));
  std::vector<float> s(n);
  for (int64_t i = 0; i < n; ++i) {
    float mx = -INFINITY;
    for (int64_t j = 0; j < n; ++j) {
      float dot = 0.0f;
      for (int64_t c = 0; c < D; ++c)
        dot += q[i * D + c] * k[j * D + c];
      s[j] = dot * scale;
      mx = std::max(mx, s[j]);
    }
    float sum = 0.0f;
    for (int64_t j = 0; j < n; ++j) {
      s[j] = std::exp(s[j] - mx);
      sum += s[j];
    }
    for (int64_t c = 0; c < D; ++c) {
      float acc = 0.0f;
      for (int64_t j = 0; j < n; ++j)
        acc += s[j] * v[j * D + c];
      o[i * D + c] = acc / sum;
    }
  }
}

/// Which clock times a call: wall time, or the CPU time of the whole process
/// (all threads), which on a machine shared with other jobs is the robust
/// measure of single-thread runs (time spent descheduled is not counted).
bool gCpuClock = false;

double now() {
  if (!gCpuClock)
    return std::chrono::duration<double>(Clock::now().time_since_epoch())
        .count();
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/// Median time of `fn` over at least 3 calls and `minTime` seconds (at most
/// 1000 calls).
double medianSeconds(const std::function<void()> &fn, double minTime) {
  std::vector<double> t;
  double total = 0.0;
  while (t.size() < 3 || (total < minTime && t.size() < 1000)) {
    double start = now();
    fn();
    double s = now() - start;
    t.push_back(s);
    total += s;
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

/// Median over alternating calls of time(a) / time(b): a ratio of two
/// rates that host drift cannot skew. On the shared 2-vCPU hosts here the
/// sgemm baseline moved by up to 38 % from one run to the next (a Zen 5,
/// 2026-12-05), so a ratio of two medians measured seconds apart swung
/// with it; calls taken in turn see the same host. The order within a pair alternates too. Returns the ratio and
/// sets `pairs`.
double pairedRatio(const std::function<void()> &a,
                   const std::function<void()> &b, double minTime,
                   int &pairs) {
  std::vector<double> r;
  double total = 0.0;
  while (r.size() < 5 || (total < minTime && r.size() < 1000)) {
    double ta = 0.0, tb = 0.0;
    for (int which : {int(r.size() % 2), int(1 - r.size() % 2)}) {
      double start = now();
      (which == 0 ? a : b)();
      (which == 0 ? ta : tb) = now() - start;
    }
    r.push_back(ta / tb);
    total += ta + tb;
  }
  pairs = int(r.size());
  std::sort(r.begin(), r.end());
  return r[r.size() / 2];
}

/// Copy bandwidth in bytes/s (read + write counted) over 256 MiB buffers.
double copyBandwidth(double minTime) {
  size_t bytes = size_t(256) << 20;
  std::vector<char> a(bytes, 1), b(bytes, 2);
  double s = medianSeconds([&] { std::memcpy(b.data(), a.data(), bytes); },
                           minTime);
  return 2.0 * double(bytes) / s;
}

/// One line naming the host and the run, printed before every table:
/// benchmark numbers mean nothing without the CPU they were measured on
/// (hosts here change from session to session).
void printHost(int argc, char **argv) {
  std::string model = "unknown CPU", flags;
  if (FILE *f = std::fopen("/proc/cpuinfo", "r")) {
    char line[4096];
    while (std::fgets(line, sizeof line, f)) {
      std::string l(line);
      auto value = [&] {
        std::string v = l.substr(l.find(':') + 1);
        v.erase(0, v.find_first_not_of(' '));
        v.erase(v.find_last_not_of(" \n") + 1);
        return v;
      };
      if (l.rfind("model name", 0) == 0 && model == "unknown CPU")
        model = value();
      if (l.rfind("flags", 0) == 0 && flags.empty())
        flags = " " + value() + " ";
    }
    std::fclose(f);
  }
  std::string isa;
  for (const char *x : {"avx512f", "avx2", "fma", "sse4_2"})
    if (flags.find(std::string(" ") + x + " ") != std::string::npos)
      isa += std::string(isa.empty() ? "" : " ") + x;
  double load = -1;
  if (FILE *f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1)
      load = -1;
    std::fclose(f);
  }
  char date[32];
  std::time_t t = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
  std::string cmd;
  for (int i = 0; i < argc; ++i)
    cmd += std::string(i ? " " : "") + argv[i];
  // What the kernels use: the ISA of the CPU they were built for and the
  // register tile attn-cpu-pipeline derives from it (unless overridden).
  std::string kernels = "unknown ISA";
  if (llvm::Expected<mlir::attn::cpu::VectorISA> k =
          mlir::attn::cpu::resolveVectorISA(ATTN_BENCH_LLC_CPU)) {
    mlir::attn::cpu::RegisterTile tile = mlir::attn::cpu::chooseRegisterTile(*k);
    kernels = k->isa + " (" + k->cpu + "), register tile " +
              std::to_string(tile.rows) + "x" + std::to_string(tile.vectorWidth);
  } else {
    llvm::consumeError(k.takeError());
  }
  std::string extra = ATTN_BENCH_PIPELINE_OPTIONS;
  if (!extra.empty())
    kernels += ", pipeline options '" + extra + "'";
  std::printf("# host: %s, %ld CPUs, %s; kernels built for -mcpu=%s: %s; "
              "load average %.2f; %s\n# command: %s\n",
              model.c_str(), sysconf(_SC_NPROCESSORS_ONLN),
              isa.empty() ? "no AVX" : isa.c_str(), ATTN_BENCH_LLC_CPU,
              kernels.c_str(), load, date, cmd.c_str());
}

struct Options {
  std::vector<int> threads{1};
  std::vector<int64_t> sizes; // empty: all configured
  double minTime = 0.5;
  int64_t naiveMax = 2048;
  int64_t checkMax = 0;
  std::string csv;
};

std::vector<int64_t> parseList(const char *s) {
  std::vector<int64_t> out;
  for (const char *p = s; *p;) {
    char *end;
    out.push_back(std::strtoll(p, &end, 10));
    p = *end == ',' ? end + 1 : end;
    if (end == p && *p) break;
  }
  return out;
}

void usage(FILE *to = stderr) {
  std::fprintf(to,
               "usage: attn-bench [--threads 1,2] [--sizes 256,1024] "
               "[--min-time SEC] [--naive-max N] [--check] [--check-max N] "
               "[--clock wall|cpu] [--csv FILE]\n");
}

/// --help / -h anywhere: the usage on stdout and exit 0, before any work.
bool wantsHelp(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h")
      return true;
  return false;
}

bool parse(int argc, char **argv, Options &o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char * {
      return i + 1 < argc ? argv[++i] : nullptr;
    };
    const char *v = nullptr;
    if (a == "--check") {
      o.checkMax = INT64_MAX;
      continue;
    }
    if (a == "--help" || !(v = next())) {
      usage();
      return false;
    }
    if (a == "--threads") {
      o.threads.clear();
      for (int64_t t : parseList(v))
        o.threads.push_back(int(t));
    } else if (a == "--sizes") {
      o.sizes = parseList(v);
    } else if (a == "--min-time") {
      o.minTime = std::atof(v);
    } else if (a == "--naive-max") {
      o.naiveMax = std::atoll(v);
    } else if (a == "--check-max") {
      o.checkMax = std::atoll(v);
    } else if (a == "--csv") {
      o.csv = v;
    } else if (a == "--clock") {
      std::string c = v;
      if (c != "wall" && c != "cpu") {
        std::fprintf(stderr, "attn-bench: --clock is wall or cpu\n");
        return false;
      }
      gCpuClock = c == "cpu";
    } else {
      std::fprintf(stderr, "attn-bench: unknown option '%s'\n", a.c_str());
      usage();
      return false;
    }
  }
  for (int t : o.threads)
    if (t < 1) {
      std::fprintf(stderr, "attn-bench: thread counts must be >= 1\n");
      return false;
    }
  return true;
}

/// Owns a kernel's returned buffer.
struct Result {
  Memref4 desc{};
  ~Result() { std::free(desc.basePtr); }
};

} // namespace

int main(int argc, char **argv) {
  if (wantsHelp(argc, argv)) {
    usage(stdout);
    return 0;
  }
  Options opt;
  if (!parse(argc, argv, opt))
    return 1;

  FILE *csv = nullptr;
  if (!opt.csv.empty()) {
    csv = std::fopen(opt.csv.c_str(), "w");
    if (!csv) {
      std::fprintf(stderr, "attn-bench: cannot write '%s'\n", opt.csv.c_str());
      return 1;
    }
    std::fprintf(csv, "n,threads,impl,ms,gflops,ratio_to_sgemm\n");
  }

  printHost(argc, argv);
  double bw = copyBandwidth(opt.minTime);
  std::printf("# B=1 H=%lld d=%lld; primal s=%lld p=min(N, %lld); copy "
              "bandwidth %.1f GB/s (1 thread); %s time\n",
              (long long)H, (long long)D, (long long)S,
              (long long)kSuites[std::size(kSuites) - 1].p, bw / 1e9,
              gCpuClock ? "process CPU" : "wall");
  std::printf("%6s %3s %-10s %10s %9s %8s  %s\n", "N", "thr", "impl", "ms",
              "GFLOP/s", "/sgemm", "note");

  bool ok = true;
  for (const Suite &suite : kSuites) {
    int64_t n = suite.n;
    if (!opt.sizes.empty() &&
        std::find(opt.sizes.begin(), opt.sizes.end(), n) == opt.sizes.end())
      continue;
    int64_t P = suite.p;
    Inputs in(n, P);
    std::vector<float> scores(size_t(n) * n), out(size_t(H) * n * D);
    double attnFlops = 4.0 * H * n * n * D;
    double primalFlops = 8.0 * H * n * D * S + 4.0 * H * D * P * S;
    double primalBytes = 4.0 * (3 * H * n * D + 2 * H * P * S + 2 * S * D + D);

    auto blas = [&](bool softmax) {
      for (int64_t h = 0; h < H; ++h)
        blasHead(in.q.data.data() + h * n * D, in.k.data.data() + h * n * D,
                 in.v.data.data() + h * n * D, out.data() + h * n * D,
                 scores.data(), n, softmax);
    };
    auto blasDecode = [&] {
      for (int64_t h = 0; h < H; ++h)
        blasDecodeHead(in.q1.data.data() + h * D, in.k.data.data() + h * n * D,
                       in.v.data.data() + h * n * D, out.data() + h * D,
                       scores.data(), n);
    };
    auto naive = [&] {
      for (int64_t h = 0; h < H; ++h)
        naiveHead(in.q.data.data() + h * n * D, in.k.data.data() + h * n * D,
                  in.v.data.data() + h * n * D, out.data() + h * n * D, n);
    };
    auto ours = [&](VanillaFn fn, Buffer<4> &q) {
      Result r;
      fn(&r.desc, &q.desc, &in.k.desc, &in.v.desc);
    };
    auto primal = [&] {
      Result r;
      suite.primal(&r.desc, &in.q.desc, &in.k.desc, &in.thetaE.desc,
                   &in.thetaR.desc, &in.wc.desc, &in.bc.desc);
    };

    if (n <= opt.checkMax) {
      // Every implementation against the double-precision reference, with
      // the most threads asked for (the parallel tiles are what can race).
      int most = *std::max_element(opt.threads.begin(), opt.threads.end());
      openblas_set_num_threads(most);
      if (omp_set_num_threads)
        omp_set_num_threads(most);
      Tensor refV = attn::ref::vanilla(in.q.ref(), in.k.ref(), in.v.ref());
      Tensor refC = attn::ref::vanilla(in.q.ref(), in.k.ref(), in.v.ref(),
                                       nullptr, std::nullopt, /*causal=*/true);
      Tensor we = attn::ref::primalWeights(in.q.ref(), in.thetaE.ref());
      Tensor wr = attn::ref::primalWeights(in.k.ref(), in.thetaR.ref());
      Tensor bc = in.bc.ref();
      Tensor refP = attn::ref::primal(in.q.ref(), in.k.ref(), we, wr,
                                      in.wc.ref(), &bc);
      auto check = [&](const char *name, const Tensor &ref, const float *got) {
        double err = attn::ref::maxRelError(ref, got, kRelFloor);
        bool pass = err <= kRelTol;
        std::printf("check N=%lld %-10s max rel error %.2e %s\n",
                    (long long)n, name, err, pass ? "ok" : "FAILED");
        ok &= pass;
      };
      blas(true);
      check("blas-attn", refV, out.data());
      naive();
      check("naive", refV, out.data());
      for (auto [name, fn] : {std::pair<const char *, VanillaFn>{"flash",
                                                                 suite.flash},
                              {"material", suite.mat}}) {
        Result r;
        fn(&r.desc, &in.q.desc, &in.k.desc, &in.v.desc);
        check(name, refV, r.desc.data);
      }
      {
        Result r;
        suite.causal(&r.desc, &in.q.desc, &in.k.desc, &in.v.desc);
        check("causal", refC, r.desc.data);
      }
      {
        Tensor refD = attn::ref::vanilla(in.q1.ref(), in.k.ref(), in.v.ref());
        blasDecode();
        check("blas-dec", refD, out.data());
        Result r;
        suite.decode(&r.desc, &in.q1.desc, &in.k.desc, &in.v.desc);
        check("decode", refD, r.desc.data);
      }
      Result r;
      suite.primal(&r.desc, &in.q.desc, &in.k.desc, &in.thetaE.desc,
                   &in.thetaR.desc, &in.wc.desc, &in.bc.desc);
      check("primal", refP, r.desc.data);
    }

    for (int t : opt.threads) {
      openblas_set_num_threads(t);
      if (omp_set_num_threads)
        omp_set_num_threads(t);
      double ceiling = 0.0;
      auto row = [&](const char *impl, double sec, double flops,
                     const std::string &note) {
        double gf = flops / sec / 1e9;
        if (ceiling == 0.0)
          ceiling = gf;
        std::printf("%6lld %3d %-10s %10.3f %9.2f %8.3f  %s\n", (long long)n,
                    t, impl, sec * 1e3, gf, gf / ceiling, note.c_str());
        std::fflush(stdout);
        if (csv)
          std::fprintf(csv, "%lld,%d,%s,%.6f,%.4f,%.4f\n", (long long)n, t,
                       impl, sec * 1e3, gf, gf / ceiling);
      };
      row("sgemm", medianSeconds([&] { blas(false); }, opt.minTime),
          attnFlops, "ceiling: the two products, no softmax");
      row("blas-attn", medianSeconds([&] { blas(true); }, opt.minTime),
          attnFlops, "");
      if (t == 1 && n <= opt.naiveMax)
        row("naive", medianSeconds(naive, opt.minTime), attnFlops, "");
      double flashSec =
          medianSeconds([&] { ours(suite.flash, in.q); }, opt.minTime);
      // flash / sgemm once more from alternating calls (pairedRatio): the
      // /sgemm column divides medians taken seconds apart.
      int pairs = 0;
      double paired = pairedRatio([&] { blas(false); },
                                  [&] { ours(suite.flash, in.q); },
                                  opt.minTime, pairs);
      char flashNote[96];
      std::snprintf(flashNote, sizeof flashNote,
                    "%.3f of sgemm over %d alternating pairs", paired, pairs);
      row("flash", flashSec, attnFlops, flashNote);
      row("material",
          medianSeconds([&] { ours(suite.mat, in.q); }, opt.minTime), attnFlops, "");
      // Causal flash: GFLOP/s over the visible scores only (N(N+1)/2 per
      // head, as FlashAttention counts causal work), and the speed-up over
      // the non-causal flash call of the same shape.
      double causalSec =
          medianSeconds([&] { ours(suite.causal, in.q); }, opt.minTime);
      char causalNote[96];
      std::snprintf(causalNote, sizeof causalNote,
                    "%.2fx faster than non-causal flash", flashSec / causalSec);
      row("causal", causalSec, 4.0 * H * D * (double(n) * (n + 1) / 2),
          causalNote);
      double primalSec = medianSeconds(primal, opt.minTime);
      double roof = std::max(primalFlops / (ceiling * 1e9), primalBytes / bw);
      char note[128];
      std::snprintf(note, sizeof note,
                    "%.1fx faster than flash; %.2fx its roofline bound %.3f ms",
                    flashSec / primalSec, primalSec / roof, roof * 1e3);
      row("primal", primalSec, primalFlops, note);
      // A decode step reads all of K and V once: memory-bound, so the notes
      // give the rate at which they are read.
      double kvBytes = 2.0 * 4.0 * H * n * D, decodeFlops = 4.0 * H * n * D;
      double blasDecSec = medianSeconds(blasDecode, opt.minTime);
      char decNote[128];
      std::snprintf(decNote, sizeof decNote, "one query: K, V read at %.1f GB/s",
                    kvBytes / blasDecSec / 1e9);
      row("blas-dec", blasDecSec, decodeFlops, decNote);
      double decodeSec =
          medianSeconds([&] { ours(suite.decode, in.q1); }, opt.minTime);
      std::snprintf(decNote, sizeof decNote,
                    "K, V read at %.1f GB/s; %.2fx blas-dec's time",
                    kvBytes / decodeSec / 1e9, decodeSec / blasDecSec);
      row("decode", decodeSec, decodeFlops, decNote);
    }
  }
  if (csv)
    std::fclose(csv);
  if (!ok) {
    std::printf("attn-bench: FAILED: a result differs from the reference\n");
    return 1;
  }
  return 0;
}
