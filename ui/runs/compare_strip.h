#pragma once
// The progress row of a running "Compare MAE vs RC-MAE": which run, how far, and Cancel.
// Hidden while no comparison runs; after one ends it says how it ended until dismissed.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace rcmae::ui {

class CompareRunner;

class CompareStrip : public QWidget {
  Q_OBJECT

 public:
  explicit CompareStrip(CompareRunner* runner, QWidget* parent = nullptr);
  QString text() const;

 private:
  void onProgress(qint64 done, qint64 total, const QString& text);
  void onFinished(bool ok, const QString& message);

  CompareRunner* runner_;
  QLabel* label_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* dismiss_ = nullptr;
};

}  // namespace rcmae::ui
