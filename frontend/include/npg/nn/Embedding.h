#pragma once
// nn::Embedding: a lookup table of vectors, as torch::nn::Embedding.
#include "npg/nn/Module.h"

#include <cstdint>
#include <string>

namespace npg::nn {

/// forward(indices) = embedding(weight, indices): for an integer array of
/// any shape, the rows of weight (num_embeddings, embedding_dim) it names,
/// shape indices.shape + [embedding_dim]. weight ~ N(0, 1), as PyTorch's.
class Embedding : public Module {
public:
  Embedding(std::int64_t num_embeddings, std::int64_t embedding_dim,
            DType dtype = float64);
  Array forward(const Array &indices) override;

  std::int64_t num_embeddings, embedding_dim;
  Array weight;

protected:
  std::string extra_repr() const override;
};

} // namespace npg::nn
