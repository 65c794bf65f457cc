#pragma once
// The op table as free functions; every differentiable op records its
// derivative when grad mode is on (see docs/api.md for each gradient rule).
#include "npg/Array.h"

namespace npg {

// --- Elementwise binary, numpy broadcasting --------------------------------
Array add(const Array &a, const Array &b);
Array sub(const Array &a, const Array &b);
Array mul(const Array &a, const Array &b);
/// True division: integer operands give float64, as numpy's `/`.
Array div(const Array &a, const Array &b);
Array pow(const Array &a, const Array &b);
Array pow(const Array &a, Scalar b);

Array operator+(const Array &a, const Array &b);
Array operator-(const Array &a, const Array &b);
Array operator*(const Array &a, const Array &b);
Array operator/(const Array &a, const Array &b);
Array operator+(const Array &a, Scalar b);
Array operator-(const Array &a, Scalar b);
Array operator*(const Array &a, Scalar b);
Array operator/(const Array &a, Scalar b);
Array operator+(Scalar a, const Array &b);
Array operator-(Scalar a, const Array &b);
Array operator*(Scalar a, const Array &b);
Array operator/(Scalar a, const Array &b);
Array operator-(const Array &a);

// --- Comparisons: bool arrays, never part of the graph ----------------------
Array operator==(const Array &a, const Array &b);
Array operator!=(const Array &a, const Array &b);
Array operator<(const Array &a, const Array &b);
Array operator<=(const Array &a, const Array &b);
Array operator>(const Array &a, const Array &b);
Array operator>=(const Array &a, const Array &b);
Array operator==(const Array &a, Scalar b);
Array operator!=(const Array &a, Scalar b);
Array operator<(const Array &a, Scalar b);
Array operator<=(const Array &a, Scalar b);
Array operator>(const Array &a, Scalar b);
Array operator>=(const Array &a, Scalar b);

// --- Elementwise unary ------------------------------------------------------
Array neg(const Array &x);
Array exp(const Array &x);
Array log(const Array &x);
Array sqrt(const Array &x);
Array abs(const Array &x);
Array tanh(const Array &x);
Array sigmoid(const Array &x);
Array relu(const Array &x);
/// -1, 0 or 1; its gradient is zero.
Array sign(const Array &x);

// --- Matrix product, numpy's `@` ---------------------------------------------
Array matmul(const Array &a, const Array &b);

// --- Reductions (all axes when none are given) --------------------------------
Array sum(const Array &x, Axes axis = {}, bool keepdims = false);
Array mean(const Array &x, Axes axis = {}, bool keepdims = false);
/// Ties split the gradient evenly between the tied elements.
Array max(const Array &x, Axes axis = {}, bool keepdims = false);
Array min(const Array &x, Axes axis = {}, bool keepdims = false);
Array all(const Array &x, Axes axis = {}, bool keepdims = false);
Array any(const Array &x, Axes axis = {}, bool keepdims = false);

// --- Shape -------------------------------------------------------------------
/// One dimension may be -1 and is inferred.
Array reshape(const Array &x, Shape shape);
/// All axes reversed.
Array transpose(const Array &x);
Array transpose(const Array &x, std::vector<std::int64_t> axes);
Array swapaxes(const Array &x, std::int64_t axis1, std::int64_t axis2);
Array permute(const Array &x, std::vector<std::int64_t> axes);
Array squeeze(const Array &x, Axes axis = {});
Array unsqueeze(const Array &x, std::int64_t axis);
Array flatten(const Array &x);
Array slice(const Array &x, std::int64_t axis, std::optional<std::int64_t> start,
            std::optional<std::int64_t> stop, std::int64_t step = 1);
Array select(const Array &x, std::int64_t axis, std::int64_t index);
/// A read-only-in-spirit view with zero strides on broadcast axes.
Array broadcast_to(const Array &x, Shape shape);
Array contiguous(const Array &x);
Array copy(const Array &x);

// --- Not differentiable ------------------------------------------------------
Array astype(const Array &x, DType dtype);
/// One int64 index array per dimension, as numpy.
std::vector<Array> nonzero(const Array &x);
/// Rounds half to even, as numpy.
Array round(const Array &x, int decimals = 0);
/// A sorted copy (numpy's np.sort); Array::sort sorts in place.
Array sort(const Array &x, std::int64_t axis = -1);

// --- Comparing whole arrays ----------------------------------------------------
/// numpy's allclose: |a - b| <= atol + rtol * |b| elementwise, broadcasting.
bool allclose(const Array &a, const Array &b, double rtol = 1e-5,
              double atol = 1e-8, bool equal_nan = false);
bool array_equal(const Array &a, const Array &b);

} // namespace npg
