#pragma once
// Pictures of the autograd graph: what a person wants when a graph
// surprises them.
#include "npg/Array.h"

#include <string>

namespace npg {

/// The autograd graph that produced `root`, as Graphviz DOT (render with
/// `dot -Tsvg graph.dot -o graph.svg`): one ellipse per Function with its
/// name and output shape, a box per leaf (blue when it requires grad,
/// marked "leaf"; grey for constants), the root marked "output", and edges
/// from inputs to the Functions that consume them. An array's label
/// (Array::set_label) is the first line of its node's text.
std::string to_dot(const Array &root);

} // namespace npg
