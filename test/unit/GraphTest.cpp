// to_dot: the autograd graph as Graphviz DOT.
#include "Expect.h"

using npg::Array;
using npg::testing::ThrowsWith;

namespace {
using npg::testing::count;
} // namespace

TEST(Graph, ToDotNamesOpsShapesAndLeaves) {
  Array w = npg::random::randn({3, 2}, true);
  Array b = npg::zeros({2}, true);
  const Array x = npg::random::randn({4, 3});
  const Array loss = (npg::matmul(x, w) + b).tanh().mean();
  const std::string dot = npg::to_dot(loss);
  EXPECT_EQ(dot.rfind("digraph autograd {", 0), 0u);
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_NE(dot.find("label=\"Mean\\n() float64\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("label=\"Tanh\\n(4,2) float64\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"Add\\n(4,2) float64\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"MatMul\\n(4,2) float64\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"leaf\\n(3,2) float64\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"leaf\\n(2,) float64\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"constant\\n(4,3) float64\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"output\\n() float64\""), std::string::npos);
  // 4 functions + 3 inputs + output; 6 edges between them, 1 to output.
  EXPECT_EQ(count(dot, "[label="), 8);
  EXPECT_EQ(count(dot, " -> "), 7);
}

TEST(Graph, SharedNodesAppearOnce) {
  Array x = npg::array({1.0, 2.0}, true);
  const Array y = x * x;
  const std::string dot = npg::to_dot(y + y.exp());
  EXPECT_EQ(count(dot, "label=\"Mul"), 1);
  EXPECT_EQ(count(dot, "label=\"leaf"), 1);
  // x feeds Mul twice; Mul feeds Add and Exp; Exp feeds Add; Add the output.
  EXPECT_EQ(count(dot, " -> "), 6);
  EXPECT_NE(npg::to_dot(x).find("label=\"leaf\\n(2,) float64\""),
            std::string::npos);
  EXPECT_TRUE(ThrowsWith([] { npg::to_dot(Array()); }, "undefined"));
}

TEST(Graph, LabelsAppearInTheirNodes) {
  // numpygrad's label: a name an array carries, shown by the picture.
  Array w = npg::array({1.0, -1.0}, true);
  EXPECT_EQ(w.label(), "");
  EXPECT_EQ(&w.set_label("w1"), &w);
  EXPECT_EQ(w.label(), "w1");
  const Array same = w; // another handle of the same array
  EXPECT_EQ(same.label(), "w1");
  EXPECT_EQ(w.detach().label(), ""); // a new array
  Array x = npg::array({3.0, 4.0}).set_label("x \"in\"");
  Array h = (w * x).set_label("h");
  Array loss = h.sum().set_label("loss");
  const std::string dot = npg::to_dot(loss);
  EXPECT_NE(dot.find("label=\"w1\\nleaf\\n(2,) float64\""), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("label=\"x \\\"in\\\"\\nconstant\\n(2,) float64\""),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("label=\"h\\nMul\\n(2,) float64\""), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("label=\"loss\\nSum\\n() float64\""), std::string::npos)
      << dot;
  // Unlabelled nodes look as before.
  EXPECT_NE(npg::to_dot(w * 2.0).find("label=\"Mul\\n(2,) float64\""),
            std::string::npos);
}
