#pragma once
// The Log tab: spdlog messages from every thread (trainer included), forwarded to the GUI
// thread by session::LogForwarder.
#include <QWidget>

#include "views/workbench_tab.h"

class QComboBox;
class QPlainTextEdit;

namespace rcmae::ui {

class LogPanel : public QWidget, public WorkbenchTab {
  Q_OBJECT

 public:
  explicit LogPanel(QWidget* parent = nullptr);

  void append(int level, const QString& time, const QString& text);
  QString plainText() const;

 private:
  QPlainTextEdit* view_ = nullptr;
  QComboBox* min_level_ = nullptr;
};

}  // namespace rcmae::ui
