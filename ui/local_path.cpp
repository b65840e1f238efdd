#include "local_path.h"

#include <QFile>

namespace rcmae::ui {

std::filesystem::path local_path(const QString& file) {
  return QFile::encodeName(file).toStdString();
}

}  // namespace rcmae::ui
