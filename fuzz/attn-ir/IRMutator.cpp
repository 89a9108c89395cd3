//===- IRMutator.cpp - structure-aware mutations of attn IR text ---------===//
//
// Byte flips almost never get past the MLIR parser; these mutations keep the
// text parseable most of the time and change what the attn verifiers and
// passes look at: shapes, ranks, element types, attributes, operand counts
// and pass options. Plain string edits, not an MLIR round trip: a mutated
// input must be allowed to be invalid IR, which a round trip cannot print.
//
//===----------------------------------------------------------------------===//

#include "IRMutator.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace attn::fuzz {
namespace {

using Rng = std::mt19937;

template <typename T, size_t N> const T &pick(Rng &rng, const T (&xs)[N]) {
  return xs[rng() % N];
}

const char *const kPasses[] = {"attn-tile",
                               "convert-attn-to-linalg",
                               "attn-decompose-linalg-aggregates",
                               "attn-vectorize-linalg",
                               "attn-cpu-pipeline",
                               "attn-cost",
                               "attn-count-work",
                               "convert-attn-to-systolic",
                               "attn-systolic-pipeline"};

bool isAllowedPass(const std::string &name) {
  return std::find(std::begin(kPasses), std::end(kPasses), name) !=
         std::end(kPasses);
}

/// [begin, end) of every `tensor<...>` / `memref<...>` type in `s`.
std::vector<std::pair<size_t, size_t>> findTypes(const std::string &s) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (const char *kw : {"tensor<", "memref<"}) {
    for (size_t pos = s.find(kw); pos != std::string::npos;
         pos = s.find(kw, pos + 1)) {
      int depth = 0;
      size_t i = pos + std::strlen(kw) - 1;
      for (; i < s.size(); ++i) {
        if (s[i] == '<')
          ++depth;
        else if (s[i] == '>' && --depth == 0)
          break;
      }
      if (i < s.size())
        spans.push_back({pos, i + 1});
    }
  }
  return spans;
}

std::string randomDim(Rng &rng) {
  static const char *const dims[] = {"0", "1", "1", "2", "3", "4", "5", "7",
                                     "8", "16", "17", "31", "33", "64", "65",
                                     "?", "130"};
  return pick(rng, dims);
}

/// Mutates one shaped type such as `tensor<2x16x8xf32>`.
std::string mutateType(Rng &rng, const std::string &type) {
  size_t lt = type.find('<');
  std::string kind = type.substr(0, lt);
  std::string body = type.substr(lt + 1, type.size() - lt - 2);
  std::vector<std::string> dims;
  size_t start = 0;
  while (true) {
    size_t x = body.find('x', start);
    if (x == std::string::npos)
      break;
    std::string d = body.substr(start, x - start);
    if (d.empty() || d.find_first_not_of("0123456789?") != std::string::npos)
      break;
    dims.push_back(d);
    start = x + 1;
  }
  std::string elem = body.substr(start);
  static const char *const elems[] = {"f32", "f32", "f16", "bf16", "f64",
                                      "i32", "i8",  "index", "complex<f32>"};
  switch (rng() % 6) {
  case 0:
  case 1:
    if (!dims.empty())
      dims[rng() % dims.size()] = randomDim(rng);
    break;
  case 2: // one more dim (rank change)
    dims.insert(dims.begin() + rng() % (dims.size() + 1), randomDim(rng));
    break;
  case 3: // one dim fewer
    if (!dims.empty())
      dims.erase(dims.begin() + rng() % dims.size());
    break;
  case 4:
    elem = pick(rng, elems);
    break;
  case 5:
    kind = kind == "tensor" ? "memref" : "tensor";
    break;
  }
  std::string out = kind + "<";
  for (const std::string &d : dims)
    out += d + "x";
  return out + elem + ">";
}

bool mutateShapes(Rng &rng, std::string &s) {
  auto spans = findTypes(s);
  if (spans.empty())
    return false;
  auto [b, e] = spans[rng() % spans.size()];
  std::string oldType = s.substr(b, e - b);
  std::string newType = mutateType(rng, oldType);
  if (rng() % 4 == 0) { // only this occurrence: a type mismatch
    s.replace(b, e - b, newType);
    return true;
  }
  // Every occurrence: the IR stays consistently typed.
  for (size_t pos = s.find(oldType); pos != std::string::npos;
       pos = s.find(oldType, pos + newType.size()))
    s.replace(pos, oldType.size(), newType);
  return true;
}

/// Start offsets of every attn op name in `s`.
std::vector<size_t> findAttnOps(const std::string &s) {
  std::vector<size_t> ops;
  for (size_t pos = s.find("attn."); pos != std::string::npos;
       pos = s.find("attn.", pos + 1))
    if (s.compare(pos, 12, "attn.vanilla") == 0 ||
        s.compare(pos, 11, "attn.primal") == 0)
      ops.push_back(pos);
  return ops;
}

/// Offset just past the `)` matching the `(` at `open`, or npos.
size_t closingParen(const std::string &s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '(')
      ++depth;
    else if (s[i] == ')' && --depth == 0)
      return i + 1;
  }
  return std::string::npos;
}

std::string randomAttrs(Rng &rng) {
  static const char *const attrs[] = {
      "causal",
      "scale = 1.250000e-01 : f32",
      "scale = 0.000000e+00 : f32",
      "scale = -1.000000e+00 : f32",
      "scale = 0x7F800000 : f32",
      "scale = 0x7FC00000 : f32",
      "scale = 1.000000e+38 : f32",
      "scale = 1 : i32",
      "scale = 5.000000e-01 : f64",
      "feature_map = #attn.feature_map<identity>",
      "feature_map = #attn.feature_map<l2>",
      "feature_map = 1 : i64",
      "alignment = #attn.alignment<bottom_right>",
      "alignment = #attn.alignment<top_left>",
      "window = 3 : i64",
      "unknown_attr",
  };
  std::string out;
  unsigned n = rng() % 3 + 1;
  for (unsigned i = 0; i < n; ++i)
    out += std::string(i ? ", " : "") + pick(rng, attrs);
  return out;
}

bool mutateAttrs(Rng &rng, std::string &s) {
  auto ops = findAttnOps(s);
  if (ops.empty())
    return false;
  size_t op = ops[rng() % ops.size()];
  size_t outs = s.find("outs(", op);
  if (outs == std::string::npos)
    return false;
  size_t after = closingParen(s, outs + 4);
  if (after == std::string::npos)
    return false;
  size_t brace = s.find_first_not_of(' ', after);
  if (brace != std::string::npos && s[brace] == '{') {
    size_t close = s.find('}', brace);
    if (close == std::string::npos)
      return false;
    if (rng() % 4 == 0)
      s.erase(after, close + 1 - after); // drop every attribute
    else
      s.replace(brace + 1, close - brace - 1, randomAttrs(rng));
  } else {
    s.insert(after, " {" + randomAttrs(rng) + "}");
  }
  return true;
}

/// Splits `a, b<c, d>, e` at top-level commas.
std::vector<std::string> splitTop(const std::string &s) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<' || c == '(' || c == '[' || c == '{')
      ++depth;
    else if (c == '>' || c == ')' || c == ']' || c == '}')
      --depth;
    else if (c == ',' && depth == 0) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  for (std::string &p : parts) {
    size_t b = p.find_first_not_of(' '), e = p.find_last_not_of(' ');
    p = b == std::string::npos ? "" : p.substr(b, e - b + 1);
  }
  return parts;
}

std::string join(const std::vector<std::string> &xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i)
    out += (i ? ", " : "") + xs[i];
  return out;
}

/// Drops, duplicates or swaps operands of an attn op's `ins(...)` list
/// (name and type together, so the list stays well-formed).
bool mutateOperands(Rng &rng, std::string &s) {
  auto ops = findAttnOps(s);
  if (ops.empty())
    return false;
  size_t op = ops[rng() % ops.size()];
  size_t ins = s.find("ins(", op);
  if (ins == std::string::npos)
    return false;
  size_t end = closingParen(s, ins + 3);
  if (end == std::string::npos)
    return false;
  std::string inner = s.substr(ins + 4, end - 1 - (ins + 4));
  size_t colon = inner.find(" : ");
  if (colon == std::string::npos)
    return false;
  auto names = splitTop(inner.substr(0, colon));
  auto types = splitTop(inner.substr(colon + 3));
  if (names.size() != types.size() || names.empty())
    return false;
  size_t i = rng() % names.size();
  switch (rng() % 3) {
  case 0:
    if (names.size() > 1) {
      names.erase(names.begin() + i);
      types.erase(types.begin() + i);
    }
    break;
  case 1:
    names.insert(names.begin() + i, names[i]);
    types.insert(types.begin() + i, types[i]);
    break;
  case 2: {
    size_t j = rng() % names.size();
    std::swap(names[i], names[j]);
    std::swap(types[i], types[j]);
    break;
  }
  }
  s.replace(ins + 4, end - 1 - (ins + 4), join(names) + " : " + join(types));
  return true;
}

bool mutateOpName(Rng &rng, std::string &s) {
  auto ops = findAttnOps(s);
  if (ops.empty())
    return false;
  size_t op = ops[rng() % ops.size()];
  size_t len = s.compare(op, 19, "attn.primal_weights") == 0 ? 19
               : s.compare(op, 12, "attn.vanilla") == 0      ? 12
                                                             : 11;
  static const char *const names[] = {"attn.vanilla", "attn.primal",
                                      "attn.primal_weights"};
  s.replace(op, len, pick(rng, names));
  return true;
}

/// Random `key=value` words for `pass` (each option present or not).
std::vector<std::string> randomOptionWords(Rng &rng, const std::string &pass) {
  static const char *const ints[] = {"-1", "0", "1", "2", "3", "5", "7",
                                     "16", "64", "100000"};
  std::vector<std::string> opts;
  auto maybe = [&](const char *key, const std::string &value) {
    if (rng() % 2)
      opts.push_back(std::string(key) + "=" + value);
  };
  if (pass == "attn-tile" || pass == "attn-cpu-pipeline")
    maybe("batch-tile", pick(rng, ints));
  if (pass == "attn-tile" || pass == "attn-cpu-pipeline" ||
      pass == "attn-cost")
    maybe("row-tile", pick(rng, ints));
  bool systolic = pass == "convert-attn-to-systolic" ||
                  pass == "attn-systolic-pipeline";
  if (pass == "attn-cost" || systolic) {
    // "cpu" is not a systolic target and "nope" no target at all: both
    // must be clean errors.
    static const char *const targets[] = {"cpu",    "host",   "icelake-server",
                                          "gemmini", "tpu-v1", "edge",
                                          "nope"};
    maybe("target", pick(rng, targets));
  }
  if (pass == "attn-cost")
    maybe("annotate", rng() % 2 ? "true" : "false");
  if (systolic) {
    static const char *const strategies[] = {"flash", "materialized"};
    maybe("strategy", pick(rng, strategies));
    maybe("max-instructions", pick(rng, ints));
  }
  if (pass == "convert-attn-to-linalg" || pass == "attn-cpu-pipeline" ||
      pass == "attn-cost") {
    static const char *const strategies[] = {"flash", "materialized"};
    maybe("strategy", pick(rng, strategies));
    maybe("key-block", pick(rng, ints));
    maybe("kv-splits", pick(rng, ints));
  }
  if (pass == "attn-vectorize-linalg" || pass == "attn-cpu-pipeline")
    maybe("vector-width", pick(rng, ints));
  if (pass == "attn-vectorize-linalg") {
    maybe("rows", pick(rng, ints));
    maybe("reduction-tile", pick(rng, ints));
  }
  if (pass == "attn-cpu-pipeline") {
    maybe("vectorize", rng() % 2 ? "true" : "false");
    maybe("parallel", rng() % 2 ? "true" : "false");
  }
  return opts;
}

std::string randomHeader(Rng &rng) {
  std::string pass = pick(rng, kPasses);
  std::string line = "// fuzz: " + pass;
  for (const std::string &o : randomOptionWords(rng, pass))
    line += " " + o;
  return line;
}

/// `{k=v ...}` for `pass`, or "".
std::string randomOptions(Rng &rng, const std::string &pass) {
  std::vector<std::string> words = randomOptionWords(rng, pass);
  if (words.empty())
    return "";
  std::string out = "{";
  for (size_t i = 0; i < words.size(); ++i)
    out += (i ? " " : "") + words[i];
  return out + "}";
}

const char *const kOtherPasses[] = {"canonicalize", "cse", "no-such-pass",
                                    "attn-tile2", "attn-cpu"};
const char *const kAnchors[] = {"builtin.module", "builtin.module",
                                "func.func", "func.func", "any",
                                "nope.op"};

std::string randomElements(Rng &rng, unsigned depth) {
  std::string out;
  unsigned n = rng() % 3 + 1;
  for (unsigned i = 0; i < n; ++i) {
    if (i)
      out += ",";
    unsigned kind = rng() % 8;
    if (kind == 0 && depth < 3) {
      out += std::string(pick(rng, kAnchors)) + "(" +
             randomElements(rng, depth + 1) + ")";
    } else if (kind == 1) {
      out += pick(rng, kOtherPasses);
    } else {
      std::string pass = pick(rng, kPasses);
      out += pass + randomOptions(rng, pass);
    }
  }
  return out;
}

/// `// fuzz-pipeline: <anchor>(...)`, anchored on the module 5 times in 6.
std::string pipelineHeader(Rng &rng) {
  std::string anchor = rng() % 6 ? "builtin.module" : pick(rng, kAnchors);
  return "// fuzz-pipeline: " + anchor + "(" + randomElements(rng, 0) + ")";
}

bool mutateHeader(Rng &rng, std::string &s) {
  std::string header = rng() % 2 ? randomHeader(rng) : pipelineHeader(rng);
  if (s.rfind("// fuzz-pipeline:", 0) == 0) {
    size_t nl = s.find('\n');
    s.replace(0, nl == std::string::npos ? s.size() : nl, header);
    return true;
  }
  if (s.rfind("// fuzz:", 0) == 0) {
    size_t nl = s.find('\n');
    s.replace(0, nl == std::string::npos ? s.size() : nl, header);
  } else {
    s.insert(0, header + "\n");
  }
  return true;
}

} // namespace

namespace {
bool isSystolic(const std::string &pass) {
  return pass == "convert-attn-to-systolic" || pass == "attn-systolic-pipeline";
}

/// Checks and normalizes the text of a fuzz-pipeline header: names are our
/// passes, canonicalize, cse or unregistered-looking names (anything with
/// "no-such" or not a known prefix is still only parsed, never run: an
/// unknown name fails the parse); options are key=value words without
/// json; systolic passes get max-instructions=65536 unless they set it.
/// Returns false to fall back to the default pipeline.
bool sanitizePipeline(const std::string &in, std::string &out) {
  auto isName = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  out.clear();
  size_t i = 0;
  int depth = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == ',' || c == ' ') {
      out += c;
      ++i;
      continue;
    }
    if (c == ')') {
      if (--depth < 0)
        return false;
      out += c;
      ++i;
      continue;
    }
    if (!isName(c))
      return false;
    size_t b = i;
    while (i < in.size() && isName(in[i]))
      ++i;
    std::string name = in.substr(b, i - b);
    if (i < in.size() && in[i] == '(') { // an anchor: any name is fine
      ++depth;
      out += name + "(";
      ++i;
      continue;
    }
    // A pass: ours, a harmless upstream one, or a name no pass has.
    bool known = isAllowedPass(name) || name == "canonicalize" ||
                 name == "cse";
    bool unknown = name.find("no-such") != std::string::npos ||
                   name == "attn-tile2" || name == "attn-cpu";
    if (!known && !unknown)
      return false;
    out += name;
    std::string opts;
    if (i < in.size() && in[i] == '{') {
      size_t close = in.find('}', i);
      if (close == std::string::npos)
        return false;
      opts = in.substr(i + 1, close - i - 1);
      if (opts.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-= ") !=
              std::string::npos ||
          opts.find("json") != std::string::npos)
        return false;
      i = close + 1;
    }
    if (isSystolic(name) && opts.find("max-instructions") == std::string::npos)
      opts += (opts.empty() ? "" : " ") + std::string("max-instructions=65536");
    if (!opts.empty())
      out += "{" + opts + "}";
  }
  return depth == 0;
}
} // namespace

PipelineSpec parseHeader(const std::string &text) {
  PipelineSpec spec;
  spec.pipeline = "attn-cpu-pipeline";
  if (text.rfind("// fuzz-pipeline: ", 0) == 0) {
    std::string line = text.substr(18, text.find('\n') - 18);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
      line.pop_back();
    size_t open = line.find('(');
    if (open == std::string::npos || open == 0 || line.back() != ')')
      return spec;
    std::string inner;
    if (!sanitizePipeline(line.substr(open + 1, line.size() - open - 2),
                          inner))
      return spec;
    std::string anchor = line.substr(0, open);
    std::string checkedAnchor;
    if (!sanitizePipeline(anchor + "()", checkedAnchor))
      return spec;
    spec.anchor = anchor;
    spec.pipeline = inner;
    return spec;
  }
  if (text.rfind("// fuzz: ", 0) != 0)
    return spec;
  std::string line = text.substr(9, text.find('\n') - 9);
  size_t sp = line.find(' ');
  std::string pass = line.substr(0, sp);
  if (!isAllowedPass(pass))
    return spec;
  std::string opts = sp == std::string::npos ? "" : line.substr(sp + 1);
  // Only `key=value` words: the header must not smuggle other passes in,
  // nor make attn-cost / attn-count-work write files (json=<path>).
  if (opts.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-= ") !=
          std::string::npos ||
      opts.find("json") != std::string::npos)
    opts.clear();
  // The systolic lowering's default limit (4M instructions) admits programs
  // that take most of a minute to build under ASan; a smaller one keeps
  // executions fast and still reaches the limit's error path.
  if (isSystolic(pass) && opts.find("max-instructions") == std::string::npos)
    opts += (opts.empty() ? "" : " ") + std::string("max-instructions=65536");
  spec.pipeline = pass + (opts.empty() ? "" : "{" + opts + "}");
  return spec;
}

std::string randomPipelineHeader(unsigned seed) {
  Rng rng(seed);
  return pipelineHeader(rng);
}

size_t mutate(uint8_t *data, size_t size, size_t maxSize, unsigned seed) {
  Rng rng(seed);
  if (rng() % 8 == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::string s(reinterpret_cast<const char *>(data), size);
  bool changed = false;
  for (unsigned n = rng() % 3 + 1; n > 0; --n) {
    switch (rng() % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      changed |= mutateShapes(rng, s);
      break;
    case 4:
    case 5:
      changed |= mutateAttrs(rng, s);
      break;
    case 6:
    case 7:
      changed |= mutateOperands(rng, s);
      break;
    case 8:
      changed |= mutateOpName(rng, s);
      break;
    case 9:
      changed |= mutateHeader(rng, s);
      break;
    }
  }
  if (!changed || s.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, s.data(), s.size());
  return s.size();
}

} // namespace attn::fuzz
