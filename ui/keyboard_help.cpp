#include "keyboard_help.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QVBoxLayout>

#include "presentation/presentation_stage.h"

namespace rcmae::ui {
namespace {

QString key_row(const QString& key, const QString& what) {
  return QString("<tr><td align='right'><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>")
      .arg(key.toHtmlEscaped(), what.toHtmlEscaped());
}

QString key_text(const QAction* action) {
  return action->shortcut().toString(QKeySequence::NativeText);
}

// "Open runs folder…" reads "Open runs folder" in a list of keys: the key opens the dialog.
QString plain_text(const QAction* action) {
  QString text = action->text();
  text.remove('&');
  if (text.endsWith(QChar(0x2026))) text.chop(1);
  return text;
}

// A heading row: the menus share one table, so their key columns line up.
QString heading_row(const QString& title, bool first) {
  return QString("<tr><td colspan='2' style='padding-top:%1px'><b>%2</b></td></tr>")
      .arg(first ? 0 : 12)
      .arg(title.toHtmlEscaped());
}

QString table(const QString& rows) { return "<table cellspacing='3'>" + rows + "</table>"; }

bool in_a_menu(const QMenuBar* bar, const QAction* action) {
  for (const QAction* menu_action : bar->actions())
    if (menu_action->menu() && menu_action->menu()->actions().contains(action)) return true;
  return false;
}

QLabel* rich_label() {
  auto* label = new QLabel;
  label->setTextFormat(Qt::RichText);
  label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  return label;
}

}  // namespace

QString menu_keys_html(const QMenuBar* bar) {
  QString sections;
  for (const QAction* menu_action : bar->actions()) {
    if (!menu_action->menu()) continue;
    QString rows;
    for (const QAction* action : menu_action->menu()->actions())
      if (!action->shortcut().isEmpty()) rows += key_row(key_text(action), plain_text(action));
    if (!rows.isEmpty()) sections += heading_row(menu_action->text(), sections.isEmpty()) + rows;
  }
  return table(sections);
}

QString other_keys_html(const QMainWindow* window) {
  QString rows;
  for (const QAction* action : window->actions())
    if (!in_a_menu(window->menuBar(), action) && !action->shortcut().isEmpty())
      rows += key_row(key_text(action), plain_text(action));
  // Handled by the widgets themselves, so no action lists them.
  rows += key_row("Ctrl+Tab, Ctrl+Shift+Tab", "next / previous tab");
  rows += key_row("Alt + underlined letter", "jump to that setting");
  return table(heading_row("Anywhere on the desk", true) + rows) +
         table(heading_row("Presentation mode (F11)", false)) + PresentationStage::keysTable();
}

QDialog* show_keyboard_help(QMainWindow* window) {
  if (auto* open = window->findChild<QDialog*>("keyboardHelp")) {
    open->show();
    open->raise();
    open->activateWindow();
    return open;
  }
  auto* dialog = new QDialog(window);
  dialog->setObjectName("keyboardHelp");
  dialog->setWindowTitle("Keyboard shortcuts");
  QLabel* menus = rich_label();
  QLabel* others = rich_label();
  auto refresh = [window, menus, others] {
    menus->setText(menu_keys_html(window->menuBar()));
    others->setText(other_keys_html(window));
  };
  refresh();
  for (QAction* action : window->actions())
    QObject::connect(action, &QAction::changed, dialog, refresh);
  auto* columns = new QHBoxLayout;
  columns->setSpacing(32);
  columns->addWidget(menus);
  columns->addWidget(others);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
  auto* layout = new QVBoxLayout(dialog);
  layout->addLayout(columns);
  layout->addWidget(buttons);
  dialog->show();
  return dialog;
}

}  // namespace rcmae::ui
