#pragma once
// npg_difftest: random programs over npg's differentiable ops, checked
// eagerly against finite differences and compiled against eager. A program
// is a list of nodes in SSA order with a small text form (Program.cpp) that
// reproducers and regression tests replay.
#include <npg/npg.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace difftest {

using npg::Array;

/// One op (or an input) of a program: `%3 = sum %1 axes=0,-1 keep=1`.
struct Node {
  std::string op;
  std::vector<int> args; // ids of earlier nodes
  std::vector<std::pair<std::string, std::string>> attrs;

  bool has(const std::string &key) const;
  const std::string &attr(const std::string &key) const;
  double num(const std::string &key) const;
  std::int64_t integer(const std::string &key) const;
  /// A comma-separated list; "" is the empty list.
  std::vector<std::int64_t> ints(const std::string &key) const;
  void set(const std::string &key, std::string value);
  void set(const std::string &key, double value);
  void set(const std::string &key, std::int64_t value);
  void set(const std::string &key, const std::vector<std::int64_t> &value);
};

struct Program {
  std::vector<Node> nodes;
};

std::string print(const Program &p);
/// "%3": how the text form names node 3.
std::string ref(std::size_t id);
/// Parses print()'s form; '#' starts a comment. Throws std::runtime_error.
Program parse(const std::string &text);

// --- Evaluation (Eval.cpp) ---------------------------------------------------
/// Whether the tracer records `op` (prod and the scans are refused).
bool traceable(const std::string &op);
bool traceable(const Program &p);
/// The values of an input node, drawn from its own seed.
Array make_input(const Node &input, npg::DType dtype, std::uint64_t reseed = 0);
/// Node `node`'s value from its operands' values.
Array eval_node(const Node &node, const std::vector<Array> &values);
/// Why `node`'s value at these operands is outside the op's smooth domain
/// (a kink, tie or pole within the margin, or a huge value), if it is.
std::optional<std::string> domain_violation(const Node &node,
                                            const std::vector<Array> &values);
/// Nodes no other node uses (inputs excluded): their weighted sums make the
/// loss.
std::vector<int> sinks(const Program &p);
/// The fixed weights a sink's value is multiplied by in the loss.
Array sink_weight(int id, const npg::Shape &shape, npg::DType dtype);
/// All node values from the inputs (in order of the input nodes).
std::vector<Array> run(const Program &p, const std::vector<Array> &inputs);
/// sum over sinks of sum(value * weight).
Array loss_of(const Program &p, const std::vector<Array> &values,
              const std::vector<Array> &weights);

// --- Checking (Check.cpp)
// ------------------------------------------------------
struct Outcome {
  enum Kind { Ok, Invalid, Failed } kind = Ok;
  std::string what;   // the failure's class, e.g. "fd-gradient"
  std::string detail; // a readable account
};
struct CheckOptions {
  bool compiled = true; // also check npg::compile (traceable programs only)
};
Outcome check(const Program &p, const CheckOptions &options = {});

// --- Generation and shrinking
// --------------------------------------------------
struct GenOptions {
  int max_ops = 10;
  bool allow_untraceable = true;
};
Program generate(std::uint64_t seed, const GenOptions &options);
/// A smaller program failing the same way as `p` (whose outcome is `failure`).
Program shrink(const Program &p, const Outcome &failure, bool verbose);

/// A small deterministic generator (not std distributions, whose results
/// differ between standard libraries).
struct Rng {
  explicit Rng(std::uint64_t seed) : engine(seed) {}
  std::mt19937_64 engine;
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(engine() % static_cast<std::uint64_t>(n));
  }
  std::int64_t range(std::int64_t lo, std::int64_t hi) { // inclusive
    return lo + below(hi - lo + 1);
  }
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(engine() >> 11) * 0x1.0p-53;
  }
  bool chance(double p) { return uniform(0, 1) < p; }
};

} // namespace difftest
