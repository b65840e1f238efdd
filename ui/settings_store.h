#pragma once
// The one place that knows QSettings keys: typed getters and setters for the last
// configuration, window layout, theme and view options.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <memory>

#include "rcmae/train/train_config.h"

namespace rcmae::ui {

class SettingsStore {
 public:
  SettingsStore();  // the application's QSettings (organisation/application names)
  explicit SettingsStore(const QString& ini_path);  // a given file (tests)

  TrainConfig trainConfig() const;  // defaults for missing keys
  bool hasTrainConfig() const;      // false on the first start: nothing saved yet
  void setTrainConfig(const TrainConfig& config);

  QByteArray windowGeometry() const;
  void setWindowGeometry(const QByteArray& geometry);
  QByteArray windowState() const;
  void setWindowState(const QByteArray& state);

  QString theme() const;
  void setTheme(const QString& theme);
  bool presentationMode() const;
  void setPresentationMode(bool on);
  int snapshotEverySteps() const;
  void setSnapshotEverySteps(int steps);
  // Runs tab: folders of runs opened, and single run folders watched, besides the default.
  QStringList runsRoots() const;
  void setRunsRoots(const QStringList& folders);
  QStringList watchedRuns() const;
  void setWatchedRuns(const QStringList& folders);

  void sync();

 private:
  std::unique_ptr<QSettings> settings_;
};

}  // namespace rcmae::ui
