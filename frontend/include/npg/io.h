#pragma once
// numpy's file formats: .npy (one array) and .npz (a zip of .npy files, as
// np.savez writes: uncompressed), so arrays move to and from numpy.
#include "npg/Array.h"
#include "npg/NamedArrays.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace npg {

namespace nn {
class Module;
}

/// np.save: `a` as a .npy file (format 1.0, or 2.0 for huge headers;
/// little-endian, C order).
void save(const std::filesystem::path &path, const Array &a);
/// np.load of a .npy file: dtypes bool, int32, int64, float32, float64 in
/// either byte order, C or Fortran order. Errors name the file and what is
/// wrong with it.
Array load(const std::filesystem::path &path);

/// np.savez: each array stored as "<name>.npy" in an uncompressed zip.
void savez(const std::filesystem::path &path, const NamedArrays &arrays);
/// np.load of an .npz written by np.savez (not np.savez_compressed): the
/// arrays by name (without ".npy"), in the archive's order.
NamedArrays loadz(const std::filesystem::path &path);

/// The bytes of a .npy file holding `a`, and back (`what` names the source
/// in errors).
std::string to_npy(const Array &a);
Array from_npy(std::string_view bytes, const std::string &what = "<bytes>");

namespace nn {
/// A module's state_dict as .npz, and back into the module (in place, see
/// Module::load_state_dict).
void save(const Module &module, const std::filesystem::path &path);
void load(Module &module, const std::filesystem::path &path,
          bool strict = true);
} // namespace nn

} // namespace npg
