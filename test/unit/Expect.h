#pragma once
// Assertions on arrays: exact shape, then values within tolerance, with both
// arrays printed on failure.
#include <gtest/gtest.h>
#include <npg/npg.h>

#include <sstream>

namespace npg::testing {

/// How often `what` occurs in `text` (ops in a printed trace).
inline int count(const std::string &text, const std::string &what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}

inline ::testing::AssertionResult ArraysClose(const Array &actual,
                                              const Array &expected,
                                              double rtol = 1e-12,
                                              double atol = 1e-12) {
  if (actual.shape() != expected.shape())
    return ::testing::AssertionFailure()
           << "shape " << format_shape(actual.shape()) << " != expected "
           << format_shape(expected.shape()) << "\nactual:   " << actual
           << "\nexpected: " << expected;
  if (!allclose(actual, expected, rtol, atol, /*equal_nan=*/true))
    return ::testing::AssertionFailure()
           << "values differ\nactual:   " << actual
           << "\nexpected: " << expected;
  return ::testing::AssertionSuccess();
}

/// Runs `f` and checks it throws npg::Error whose message contains `text`.
template <class F>
::testing::AssertionResult ThrowsWith(F &&f, const std::string &text) {
  try {
    f();
  } catch (const npg::Error &e) {
    if (std::string(e.what()).find(text) != std::string::npos)
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "message \"" << e.what() << "\" lacks \"" << text << "\"";
  } catch (const std::exception &e) {
    return ::testing::AssertionFailure()
           << "threw a non-npg exception: " << e.what();
  }
  return ::testing::AssertionFailure()
         << "did not throw (expected \"" << text << "\")";
}

} // namespace npg::testing
