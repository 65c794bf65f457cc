#pragma once
// npg::nn: modules, layers, losses and initialisation.
#include "npg/nn/Attention.h"
#include "npg/nn/Conv.h"
#include "npg/nn/Embedding.h"
#include "npg/nn/Init.h"
#include "npg/nn/Layers.h"
#include "npg/nn/Loss.h"
#include "npg/nn/Module.h"
