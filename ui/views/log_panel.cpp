#include "views/log_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "rcmae/session/log_forwarder.h"

namespace rcmae::ui {
namespace {

QString level_name(int level) {
  static const char* names[] = {"trace", "debug", "info", "warn", "error", "fatal"};
  return level >= 0 && level < 6 ? names[level] : "?";
}

QString level_color(int level) {
  if (level >= int(session::LogLevel::Error)) return "#d1242f";
  if (level == int(session::LogLevel::Warning)) return "#bf8700";
  if (level <= int(session::LogLevel::Debug)) return "#8c959f";
  return {};
}

}  // namespace

LogPanel::LogPanel(QWidget* parent) : QWidget(parent) {
  view_ = new QPlainTextEdit(this);
  view_->setObjectName("logView");
  view_->setReadOnly(true);
  view_->setMaximumBlockCount(5000);  // bounded: a long run must not grow the GUI forever
  view_->setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono("monospace");
  mono.setStyleHint(QFont::Monospace);
  view_->setFont(mono);

  min_level_ = new QComboBox(this);
  min_level_->addItem("Info and above", int(session::LogLevel::Info));
  min_level_->addItem("Warnings and errors", int(session::LogLevel::Warning));
  min_level_->addItem("Everything", int(session::LogLevel::Trace));
  min_level_->setToolTip("Which messages new lines are shown for");
  auto* clear = new QPushButton("Clear", this);
  clear->setToolTip("Remove every line shown so far; training is not affected");
  connect(clear, &QPushButton::clicked, view_, &QPlainTextEdit::clear);

  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel("Show", this));
  bar->addWidget(min_level_);
  bar->addStretch(1);
  bar->addWidget(clear);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 10, 12, 12);
  layout->addLayout(bar);
  layout->addWidget(view_, 1);
}

void LogPanel::append(int level, const QString& time, const QString& text) {
  if (level < min_level_->currentData().toInt()) return;
  const QString color = level_color(level);
  const QString body = text.toHtmlEscaped();
  const QString line =
      QString("<span style='color:#8c959f'>%1</span> <b>%2</b> %3")
          .arg(time, level_name(level).leftJustified(5, ' ').replace(" ", "&nbsp;"),
               color.isEmpty() ? body
                               : QString("<span style='color:%1'>%2</span>").arg(color, body));
  view_->appendHtml(line);
}

QString LogPanel::plainText() const { return view_->toPlainText(); }

}  // namespace rcmae::ui
