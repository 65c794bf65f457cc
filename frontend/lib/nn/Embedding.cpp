// nn::Embedding, written with npg::embedding: its gradient (a scatter-add
// into the rows used) and its trace (npg.gather) come from that op.

#include "npg/nn/Embedding.h"
#include "npg/nn/Init.h"
#include "npg/npg.h"

#include <sstream>

namespace npg::nn {

Embedding::Embedding(std::int64_t num, std::int64_t dim, DType dtype)
    : Module("Embedding"), num_embeddings(num), embedding_dim(dim) {
  if (num < 0 || dim < 0)
    fail("Embedding: num_embeddings and embedding_dim must be non-negative, "
         "got ",
         num, " and ", dim);
  if (!is_floating(dtype))
    fail("Embedding: dtype must be float32 or float64, not ", dtype);
  weight = register_parameter("weight", empty({num, dim}, dtype));
  init::normal_(weight);
}

Array Embedding::forward(const Array &indices) {
  return embedding(weight, indices);
}

std::string Embedding::extra_repr() const {
  std::ostringstream os;
  os << num_embeddings << ", " << embedding_dim;
  return os.str();
}

} // namespace npg::nn
