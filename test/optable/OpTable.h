#pragma once
// The one op-case table: every public differentiable op of npg as an
// OpSpec, with how to draw a node of it (operands and attributes), how to
// evaluate it with npg, and where it is not smooth. Every oracle reads it:
// the random-program tester (npg_difftest) draws programs from it, and the
// fixed suites check one program per op and seed from it against finite
// differences, npg::compile and LibTorch (test/unit/OpTableTest.cpp,
// test/torch/TorchOpTableTest.cpp); OpRegistryTest fails when an npg
// dialect op appears in no case's trace. A new op is one more OpSpec.
//
// A program is a list of nodes in SSA order with a small text form
// (Program.cpp) that reproducers and regression tests replay.
#include <npg/npg.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace difftest {

using npg::Array;
using Shape = std::vector<std::int64_t>;

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

/// A program being drawn: its nodes, their float64 values, and the helpers
/// an OpSpec builds its node with. With `special`, new inputs hold edge
/// values (ties, zeros, ±0, ±inf, NaN, denormals, huge and tiny
/// magnitudes, empty and size-1 dimensions) and thresholds and bounds land
/// exactly on input values.
struct Draw {
  Rng rng;
  bool special = false;
  Program p;
  std::vector<Array> vals; // float64, no grad

  Shape shape_of(int id) const {
    return vals[static_cast<std::size_t>(id)].shape();
  }
  std::int64_t ndim(int id) const {
    return static_cast<std::int64_t>(shape_of(id).size());
  }
  /// Appends `n` and its value; throws npg::Error if npg rejects it.
  int push(Node n);
  Shape random_shape();
  /// A shape that broadcasts with `s`: some leading dims dropped or added,
  /// some dims set to 1.
  Shape compatible_shape(const Shape &s);
  int new_input(const Shape &shape, bool positive = false);
  /// An earlier value, recent ones likelier.
  int pick();
  /// A value broadcasting with `s`: an earlier one or a new input.
  int pick_compatible(const Shape &s, bool positive = false);
  /// `x` shifted up so that its values are at least 0.5.
  int positive(int x);
  /// A number near x's values (one of them exactly, when special), for
  /// thresholds and bounds.
  double threshold(int x);
  std::int64_t axis(std::int64_t nd); // in [-nd, nd - 1], nd > 0
  void set_axes(Node &n, std::int64_t nd);
  std::vector<std::int64_t> permutation(std::int64_t nd);
};

using Args = std::vector<Array>;

/// One op of the table.
struct OpSpec {
  std::string name;
  /// How often the random tester draws it, relative to the others.
  int weight = 1;
  /// Whether npg::trace records it (ops without IR yet are refused).
  bool traceable = true;
  /// Whether it has a gradient: ops without one (detach, round, astype)
  /// appear only in programs with edge values, which skip finite
  /// differences.
  bool differentiable = true;
  /// Builds a node of this op in `d` (operands, drawing inputs as needed,
  /// and attributes); false when this draw cannot make one.
  std::function<bool(Draw &d, Node &n)> build;
  /// The node's value with npg, from its operands' values.
  std::function<Array(const Node &n, const Args &a)> eval;
  /// Why the op is not smooth at these operands (a kink, tie or pole
  /// within a margin finite differences could cross), if it is not.
  std::function<std::optional<std::string>(const Node &n, const Args &a)> kink =
      [](const Node &, const Args &) { return std::nullopt; };
  /// Whether the op's branch at these operands is decided by rounding: a
  /// tie between operands a few ulps apart but not equal (the minimum of x
  /// and the mean of equal x's). Each implementation rounds such operands
  /// its own way (a sum's order), so each may take another branch and give
  /// another gradient; values still agree within rounding.
  std::function<bool(const Node &n, const Args &a)> rounding_tie =
      [](const Node &, const Args &) { return false; };
};

/// The table, in a fixed order.
const std::vector<OpSpec> &op_specs();
/// The spec of `op`; throws std::runtime_error if there is none.
const OpSpec &spec_of(const std::string &op);

/// Whether npg::trace can record every op of `p`.
bool traceable(const Program &p);
/// The values of an input node, drawn from its own seed.
Array make_input(const Node &input, npg::DType dtype, std::uint64_t reseed = 0);
/// Node `node`'s value from the values of all earlier nodes.
Array eval_node(const Node &node, const std::vector<Array> &values);
/// Why `node`'s value at these operands is outside the op's smooth domain
/// (a kink, tie or pole within the margin, or a huge value), if it is.
std::optional<std::string> domain_violation(const Node &node,
                                            const std::vector<Array> &values);
/// Whether any node of `p` at these values is a rounding tie
/// (OpSpec::rounding_tie): then only values, not gradients, must agree
/// between implementations.
bool has_rounding_tie(const Program &p, const std::vector<Array> &values);
/// Whether a program's inputs hold special values (finite differences then
/// mean nothing: compiled and LibTorch are compared with eager instead).
bool has_special_inputs(const Program &p);
/// The largest finite magnitude among a program's node values and its
/// inputs' gradients. Sums that absorb a huge term and later cancel it are
/// exact only to about eps times this (summation order is the
/// implementation's), so with special inputs comparisons allow that much
/// absolute error; infinities and NaN still compare exactly.
double largest_finite(const std::vector<Array> &values,
                      const std::vector<Array> &inputs);
/// Whether a program whose largest finite magnitude is `largest` sums terms
/// huge enough to overflow (|x| >= 1e100: products beyond the range,
/// cancelling huge terms): each implementation orders a sum's terms its own
/// way (BLAS kernels, vectorised loops, LibTorch), and there the order
/// decides between inf, -inf, NaN and a finite value, so a non-finite value
/// against another one is no disagreement. Finite values still compare
/// within the floor.
bool overflow_is_order_dependent(double largest);
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

/// What a check of a program found.
struct Outcome {
  enum Kind { Ok, Invalid, Failed } kind = Ok;
  std::string what;   // the failure's class, e.g. "fd-gradient"
  std::string detail; // a readable account
};

/// A program of one node of `spec` on fresh inputs, drawn from `seed`
/// (with special values if `special`); nothing if no draw made one in the
/// op's smooth domain (special: any draw npg accepts).
std::optional<Program> single_op_program(const OpSpec &spec, std::uint64_t seed,
                                         bool special);

} // namespace difftest
