#pragma once
// Small filesystem checks shared by the loaders, each failing with a DataError that names
// the path. Internal to the data layer.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rcmae {

// Throws DataError when `dir` is missing or not a directory.
void require_directory(const std::filesystem::path& dir);

// The first of `names` that exists in `dir`, if any.
std::optional<std::filesystem::path> find_first(const std::filesystem::path& dir,
                                                const std::vector<std::string>& names);

// "a, b or c": for messages that list what was looked for.
std::string join_alternatives(const std::vector<std::string>& names);

}  // namespace rcmae
