#pragma once
// A path the window holds as QString, as the engine's and run record's std::filesystem
// calls need it: in the file system's own encoding (QFile::encodeName), so a folder name
// with non-ASCII letters opens the same folder Qt shows.
#include <QString>
#include <filesystem>

namespace rcmae::ui {

std::filesystem::path local_path(const QString& file);

}  // namespace rcmae::ui
