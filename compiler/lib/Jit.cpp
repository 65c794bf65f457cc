#include "npg/compiler/Jit.h"

#include "npg/runtime/CompiledAbi.h"
#include "npg/runtime/Error.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace npg::jit {

namespace {

using PackedFunction = void (*)(void **);

/// Engines whose owners are gone, waiting for the next compile to free them
/// (see Jit.h for why not at once).
struct Retired {
  std::mutex mutex;
  std::vector<std::unique_ptr<llvm::orc::LLJIT>> engines;
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
  std::vector<std::unique_ptr<llvm::orc::LLJIT>> doomed;
  {
    Retired &r = retired_engines();
    std::lock_guard lock(r.mutex);
    doomed.swap(r.engines);
  }
}

} // namespace

struct Engine::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  /// Every function with a C interface, by name; never changes after
  /// compile, so concurrent calls only read it.
  std::map<std::string, PackedFunction, std::less<>> functions;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() {
  Retired &r = retired_engines();
  std::lock_guard lock(r.mutex);
  r.engines.push_back(std::move(impl_->jit));
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

/// Compiled code exports function `f` as <prefix>f: MLIR's C interface
/// (llvm.emit_c_interface), taking a pointer to a memref descriptor per
/// argument.
constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";

std::string c_interface_name(llvm::StringRef name) {
  return (kCInterfacePrefix + name).str();
}

/// The wrapper Engine::call calls: all arguments behind one pointer.
std::string packed_name(llvm::StringRef name) {
  return c_interface_name(name) + "_packed";
}

/// Defines, per C interface function `f(p0, ..., pn)`, a wrapper
/// `f_packed(void **args)` calling f(*args[0], ..., *args[n]), so that one
/// function-pointer type calls every compiled function (as MLIR's
/// ExecutionEngine does, but only for the entry points: not for the outlined
/// loop nests, which nothing calls from outside).
void add_packed_wrappers(llvm::Module &module,
                         const std::vector<std::string> &functions) {
  llvm::IRBuilder<> builder(module.getContext());
  for (const std::string &name : functions) {
    llvm::Function *f = module.getFunction(c_interface_name(name));
    auto *type = llvm::FunctionType::get(builder.getVoidTy(),
                                         {builder.getPtrTy()}, false);
    auto *wrapper = llvm::Function::Create(
        type, llvm::GlobalValue::ExternalLinkage, packed_name(name), module);
    builder.SetInsertPoint(
        llvm::BasicBlock::Create(module.getContext(), "entry", wrapper));
    std::vector<llvm::Value *> args;
    for (llvm::Argument &arg : f->args()) {
      llvm::Value *slot = builder.CreateGEP(
          builder.getPtrTy(), wrapper->getArg(0),
          builder.getInt64(static_cast<std::uint64_t>(arg.getArgNo())));
      args.push_back(builder.CreateLoad(
          arg.getType(), builder.CreateLoad(builder.getPtrTy(), slot)));
    }
    builder.CreateCall(f, args);
    builder.CreateRetVoid();
  }
}

std::unique_ptr<llvm::TargetMachine> host_target_machine() {
  // The host's CPU and features, so that the vectoriser targets them.
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    fail("JIT: cannot describe the host CPU: ", message(builder.takeError()));
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = builder->createTargetMachine();
  if (!machine)
    fail("JIT: cannot create a target machine: ", message(machine.takeError()));
  return std::move(*machine);
}

/// Optimises `module` and generates its object code. The IR optimiser runs
/// at O2: LLVM 19's O3 pipeline miscompiled a float32 gradient (batched
/// matmul and relu of one quotient, stack buffers:
/// test/fuzz/regressions/float32_o3_miscompile.npg), correct at O0-O2. On
/// the benchmarks O2 code is as fast (bench/README.md). Code generation
/// stays aggressive.
std::string compile_to_object(llvm::Module &module) {
  std::unique_ptr<llvm::TargetMachine> machine = host_target_machine();
  if (llvm::Error e =
          mlir::makeOptimizingTransformer(2, 0, machine.get())(&module))
    fail("JIT: optimising the module failed: ", message(std::move(e)));
  auto code = llvm::orc::SimpleCompiler(*machine)(module);
  if (!code)
    fail("JIT: compiling the module failed: ", message(code.takeError()));
  return (*code)->getBuffer().str();
}

/// $NPG_COMPILE_THREADS, or one per core.
unsigned compile_threads() {
  if (const char *env = std::getenv("NPG_COMPILE_THREADS"); env && *env) {
    char *end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (*end || n < 1)
      fail("NPG_COMPILE_THREADS: expected a positive integer, got '", env, "'");
    return static_cast<unsigned>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

/// The loop nests (outermost loops) and instructions of `module`.
CodeSize measure(llvm::Module &module) {
  CodeSize size;
  size.instructions = module.getInstructionCount();
  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    llvm::DominatorTree dominators(f);
    llvm::LoopInfo loops(dominators);
    size.loopNests +=
        static_cast<std::size_t>(std::distance(loops.begin(), loops.end()));
  }
  return size;
}

/// How many parts to compile in parallel: one per thread, but each worth
/// the cost of a thread and a round trip through bitcode (a few thousand
/// instructions), and parts only help when there are loop nests to share
/// out (the lowering outlines them into functions of their own).
unsigned parts_for(const CodeSize &size, unsigned threads) {
  constexpr std::size_t kInstructionsPerPart = 4000;
  const std::size_t by_size = size.instructions / kInstructionsPerPart;
  return static_cast<unsigned>(
      std::max<std::size_t>(1, std::min<std::size_t>(threads, by_size)));
}

/// Compiles `module` as `parts` object files on as many threads.
/// llvm::SplitModule shares its functions out by size, making what one
/// part calls in another external; each part goes through bitcode into an
/// LLVMContext of its own, since a context is not thread-safe (LLVM's
/// parallel LTO code generation does the same).
ObjectCode compile_in_parts(std::unique_ptr<llvm::Module> module,
                            unsigned parts) {
  if (parts <= 1)
    return {compile_to_object(*module)};
  std::vector<llvm::SmallString<0>> bitcode;
  llvm::SplitModule(
      *module, parts,
      [&](std::unique_ptr<llvm::Module> part) {
        llvm::raw_svector_ostream os(bitcode.emplace_back());
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  module.reset();
  ObjectCode objects(bitcode.size());
  std::vector<std::exception_ptr> errors(bitcode.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < bitcode.size(); ++i)
    threads.emplace_back([&, i] {
      try {
        llvm::LLVMContext own;
        auto part = llvm::parseBitcodeFile(
            llvm::MemoryBufferRef(bitcode[i].str(), "npg-part"), own);
        if (!part)
          fail("JIT: cannot read a part back: ", message(part.takeError()));
        objects[i] = compile_to_object(**part);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (const std::exception_ptr &e : errors)
    if (e)
      std::rethrow_exception(e);
  return objects;
}

} // namespace

std::unique_ptr<Engine> Engine::compile(mlir::ModuleOp module,
                                        ObjectCode *object, CodeSize *size) {
  initialize_llvm_once();
  std::vector<std::string> functions;
  module.walk([&](mlir::LLVM::LLVMFuncOp f) {
    if (!f.isExternal() && f.getName().starts_with(kCInterfacePrefix))
      functions.push_back(
          f.getName().drop_front(kCInterfacePrefix.size()).str());
  });
  mlir::registerBuiltinDialectTranslation(*module->getContext());
  mlir::registerLLVMDialectTranslation(*module->getContext());
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvm_module =
      mlir::translateModuleToLLVMIR(module, context);
  if (!llvm_module)
    fail("JIT: the module does not translate to LLVM IR (an npg bug)");
  {
    std::unique_ptr<llvm::TargetMachine> machine = host_target_machine();
    llvm_module->setDataLayout(machine->createDataLayout());
    llvm_module->setTargetTriple(machine->getTargetTriple().str());
  }
  add_packed_wrappers(*llvm_module, functions);
  const CodeSize measured = measure(*llvm_module);
  ObjectCode code = compile_in_parts(std::move(llvm_module),
                                     parts_for(measured, compile_threads()));
  std::unique_ptr<Engine> engine = load(code, functions);
  if (size) {
    *size = measured;
    size->parts = code.size();
  }
  if (object)
    *object = std::move(code);
  return engine;
}

std::unique_ptr<Engine>
Engine::load(const ObjectCode &object,
             const std::vector<std::string> &functions) {
  initialize_llvm_once();
  free_retired();
  auto jit =
      llvm::orc::LLJITBuilder()
          .setObjectLinkingLayerCreator([](llvm::orc::ExecutionSession &es,
                                           const llvm::Triple &) {
            return std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                es,
                [] { return std::make_unique<llvm::SectionMemoryManager>(); });
          })
          .create();
  if (!jit)
    fail("JIT: cannot create a JIT: ", message(jit.takeError()));
  // The runtime functions compiled code calls, by name: found even when
  // libnpg's symbols are not visible to the process-wide lookup (which
  // LLJIT links by default, for libm and libc).
  llvm::orc::MangleAndInterner intern((*jit)->getExecutionSession(),
                                      (*jit)->getDataLayout());
  llvm::orc::SymbolMap symbols;
  for (const RuntimeSymbol &s : runtime_symbols())
    symbols[intern(s.name)] = {llvm::orc::ExecutorAddr::fromPtr(s.address),
                               llvm::JITSymbolFlags::Exported};
  if (llvm::Error e = (*jit)->getMainJITDylib().define(
          llvm::orc::absoluteSymbols(std::move(symbols))))
    fail("JIT: cannot bind the runtime: ", message(std::move(e)));
  for (const std::string &part : object)
    if (llvm::Error e = (*jit)->addObjectFile(
            llvm::MemoryBuffer::getMemBufferCopy(part, "npg-compiled")))
      fail("JIT: cannot add the object code: ", message(std::move(e)));

  auto impl = std::make_unique<Impl>();
  for (const std::string &name : functions) {
    auto fn = (*jit)->lookup(packed_name(name));
    if (!fn)
      fail("JIT: no compiled code for ", name, ": ", message(fn.takeError()));
    impl->functions.emplace(name, fn->toPtr<PackedFunction>());
  }
  impl->jit = std::move(*jit);
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
