#include "theme.h"

#include <QApplication>
#include <QFile>
#include <QFont>
#include <QPalette>
#include <QStyleFactory>
#include <QWidget>

namespace rcmae::ui {

QString to_string(ThemeName theme) { return theme == ThemeName::Dark ? "dark" : "light"; }

ThemeName theme_from_string(const QString& text) {
  return text == "dark" ? ThemeName::Dark : ThemeName::Light;
}

PlotTheme plot_theme(ThemeName theme) {
  // One palette for both themes' series (Okabe-Ito-like, colour-blind safe), brightened a
  // little on dark backgrounds.
  if (theme == ThemeName::Dark) {
    return {QColor("#1e2127"),
            QColor("#c9d1d9"),
            QColor("#30363d"),
            QColor("#262b33"),
            QColor("#e3b341"),
            {QColor("#58a6ff"), QColor("#f0883e"), QColor("#56d4a1"), QColor("#d2a8ff"),
             QColor("#ff7b72"), QColor("#e3b341")},
            QColor("#f4806b"),
            QColor("#2b3038"),
            QColor("#5fa8e8")};
  }
  return {QColor("#ffffff"),
          QColor("#2d333b"),
          QColor("#e4e7eb"),
          QColor("#f2f4f6"),
          QColor("#b7791f"),
          {QColor("#2f6fde"), QColor("#dd6b20"), QColor("#1f9d6b"), QColor("#8250df"),
           QColor("#cf222e"), QColor("#b7791f")},
          QColor("#b2182b"),
          QColor("#f7f7f7"),
          QColor("#2166ac")};
}

ViewTheme view_theme(ThemeName theme) {
  if (theme == ThemeName::Dark)
    return {QColor("#1e2127"), QColor("#c9d1d9"), QColor("#8b949e"), QColor("#58a6ff"),
            QColor("#3a3f48")};
  return {QColor("#ffffff"), QColor("#24292f"), QColor("#6e7781"), QColor("#2f6fde"),
          QColor("#8c959f")};
}

namespace {

QPalette palette_for(ThemeName theme) {
  QPalette p;
  const bool dark = theme == ThemeName::Dark;
  const QColor window = dark ? QColor("#16191e") : QColor("#f4f5f7");
  const QColor base = dark ? QColor("#1e2127") : QColor("#ffffff");
  const QColor text = dark ? QColor("#c9d1d9") : QColor("#24292f");
  const QColor accent = dark ? QColor("#58a6ff") : QColor("#2f6fde");
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, base);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::Highlight, accent);
  p.setColor(QPalette::HighlightedText, QColor("#ffffff"));
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, dark ? QColor("#6e7681") : QColor("#8c959f"));
  p.setColor(QPalette::Disabled, QPalette::Text, dark ? QColor("#6e7681") : QColor("#a0a7b0"));
  p.setColor(QPalette::Disabled, QPalette::ButtonText,
             dark ? QColor("#6e7681") : QColor("#a0a7b0"));
  p.setColor(QPalette::Disabled, QPalette::WindowText,
             dark ? QColor("#6e7681") : QColor("#a0a7b0"));
  return p;
}

QString read_sheet(ThemeName theme) {
  QFile file(QString(":/themes/%1.qss").arg(to_string(theme)));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(file.readAll());
}

}  // namespace

void apply_theme(QApplication& app, ThemeName theme, int point_size) {
  app.setStyle(QStyleFactory::create("Fusion"));
  app.setPalette(palette_for(theme));
  QFont font = app.font();
  font.setPointSize(point_size);
  app.setFont(font);
  app.setStyleSheet(read_sheet(theme));
}

ThemeName theme_of(const QWidget* widget) {
  return widget->palette().color(QPalette::Window).lightness() < 128 ? ThemeName::Dark
                                                                     : ThemeName::Light;
}

}  // namespace rcmae::ui
