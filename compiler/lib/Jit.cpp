#include "npg/compiler/Jit.h"

#include "npg/runtime/CompiledAbi.h"
#include "npg/runtime/Error.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"

#include <map>
#include <mutex>

namespace npg::jit {

namespace {

using PackedFunction = void (*)(void **);

/// Engines whose owners are gone, waiting for the next compile to free them
/// (see Jit.h for why not at once).
struct Retired {
  std::mutex mutex;
  std::vector<std::unique_ptr<mlir::ExecutionEngine>> engines;
};

/// Leaked on purpose (construct on first use, never destroyed): engines are
/// retired from static destructors too, in any order, so this must outlive
/// them all. What it holds at exit stays reachable, not a leak.
Retired &retired_engines() {
  static Retired *retired = new Retired;
  return *retired;
}

/// Frees the retired engines; only called while compiling, when LLVM is
/// certainly alive.
void free_retired() {
  std::vector<std::unique_ptr<mlir::ExecutionEngine>> doomed;
  {
    Retired &r = retired_engines();
    std::lock_guard lock(r.mutex);
    doomed.swap(r.engines);
  }
}

} // namespace

struct Engine::Impl {
  std::unique_ptr<mlir::ExecutionEngine> engine;
  /// Every function with a C interface, by name; never changes after
  /// compile, so concurrent calls only read it.
  std::map<std::string, PackedFunction, std::less<>> functions;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() {
  Retired &r = retired_engines();
  std::lock_guard lock(r.mutex);
  r.engines.push_back(std::move(impl_->engine));
}

std::size_t Engine::retired() {
  Retired &r = retired_engines();
  std::lock_guard lock(r.mutex);
  return r.engines.size();
}

namespace {

std::string message(llvm::Error error) {
  std::string text;
  llvm::handleAllErrors(std::move(error), [&](const llvm::ErrorInfoBase &e) {
    text += e.message();
  });
  return text;
}

/// LLVM options for compiled code, which is fused loops with static trip
/// counts, each vectorised. By default LLVM would also fully unroll loops of up
/// to hundreds of iterations, give every vectorised loop a second, narrower
/// vectorised epilogue, and partially unroll vector bodies that the
/// vectoriser has already interleaved; loop strength reduction then
/// rewrites every address in them. On the pinwheel loss and gradient, opt
/// and llc run 1.68 billion instructions at plain O3, 1.08 without the
/// first two and 0.79 without all four (bench/README.md), while run times
/// stay about the same. Loops of up to four iterations
/// still unroll fully, and small bodies (a reduction's few instructions)
/// still unroll partially. The list scheduler after register allocation
/// took a fifth of code generation on the GPT step's loops; an
/// out-of-order x86 core reorders them anyway. These are LLVM's own
/// command-line options, so they hold for the whole process.
void tune_llvm_options() {
  const std::pair<llvm::StringRef, llvm::StringRef> settings[] = {
      {"unroll-full-max-count", "4"},
      {"enable-epilogue-vectorization", "false"},
      {"unroll-partial-threshold", "50"},
      {"disable-lsr", "true"},
      {"post-RA-scheduler", "false"},
  };
  auto &options = llvm::cl::getRegisteredOptions();
  for (const auto &[name, value] : settings)
    if (auto it = options.find(name); it != options.end())
      (void)it->second->addOccurrence(0, name, value);
}

void initialize_llvm_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    tune_llvm_options();
  });
}

} // namespace

std::unique_ptr<Engine> Engine::compile(mlir::ModuleOp module) {
  initialize_llvm_once();
  free_retired();
  constexpr llvm::StringLiteral prefix = "_mlir_ciface_";
  std::vector<std::string> names;
  module.walk([&](mlir::LLVM::LLVMFuncOp f) {
    if (!f.isExternal() && f.getName().starts_with(prefix))
      names.push_back(f.getName().drop_front(prefix.size()).str());
  });
  mlir::registerBuiltinDialectTranslation(*module->getContext());
  mlir::registerLLVMDialectTranslation(*module->getContext());

  // The host's CPU and features, so that the vectoriser targets them.
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    fail("JIT: cannot describe the host CPU: ", message(builder.takeError()));
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = builder->createTargetMachine();
  if (!machine)
    fail("JIT: cannot create a target machine: ", message(machine.takeError()));

  // The IR optimiser at O2: LLVM 19's O3 pipeline miscompiled a float32
  // gradient (batched matmul and relu of one quotient, stack buffers:
  // test/fuzz/regressions/float32_o3_miscompile.npg), correct at O0-O2. On
  // the benchmarks O2 code is as fast (bench/README.md). Code generation
  // stays aggressive.
  mlir::ExecutionEngineOptions options;
  auto transformer = mlir::makeOptimizingTransformer(2, 0, machine->get());
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  options.enableGDBNotificationListener = false;
  options.enablePerfNotificationListener = false;
  auto engine =
      mlir::ExecutionEngine::create(module, options, std::move(*machine));
  if (!engine)
    fail("JIT: compiling the module failed: ", message(engine.takeError()));
  // The runtime functions compiled code calls, by name: found even when
  // libnpg's symbols are not visible to the process-wide lookup.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner intern) {
    llvm::orc::SymbolMap symbols;
    for (const RuntimeSymbol &s : runtime_symbols())
      symbols[intern(s.name)] = {llvm::orc::ExecutorAddr::fromPtr(s.address),
                                 llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  auto impl = std::make_unique<Impl>();
  impl->engine = std::move(*engine);
  for (const std::string &name : names) {
    auto fn = impl->engine->lookupPacked(prefix.str() + name);
    if (!fn)
      fail("JIT: no compiled code for ", name, ": ", message(fn.takeError()));
    impl->functions.emplace(name, *fn);
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

void Engine::call(const std::string &function,
                  const std::vector<Buffer> &buffers) const {
  std::vector<std::vector<std::int64_t>> descriptors;
  descriptors.reserve(buffers.size());
  for (const Buffer &b : buffers)
    descriptors.push_back(contiguous_descriptor(b.data, b.shape));
  // The packed interface takes a pointer to each argument; each argument of
  // the C interface is a pointer to a descriptor.
  std::vector<void *> pointers(descriptors.size());
  std::vector<void *> arguments(descriptors.size());
  for (std::size_t i = 0; i < descriptors.size(); ++i) {
    pointers[i] = descriptors[i].data();
    arguments[i] = &pointers[i];
  }
  const auto it = impl_->functions.find(function);
  if (it == impl_->functions.end())
    fail("JIT: no compiled function ", function);
  it->second(arguments.data());
}

} // namespace npg::jit
