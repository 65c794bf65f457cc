// Walks the ops the npg dialect registers and fails unless each has what an
// op needs: a derivative rule (ODS's DifferentiableOpInterface, whose rule
// rules::Rule<K> must exist, checked at compile time in Rules.h) or a place
// on the list of ops without a gradient; a round-trip case in
// test/lit/ir/roundtrip.mlir; and a case in the op-case table (test/optable)
// whose trace holds it and whose compiled code runs, so that gradcheck, the
// compiled-vs-eager and LibTorch suites and the random tester all reach it.
#include "OpTable.h"

#include "npg/IR/NpgDialect.h"
#include "npg/IR/NpgOps.h"
#include "npg/rules/OpTable.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace {

using difftest::Program;

/// Ops with no gradient, by their nature.
const std::set<std::string> kInactive = {"npg.argmax", "npg.argmin",
                                         "npg.compare", "npg.constant",
                                         "npg.random_uniform"};
/// Ops whose values are not a function of their operands' (random draws):
/// the table's oracles evaluate a program many times and need the same
/// values each time, so no case draws them; RandomTest checks their
/// compiled draws against eager ones.
const std::set<std::string> kNotInTable = {"npg.random_uniform"};

/// For every npg op the table's cases trace: the first case (a program).
std::map<std::string, Program> traced_ops() {
  std::map<std::string, Program> found;
  for (const difftest::OpSpec &spec : difftest::op_specs()) {
    if (spec.weight == 0 || !spec.traceable)
      continue;
    for (bool special : {false, true})
      for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const std::optional<Program> p =
            difftest::single_op_program(spec, seed, special);
        if (!p)
          continue;
        std::vector<npg::Array> in;
        for (const difftest::Node &n : p->nodes)
          if (n.op == "input")
            in.push_back(difftest::make_input(n, npg::float64));
        const npg::Trace t = npg::trace_function(
            [&p](const std::vector<npg::Array> &args) {
              return std::vector<npg::Array>{difftest::run(*p, args).back()};
            },
            in);
        t.module()->walk([&](mlir::Operation *op) {
          const std::string name = op->getName().getStringRef().str();
          if (name.rfind("npg.", 0) == 0)
            found.emplace(name, *p);
        });
      }
  }
  return found;
}

std::string read(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(OpRegistry, EveryDialectOpHasARuleALitCaseAndATableCase) {
  mlir::MLIRContext context;
  context.loadDialect<mlir::npg::NpgDialect>();
  const std::string roundtrip =
      read(std::string(NPG_SOURCE_DIR) + "/test/lit/ir/roundtrip.mlir");
  ASSERT_FALSE(roundtrip.empty());
  const std::map<std::string, Program> traced = traced_ops();

  std::size_t registered = 0;
  for (mlir::RegisteredOperationName name : context.getRegisteredOperations()) {
    if (name.getDialectNamespace() != "npg")
      continue;
    ++registered;
    const std::string op = name.getStringRef().str();
    SCOPED_TRACE(op);
    // The generated op table knows it, and agrees on its derivative.
    const std::optional<npg::ops::OpKind> kind = npg::ops::kind_named(op);
    ASSERT_TRUE(kind.has_value()) << "not in the generated op table";
    const bool differentiable =
        name.hasInterface<mlir::npg::DifferentiableOpInterface>();
    EXPECT_EQ(npg::ops::info(*kind).differentiable, differentiable);
    EXPECT_TRUE(differentiable || kInactive.count(op))
        << "has no derivative rule and is not listed as inactive";
    // Its custom form round-trips in the lit test.
    EXPECT_NE(roundtrip.find(op + " "), std::string::npos)
        << "has no case in test/lit/ir/roundtrip.mlir";
    // A case of the table traces it, and its compiled code runs.
    if (kNotInTable.count(op))
      continue;
    auto it = traced.find(op);
    if (it == traced.end()) {
      ADD_FAILURE() << "no case of the op-case table (test/optable) traces "
                       "it: add an OpSpec that does";
      continue;
    }
    const Program &p = it->second;
    std::vector<npg::Array> in;
    for (const difftest::Node &n : p.nodes)
      if (n.op == "input")
        in.push_back(difftest::make_input(n, npg::float64));
    auto compiled = npg::compile([&p](const std::vector<npg::Array> &args) {
      return difftest::run(p, args).back();
    });
    EXPECT_NO_THROW({
      compiled(in);
      compiled(in);
    }) << difftest::print(p);
  }
  EXPECT_EQ(registered, npg::ops::kNumOpKinds);
}

} // namespace
