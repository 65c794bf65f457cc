#pragma once
// Arrays with names, in order: a module's state_dict, an .npz archive.
#include "npg/Array.h"

#include <string>
#include <utility>
#include <vector>

namespace npg {

using NamedArrays = std::vector<std::pair<std::string, Array>>;

} // namespace npg
