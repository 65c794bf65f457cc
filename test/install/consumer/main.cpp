// Uses only the installed headers and library: d(a*b + a)/da = b + 1 = 4.
#include <npg/npg.h>

#include <cstdio>
#include <exception>

int main() {
  try {
    auto a = npg::array({2.0}, true);
    auto b = npg::array({3.0});
    auto c = a * b + a;
    c.backward();
    auto grad = a.grad();
    if (!grad) {
      std::fprintf(stderr, "a.grad() is empty after backward\n");
      return 1;
    }
    double g = grad->item<double>();
    if (g != 4.0) {
      std::fprintf(stderr, "a.grad() = %g, expected 4\n", g);
      return 1;
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "npg threw: %s\n", e.what());
    return 1;
  }
  std::puts("npg consumer: ok");
  return 0;
}
