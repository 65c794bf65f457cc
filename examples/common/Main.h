#pragma once
// main() of an example that writes one image: an optional argument names the
// image (default `default_output`); errors are printed, not thrown.
#include <cstdio>
#include <exception>
#include <string>

namespace npg_examples {

/// Returns run(output path)'s exit status, 2 for bad arguments, 1 for an
/// exception.
template <class Run>
int example_main(int argc, char **argv, const char *default_output, Run run) {
  if (argc > 2) {
    std::fprintf(stderr, "usage: %s [output.png]\n", argv[0]);
    return 2;
  }
  try {
    return run(std::string(argc > 1 ? argv[1] : default_output));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

} // namespace npg_examples
