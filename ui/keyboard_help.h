#pragma once
// Help ▸ Keyboard shortcuts (?): every key of the window, read from its menus and actions so the
// list cannot drift from what the keys do, beside the presentation stage's own keys.
#include <QString>

class QDialog;
class QMainWindow;
class QMenuBar;

namespace rcmae::ui {

// One table per menu ("File", "View", ...): the shortcut, then the item it triggers.
QString menu_keys_html(const QMenuBar* bar);
// The window's shortcuts found in no menu (F10), the keys its widgets handle themselves (tabs,
// Alt+letter) and presentation mode's keys.
QString other_keys_html(const QMainWindow* window);
// The window's non-modal dialog: opened once, raised again, its text renewed whenever an
// action changes (Space reads "Start" or "Pause" as the toolbar does).
QDialog* show_keyboard_help(QMainWindow* window);

}  // namespace rcmae::ui
