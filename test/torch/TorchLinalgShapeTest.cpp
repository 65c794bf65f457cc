// dot, norm, diagonal, trace, repeat, triu/tril, split, stack, concatenate
// and expand_dims against LibTorch (dot/matmul/tensordot,
// linalg_vector_norm, diagonal, trace, repeat_interleave, triu/tril,
// split/tensor_split, stack, cat, unsqueeze): forward values and every
// input's gradient for the same seeded inputs and upstream gradient
// (float64: rtol 1e-12; float32: rtol 1e-5).
#include "OracleCase.h"

#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace npg::torch_oracle;
using npg::Array;
using npg::Shape;
using NV = std::vector<Array>;
using TV = std::vector<torch::Tensor>;
using Idx = std::vector<std::int64_t>;
constexpr auto None = std::nullopt;
constexpr double inf = std::numeric_limits<double>::infinity();

using Case = OracleCase;

Case two(std::string name, std::vector<Input> inputs,
         std::function<Array(const NV &)> n,
         std::function<torch::Tensor(const TV &)> t) {
  return {std::move(name), std::move(inputs), std::move(n), std::move(t)};
}

torch::Tensor vnorm(const torch::Tensor &t, double ord,
                    at::OptionalIntArrayRef dims, bool keepdim = false) {
  return torch::linalg_vector_norm(t, ord, dims, keepdim, c10::nullopt);
}

std::vector<Case> linalg_cases() {
  return {
      two(
          "dot_1d", {N({5}), N({5})},
          [](const NV &x) { return npg::dot(x[0], x[1]); },
          [](const TV &x) { return torch::dot(x[0], x[1]); }),
      two(
          "dot_2d", {N({3, 4}), N({4, 2})},
          [](const NV &x) { return x[0].dot(x[1]); },
          [](const TV &x) { return torch::matmul(x[0], x[1]); }),
      two(
          "dot_nd_1d", {N({2, 3, 4}), N({4})},
          [](const NV &x) { return npg::dot(x[0], x[1]); },
          [](const TV &x) { return torch::matmul(x[0], x[1]); }),
      two(
          "dot_1d_nd", {N({3}), N({2, 3, 4})},
          [](const NV &x) { return npg::dot(x[0], x[1]); },
          [](const TV &x) { return torch::matmul(x[0], x[1]); }),
      two(
          "dot_nd_md", {N({2, 3}), N({4, 3, 2})},
          [](const NV &x) { return npg::dot(x[0], x[1]); },
          [](const TV &x) { return torch::tensordot(x[0], x[1], {1}, {1}); }),
      two(
          "dot_3d_3d", {N({2, 2, 3}), N({2, 3, 2})},
          [](const NV &x) { return npg::dot(x[0], x[1]); },
          [](const TV &x) { return torch::tensordot(x[0], x[1], {2}, {1}); }),
      two(
          "dot_0d", {N({}), N({2, 3})},
          [](const NV &x) { return npg::dot(x[0], x[1]); },
          [](const TV &x) { return x[0] * x[1]; }),
      two(
          "norm_all", {N({2, 3, 2})},
          [](const NV &x) { return npg::norm(x[0]); },
          [](const TV &x) {
            return torch::linalg_norm(x[0], c10::nullopt, c10::nullopt, false,
                                      c10::nullopt);
          }),
      two(
          "norm_frobenius", {N({3, 4})},
          [](const NV &x) {
            return x[0].norm(None, {0, 1});
          },
          [](const TV &x) {
            return torch::linalg_norm(x[0], "fro", Idx{0, 1}, false,
                                      c10::nullopt);
          }),
      two(
          "norm_axis", {N({3, 4})},
          [](const NV &x) { return x[0].norm(None, 1); },
          [](const TV &x) { return vnorm(x[0], 2, Idx{1}); }),
      two(
          "norm_neg_axis_keepdims", {N({2, 3, 4})},
          [](const NV &x) { return x[0].norm(None, -2, true); },
          [](const TV &x) { return vnorm(x[0], 2, Idx{-2}, true); }),
      two(
          "norm_ord1", {NZ({4, 3})},
          [](const NV &x) { return x[0].norm(1.0, 0); },
          [](const TV &x) { return vnorm(x[0], 1, Idx{0}); }),
      two(
          "norm_ord3", {N({6})}, [](const NV &x) { return x[0].norm(3.0); },
          [](const TV &x) { return vnorm(x[0], 3, c10::nullopt); }),
      two(
          "norm_ord_1_5", {N({2, 5})},
          [](const NV &x) { return x[0].norm(1.5, -1); },
          [](const TV &x) { return vnorm(x[0], 1.5, Idx{-1}); }),
      two(
          "norm_ord_half", {NZ({2, 4})},
          [](const NV &x) { return x[0].norm(0.5, 1); },
          [](const TV &x) { return vnorm(x[0], 0.5, Idx{1}); }),
      two(
          "norm_inf", {D({3, 4})},
          [](const NV &x) { return x[0].norm(inf, 1); },
          [](const TV &x) { return vnorm(x[0], inf, Idx{1}); }),
      two(
          "norm_neg_inf", {D({6})}, [](const NV &x) { return x[0].norm(-inf); },
          [](const TV &x) { return vnorm(x[0], -inf, c10::nullopt); }),
      two(
          "norm_inf_ties", {Ties({3, 4})},
          [](const NV &x) { return x[0].norm(inf, 1); },
          [](const TV &x) { return vnorm(x[0], inf, Idx{1}); }),
      two(
          "norm_ord0_times_x", {NZ({5})},
          [](const NV &x) { return x[0] * x[0].norm(0.0); },
          [](const TV &x) { return x[0] * vnorm(x[0], 0, c10::nullopt); }),
      two(
          "diagonal", {N({4, 4})},
          [](const NV &x) { return npg::diagonal(x[0]); },
          [](const TV &x) { return torch::diagonal(x[0]); }),
      two(
          "diagonal_offset", {N({3, 5})},
          [](const NV &x) { return x[0].diagonal(2); },
          [](const TV &x) { return torch::diagonal(x[0], 2); }),
      two(
          "diagonal_neg_offset", {N({5, 3})},
          [](const NV &x) { return x[0].diagonal(-1); },
          [](const TV &x) { return torch::diagonal(x[0], -1); }),
      two(
          "diagonal_axes", {N({3, 2, 4})},
          [](const NV &x) { return x[0].diagonal(1, -1, 0); },
          [](const TV &x) { return torch::diagonal(x[0], 1, -1, 0); }),
      two(
          "diagonal_of_view", {N({3, 4})},
          [](const NV &x) { return x[0].T().diagonal(-1); },
          [](const TV &x) { return torch::diagonal(x[0].t(), -1); }),
      two(
          "trace", {N({4, 4})}, [](const NV &x) { return npg::trace(x[0]); },
          [](const TV &x) { return torch::trace(x[0]); }),
      two(
          "trace_rect_offset", {N({3, 5})},
          [](const NV &x) { return x[0].trace(1); },
          [](const TV &x) { return torch::diagonal(x[0], 1).sum(); }),
      two(
          "trace_batched", {N({2, 3, 3})},
          [](const NV &x) { return x[0].trace(0, 1, 2); },
          [](const TV &x) { return torch::diagonal(x[0], 0, 1, 2).sum(-1); }),
  };
}

std::vector<Case> shape_cases() {
  return {
      two(
          "repeat_flat", {N({2, 3})},
          [](const NV &x) { return x[0].repeat(2); },
          [](const TV &x) { return torch::repeat_interleave(x[0], 2); }),
      two(
          "repeat_axis0", {N({2, 3})},
          [](const NV &x) { return npg::repeat(x[0], 3, 0); },
          [](const TV &x) { return torch::repeat_interleave(x[0], 3, 0); }),
      two(
          "repeat_neg_axis", {N({2, 3, 2})},
          [](const NV &x) { return x[0].repeat(2, -2); },
          [](const TV &x) { return torch::repeat_interleave(x[0], 2, -2); }),
      two(
          "triu", {N({4, 4})}, [](const NV &x) { return npg::triu(x[0]); },
          [](const TV &x) { return torch::triu(x[0]); }),
      two(
          "triu_k_batched", {N({2, 3, 4})},
          [](const NV &x) { return x[0].triu(1); },
          [](const TV &x) { return torch::triu(x[0], 1); }),
      two(
          "tril_neg_k", {N({4, 3})},
          [](const NV &x) { return npg::tril(x[0], -1); },
          [](const TV &x) { return torch::tril(x[0], -1); }),
      two(
          "tril_k", {N({3, 5})}, [](const NV &x) { return x[0].tril(2); },
          [](const TV &x) { return torch::tril(x[0], 2); }),
      two(
          "split_sections", {N({2, 6})},
          [](const NV &x) {
            const NV p = npg::split(x[0], 3, 1);
            return npg::cat({p[0] * 2.0, p[1].sin(), p[2].exp()}, 1);
          },
          [](const TV &x) {
            const TV p = torch::split(x[0], 2, 1);
            return torch::cat({p[0] * 2.0, p[1].sin(), p[2].exp()}, 1);
          }),
      two(
          "split_indices", {N({5, 2})},
          [](const NV &x) {
            const NV p = npg::split(x[0], Idx{1, -1});
            return npg::cat({p[0].exp(), p[1] * 3.0, p[2].tanh()});
          },
          [](const TV &x) {
            const TV p = torch::tensor_split(x[0], at::IntArrayRef(Idx{1, -1}));
            return torch::cat({p[0].exp(), p[1] * 3.0, p[2].tanh()});
          }),
      two(
          "stack", {N({2, 3}), N({2, 3})},
          [](const NV &x) {
            return npg::stack({x[0], x[1], x[0].sin()});
          },
          [](const TV &x) {
            return torch::stack({x[0], x[1], x[0].sin()});
          }),
      two(
          "stack_neg_axis", {N({2, 3}), N({2, 3})},
          [](const NV &x) {
            return npg::stack({x[0], x[1]}, -1);
          },
          [](const TV &x) {
            return torch::stack({x[0], x[1]}, -1);
          }),
      two(
          "concatenate", {N({2, 3}), N({4, 3})},
          [](const NV &x) {
            return npg::concatenate({x[0], x[1]});
          },
          [](const TV &x) {
            return torch::cat({x[0], x[1]});
          }),
      two(
          "cat_axis1_repeated", {N({2, 3}), N({2, 1})},
          [](const NV &x) {
            return npg::cat({x[1], x[0], x[1].exp()}, -1);
          },
          [](const TV &x) {
            return torch::cat({x[1], x[0], x[1].exp()}, -1);
          }),
      two(
          "expand_dims", {N({2, 3})},
          [](const NV &x) { return npg::expand_dims(x[0], 1); },
          [](const TV &x) { return torch::unsqueeze(x[0], 1); }),
      two(
          "expand_dims_two_axes", {N({2, 3})},
          [](const NV &x) {
            return npg::expand_dims(x[0], Idx{0, -1});
          },
          [](const TV &x) { return x[0].unsqueeze(0).unsqueeze(-1); }),
  };
}

std::vector<Case> all_cases() {
  std::vector<Case> cases = linalg_cases();
  const std::vector<Case> more = shape_cases();
  cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

class TorchLinalgShape : public OracleSuite {};

TEST_P(TorchLinalgShape, ForwardAndGradientsMatch) {
  ExpectMatchesTorch(std::get<0>(GetParam()), std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Ops, TorchLinalgShape, OracleSuiteValues(all_cases()),
                         OracleTestName);

// A zero vector's norm has gradient 0 in PyTorch; npg's matches, with zeros
// in the input for every p.
TEST(TorchLinalgShapeEdges, NormAtZeroRows) {
  const Array base = npg::array({{0.0, 0.0, 0.0}, {0.0, -2.0, 1.0}});
  for (double ord : {2.0, 1.0, 3.0, 1.5, 0.5, inf}) {
    SCOPED_TRACE(ord);
    Array x = base.copy().requires_grad_(true);
    torch::Tensor t = to_torch(base).requires_grad_(true);
    const Array y = x.norm(ord, 1);
    const torch::Tensor ty = vnorm(t, ord, Idx{1});
    EXPECT_TRUE(MatchesTorch(y, ty, f64_tol));
    const Array g = npg::array({0.7, -1.3});
    y.backward(g);
    ty.backward(to_torch(g));
    EXPECT_TRUE(MatchesTorch(*x.grad(), t.grad(), f64_tol));
  }
}

} // namespace
