#pragma once
// npg::Error: the one exception type npg throws for bad input.
#include <sstream>
#include <stdexcept>
#include <string>

namespace npg {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Throws npg::Error whose message is the concatenation of `parts`.
template <class... Parts> [[noreturn]] void fail(const Parts &...parts) {
  std::ostringstream os;
  (os << ... << parts);
  throw Error(os.str());
}

} // namespace npg
