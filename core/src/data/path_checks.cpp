#include "path_checks.h"

#include "rcmae/data/data_error.h"

namespace rcmae {

namespace fs = std::filesystem;

void require_directory(const fs::path& dir) {
  std::error_code error;
  const fs::file_status status = fs::status(dir, error);
  if (!fs::exists(status)) throw DataError(dir.string(), "directory not found");
  if (!fs::is_directory(status)) throw DataError(dir.string(), "not a directory");
}

std::optional<fs::path> find_first(const fs::path& dir, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    std::error_code error;
    if (fs::is_regular_file(dir / name, error)) return dir / name;
  }
  return std::nullopt;
}

std::string join_alternatives(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return text;
}

}  // namespace rcmae
