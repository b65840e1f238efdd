#pragma once
// Light and dark looks: a QSS sheet from resources/themes plus the colours QSS cannot
// reach (plots, heat maps, painted views).
#include <QColor>
#include <QString>
#include <QVector>

class QApplication;
class QWidget;

namespace rcmae::ui {

enum class ThemeName { Light, Dark };
QString to_string(ThemeName theme);
ThemeName theme_from_string(const QString& text);

struct PlotTheme {
  QColor background;
  QColor foreground;  // axes, ticks, labels
  QColor grid;
  QColor subgrid;
  QColor marker;           // parameter-change lines
  QVector<QColor> series;  // total, reconstruction, consistency, lr, momentum, distance
  // Diverging scale for signed quantities such as cosines: -1, 0, +1. The middle colour
  // sits close to the background so that "no relation" reads as empty.
  QColor diverging_low, diverging_mid, diverging_high;
};

struct ViewTheme {
  QColor canvas;  // behind painted views
  QColor text;
  QColor muted;
  QColor accent;
  QColor hidden_patch;  // masked patches in the mask view
};

PlotTheme plot_theme(ThemeName theme);
// The look `widget` is shown in, read from its palette (dialogs outside the window's tabs).
ThemeName theme_of(const QWidget* widget);
ViewTheme view_theme(ThemeName theme);

// Applies the QSS sheet, the matching palette and the base font size (presentation mode
// uses a larger one).
void apply_theme(QApplication& app, ThemeName theme, int point_size);

}  // namespace rcmae::ui
