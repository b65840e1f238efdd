#include "runs/train_config_file.h"

#include <QDir>

#include "rcmae/io/train_config_json.h"

namespace rcmae::ui {

TrainConfigFile::TrainConfigFile(const TrainConfig& config)
    : file_(QDir::temp().filePath("rcmae-train-XXXXXX.json")) {
  const QByteArray json = QByteArray::fromStdString(to_json(config).dump(2));
  if (!file_.open() || file_.write(json) != json.size() || !file_.flush())
    error_ = file_.fileName() + ": cannot write the configuration: " + file_.errorString();
  file_.close();  // the child opens it by name; the file stays until this object goes
}

}  // namespace rcmae::ui
