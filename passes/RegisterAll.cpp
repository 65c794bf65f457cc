#include "npg/Passes/Passes.h"

namespace npg {

void registerAllPasses() {
  registerAutodiffPasses();
  registerLoweringPasses();
}

} // namespace npg
