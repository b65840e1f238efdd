#pragma once
// A configuration handed to an `rcmae train` child process: written as JSON by the codec
// config.json uses (rcmae/io/train_config_json.h) to a temporary file that lives as long as
// this object, and passed as `--config FILE`, so the child trains exactly what the window
// holds, every field included.
#include <QStringList>
#include <QTemporaryFile>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

class TrainConfigFile {
 public:
  explicit TrainConfigFile(const TrainConfig& config);

  bool ok() const { return error_.isEmpty(); }
  QString error() const { return error_; }  // why the file could not be written
  QString path() const { return file_.fileName(); }
  // `--config FILE`, for the child's command line.
  QStringList arguments() const { return {"--config", path()}; }

 private:
  QTemporaryFile file_;
  QString error_;
};

}  // namespace rcmae::ui
