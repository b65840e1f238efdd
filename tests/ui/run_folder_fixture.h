#pragma once
// Test helpers for window tests that write files into run folders by hand and read what the
// window wrote back.
#include <QDir>
#include <QFile>
#include <QTest>

#include "../micro_config.h"
#include "rcmae/train/headless_run.h"
#include "runs/runs_browser.h"

namespace rcmae::testing {

// Writes (or appends) `bytes` to `path`; fails the calling test when the file cannot be opened.
inline void write_file(const QString& path, const QByteArray& bytes, bool append = false) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly | (append ? QIODevice::Append : QIODevice::Truncate)));
  file.write(bytes);
}

// The rows of a CSV file under its header; -1 when it cannot be read.
inline int data_lines(const QString& csv) {
  QFile file(csv);
  if (!file.open(QIODevice::ReadOnly)) return -1;
  return int(file.readAll().trimmed().split('\n').size()) - 1;
}

// The Runs table's row of the run folder named `name`; -1 when it has none.
inline int row_of(const ui::RunsBrowser& browser, const QString& name) {
  for (int row = 0; row < browser.rowCount(); ++row)
    if (QDir(browser.rowFolder(row)).dirName() == name) return row;
  return -1;
}

// Trains a 4-step micro RC-MAE run on one thread into `folder`, as the command line would;
// true when it left its checkpoint.ckpt (what the Fine-tune and Robustness dialogs start from).
inline bool train_micro_run(const QString& folder) {
  TrainConfig config = micro_train_config();
  config.steps = 4;
  config.threads = 1;
  HeadlessRunOptions options;
  options.out_dir = QFile::encodeName(folder).toStdString();
  options.show_progress = false;
  run_headless(config, options);
  return QFile::exists(folder + "/checkpoint.ckpt");
}

}  // namespace rcmae::testing
