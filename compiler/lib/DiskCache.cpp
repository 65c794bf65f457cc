// The disk cache of compiled code (DiskCache.h).
#include "npg/compiler/DiskCache.h"

#include "npg/compiler/Compiler.h"
#include "npg/runtime/Error.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <link.h>
#include <mutex>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace npg::compiler {

namespace fs = std::filesystem;

namespace {

/// Bumped whenever the entry layout below changes.
constexpr char kMagic[8] = {'N', 'P', 'G', 'C', 'A', 'C', 'H', 'E'};
constexpr std::uint32_t kFormat = 1;
constexpr const char *kSuffix = ".npgc";

std::array<std::uint8_t, 32> sha256(std::string_view bytes) {
  llvm::SHA256 hash;
  hash.update(llvm::StringRef(bytes.data(), bytes.size()));
  return hash.final();
}

/// The GNU build id of the binary (libnpg, or a program npg is linked into)
/// holding this code: it changes whenever any of npg's code does. Without
/// one, the binary's path, size and modification time.
std::string build_identity() {
  struct Search {
    std::uintptr_t address;
    std::string id;
  } search{reinterpret_cast<std::uintptr_t>(&build_identity), {}};
  dl_iterate_phdr(
      [](dl_phdr_info *info, std::size_t, void *data) {
        auto &s = *static_cast<Search *>(data);
        bool holds = false;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr) &p = info->dlpi_phdr[i];
          const std::uintptr_t start = info->dlpi_addr + p.p_vaddr;
          holds |= p.p_type == PT_LOAD && s.address >= start &&
                   s.address < start + p.p_memsz;
        }
        if (!holds)
          return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr) &p = info->dlpi_phdr[i];
          if (p.p_type != PT_NOTE)
            continue;
          const char *note =
              reinterpret_cast<const char *>(info->dlpi_addr + p.p_vaddr);
          const char *end = note + p.p_memsz;
          auto align4 = [](std::size_t n) { return (n + 3) & ~std::size_t{3}; };
          while (note + sizeof(ElfW(Nhdr)) <= end) {
            const auto *header = reinterpret_cast<const ElfW(Nhdr) *>(note);
            const char *name = note + sizeof(ElfW(Nhdr));
            const char *desc = name + align4(header->n_namesz);
            if (header->n_type == NT_GNU_BUILD_ID && header->n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0)
              s.id = llvm::toHex(
                  llvm::ArrayRef(reinterpret_cast<const std::uint8_t *>(desc),
                                 header->n_descsz));
            note = desc + align4(header->n_descsz);
          }
        }
        return 1;
      },
      &search);
  if (!search.id.empty())
    return "build-id " + search.id;
  Dl_info info{};
  std::error_code ec;
  if (dladdr(reinterpret_cast<void *>(&build_identity), &info) &&
      info.dli_fname) {
    const fs::path file = info.dli_fname;
    const auto size = fs::file_size(file, ec);
    const auto time = fs::last_write_time(file, ec);
    return "binary " + file.string() + " " + std::to_string(size) + " " +
           std::to_string(time.time_since_epoch().count());
  }
  return "unknown build";
}

/// What, besides the module, the machine code depends on.
const std::string &environment_identity() {
  static const std::string identity = [] {
    std::string text =
        "npg " + build_identity() + "\nLLVM " LLVM_VERSION_STRING;
    if (auto host = llvm::orc::JITTargetMachineBuilder::detectHost()) {
      text += "\ntarget " + host->getTargetTriple().str() + " " +
              host->getCPU() + " " + host->getFeatures().getString();
    } else {
      llvm::consumeError(host.takeError());
    }
    return text;
  }();
  return identity;
}

// The entry's payload: little-endian integers, strings with their lengths.
class Writer {
public:
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i)
      bytes.push_back(static_cast<char>(v >> (8 * i)));
  }
  void str(std::string_view s) {
    u64(s.size());
    bytes.append(s);
  }
  void types(const std::vector<ir::TensorType> &ts) {
    u64(ts.size());
    for (const ir::TensorType &t : ts) {
      u64(static_cast<std::uint64_t>(t.dtype));
      u64(t.shape.size());
      for (std::int64_t d : t.shape)
        u64(static_cast<std::uint64_t>(d));
    }
  }
  std::string bytes;
};

/// Reads what Writer wrote; throws npg::Error past the end.
class Reader {
public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= std::uint64_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
    rest_.remove_prefix(8);
    return v;
  }
  std::string_view str() {
    const std::uint64_t n = u64();
    need(n);
    std::string_view s = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return s;
  }
  std::vector<ir::TensorType> types() {
    std::vector<ir::TensorType> ts(count());
    for (ir::TensorType &t : ts) {
      const std::uint64_t dtype = u64();
      if (dtype > static_cast<std::uint64_t>(DType::Float64))
        fail("an unknown dtype ", dtype);
      t.dtype = static_cast<DType>(dtype);
      t.shape.resize(count());
      for (std::int64_t &d : t.shape)
        d = static_cast<std::int64_t>(u64());
    }
    return ts;
  }
  /// A count of 8-byte items, at most as many as bytes remain.
  std::size_t count() {
    const std::uint64_t n = u64();
    if (n > rest_.size() / 8 + 1)
      fail("a count of ", n, " with ", rest_.size(), " bytes left");
    return n;
  }
  bool done() const { return rest_.empty(); }

private:
  void need(std::uint64_t n) const {
    if (n > rest_.size())
      fail("truncated: ", n, " bytes wanted, ", rest_.size(), " left");
  }
  std::string_view rest_;
};

std::string serialize(const Compiled &c, const jit::ObjectCode &object) {
  Writer w;
  w.str(c.forward);
  w.str(c.backward);
  w.u64(c.numResults);
  w.u64(c.residualSource.size());
  for (int r : c.residualSource)
    w.u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(r)));
  w.types(c.forwardSig.arguments);
  w.types(c.forwardSig.results);
  w.types(c.backwardSig.arguments);
  w.types(c.backwardSig.results);
  w.u64(object.size());
  for (const std::string &part : object)
    w.str(part);
  return std::move(w.bytes);
}

Compiled deserialize(std::string_view payload) {
  Reader r(payload);
  Compiled c;
  c.forward = r.str();
  c.backward = r.str();
  c.numResults = r.u64();
  c.residualSource.resize(r.count());
  for (int &s : c.residualSource)
    s = static_cast<int>(static_cast<std::int64_t>(r.u64()));
  c.forwardSig.arguments = r.types();
  c.forwardSig.results = r.types();
  c.backwardSig.arguments = r.types();
  c.backwardSig.results = r.types();
  jit::ObjectCode object(r.count());
  for (std::string &part : object)
    part = r.str();
  if (!r.done())
    fail("bytes after the object code");
  std::vector<std::string> functions{c.forward};
  if (!c.backward.empty())
    functions.push_back(c.backward);
  c.engine = jit::Engine::load(object, functions);
  return c;
}

/// The fixed-size head of an entry file: magic, format, key hash, payload
/// size and hash.
constexpr std::size_t kHeadSize = 8 + 8 + 32 + 8 + 32;

std::string head(const std::string &key, std::string_view payload) {
  Writer w;
  w.bytes.append(kMagic, sizeof kMagic);
  w.u64(kFormat);
  const auto key_hash = sha256(key);
  w.bytes.append(key_hash.begin(), key_hash.end());
  w.u64(payload.size());
  const auto payload_hash = sha256(payload);
  w.bytes.append(payload_hash.begin(), payload_hash.end());
  return std::move(w.bytes);
}

std::uint64_t max_bytes_from_environment() {
  const char *env = std::getenv("NPG_CACHE_MAX_MB");
  if (!env || !*env)
    return std::uint64_t{1024} << 20;
  char *end = nullptr;
  const long long mb = std::strtoll(env, &end, 10);
  if (*end || mb < 1)
    fail("NPG_CACHE_MAX_MB: expected a positive number of megabytes, got '",
         env, "'");
  return static_cast<std::uint64_t>(mb) << 20;
}

void log_line(const std::string &text) {
  std::fprintf(stderr, "npg: %s\n", text.c_str());
}

} // namespace

std::optional<DiskCache> DiskCache::fromEnvironment() {
  std::string directory;
  if (const char *dir = std::getenv("NPG_CACHE_DIR"))
    directory = dir; // set but empty: off
  else if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    directory = std::string(xdg) + "/npg";
  else if (const char *home = std::getenv("HOME"); home && *home)
    directory = std::string(home) + "/.cache/npg";
  if (directory.empty())
    return std::nullopt;
  return DiskCache(std::move(directory), max_bytes_from_environment());
}

DiskCache::DiskCache(std::string directory, std::uint64_t maxBytes)
    : directory_(std::move(directory)), maxBytes_(maxBytes) {}

std::string DiskCache::key(mlir::ModuleOp module, const Options &options) {
  std::string text = environment_identity();
  llvm::raw_string_ostream os(text);
  os << "\nfunction " << options.name << " grad " << options.withGrad
     << " value_and_grad " << options.valueAndGrad << "\n";
  module->print(os, mlir::OpPrintingFlags().enableDebugInfo(false));
  return llvm::toHex(sha256(text), /*LowerCase=*/true);
}

std::string DiskCache::path(const std::string &key) const {
  return directory_ + "/" + key + kSuffix;
}

std::optional<Compiled> DiskCache::load(const std::string &key) const {
  const std::string file = path(key);
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return std::nullopt; // not cached
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  try {
    if (bytes.size() < kHeadSize)
      fail("shorter than an entry's head");
    const std::string_view payload = std::string_view(bytes).substr(kHeadSize);
    if (bytes.compare(0, kHeadSize, head(key, payload)) != 0)
      fail("not an entry for this key, or damaged");
    Compiled c = deserialize(payload);
    std::error_code ec; // recently used: evicted last
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
    return c;
  } catch (const Error &e) {
    log_line("ignoring compile cache entry " + file + ": " + e.what());
    return std::nullopt;
  }
}

void DiskCache::store(const std::string &key, const Compiled &compiled,
                      const jit::ObjectCode &object) const {
  const std::string payload = serialize(compiled, object);
  if (kHeadSize + payload.size() > maxBytes_)
    return; // would evict everything, itself included
  static std::atomic<std::uint64_t> serial{0};
  const std::string file = path(key);
  const std::string temporary = file + ".tmp-" + std::to_string(getpid()) +
                                "-" + std::to_string(serial++);
  std::error_code ec;
  fs::create_directories(directory_, ec);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << head(key, payload) << payload;
    out.close();
    if (!out)
      ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec)
    fs::rename(temporary, file, ec); // atomic: readers see all or nothing
  if (ec) {
    fs::remove(temporary, ec);
    static std::once_flag once;
    std::call_once(once, [&] {
      log_line("cannot write compiled code to " + directory_ +
               " (NPG_CACHE_DIR); compiling without the disk cache");
    });
    return;
  }
  evict();
}

void DiskCache::evict() const {
  struct Item {
    fs::path path;
    std::uint64_t size;
    fs::file_time_type time;
  };
  std::vector<Item> items;
  std::uint64_t total = 0;
  const auto now = fs::file_time_type::clock::now();
  std::error_code ec;
  for (const fs::directory_entry &entry :
       fs::directory_iterator(directory_, ec)) {
    std::error_code e;
    const std::string name = entry.path().filename().string();
    const std::uint64_t size = entry.file_size(e);
    const fs::file_time_type time = entry.last_write_time(e);
    if (e)
      continue; // removed meanwhile
    if (name.find(std::string(kSuffix) + ".tmp-") != std::string::npos) {
      // Left by a process that died while writing.
      if (now - time > std::chrono::hours(1))
        fs::remove(entry.path(), e);
      continue;
    }
    if (!name.ends_with(kSuffix))
      continue;
    items.push_back({entry.path(), size, time});
    total += size;
  }
  if (total <= maxBytes_)
    return;
  // Oldest first, down to 90% of the bound so that the next stores do not
  // each scan and evict again.
  std::sort(items.begin(), items.end(),
            [](const Item &a, const Item &b) { return a.time < b.time; });
  for (const Item &item : items) {
    if (total <= maxBytes_ / 10 * 9)
      break;
    std::error_code e;
    if (fs::remove(item.path, e))
      total -= item.size;
  }
}

} // namespace npg::compiler
