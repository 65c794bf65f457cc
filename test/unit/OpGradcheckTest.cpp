// Gradient checks of the API's forms: npg::gradcheck (central differences in
// float64) against backward() for operators, Python-number operands, every
// broadcasting pattern, axis and keepdims spellings, each run with float64
// and with float32 inputs (gradcheck widens them to float64). Points where an
// op is not differentiable (ties of max/min, 0 for abs/relu) are checked
// against exact expected gradients. That every op has a gradient check is
// OpTableTest's job: it reads the one op-case table (test/optable).
#include "Expect.h"
#include "GradcheckCase.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using V = std::vector<Array>;
using Fn = std::function<Array(const V &)>;
constexpr auto None = std::nullopt;

// --- Inputs ------------------------------------------------------------------

using npg::testing::D;
using npg::testing::Input;
using npg::testing::N;
using npg::testing::NZ;
using npg::testing::P;
using npg::testing::W;

// --- The table ---------------------------------------------------------------

using Case = npg::testing::GradcheckCase;
using npg::testing::grad_of;

/// The binary ops under every broadcasting pattern of the brief.
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
    cases.push_back({"add_" + p.name,
                     [](const V &x) { return npg::add(x[0], x[1]); },
                     {N(p.a), N(p.b)}});
    cases.push_back({"sub_" + p.name,
                     [](const V &x) { return npg::sub(x[0], x[1]); },
                     {N(p.a), N(p.b)}});
    cases.push_back({"mul_" + p.name,
                     [](const V &x) { return npg::mul(x[0], x[1]); },
                     {N(p.a), N(p.b)}});
    cases.push_back({"div_" + p.name,
                     [](const V &x) { return npg::div(x[0], x[1]); },
                     {N(p.a), NZ(p.b)}});
    cases.push_back({"pow_" + p.name,
                     [](const V &x) { return npg::pow(x[0], x[1]); },
                     {P(p.a), N(p.b)}});
  }
  // Operators, and Python-number operands on either side.
  const Shape s = {2, 3};
  const std::vector<Case> more = {
      {"op_plus", [](const V &x) { return x[0] + x[1]; }, {N(s), N({3})}},
      {"op_minus", [](const V &x) { return x[0] - x[1]; }, {N(s), N({3})}},
      {"op_times", [](const V &x) { return x[0] * x[1]; }, {N(s), N({3})}},
      {"op_divide", [](const V &x) { return x[0] / x[1]; }, {N(s), NZ({3})}},
      {"array_plus_scalar", [](const V &x) { return x[0] + 2.5; }, {N(s)}},
      {"scalar_plus_array", [](const V &x) { return 2.5 + x[0]; }, {N(s)}},
      {"array_minus_scalar", [](const V &x) { return x[0] - 2; }, {N(s)}},
      {"scalar_minus_array", [](const V &x) { return 2 - x[0]; }, {N(s)}},
      {"array_times_scalar", [](const V &x) { return x[0] * -3.0; }, {N(s)}},
      {"scalar_times_array", [](const V &x) { return -3 * x[0]; }, {N(s)}},
      {"array_div_scalar", [](const V &x) { return x[0] / 4.0; }, {N(s)}},
      {"scalar_div_array", [](const V &x) { return 4.0 / x[0]; }, {NZ(s)}},
      {"pow_scalar_2", [](const V &x) { return npg::pow(x[0], 2); }, {N(s)}},
      {"pow_scalar_3", [](const V &x) { return x[0].pow(3); }, {N(s)}},
      {"pow_scalar_2_5",
       [](const V &x) { return npg::pow(x[0], 2.5); },
       {P(s)}},
      {"pow_scalar_0_5", [](const V &x) { return x[0].pow(0.5); }, {P(s)}},
      {"pow_scalar_neg_1_5", [](const V &x) { return x[0].pow(-1.5); }, {P(s)}},
      {"pow_scalar_0", [](const V &x) { return x[0].pow(0); }, {P(s)}},
      {"pow_both_need_grad_same_array",
       [](const V &x) { return npg::pow(x[0], x[0]); },
       {P(s)}},
      {"mul_same_array_twice", [](const V &x) { return x[0] * x[0]; }, {N(s)}},
      {"div_same_array_twice", [](const V &x) { return x[0] / x[0]; }, {NZ(s)}},
      {"sub_array_and_its_transpose",
       [](const V &x) { return x[0] - x[0].T(); },
       {N({3, 3})}},
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_unary_cases(std::vector<Case> &cases) {
  const Shape s = {2, 3, 2};
  const std::vector<Case> more = {
      {"neg", [](const V &x) { return npg::neg(x[0]); }, {N(s)}},
      {"unary_minus", [](const V &x) { return -x[0]; }, {N(s)}},
      {"exp", [](const V &x) { return npg::exp(x[0]); }, {N(s)}},
      {"log", [](const V &x) { return npg::log(x[0]); }, {P(s)}},
      {"sqrt", [](const V &x) { return x[0].sqrt(); }, {P(s)}},
      {"abs", [](const V &x) { return npg::abs(x[0]); }, {NZ(s)}},
      {"tanh", [](const V &x) { return x[0].tanh(); }, {N(s)}},
      {"tanh_wide", [](const V &x) { return npg::tanh(x[0]); }, {W(s)}},
      {"sigmoid", [](const V &x) { return npg::sigmoid(x[0]); }, {N(s)}},
      {"sigmoid_wide", [](const V &x) { return x[0].sigmoid(); }, {W(s)}},
      {"relu", [](const V &x) { return npg::relu(x[0]); }, {NZ(s)}},
      {"sign", [](const V &x) { return npg::sign(x[0]); }, {NZ(s)}},
      {"sign_times_x", [](const V &x) { return x[0].sign() * x[0]; }, {NZ(s)}},
      {"exp_0d", [](const V &x) { return x[0].exp(); }, {N({})}},
      {"log_of_view", [](const V &x) { return x[0].T().log(); }, {P({3, 4})}},
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_matmul_cases(std::vector<Case> &cases) {
  auto mm = [](const V &x) { return npg::matmul(x[0], x[1]); };
  const std::vector<Case> more = {
      {"matmul_1d_1d", mm, {N({4}), N({4})}},
      {"matmul_1d_2d", mm, {N({3}), N({3, 2})}},
      {"matmul_2d_1d", mm, {N({2, 3}), N({3})}},
      {"matmul_2d_2d", mm, {N({2, 3}), N({3, 4})}},
      {"matmul_outer_k1", mm, {N({3, 1}), N({1, 4})}},
      {"matmul_3d_2d", mm, {N({2, 2, 3}), N({3, 4})}},
      {"matmul_2d_3d", mm, {N({2, 3}), N({4, 3, 2})}},
      {"matmul_3d_3d", mm, {N({2, 2, 3}), N({2, 3, 2})}},
      {"matmul_1d_3d", mm, {N({3}), N({2, 3, 4})}},
      {"matmul_3d_1d", mm, {N({2, 4, 3}), N({3})}},
      {"matmul_broadcast_batch", mm, {N({2, 1, 3, 4}), N({5, 4, 2})}},
      {"matmul_method",
       [](const V &x) { return x[0].matmul(x[1]); },
       {N({2, 3}), N({3, 2})}},
      {"matmul_transposed_views",
       [](const V &x) { return npg::matmul(x[0].T(), x[1].T()); },
       {N({3, 2}), N({4, 3})}},
      {"matmul_transposed_left",
       [](const V &x) { return npg::matmul(x[0].T(), x[1]); },
       {N({3, 2}), N({3, 4})}},
      {"matmul_batched_swapaxes",
       [](const V &x) { return npg::matmul(x[0].transpose(1, 2), x[1]); },
       {N({2, 4, 3}), N({4, 2})}},
      {"matmul_strided_columns",
       [](const V &x) {
         return npg::matmul(x[0].slice(1, None, None, 2), x[1]);
       },
       {N({2, 6}), N({3, 2})}},
      {"matmul_reversed_rows",
       [](const V &x) {
         return npg::matmul(x[0], x[1].slice(0, None, None, -1));
       },
       {N({2, 3}), N({3, 2})}},
      {"matmul_strided_1d_column",
       [](const V &x) { return npg::matmul(x[0].select(1, 1), x[1]); },
       {N({3, 4}), N({3, 2})}},
      {"matmul_broadcast_view_operand",
       [](const V &x) {
         return npg::matmul(x[0].broadcast_to({2, 3}), x[1]);
       },
       {N({3}), N({3, 2})}},
      {"matmul_same_array",
       [](const V &x) { return npg::matmul(x[0], x[0]); },
       {N({3, 3})}},
      {"matmul_gram",
       [](const V &x) { return npg::matmul(x[0].T(), x[0]); },
       {N({4, 3})}},
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_reduction_cases(std::vector<Case> &cases) {
  struct Red {
    std::string name;
    Array (*fn)(const Array &, npg::Axes, bool);
  };
  const std::vector<Red> reds = {
      {"sum",
       [](const Array &x, npg::Axes a, bool k) { return npg::sum(x, a, k); }},
      {"mean",
       [](const Array &x, npg::Axes a, bool k) { return npg::mean(x, a, k); }},
      {"max",
       [](const Array &x, npg::Axes a, bool k) { return npg::max(x, a, k); }},
      {"min",
       [](const Array &x, npg::Axes a, bool k) { return npg::min(x, a, k); }},
  };
  struct AxisCase {
    std::string name;
    npg::Axes axes;
    bool keepdims;
  };
  const std::vector<AxisCase> axis_cases = {
      {"all", {}, false},
      {"all_keepdims", {}, true},
      {"axis0", 0, false},
      {"axis1", 1, false},
      {"axis2_keepdims", 2, true},
      {"axis_neg1", -1, false},
      {"axis_neg3_keepdims", -3, true},
      {"axes_0_2", {0, 2}, false},
      {"axes_neg1_0_keepdims", {-1, 0}, true},
      {"axes_all_listed", {0, 1, 2}, false},
      {"axes_list_of_one", {1}, true},
  };
  for (const Red &r : reds) {
    for (const AxisCase &a : axis_cases)
      cases.push_back(
          {r.name + "_" + a.name,
           [f = r.fn, a](const V &x) { return f(x[0], a.axes, a.keepdims); },
           {D({2, 3, 4})}});
    cases.push_back({r.name + "_0d",
                     [f = r.fn](const V &x) { return f(x[0], {}, false); },
                     {D({})}});
    cases.push_back({r.name + "_of_transposed_view",
                     [f = r.fn](const V &x) { return f(x[0].T(), 1, false); },
                     {D({4, 3})}});
  }
  // Methods, and a reduction feeding more arithmetic.
  const std::vector<Case> more = {
      {"sum_method", [](const V &x) { return x[0].sum(1); }, {N({2, 3})}},
      {"mean_method",
       [](const V &x) {
         return x[0].mean({0, 1}, true);
       },
       {N({2, 3})}},
      {"max_method", [](const V &x) { return x[0].max(-1); }, {D({2, 3})}},
      {"min_method", [](const V &x) { return x[0].min(); }, {D({2, 3})}},
      {"softmax",
       [](const V &x) {
         const Array e = npg::exp(x[0] - x[0].max(-1, true));
         return e / e.sum(-1, true);
       },
       {N({2, 4})}},
      {"logsumexp",
       [](const V &x) {
         const Array m = x[0].max(1, true);
         return npg::log(npg::exp(x[0] - m).sum(1, true)) + m;
       },
       {D({3, 4})}},
      {"variance",
       [](const V &x) {
         const Array c = x[0] - x[0].mean(0, true);
         return (c * c).mean(0);
       },
       {N({5, 2})}},
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

void add_shape_cases(std::vector<Case> &cases) {
  const Shape s = {2, 3, 4};
  const std::vector<Case> more = {
      {"reshape",
       [](const V &x) {
         return npg::reshape(x[0], {4, 6});
       },
       {N(s)}},
      {"reshape_infer_first",
       [](const V &x) {
         return x[0].reshape({-1, 4});
       },
       {N(s)}},
      {"reshape_infer_middle",
       [](const V &x) {
         return x[0].reshape({2, -1, 3});
       },
       {N(s)}},
      {"reshape_to_0d",
       [](const V &x) { return x[0].reshape({}); },
       {N({1, 1})}},
      {"reshape_of_transposed_view",
       [](const V &x) { return x[0].T().reshape({-1}); },
       {N({3, 4})}},
      {"transpose_reverse",
       [](const V &x) { return npg::transpose(x[0]); },
       {N(s)}},
      {"transpose_perm",
       [](const V &x) {
         return npg::transpose(x[0], {1, 2, 0});
       },
       {N(s)}},
      {"transpose_perm_negative",
       [](const V &x) {
         return x[0].transpose({-1, 0, 1});
       },
       {N(s)}},
      {"transpose_two_axes",
       [](const V &x) { return x[0].transpose(0, 2); },
       {N(s)}},
      {"transpose_two_axes_negative",
       [](const V &x) { return x[0].transpose(-1, -2); },
       {N(s)}},
      {"swapaxes",
       [](const V &x) { return npg::swapaxes(x[0], 0, 1); },
       {N(s)}},
      {"T_2d", [](const V &x) { return x[0].T(); }, {N({2, 3})}},
      {"T_3d", [](const V &x) { return x[0].T(); }, {N(s)}},
      {"T_1d", [](const V &x) { return x[0].T(); }, {N({3})}},
      {"permute",
       [](const V &x) {
         return npg::permute(x[0], {2, 0, 1});
       },
       {N(s)}},
      {"permute_method",
       [](const V &x) {
         return x[0].permute({1, 0, 2});
       },
       {N(s)}},
      {"squeeze_all",
       [](const V &x) { return npg::squeeze(x[0]); },
       {N({2, 1, 3, 1})}},
      {"squeeze_axis",
       [](const V &x) { return x[0].squeeze(1); },
       {N({2, 1, 3, 1})}},
      {"squeeze_axes",
       [](const V &x) {
         return x[0].squeeze({1, -1});
       },
       {N({2, 1, 3, 1})}},
      {"squeeze_to_0d", [](const V &x) { return x[0].squeeze(); }, {N({1, 1})}},
      {"unsqueeze_front",
       [](const V &x) { return npg::unsqueeze(x[0], 0); },
       {N({2, 3})}},
      {"unsqueeze_middle",
       [](const V &x) { return x[0].unsqueeze(1); },
       {N({2, 3})}},
      {"unsqueeze_end",
       [](const V &x) { return x[0].unsqueeze(2); },
       {N({2, 3})}},
      {"unsqueeze_negative",
       [](const V &x) { return x[0].unsqueeze(-1); },
       {N({2, 3})}},
      {"unsqueeze_0d", [](const V &x) { return x[0].unsqueeze(0); }, {N({})}},
      {"unsqueeze_of_transposed_view",
       [](const V &x) { return x[0].T().unsqueeze(1); },
       {N({2, 3})}},
      {"flatten", [](const V &x) { return npg::flatten(x[0]); }, {N(s)}},
      {"flatten_of_transposed_view",
       [](const V &x) { return x[0].transpose(0, 2).flatten(); },
       {N(s)}},
      {"slice_positive",
       [](const V &x) { return npg::slice(x[0], 1, 1, 3); },
       {N(s)}},
      {"slice_negative_bounds",
       [](const V &x) { return x[0].slice(2, -3, -1); },
       {N(s)}},
      {"slice_open_start",
       [](const V &x) { return x[0].slice(2, None, 2); },
       {N(s)}},
      {"slice_open_stop",
       [](const V &x) { return x[0].slice(-1, 1, None); },
       {N(s)}},
      {"slice_step2",
       [](const V &x) { return x[0].slice(0, None, None, 2); },
       {N({5, 2})}},
      {"slice_step3_offset",
       [](const V &x) { return x[0].slice(0, 1, None, 3); },
       {N({8})}},
      {"slice_reverse",
       [](const V &x) { return x[0].slice(1, None, None, -1); },
       {N(s)}},
      {"slice_negative_step2",
       [](const V &x) { return x[0].slice(0, 5, 0, -2); },
       {N({7})}},
      {"slice_negative_step_negative_bounds",
       [](const V &x) { return x[0].slice(0, -1, -6, -2); },
       {N({7})}},
      {"slice_out_of_range_bounds",
       [](const V &x) { return x[0].slice(0, -10, 10); },
       {N({4})}},
      {"slice_of_slice",
       [](const V &x) {
         return x[0].slice(0, 1, None).slice(0, None, None, 2);
       },
       {N({7})}},
      {"select", [](const V &x) { return npg::select(x[0], 1, 2); }, {N(s)}},
      {"select_negative",
       [](const V &x) { return x[0].select(-1, -1); },
       {N(s)}},
      {"select_to_0d", [](const V &x) { return x[0].select(0, 1); }, {N({3})}},
      {"operator_index", [](const V &x) { return x[0][1]; }, {N(s)}},
      {"operator_index_twice", [](const V &x) { return x[0][1][-1]; }, {N(s)}},
      {"broadcast_to_leading",
       [](const V &x) {
         return npg::broadcast_to(x[0], {2, 3});
       },
       {N({3})}},
      {"broadcast_to_ones",
       [](const V &x) {
         return x[0].broadcast_to({2, 3, 4});
       },
       {N({3, 1})}},
      {"broadcast_to_from_0d",
       [](const V &x) {
         return x[0].broadcast_to({2, 2});
       },
       {N({})}},
      {"broadcast_to_same",
       [](const V &x) {
         return x[0].broadcast_to({2, 3});
       },
       {N({2, 3})}},
      {"copy", [](const V &x) { return npg::copy(x[0]); }, {N(s)}},
      {"copy_of_view", [](const V &x) { return x[0].T().copy(); }, {N({2, 3})}},
      {"contiguous_of_transposed_view",
       [](const V &x) { return npg::contiguous(x[0].T()); },
       {N({2, 3})}},
      {"contiguous_of_strided_slice",
       [](const V &x) { return x[0].slice(1, None, None, 2).contiguous(); },
       {N({3, 4})}},
      {"contiguous_of_contiguous",
       [](const V &x) { return x[0].contiguous(); },
       {N({2, 3})}},
      {"view_chain",
       [](const V &x) {
         return x[0]
             .T()
             .slice(0, 1, None)
             .reshape({-1})
             .slice(0, None, None, -2)
             .unsqueeze(0);
       },
       {N(s)}},
      {"overlapping_slices_added",
       [](const V &x) {
         return x[0].slice(0, 0, 3) * x[0].slice(0, 1, 4) +
                x[0].slice(0, 2, None);
       },
       {N({5})}},
      {"selects_of_one_array",
       [](const V &x) { return x[0][0] * x[0][1] - x[0][0]; },
       {N({2, 3})}},
      {"mlp_layer",
       [](const V &x) {
         return npg::relu(npg::matmul(x[0], x[1]) + x[2]).sum(1);
       },
       {N({4, 3}), N({3, 2}), N({2})}},
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

/// Non-contiguous operands and larger arrays: the kernels' strided paths.
void add_strided_cases(std::vector<Case> &cases) {
  const std::vector<Case> more = {
      {"add_transposed_and_row",
       [](const V &x) { return x[0].T() + x[1]; },
       {N({3, 2}), N({3})}},
      {"mul_reversed_and_column",
       [](const V &x) { return x[0].slice(0, None, None, -1) * x[1]; },
       {N({4, 3}), N({4, 1})}},
      {"div_broadcast_view_by_strided_slice",
       [](const V &x) {
         return x[0].broadcast_to({2, 3}) / x[1].slice(1, None, None, 2);
       },
       {N({3}), NZ({2, 6})}},
      {"pow_of_permuted_views",
       [](const V &x) {
         return x[0].permute({1, 0, 2}).pow(x[1].T());
       },
       {P({3, 2, 4}), N({4, 3})}},
      {"sum_permuted_view_over_two_axes",
       [](const V &x) {
         return x[0].transpose({2, 0, 1}).sum({0, 2});
       },
       {N({6, 5, 7})}},
      {"max_permuted_view_keepdims",
       [](const V &x) {
         return x[0].permute({1, 2, 0}).max(-1, true);
       },
       {D({4, 5, 6})}},
      {"min_reversed_view",
       [](const V &x) { return x[0].slice(1, None, None, -1).min(0); },
       {D({5, 6})}},
      {"mean_large", [](const V &x) { return x[0].mean(0); }, {N({64, 9})}},
      {"sum_large", [](const V &x) { return x[0].sum(); }, {N({1000})}},
      {"exp_of_strided_slice",
       [](const V &x) { return x[0].slice(0, 1, None, 3).exp(); },
       {N({10, 3})}},
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

class OpGradcheck
    : public ::testing::TestWithParam<std::tuple<Case, npg::DType>> {};

TEST_P(OpGradcheck, MatchesFiniteDifferences) {
  const auto &[c, dtype] = GetParam();
  npg::testing::expect_gradcheck(c, dtype);
}

INSTANTIATE_TEST_SUITE_P(
    Ops, OpGradcheck,
    ::testing::Combine(::testing::ValuesIn(all_cases()),
                       ::testing::Values(npg::float64, npg::float32)),
    [](const ::testing::TestParamInfo<OpGradcheck::ParamType> &info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) == npg::float32 ? "_f32" : "_f64");
    });

// --- Where gradcheck cannot look: exact expected gradients -------------------

TEST(MaxMinTies, FullMaxSplitsEvenly) {
  Array x = npg::array({1.0, 3.0, 3.0}, true);
  EXPECT_TRUE(ArraysClose(grad_of(x, x.max()), npg::array({0.0, 0.5, 0.5})));
}

TEST(MaxMinTies, FullMinSplitsEvenly) {
  Array x = npg::array({2.0, 1.0, 1.0, 5.0}, true);
  EXPECT_TRUE(
      ArraysClose(grad_of(x, npg::min(x)), npg::array({0.0, 0.5, 0.5, 0.0})));
}

TEST(MaxMinTies, AllTiedShareEqually) {
  Array x = npg::full({2, 2}, 2.0, true);
  EXPECT_TRUE(ArraysClose(grad_of(x, x.min()), npg::full({2, 2}, 0.25)));
}

TEST(MaxMinTies, AlongAxisWithUpstreamGradient) {
  Array x =
      npg::array({{1.0, 3.0, 3.0}, {2.0, 2.0, 2.0}, {0.0, 5.0, 1.0}}, true);
  const Array g = npg::array({1.0, 3.0, 6.0});
  EXPECT_TRUE(ArraysClose(
      grad_of(x, x.max(1), g),
      npg::array({{0.0, 0.5, 0.5}, {1.0, 1.0, 1.0}, {0.0, 6.0, 0.0}})));
}

TEST(MaxMinTies, AlongAxis0Keepdims) {
  Array x = npg::array({{1.0, 4.0}, {1.0, 2.0}, {0.0, 4.0}}, true);
  const Array g = npg::array({{2.0, 10.0}});
  EXPECT_TRUE(ArraysClose(grad_of(x, x.max(0, true), g),
                          npg::array({{1.0, 5.0}, {1.0, 0.0}, {0.0, 5.0}})));
}

TEST(MaxMinTies, MinAlongNegativeAxis) {
  Array x = npg::array({{1.0, 1.0, 1.0, 7.0}, {-2.0, 0.0, -2.0, -2.0}}, true);
  EXPECT_TRUE(ArraysClose(grad_of(x, x.min(-1).sum()),
                          npg::array({{1 / 3.0, 1 / 3.0, 1 / 3.0, 0.0},
                                      {1 / 3.0, 0.0, 1 / 3.0, 1 / 3.0}})));
}

TEST(MaxMinTies, OverSeveralAxes) {
  // Over axes 0 and 2 of shape (2,2,2): per middle index j, ties among the
  // four elements x[:, j, :].
  Array x =
      npg::array({{{5.0, 1.0}, {0.0, 9.0}}, {{5.0, 5.0}, {9.0, 3.0}}}, true);
  const Array g = npg::array({3.0, 4.0});
  EXPECT_TRUE(ArraysClose(
      grad_of(x, x.max({0, 2}), g),
      npg::array({{{1.0, 0.0}, {0.0, 2.0}}, {{1.0, 1.0}, {2.0, 0.0}}})));
}

TEST(MaxMinTies, OfATransposedView) {
  Array x = npg::array({{3.0, 1.0}, {3.0, 2.0}}, true);
  // x.T() = [[3, 3], [1, 2]]; max along axis 1 ties in row 0.
  EXPECT_TRUE(ArraysClose(grad_of(x, x.T().max(1).sum()),
                          npg::array({{0.5, 0.0}, {0.5, 1.0}})));
}

TEST(MaxMinTies, InsideAGraph) {
  Array x = npg::array({2.0, -1.0, 2.0}, true);
  Array y = x * 3.0; // non-leaf, ties remain
  EXPECT_TRUE(
      ArraysClose(grad_of(x, y.max() * 2.0), npg::array({3.0, 0.0, 3.0})));
}

TEST(MaxMinTies, Float32KeepsDtype) {
  Array x = npg::array({1.0f, 3.0f, 3.0f, 3.0f}, true);
  const Array g = grad_of(x, x.max());
  EXPECT_EQ(g.dtype(), npg::float32);
  EXPECT_TRUE(
      ArraysClose(g, npg::array({0.0, 1 / 3.0, 1 / 3.0, 1 / 3.0}), 1e-6, 1e-7));
}

TEST(NonDifferentiablePoints, SignHasZeroGradient) {
  Array x = npg::array({-2.0, 0.0, 3.0}, true);
  Array y = npg::sign(x);
  ASSERT_TRUE(y.grad_fn());
  EXPECT_EQ(y.grad_fn()->name(), "Sign");
  EXPECT_TRUE(ArraysClose(grad_of(x, y.sum()), npg::zeros({3})));
}

TEST(NonDifferentiablePoints, AbsAndReluAtZeroAsPyTorch) {
  Array x = npg::array({-2.0, 0.0, 3.0}, true);
  EXPECT_TRUE(
      ArraysClose(grad_of(x, npg::abs(x).sum()), npg::array({-1.0, 0.0, 1.0})));
  Array z = npg::array({-2.0, 0.0, 3.0}, true);
  EXPECT_TRUE(
      ArraysClose(grad_of(z, npg::relu(z).sum()), npg::array({0.0, 0.0, 1.0})));
}

TEST(NonDifferentiablePoints, PowExponentGradientAtZeroBaseIsZero) {
  Array base = npg::array({0.0, 2.0}, true);
  Array e = npg::array({2.0, 3.0}, true);
  npg::pow(base, e).sum().backward();
  EXPECT_TRUE(ArraysClose(*base.grad(), npg::array({0.0, 12.0})));
  EXPECT_TRUE(ArraysClose(*e.grad(), npg::array({0.0, 8.0 * std::log(2.0)})));
}

TEST(GradcheckHarness, NoticesAWrongGradient) {
  // d/dx of x.detach() * x is x as backward() sees it, but 2x numerically:
  // gradcheck must tell them apart, or the passing cases above mean nothing.
  Array x = npg::array({1.0, -2.0, 3.0}, true);
  npg::GradcheckOptions options;
  options.raise_on_failure = false;
  EXPECT_FALSE(npg::gradcheck([](const V &v) { return v[0].detach() * v[0]; },
                              {x}, options));
}

} // namespace
