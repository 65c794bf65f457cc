#pragma once
// The whole public C++ API of npg.
#include "npg/Array.h"
#include "npg/Compile.h"
#include "npg/Creation.h"
#include "npg/data.h"
#include "npg/Function.h"
#include "npg/GradMode.h"
#include "npg/Gradcheck.h"
#include "npg/Ops.h"
#include "npg/Random.h"
#include "npg/Trace.h"
#include "npg/nn.h"
#include "npg/optim.h"
