// Bad input gets npg::Error with a message that names what is wrong.
#include "Expect.h"

using npg::Array;
using npg::testing::ThrowsWith;

TEST(Errors, AreNpgErrorsDerivedFromRuntimeError) {
  EXPECT_THROW(npg::ones({2, 3}) + npg::ones({4}), std::runtime_error);
}

TEST(Errors, NameTheShapesDtypesAndValues) {
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}) + npg::ones({4});
      },
      "operands could not be broadcast together with shapes (2,3) (4,)"));
  EXPECT_TRUE(ThrowsWith([] { npg::arange(3).requires_grad_(); }, "int64"));
  EXPECT_TRUE(ThrowsWith([] { npg::zeros({2}, {npg::bool_, true}); }, "bool"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        (npg::ones({2, 3}, true) * 2).backward();
      },
      "(2,3)"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        Array y = npg::ones({2, 3}, true) * 2;
        y.backward(npg::ones({3}));
      },
      "the gradient has shape (3,) but the array has shape (2,3)"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::matmul(npg::ones({2, 3}), npg::ones({2, 4}));
      },
      "matmul: contraction dimensions differ: operand 0 of shape (2,3) has "
      "3, operand 1 of shape (2,4) has 2"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).sum(2);
      },
      "axis 2 is out of bounds for array of dimension 2"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).sum({0, -2});
      },
      "duplicate value in 'axis'"));
  EXPECT_TRUE(ThrowsWith([] { npg::ones({2, 3}).item<double>(); }, "size 1"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).reshape({4});
      },
      "cannot reshape array of size 6 into shape (4,)"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).reshape({-1, -1});
      },
      "one unknown dimension"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).squeeze(0);
      },
      "size not equal to one"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).select(0, 2);
      },
      "index 2 is out of bounds for axis 0 with size 2"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).slice(0, 0, 1, 0);
      },
      "step cannot be zero"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({2, 3}).transpose({0, 0});
      },
      "repeated axis"));
  EXPECT_TRUE(ThrowsWith([] { npg::ones({3}).broadcast_to({4}); },
                         "requested shape (4,)"));
  EXPECT_TRUE(ThrowsWith([] { npg::zeros({-1}); }, "negative dimensions"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::zeros({1 << 30, 1 << 30, 1 << 30});
      },
      "too big"));
  EXPECT_TRUE(
      ThrowsWith([] { npg::zeros({1LL << 42}); }, "Unable to allocate"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::array({{1.0, 2.0}, {3.0}});
      },
      "inhomogeneous shape"));
  EXPECT_TRUE(ThrowsWith([] { npg::ones({0}).max(); }, "zero-size array"));
  EXPECT_TRUE(
      ThrowsWith([] { npg::array({1.0}).data_ptr<float>(); }, "float64"));
  EXPECT_TRUE(ThrowsWith([] { Array().shape(); }, "undefined"));
  EXPECT_TRUE(ThrowsWith([] { npg::arange(3) -= 0.5; }, "Cannot cast"));
  EXPECT_TRUE(ThrowsWith([] { npg::array({true}) - npg::array({true}); },
                         "boolean subtract"));
  EXPECT_TRUE(
      ThrowsWith([] { npg::matmul(npg::array(1.0), npg::ones({2})); },
                 "operands must have rank >= 1, got operand 0 of shape ()"));
  EXPECT_TRUE(
      ThrowsWith([] { npg::random::randint(3, 3, {2}); }, "low >= high"));
  EXPECT_TRUE(ThrowsWith([] { npg::pow(npg::arange(3), -1); },
                         "negative integer powers"));
}

TEST(Errors, MatmulNamesItselfAndBothFullShapes) {
  // Not the batch shapes (2,) and (5,) alone: matmul and both full shapes.
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::matmul(npg::ones({2, 3, 4}), npg::ones({5, 4, 2}));
      },
      "matmul: batch dimensions do not broadcast: operand 0 of shape "
      "(2,3,4), operand 1 of shape (5,4,2)"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::ones({3, 2, 2, 4}).matmul(npg::ones({4, 4, 5}));
      },
      "matmul: batch dimensions do not broadcast: operand 0 of shape "
      "(3,2,2,4), operand 1 of shape (4,4,5)"));
  // A mismatch of the core (matrix) axes is named as such.
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::matmul(npg::ones({2, 3, 4}), npg::ones({5, 4}));
      },
      "matmul: contraction dimensions differ: operand 0 of shape (2,3,4) has "
      "4, operand 1 of shape (5,4) has 5"));
}

TEST(Errors, GradcheckReportsAWrongDerivative) {
  // A function whose recorded derivative is wrong: the value of x*x but the
  // gradient of x (detach drops one factor's contribution).
  auto wrong = [](const std::vector<Array> &v) {
    return (v[0] * v[0].detach()).sum();
  };
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::gradcheck(wrong, {npg::array({1.0, 2.0}, true)});
      },
      "Jacobian mismatch"));
  EXPECT_FALSE(npg::gradcheck(wrong, {npg::array({1.0, 2.0}, true)},
                              {.raise_on_failure = false}));
  EXPECT_TRUE(npg::gradcheck(
      [](const std::vector<Array> &v) { return (v[0] * v[0]).sum(); },
      {npg::array({1.0, 2.0}, true)}));
}
