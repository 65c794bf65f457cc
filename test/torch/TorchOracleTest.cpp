// The API's forms against LibTorch (options, axes, broadcasting, dtypes that
// the op-case table's rows do not spell out): the same seeded inputs go to
// npg and to torch, each computes the op and a backward with the same random
// upstream gradient, and the outputs and every input's gradient must agree in
// shape, dtype and value (float64: rtol 1e-12; float32: rtol 1e-5). Every op
// of the one op-case table meets LibTorch in TorchOpTableTest.
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
using npg::DType;
using npg::Shape;
using NV = std::vector<Array>;
using TV = std::vector<torch::Tensor>;
constexpr auto None = std::nullopt;

using Case = OracleCase;

/// A case whose npg and torch code are spelled the same (a generic lambda).
template <class F> Case same(std::string name, std::vector<Input> inputs, F f) {
  return {std::move(name), std::move(inputs), [f](const NV &x) { return f(x); },
          [f](const TV &x) { return f(x); }};
}

/// A case whose npg and torch code differ.
Case two(std::string name, std::vector<Input> inputs,
         std::function<Array(const NV &)> n,
         std::function<torch::Tensor(const TV &)> t) {
  return {std::move(name), std::move(inputs), std::move(n), std::move(t)};
}

torch::Tensor idx(std::vector<std::int64_t> v) {
  return torch::tensor(v, torch::kInt64);
}

// --- The table ---------------------------------------------------------------

void add_binary_cases(std::vector<Case> &cases) {
  struct Pattern {
    std::string name;
    Shape a, b;
  };
  const std::vector<Pattern> patterns = {
      {"same_2x3", {2, 3}, {2, 3}}, {"2x3_3", {2, 3}, {3}},
      {"3x1_1x4", {3, 1}, {1, 4}},  {"2x3x4_3x1", {2, 3, 4}, {3, 1}},
      {"0d_2x3", {}, {2, 3}},       {"2x3_0d", {2, 3}, {}},
      {"4_3x1", {4}, {3, 1}},       {"0d_0d", {}, {}},
  };
  for (const Pattern &p : patterns) {
    const Shape a = p.a, b = p.b;
    cases.push_back(same("add_" + p.name, {N(a), N(b)},
                         [](const auto &x) { return x[0] + x[1]; }));
    cases.push_back(same("sub_" + p.name, {N(a), N(b)},
                         [](const auto &x) { return x[0] - x[1]; }));
    cases.push_back(same("mul_" + p.name, {N(a), N(b)},
                         [](const auto &x) { return x[0] * x[1]; }));
    cases.push_back(same("div_" + p.name, {N(a), NZ(b)},
                         [](const auto &x) { return x[0] / x[1]; }));
    cases.push_back(same("pow_" + p.name, {P(a), N(b)},
                         [](const auto &x) { return x[0].pow(x[1]); }));
  }
  const Shape s = {2, 3};
  const std::vector<Case> more = {
      two(
          "add_fn", {N(s), N({3})},
          [](const NV &x) { return npg::add(x[0], x[1]); },
          [](const TV &x) { return torch::add(x[0], x[1]); }),
      two(
          "sub_fn", {N(s), N({3})},
          [](const NV &x) { return npg::sub(x[0], x[1]); },
          [](const TV &x) { return torch::sub(x[0], x[1]); }),
      two(
          "mul_fn", {N(s), N({3})},
          [](const NV &x) { return npg::mul(x[0], x[1]); },
          [](const TV &x) { return torch::mul(x[0], x[1]); }),
      two(
          "div_fn", {N(s), NZ({3})},
          [](const NV &x) { return npg::div(x[0], x[1]); },
          [](const TV &x) { return torch::div(x[0], x[1]); }),
      two(
          "pow_fn", {P(s), N({3})},
          [](const NV &x) { return npg::pow(x[0], x[1]); },
          [](const TV &x) { return torch::pow(x[0], x[1]); }),
      same("array_plus_scalar", {N(s)},
           [](const auto &x) { return x[0] + 2.5; }),
      same("scalar_plus_array", {N(s)},
           [](const auto &x) { return 2.5 + x[0]; }),
      same("array_minus_int", {N(s)}, [](const auto &x) { return x[0] - 2; }),
      same("int_minus_array", {N(s)}, [](const auto &x) { return 2 - x[0]; }),
      same("array_times_scalar", {N(s)},
           [](const auto &x) { return x[0] * -3.0; }),
      same("int_times_array", {N(s)}, [](const auto &x) { return -3 * x[0]; }),
      same("array_div_scalar", {N(s)},
           [](const auto &x) { return x[0] / 4.0; }),
      same("scalar_div_array", {NZ(s)},
           [](const auto &x) { return 4.0 / x[0]; }),
      same("pow_scalar_2", {N(s)}, [](const auto &x) { return x[0].pow(2); }),
      same("pow_scalar_3", {N(s)}, [](const auto &x) { return x[0].pow(3); }),
      same("pow_scalar_2_5", {P(s)},
           [](const auto &x) { return x[0].pow(2.5); }),
      same("pow_scalar_0_5", {P(s)},
           [](const auto &x) { return x[0].pow(0.5); }),
      same("pow_scalar_neg_1_5", {P(s)},
           [](const auto &x) { return x[0].pow(-1.5); }),
      same("pow_scalar_0", {N(s)}, [](const auto &x) { return x[0].pow(0); }),
      same("pow_negative_base_int_exponent", {NZ(s)},
           [](const auto &x) { return x[0].pow(3); }),
      same("pow_same_array", {P(s)},
           [](const auto &x) { return x[0].pow(x[0]); }),
      same("mul_same_array", {N(s)}, [](const auto &x) { return x[0] * x[0]; }),
      same("div_same_array", {NZ(s)},
           [](const auto &x) { return x[0] / x[0]; }),
      same("chain", {N(s), NZ({3}), P({2, 1})},
           [](const auto &x) {
             return (x[0] * x[1] - x[2]) / x[1] + x[2].pow(x[0]);
           }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_unary_cases(std::vector<Case> &cases) {
  const Shape s = {2, 3, 2};
  const std::vector<Case> more = {
      same("neg", {N(s)}, [](const auto &x) { return x[0].neg(); }),
      same("unary_minus", {N(s)}, [](const auto &x) { return -x[0]; }),
      same("exp", {N(s)}, [](const auto &x) { return x[0].exp(); }),
      same("log", {P(s)}, [](const auto &x) { return x[0].log(); }),
      same("sqrt", {P(s)}, [](const auto &x) { return x[0].sqrt(); }),
      same("abs", {NZ(s)}, [](const auto &x) { return x[0].abs(); }),
      same("tanh", {N(s)}, [](const auto &x) { return x[0].tanh(); }),
      same("tanh_wide", {W(s)}, [](const auto &x) { return x[0].tanh(); }),
      same("sigmoid", {N(s)}, [](const auto &x) { return x[0].sigmoid(); }),
      same("sigmoid_wide", {W(s)},
           [](const auto &x) { return x[0].sigmoid(); }),
      same("relu", {NZ(s)}, [](const auto &x) { return x[0].relu(); }),
      same("sign", {NZ(s)}, [](const auto &x) { return x[0].sign(); }),
      two(
          "neg_fn", {N(s)}, [](const NV &x) { return npg::neg(x[0]); },
          [](const TV &x) { return torch::neg(x[0]); }),
      two(
          "exp_fn", {N(s)}, [](const NV &x) { return npg::exp(x[0]); },
          [](const TV &x) { return torch::exp(x[0]); }),
      two(
          "log_fn", {P(s)}, [](const NV &x) { return npg::log(x[0]); },
          [](const TV &x) { return torch::log(x[0]); }),
      two(
          "sqrt_fn", {P(s)}, [](const NV &x) { return npg::sqrt(x[0]); },
          [](const TV &x) { return torch::sqrt(x[0]); }),
      two(
          "abs_fn", {NZ(s)}, [](const NV &x) { return npg::abs(x[0]); },
          [](const TV &x) { return torch::abs(x[0]); }),
      two(
          "tanh_fn", {N(s)}, [](const NV &x) { return npg::tanh(x[0]); },
          [](const TV &x) { return torch::tanh(x[0]); }),
      two(
          "sigmoid_fn", {N(s)}, [](const NV &x) { return npg::sigmoid(x[0]); },
          [](const TV &x) { return torch::sigmoid(x[0]); }),
      two(
          "relu_fn", {NZ(s)}, [](const NV &x) { return npg::relu(x[0]); },
          [](const TV &x) { return torch::relu(x[0]); }),
      two(
          "sign_fn", {NZ(s)}, [](const NV &x) { return npg::sign(x[0]); },
          [](const TV &x) { return torch::sign(x[0]); }),
      same("exp_0d", {N({})}, [](const auto &x) { return x[0].exp(); }),
      same("unary_chain", {N(s)},
           [](const auto &x) {
             return (x[0].tanh() * x[0].sigmoid()).abs().sqrt();
           }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_matmul_cases(std::vector<Case> &cases) {
  auto mm = [](const auto &x) { return x[0].matmul(x[1]); };
  const std::vector<Case> more = {
      same("matmul_1d_1d", {N({4}), N({4})}, mm),
      same("matmul_1d_2d", {N({3}), N({3, 2})}, mm),
      same("matmul_2d_1d", {N({2, 3}), N({3})}, mm),
      same("matmul_2d_2d", {N({2, 3}), N({3, 4})}, mm),
      same("matmul_outer_k1", {N({3, 1}), N({1, 4})}, mm),
      same("matmul_3d_2d", {N({2, 2, 3}), N({3, 4})}, mm),
      same("matmul_2d_3d", {N({2, 3}), N({4, 3, 2})}, mm),
      same("matmul_3d_3d", {N({2, 2, 3}), N({2, 3, 2})}, mm),
      same("matmul_1d_3d", {N({3}), N({2, 3, 4})}, mm),
      same("matmul_3d_1d", {N({2, 4, 3}), N({3})}, mm),
      same("matmul_broadcast_batch", {N({2, 1, 3, 4}), N({5, 4, 2})}, mm),
      same("matmul_larger", {N({3, 17, 33}), N({33, 9})}, mm),
      two(
          "matmul_fn", {N({2, 3}), N({3, 2})},
          [](const NV &x) { return npg::matmul(x[0], x[1]); },
          [](const TV &x) { return torch::matmul(x[0], x[1]); }),
      two(
          "matmul_transposed_views", {N({3, 2}), N({4, 3})},
          [](const NV &x) { return x[0].T().matmul(x[1].T()); },
          [](const TV &x) { return x[0].t().matmul(x[1].t()); }),
      same("matmul_batched_swapaxes", {N({2, 4, 3}), N({4, 2})},
           [](const auto &x) { return x[0].transpose(1, 2).matmul(x[1]); }),
      two(
          "matmul_strided_columns", {N({2, 6}), N({3, 2})},
          [](const NV &x) { return x[0].slice(1, None, None, 2).matmul(x[1]); },
          [](const TV &x) { return x[0].slice(1, 0, 6, 2).matmul(x[1]); }),
      two(
          "matmul_reversed_rows", {N({2, 3}), N({3, 2})},
          [](const NV &x) {
            return x[0].matmul(x[1].slice(0, None, None, -1));
          },
          [](const TV &x) { return x[0].matmul(x[1].flip({0})); }),
      same("matmul_strided_1d", {N({3, 4}), N({3, 2})},
           [](const auto &x) { return x[0].select(1, 1).matmul(x[1]); }),
      same("matmul_broadcast_view_operand", {N({3}), N({3, 2})},
           [](const auto &x) {
             return x[0].broadcast_to({2, 3}).matmul(x[1]);
           }),
      same("matmul_same_array", {N({3, 3})},
           [](const auto &x) { return x[0].matmul(x[0]); }),
      two(
          "matmul_gram", {N({4, 3})},
          [](const NV &x) { return x[0].T().matmul(x[0]); },
          [](const TV &x) { return x[0].t().matmul(x[0]); }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_reduction_cases(std::vector<Case> &cases) {
  // npg's axes and torch's dims (all of them listed where npg gives none).
  struct AxisCase {
    std::string name;
    npg::Axes axes;
    std::vector<std::int64_t> dims;
    bool keepdims;
  };
  const std::vector<AxisCase> axis_cases = {
      {"all", {}, {0, 1, 2}, false},
      {"all_keepdims", {}, {0, 1, 2}, true},
      {"axis0", 0, {0}, false},
      {"axis1", 1, {1}, false},
      {"axis2_keepdims", 2, {2}, true},
      {"axis_neg1", -1, {-1}, false},
      {"axis_neg3_keepdims", -3, {-3}, true},
      {"axes_0_2", {0, 2}, {0, 2}, false},
      {"axes_neg1_0_keepdims", {-1, 0}, {-1, 0}, true},
      {"axes_all_listed", {0, 1, 2}, {0, 1, 2}, false},
  };
  for (const AxisCase &a : axis_cases) {
    const Shape s = {2, 3, 4};
    cases.push_back(two(
        "sum_" + a.name, {N(s)},
        [a](const NV &x) { return x[0].sum(a.axes, a.keepdims); },
        [a](const TV &x) { return x[0].sum(a.dims, a.keepdims); }));
    cases.push_back(two(
        "mean_" + a.name, {N(s)},
        [a](const NV &x) { return x[0].mean(a.axes, a.keepdims); },
        [a](const TV &x) { return x[0].mean(a.dims, a.keepdims); }));
    cases.push_back(two(
        "max_" + a.name, {D(s)},
        [a](const NV &x) { return x[0].max(a.axes, a.keepdims); },
        [a](const TV &x) { return x[0].amax(a.dims, a.keepdims); }));
    cases.push_back(two(
        "min_" + a.name, {D(s)},
        [a](const NV &x) { return x[0].min(a.axes, a.keepdims); },
        [a](const TV &x) { return x[0].amin(a.dims, a.keepdims); }));
    // Ties: torch's amax/amin split the gradient evenly, as npg does.
    cases.push_back(two(
        "max_ties_" + a.name, {Ties(s)},
        [a](const NV &x) { return x[0].max(a.axes, a.keepdims); },
        [a](const TV &x) { return x[0].amax(a.dims, a.keepdims); }));
    cases.push_back(two(
        "min_ties_" + a.name, {Ties(s)},
        [a](const NV &x) { return x[0].min(a.axes, a.keepdims); },
        [a](const TV &x) { return x[0].amin(a.dims, a.keepdims); }));
  }
  const std::vector<Case> more = {
      // torch's max(dim) returns (values, indices); without ties it is amax.
      two(
          "max_dim_no_ties", {D({3, 5})},
          [](const NV &x) { return npg::max(x[0], 1); },
          [](const TV &x) { return std::get<0>(x[0].max(1)); }),
      two(
          "min_dim_keepdims_no_ties", {D({3, 5})},
          [](const NV &x) { return npg::min(x[0], 0, true); },
          [](const TV &x) { return std::get<0>(x[0].min(0, true)); }),
      two(
          "max_full_ties", {Ties({4, 3})},
          [](const NV &x) { return npg::max(x[0]); },
          [](const TV &x) { return x[0].max(); }),
      two(
          "min_full_ties", {Ties({4, 3})},
          [](const NV &x) { return npg::min(x[0]); },
          [](const TV &x) { return x[0].min(); }),
      two(
          "sum_fn", {N({2, 3})}, [](const NV &x) { return npg::sum(x[0], 1); },
          [](const TV &x) { return torch::sum(x[0], 1); }),
      two(
          "mean_fn", {N({2, 3})}, [](const NV &x) { return npg::mean(x[0]); },
          [](const TV &x) { return torch::mean(x[0]); }),
      same("sum_0d", {N({})}, [](const auto &x) { return x[0].sum(); }),
      same("mean_0d", {N({})}, [](const auto &x) { return x[0].mean(); }),
      two(
          "max_0d", {N({})}, [](const NV &x) { return x[0].max(); },
          [](const TV &x) { return x[0].amax(); }),
      two(
          "sum_of_transposed_view", {N({4, 3})},
          [](const NV &x) { return x[0].T().sum(1); },
          [](const TV &x) { return x[0].t().sum(1); }),
      two(
          "max_of_transposed_view", {D({4, 3})},
          [](const NV &x) { return x[0].T().max(1); },
          [](const TV &x) { return x[0].t().amax(1); }),
      two(
          "softmax", {N({2, 4})},
          [](const NV &x) {
            const Array e = (x[0] - x[0].max(-1, true)).exp();
            return e / e.sum(-1, true);
          },
          [](const TV &x) { return torch::softmax(x[0], -1); }),
      two(
          "logsumexp", {N({3, 4})},
          [](const NV &x) {
            const Array m = x[0].max(1, true);
            return (x[0] - m).exp().sum(1, true).log() + m;
          },
          [](const TV &x) { return torch::logsumexp(x[0], 1, true); }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_shape_cases(std::vector<Case> &cases) {
  const Shape s = {2, 3, 4};
  const std::vector<Case> more = {
      same("reshape", {N(s)},
           [](const auto &x) {
             return x[0].reshape({4, 6});
           }),
      same("reshape_infer_first", {N(s)},
           [](const auto &x) {
             return x[0].reshape({-1, 4});
           }),
      same("reshape_infer_middle", {N(s)},
           [](const auto &x) {
             return x[0].reshape({2, -1, 3});
           }),
      same("reshape_to_0d", {N({1, 1})},
           [](const auto &x) { return x[0].reshape({}); }),
      two(
          "reshape_fn", {N(s)},
          [](const NV &x) {
            return npg::reshape(x[0], {3, 8});
          },
          [](const TV &x) {
            return torch::reshape(x[0], {3, 8});
          }),
      two(
          "reshape_of_transposed_view", {N({3, 4})},
          [](const NV &x) { return x[0].T().reshape({-1}); },
          [](const TV &x) { return x[0].t().reshape({-1}); }),
      two(
          "transpose_reverse", {N(s)},
          [](const NV &x) { return npg::transpose(x[0]); },
          [](const TV &x) {
            return x[0].permute({2, 1, 0});
          }),
      two(
          "T_3d", {N(s)}, [](const NV &x) { return x[0].T(); },
          [](const TV &x) {
            return x[0].permute({2, 1, 0});
          }),
      two(
          "T_2d", {N({2, 3})}, [](const NV &x) { return x[0].T(); },
          [](const TV &x) { return x[0].t(); }),
      two(
          "T_1d", {N({3})}, [](const NV &x) { return x[0].T(); },
          [](const TV &x) { return x[0].t(); }),
      two(
          "transpose_perm", {N(s)},
          [](const NV &x) {
            return x[0].transpose({1, 2, 0});
          },
          [](const TV &x) {
            return x[0].permute({1, 2, 0});
          }),
      two(
          "transpose_perm_negative", {N(s)},
          [](const NV &x) {
            return x[0].transpose({-1, 0, 1});
          },
          [](const TV &x) {
            return x[0].permute({-1, 0, 1});
          }),
      same("transpose_two_axes", {N(s)},
           [](const auto &x) { return x[0].transpose(0, 2); }),
      same("transpose_two_axes_negative", {N(s)},
           [](const auto &x) { return x[0].transpose(-1, -2); }),
      two(
          "swapaxes", {N(s)},
          [](const NV &x) { return npg::swapaxes(x[0], 0, 1); },
          [](const TV &x) { return torch::swapaxes(x[0], 0, 1); }),
      same("permute", {N(s)},
           [](const auto &x) {
             return x[0].permute({2, 0, 1});
           }),
      same("squeeze_all", {N({2, 1, 3, 1})},
           [](const auto &x) { return x[0].squeeze(); }),
      same("squeeze_axis", {N({2, 1, 3, 1})},
           [](const auto &x) { return x[0].squeeze(1); }),
      two(
          "squeeze_axes", {N({2, 1, 3, 1})},
          [](const NV &x) {
            return x[0].squeeze({1, -1});
          },
          [](const TV &x) { return x[0].squeeze(-1).squeeze(1); }),
      same("squeeze_to_0d", {N({1, 1})},
           [](const auto &x) { return x[0].squeeze(); }),
      same("unsqueeze_front", {N({2, 3})},
           [](const auto &x) { return x[0].unsqueeze(0); }),
      same("unsqueeze_middle", {N({2, 3})},
           [](const auto &x) { return x[0].unsqueeze(1); }),
      same("unsqueeze_end", {N({2, 3})},
           [](const auto &x) { return x[0].unsqueeze(2); }),
      same("unsqueeze_negative", {N({2, 3})},
           [](const auto &x) { return x[0].unsqueeze(-1); }),
      same("unsqueeze_0d", {N({})},
           [](const auto &x) { return x[0].unsqueeze(0); }),
      same("flatten", {N(s)}, [](const auto &x) { return x[0].flatten(); }),
      same("flatten_of_transposed_view", {N(s)},
           [](const auto &x) { return x[0].transpose(0, 2).flatten(); }),
      same("slice_positive", {N(s)},
           [](const auto &x) { return x[0].slice(1, 1, 3); }),
      same("slice_negative_bounds", {N(s)},
           [](const auto &x) { return x[0].slice(2, -3, -1); }),
      same("slice_out_of_range_bounds", {N({4})},
           [](const auto &x) { return x[0].slice(0, -10, 10); }),
      two(
          "slice_open_start", {N(s)},
          [](const NV &x) { return x[0].slice(2, None, 2); },
          [](const TV &x) { return x[0].slice(2, c10::nullopt, 2); }),
      two(
          "slice_step2", {N({5, 2})},
          [](const NV &x) { return x[0].slice(0, None, None, 2); },
          [](const TV &x) {
            return x[0].slice(0, c10::nullopt, c10::nullopt, 2);
          }),
      same("slice_step3_offset", {N({8})},
           [](const auto &x) { return x[0].slice(0, 1, 8, 3); }),
      two(
          "slice_reverse", {N(s)},
          [](const NV &x) { return x[0].slice(1, None, None, -1); },
          [](const TV &x) { return x[0].flip({1}); }),
      two(
          "slice_negative_step2", {N({7})},
          [](const NV &x) { return x[0].slice(0, 5, 0, -2); },
          [](const TV &x) {
            return x[0].index_select(0, idx({5, 3, 1}));
          }),
      two(
          "slice_negative_step_negative_bounds", {N({7})},
          [](const NV &x) { return x[0].slice(0, -1, -6, -2); },
          [](const TV &x) {
            return x[0].index_select(0, idx({6, 4, 2}));
          }),
      two(
          "slice_negative_step_axis1", {N({3, 5})},
          [](const NV &x) { return x[0].slice(1, 3, None, -3); },
          [](const TV &x) {
            return x[0].index_select(1, idx({3, 0}));
          }),
      same("select", {N(s)}, [](const auto &x) { return x[0].select(1, 2); }),
      same("select_negative", {N(s)},
           [](const auto &x) { return x[0].select(-1, -1); }),
      same("select_to_0d", {N({3})},
           [](const auto &x) { return x[0].select(0, 1); }),
      same("operator_index", {N(s)}, [](const auto &x) { return x[0][1]; }),
      same("operator_index_twice", {N(s)},
           [](const auto &x) { return x[0][1][-1]; }),
      same("broadcast_to_leading", {N({3})},
           [](const auto &x) {
             return x[0].broadcast_to({2, 3});
           }),
      same("broadcast_to_ones", {N({3, 1})},
           [](const auto &x) {
             return x[0].broadcast_to({2, 3, 4});
           }),
      same("broadcast_to_from_0d", {N({})},
           [](const auto &x) {
             return x[0].broadcast_to({2, 2});
           }),
      two(
          "copy", {N(s)}, [](const NV &x) { return x[0].copy(); },
          [](const TV &x) { return x[0].clone(); }),
      two(
          "copy_of_view", {N({2, 3})},
          [](const NV &x) { return x[0].T().copy(); },
          [](const TV &x) { return x[0].t().clone(); }),
      two(
          "contiguous_of_transposed_view", {N({2, 3})},
          [](const NV &x) { return x[0].T().contiguous(); },
          [](const TV &x) { return x[0].t().contiguous(); }),
      two(
          "contiguous_of_strided_slice", {N({3, 4})},
          [](const NV &x) { return x[0].slice(1, None, None, 2).contiguous(); },
          [](const TV &x) { return x[0].slice(1, 0, 4, 2).contiguous(); }),
      two(
          "view_chain", {N(s)},
          [](const NV &x) {
            return x[0]
                .T()
                .slice(0, 1, None)
                .reshape({-1})
                .slice(0, None, None, -2)
                .unsqueeze(0);
          },
          [](const TV &x) {
            const torch::Tensor flat =
                x[0].permute({2, 1, 0}).slice(0, 1, 4).reshape({-1});
            return flat.flip({0}).slice(0, 0, 18, 2).unsqueeze(0);
          }),
      same("overlapping_slices", {N({5})},
           [](const auto &x) {
             return x[0].slice(0, 0, 3) * x[0].slice(0, 1, 4) +
                    x[0].slice(0, 2, 5);
           }),
      two(
          "mlp_layer", {N({4, 3}), N({3, 2}), N({2})},
          [](const NV &x) { return (x[0].matmul(x[1]) + x[2]).relu().sum(1); },
          [](const TV &x) { return (x[0].matmul(x[1]) + x[2]).relu().sum(1); }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

/// Non-contiguous operands and larger arrays: the kernels' strided paths.
void add_strided_cases(std::vector<Case> &cases) {
  const std::vector<Case> more = {
      two(
          "add_transposed_and_row", {N({3, 2}), N({3})},
          [](const NV &x) { return x[0].T() + x[1]; },
          [](const TV &x) { return x[0].t() + x[1]; }),
      two(
          "mul_reversed_and_column", {N({4, 3}), N({4, 1})},
          [](const NV &x) { return x[0].slice(0, None, None, -1) * x[1]; },
          [](const TV &x) { return x[0].flip({0}) * x[1]; }),
      two(
          "div_broadcast_view_by_strided_slice", {N({3}), NZ({2, 6})},
          [](const NV &x) {
            return x[0].broadcast_to({2, 3}) / x[1].slice(1, None, None, 2);
          },
          [](const TV &x) {
            return x[0].broadcast_to({2, 3}) / x[1].slice(1, 0, 6, 2);
          }),
      two(
          "pow_of_permuted_views", {P({3, 2, 4}), N({4, 3})},
          [](const NV &x) {
            return x[0].permute({1, 0, 2}).pow(x[1].T());
          },
          [](const TV &x) {
            return x[0].permute({1, 0, 2}).pow(x[1].t());
          }),
      two(
          "sum_permuted_view_over_two_axes", {N({6, 5, 7})},
          [](const NV &x) {
            return x[0].permute({2, 0, 1}).sum({0, 2});
          },
          [](const TV &x) {
            return x[0].permute({2, 0, 1}).sum(torch::IntArrayRef{0, 2});
          }),
      two(
          "max_permuted_view_keepdims", {D({4, 5, 6})},
          [](const NV &x) {
            return x[0].permute({1, 2, 0}).max(-1, true);
          },
          [](const TV &x) {
            return x[0].permute({1, 2, 0}).amax(-1, true);
          }),
      two(
          "min_reversed_view", {D({5, 6})},
          [](const NV &x) { return x[0].slice(1, None, None, -1).min(0); },
          [](const TV &x) { return x[0].flip({1}).amin(0); }),
      same("mean_large", {N({64, 9})},
           [](const auto &x) { return x[0].mean(0); }),
      same("sum_large", {N({1000})}, [](const auto &x) { return x[0].sum(); }),
      same("sum_large_axis", {N({40, 50})},
           [](const auto &x) { return x[0].sum(1); }),
      two(
          "exp_of_strided_slice", {N({10, 3})},
          [](const NV &x) { return x[0].slice(0, 1, None, 3).exp(); },
          [](const TV &x) { return x[0].slice(0, 1, 10, 3).exp(); }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  add_binary_cases(cases);
  add_unary_cases(cases);
  add_matmul_cases(cases);
  add_reduction_cases(cases);
  add_shape_cases(cases);
  add_strided_cases(cases);
  return cases;
}

// --- Running a case ----------------------------------------------------------

class TorchOracle : public OracleSuite {};

TEST_P(TorchOracle, ForwardAndGradientsMatch) {
  ExpectMatchesTorch(std::get<0>(GetParam()), std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Ops, TorchOracle, OracleSuiteValues(all_cases()),
                         OracleTestName);

// --- Values at the edges of the domains, where both define a result ----------

TEST(TorchOracleEdges, AbsReluSignAtZero) {
  const Array base = npg::array({-2.0, 0.0, -0.0, 3.0});
  for (const auto &[name, nf, tf] : std::vector<
           std::tuple<std::string, std::function<Array(const Array &)>,
                      std::function<torch::Tensor(const torch::Tensor &)>>>{
           {"abs", [](const Array &x) { return x.abs(); },
            [](const torch::Tensor &x) { return x.abs(); }},
           {"relu", [](const Array &x) { return x.relu(); },
            [](const torch::Tensor &x) { return x.relu(); }},
           {"sign", [](const Array &x) { return x.sign(); },
            [](const torch::Tensor &x) { return x.sign(); }},
           {"sqrt", [](const Array &x) { return x.abs().sqrt(); },
            [](const torch::Tensor &x) { return x.abs().sqrt(); }},
       }) {
    SCOPED_TRACE(name);
    Array x = base.copy().requires_grad_(true);
    torch::Tensor t = to_torch(base).requires_grad_(true);
    const Array y = nf(x);
    const torch::Tensor ty = tf(t);
    EXPECT_TRUE(MatchesTorch(y, ty, f64_tol));
    y.sum().backward();
    ty.sum().backward();
    EXPECT_TRUE(MatchesTorch(*x.grad(), t.grad(), f64_tol));
  }
}

TEST(TorchOracleEdges, PowAtZeroBase) {
  const Array b = npg::array({0.0, 0.0, 0.0, 2.0});
  const Array e = npg::array({2.0, 1.0, 0.5, 3.0});
  Array x = b.copy().requires_grad_(true), y = e.copy().requires_grad_(true);
  torch::Tensor tx = to_torch(b).requires_grad_(true),
                ty = to_torch(e).requires_grad_(true);
  const Array z = x.pow(y);
  const torch::Tensor tz = tx.pow(ty);
  EXPECT_TRUE(MatchesTorch(z, tz, f64_tol));
  z.sum().backward();
  tz.sum().backward();
  EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), f64_tol)) << "base";
  EXPECT_TRUE(MatchesTorch(*y.grad(), ty.grad(), f64_tol)) << "exponent";
}

TEST(TorchOracleEdges, SigmoidTanhExpAtExtremes) {
  const Array base =
      npg::array({-800.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, 800.0});
  for (const char *op : {"sigmoid", "tanh", "exp"}) {
    SCOPED_TRACE(op);
    const std::string name = op;
    Array x = base.copy().requires_grad_(true);
    torch::Tensor t = to_torch(base).requires_grad_(true);
    const Array y = name == "sigmoid" ? x.sigmoid()
                    : name == "tanh"  ? x.tanh()
                                      : x.exp();
    const torch::Tensor ty = name == "sigmoid" ? t.sigmoid()
                             : name == "tanh"  ? t.tanh()
                                               : t.exp();
    EXPECT_TRUE(MatchesTorch(y, ty, f64_tol));
    y.sum().backward();
    ty.sum().backward();
    EXPECT_TRUE(MatchesTorch(*x.grad(), t.grad(), f64_tol));
  }
}

TEST(TorchOracleEdges, GradientsAccumulateOverTwoBackwards) {
  npg::random::manual_seed(7);
  Array x = npg::random::randn({3, 4}, true);
  torch::Tensor t = to_torch(x).requires_grad_(true);
  for (int i = 0; i < 2; ++i) {
    (x.sum(0) * x.max(1, true).sum()).sum().backward();
    (t.sum(0) * t.amax(1, true).sum()).sum().backward();
  }
  EXPECT_TRUE(MatchesTorch(*x.grad(), t.grad(), f64_tol));
}

TEST(TorchOracleEdges, MixedFloatDtypesPromoteAndGradientsKeepTheirs) {
  // float32 with float64 gives float64 in numpy and torch alike; each
  // input's gradient keeps the input's own dtype.
  npg::random::manual_seed(11);
  const Array a0 = npg::random::randn({2, 3}, npg::float32);
  const Array b0 = npg::random::uniform(0.5, 2.0, {3}, npg::float64);
  using Op = std::function<Array(const Array &, const Array &)>;
  using TOp = std::function<torch::Tensor(const torch::Tensor &,
                                          const torch::Tensor &)>;
  auto both = [](auto f) { return std::pair<Op, TOp>{f, f}; };
  for (const auto &[name, ops] :
       std::vector<std::pair<std::string, std::pair<Op, TOp>>>{
           {"add", both([](const auto &a, const auto &b) { return a + b; })},
           {"sub", both([](const auto &a, const auto &b) { return b - a; })},
           {"mul", both([](const auto &a, const auto &b) { return a * b; })},
           {"div", both([](const auto &a, const auto &b) { return a / b; })},
           {"pow", both([](const auto &a, const auto &b) { return b.pow(a); })},
       }) {
    SCOPED_TRACE(name);
    Array a = a0.copy().requires_grad_(true),
          b = b0.copy().requires_grad_(true);
    torch::Tensor ta = to_torch(a0).requires_grad_(true);
    torch::Tensor tb = to_torch(b0).requires_grad_(true);
    const Array out = ops.first(a, b);
    const torch::Tensor tout = ops.second(ta, tb);
    EXPECT_TRUE(MatchesTorch(out, tout, f64_tol));
    const Array g = npg::random::randn(out.shape(), out.dtype());
    out.backward(g);
    tout.backward(to_torch(g));
    EXPECT_TRUE(MatchesTorch(*a.grad(), ta.grad(), f32_tol)) << "float32 input";
    // b ** a's gradient for b is a b^(a-1): PyTorch takes a - 1 in a's
    // float32, npg in the promoted float64 (as compiled code, whose operands
    // are cast first), so that one agrees to float32's rounding.
    const bool reads_float32 = name == "pow";
    EXPECT_TRUE(
        MatchesTorch(*b.grad(), tb.grad(), reads_float32 ? f32_tol : f64_tol))
        << "float64 input";
  }
}

TEST(TorchOracleEdges, NaNAndInfinityPropagateThroughReductions) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const Array x =
      npg::array({{1.0, nan, 3.0}, {-inf, 2.0, inf}, {0.5, 0.25, -1.0}});
  const torch::Tensor t = to_torch(x);
  EXPECT_TRUE(MatchesTorch(x.max(1), t.amax(1), exact));
  EXPECT_TRUE(MatchesTorch(x.min(0), t.amin(0), exact));
  EXPECT_TRUE(MatchesTorch(x.max(), t.amax(), exact));
  EXPECT_TRUE(MatchesTorch(x.sum(1), t.sum(1), exact));
  EXPECT_TRUE(MatchesTorch(x.mean(0), t.mean(0), exact));
}

TEST(TorchOracleEdges, AbsOfNegativeZeroIsPositiveZero) {
  // numpy's and torch's abs clear the sign bit: abs(-0.0) is +0.0.
  for (DType d : {npg::float64, npg::float32}) {
    const Array x = npg::array({-0.0, 0.0, -1.5}).astype(d);
    const Array y = npg::abs(x);
    const torch::Tensor ty = to_torch(x).abs();
    EXPECT_TRUE(MatchesTorch(y, ty, exact));
    const std::vector<double> got = y.to_vector<double>();
    const std::vector<double> want = from_torch(ty).to_vector<double>();
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(std::signbit(got[i]), std::signbit(want[i]))
          << "element " << i << ": npg " << got[i] << ", torch " << want[i]
          << " (" << d << ")";
  }
}

TEST(TorchOracleEdges, NonContiguousUpstreamGradients) {
  // backward() given a transposed, a reversed and a broadcast gradient.
  npg::random::manual_seed(13);
  const Array x0 = npg::random::randn({2, 3});
  const Array w0 = npg::random::randn({3, 3});
  const std::vector<std::pair<std::string, Array>> grads = {
      {"transposed", npg::random::randn({3, 2}).T()},
      {"reversed", npg::random::randn({2, 6}).slice(1, None, None, -2)},
      {"broadcast", npg::random::randn({3}).broadcast_to({2, 3})},
  };
  for (const auto &[name, g] : grads) {
    SCOPED_TRACE(name);
    Array x = x0.copy().requires_grad_(true),
          w = w0.copy().requires_grad_(true);
    torch::Tensor tx = to_torch(x0).requires_grad_(true);
    torch::Tensor tw = to_torch(w0).requires_grad_(true);
    const Array out = (x.matmul(w) * x).tanh() + x.max(1, true);
    const torch::Tensor tout = (tx.matmul(tw) * tx).tanh() + tx.amax(1, true);
    out.backward(g);
    tout.backward(to_torch(g));
    EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), f64_tol));
    EXPECT_TRUE(MatchesTorch(*w.grad(), tw.grad(), f64_tol));
  }
}

// --- The helpers themselves
// ---------------------------------------------------

TEST(TorchOracleHarness, RoundTripsEveryDtypeAndLayout) {
  npg::random::manual_seed(12);
  const Array x = npg::random::randn({3, 4});
  for (DType d :
       {npg::bool_, npg::int32, npg::int64, npg::float32, npg::float64}) {
    const Array v = (x * 10.0).astype(d).T().slice(0, None, None, -2);
    const torch::Tensor t = to_torch(v);
    EXPECT_EQ(t.scalar_type(), to_torch(d));
    EXPECT_EQ(std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()),
              v.shape());
    EXPECT_TRUE(ArraysMatch(from_torch(t), v, exact));
  }
}

TEST(TorchOracleHarness, NoticesDifferences) {
  const Array x = npg::array({1.0, 2.0, 3.0});
  EXPECT_TRUE(MatchesTorch(x, torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64),
                           f64_tol));
  EXPECT_FALSE(MatchesTorch(
      x, torch::tensor({1.0, 2.0, 3.0 + 1e-9}, torch::kFloat64), f64_tol))
      << "value";
  EXPECT_FALSE(
      MatchesTorch(x, torch::tensor({1.0, 2.0, 3.0}, torch::kFloat32), f64_tol))
      << "dtype";
  EXPECT_FALSE(MatchesTorch(
      x, torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64).reshape({3, 1}),
      f64_tol))
      << "shape";
  EXPECT_FALSE(MatchesTorch(x.reshape({1, 3}),
                            torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64),
                            f64_tol))
      << "shape";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(ArraysMatch(npg::array({nan}), npg::array({nan}), exact))
      << "NaN equals NaN";
  EXPECT_FALSE(ArraysMatch(npg::array({nan}), npg::array({1.0}), f64_tol));
}

} // namespace
