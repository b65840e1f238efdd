// First start and keyboard access (offscreen): with no saved settings the window opens on
// the teaching preset with a hint; a saved configuration wins on the next start; every
// command has a shortcut and a tooltip; every setting has a tooltip and a mnemonic label,
// and no two controls reachable at once share an Alt+letter. The menus: File, View, Run,
// Evaluate, Help, each command in one of them as the very action its shortcut triggers, and
// the keys that open them, switch tabs, list the keys and quit. With RCMAE_SCREENSHOT_DIR set,
// the window with its Run menu open (RCMAE_SCREENSHOT_MENU: another) is saved there as
// menus.png, the keyboard shortcuts dialog as keyboard-shortcuts.png.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "controls/control_panel.h"
#include "harness/qtest_registry.h"
#include "keyboard_help.h"
#include "main_window.h"
#include "rcmae/session/training_session.h"
#include "runs/runs_browser.h"
#include "settings_store.h"
#include "teaching_preset.h"
#include "user_guide.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

QLabel* visible_info_banner(const MainWindow& window) {
  for (QLabel* label : window.findChildren<QLabel*>("infoBanner"))
    if (label->isVisible()) return label;
  return nullptr;
}

// The Alt+letter of a text with a mnemonic ("&Mask ratio" -> 'm'), or 0; "&&" is a literal &.
QChar mnemonic_of(const QString& text) {
  for (int i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '&') continue;
    if (text[i + 1] == '&') {
      ++i;
      continue;
    }
    return text[i + 1].toLower();
  }
  return QChar();
}

// Mnemonics reachable at the same time: the menu bar, the settings panel and the tab in view.
QStringList mnemonic_clashes(const MainWindow& window) {
  QHash<QChar, QString> owner;
  QStringList clashes;
  auto add = [&](const QString& text) {
    const QChar key = mnemonic_of(text);
    if (key.isNull()) return;
    if (owner.contains(key))
      clashes << QString("Alt+%1: \"%2\" and \"%3\"").arg(key, owner[key], text);
    else
      owner.insert(key, text);
  };
  for (QAction* action : window.menuBar()->actions()) add(action->text());
  QList<QWidget*> scopes = {window.controls(), window.tabs()->currentWidget()};
  for (QWidget* scope : scopes) {
    for (QLabel* label : scope->findChildren<QLabel*>())
      if (label->buddy()) add(label->text());
    for (QAbstractButton* button : scope->findChildren<QAbstractButton*>()) add(button->text());
  }
  return clashes;
}

// The widget's own tooltip, or the nearest ancestor's (Qt shows that one).
QString effective_tooltip(const QWidget* widget) {
  for (const QWidget* w = widget; w; w = w->parentWidget())
    if (!w->toolTip().isEmpty()) return w->toolTip();
  return {};
}

QMenu* menu_titled(const MainWindow& window, const QString& title) {
  for (QAction* action : window.menuBar()->actions())
    if (action->text() == title) return action->menu();
  return nullptr;
}

// The item of menu `title` whose text is `text`, or null.
QAction* menu_item(const MainWindow& window, const QString& title, const QString& text) {
  QMenu* menu = menu_titled(window, title);
  if (!menu) return nullptr;
  for (QAction* action : menu->actions())
    if (action->text() == text) return action;
  return nullptr;
}

// How many times `action` is an item of the menu bar's menus.
int times_in_menus(const MainWindow& window, const QAction* action) {
  int count = 0;
  for (QAction* title : window.menuBar()->actions())
    count += int(title->menu()->actions().count(const_cast<QAction*>(action)));
  return count;
}

// Shortcuts of window actions need the window shown and active.
bool show_active(MainWindow& window) {
  window.resize(1280, 720);
  window.show();
  window.activateWindow();
  return QTest::qWaitForWindowActive(&window);
}

}  // namespace

class TestFirstStart : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void firstStartOpensOnTheTeachingPresetWithAHint() {
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    const TrainConfig teaching = teaching_config();
    {
      SettingsStore store(ini);
      QVERIFY(!store.hasTrainConfig());
      MainWindow window(&store);
      window.setRunsRoot(QString());
      window.show();
      const TrainConfig shown = window.controls()->config();
      QCOMPARE(shown.dataset, teaching.dataset);
      QCOMPARE(shown.preset, teaching.preset);
      QCOMPARE(shown.model.img_size, teaching.model.img_size);
      QCOMPARE(shown.model.patch, teaching.model.patch);
      QCOMPARE(shown.momentum, teaching.momentum);
      QLabel* hint = visible_info_banner(window);
      QVERIFY(hint);
      QVERIFY(hint->text().contains("Space"));
      QVERIFY(!hint->text().contains('\n'));
      QCOMPARE(window.session()->hasRun(), false);  // nothing starts by itself
      window.close();                               // saves the configuration
    }
    SettingsStore store(ini);
    QVERIFY(store.hasTrainConfig());
    MainWindow window(&store);
    window.show();
    QVERIFY(!visible_info_banner(window));
    QCOMPARE(window.controls()->config().dataset, teaching.dataset);
  }

  void everyCommandHasAShortcutAndATooltip() {
    MainWindow window(nullptr);
    int about = 0;
    for (QAction* action : window.actions()) {
      QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
      QVERIFY2(!action->toolTip().isEmpty(), qPrintable(action->text()));
      if (action->shortcut() == QKeySequence(QKeySequence::HelpContents)) ++about;
    }
    QCOMPARE(about, 1);  // F1: About
  }

  void everySettingHasATooltipAndAMnemonic() {
    ControlPanel panel;
    QList<QWidget*> fields;
    for (auto* w : panel.findChildren<QAbstractSpinBox*>()) fields << w;
    for (auto* w : panel.findChildren<QComboBox*>()) fields << w;
    for (auto* w : panel.findChildren<QSlider*>()) fields << w;
    QVERIFY(fields.size() > 15);
    for (QWidget* field : fields)
      QVERIFY2(!effective_tooltip(field).isEmpty(), qPrintable(field->metaObject()->className()));
    int labelled = 0;
    for (QLabel* label : panel.findChildren<QLabel*>()) {
      if (!label->buddy()) continue;
      ++labelled;
      QVERIFY2(label->text().contains('&'), qPrintable(label->text()));
      QVERIFY2(!label->toolTip().isEmpty(), qPrintable(label->text()));
      QVERIFY(label->buddy()->focusPolicy() != Qt::NoFocus || label->buddy()->focusProxy());
    }
    QVERIFY(labelled >= 17);
  }

  void noTwoVisibleControlsShareAMnemonic() {
    MainWindow window(nullptr);
    for (int tab = 0; tab < window.tabs()->count(); ++tab) {
      window.tabs()->setCurrentIndex(tab);
      const QStringList clashes = mnemonic_clashes(window);
      QVERIFY2(clashes.isEmpty(),
               qPrintable(window.tabs()->tabText(tab) + ": " + clashes.join("; ")));
    }
  }

  void menusAreFileViewRunEvaluateHelp() {
    MainWindow window(nullptr);
    QStringList titles;
    for (QAction* action : window.menuBar()->actions()) {
      QVERIFY2(action->menu(), qPrintable(action->text()));
      QVERIFY2(!action->menu()->actions().isEmpty(), qPrintable(action->text()));
      titles << action->text();
    }
    QCOMPARE(titles, QStringList({"File", "View", "Run", "Evaluate", "Help"}));
  }

  void keyCommandsAreMenuItemsWithTheirShortcuts() {
    MainWindow window(nullptr);
    struct Item {
      const char* menu;
      const char* text;
      QKeySequence key;
    };
    const Item items[] = {
        {"File", "Open runs folder…", QKeySequence(Qt::CTRL | Qt::Key_O)},
        {"File", "Watch run folder…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
        {"File", "Save figure…", QKeySequence(Qt::CTRL | Qt::Key_S)},
        {"File", "Export run report…", QKeySequence(Qt::CTRL | Qt::Key_E)},
        {"File", "Quit", QKeySequence(Qt::CTRL | Qt::Key_Q)},
        {"View", "Follow live", QKeySequence(Qt::Key_F)},
        {"View", "Dark theme", QKeySequence(Qt::CTRL | Qt::Key_D)},
        {"View", "Presentation mode", QKeySequence(Qt::Key_F11)},
        {"Run", "Start", QKeySequence(Qt::Key_Space)},  // reads "Pause" while training
        {"Run", "Step", QKeySequence(Qt::Key_S)},
        {"Run", "Reset", QKeySequence(Qt::Key_R)},
        {"Run", "Stop", QKeySequence(Qt::CTRL | Qt::Key_Period)},
        {"Run", "Teaching mode", QKeySequence(Qt::CTRL | Qt::Key_T)},
        {"Run", "Save checkpoint now", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
        {"Evaluate", "Compare MAE vs RC-MAE", QKeySequence(Qt::CTRL | Qt::Key_M)},
        {"Evaluate", "Try a change…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)},
        {"Evaluate", "Robustness…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
        {"Evaluate", "Fine-tune…", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)},
        {"Help", "Keyboard shortcuts", QKeySequence(Qt::Key_Question)},
        {"Help", "About RC-MAE Workbench", QKeySequence(Qt::Key_F1)},
    };
    for (const Item& item : items) {
      QAction* action = menu_item(window, item.menu, item.text);
      QVERIFY2(action, qPrintable(QString("%1 > %2").arg(item.menu, item.text)));
      QCOMPARE(action->shortcut(), item.key);
    }
    QVERIFY(menu_item(window, "Help", "User guide"));
    // The tab's Evaluate button shows the same actions as the window's Evaluate menu.
    QCOMPARE(window.runs()->evaluateActions().size(), 2);
    for (QAction* evaluation : window.runs()->evaluateActions())
      QCOMPARE(times_in_menus(window, evaluation), 1);
  }

  // The menu item is the action the shortcut triggers, so the shortcut a menu shows works.
  void eachWindowCommandIsInExactlyOneMenu() {
    MainWindow window(nullptr);
    for (QAction* action : window.actions()) {
      if (action->shortcut() == QKeySequence(Qt::Key_F10)) {
        QCOMPARE(times_in_menus(window, action), 0);  // it opens the menus
        continue;
      }
      QVERIFY2(times_in_menus(window, action) == 1, qPrintable(action->text()));
    }
  }

  void viewListsTheTabsAndFollowsTheTabShown() {
    MainWindow window(nullptr);
    QAction* quality = menu_item(window, "View", "Quality");
    QVERIFY(quality);
    quality->trigger();
    QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::QualityTabIndex));
    window.showRunsTab();
    QVERIFY(menu_item(window, "View", "Runs")->isChecked());
    QVERIFY(!quality->isChecked());
    int tab_items = 0;
    for (QAction* action : menu_titled(window, "View")->actions())
      if (action->isCheckable() && action->actionGroup()) ++tab_items;
    QCOMPARE(tab_items, window.tabs()->count());
  }

  void robustnessKeyWorksFromEveryTab() {
    MainWindow window(nullptr);
    QVERIFY(show_active(window));
    window.showTab(MainWindow::CurvesTabIndex);
    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    // No run is selected: the window shows the Runs tab, whose table the banner points to.
    QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.runs()));
  }

  void questionMarkListsEveryMenuShortcut() {
    MainWindow window(nullptr);
    QVERIFY(show_active(window));
    QTest::keyClick(&window, Qt::Key_Question);
    auto* dialog = window.findChild<QDialog*>("keyboardHelp");
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QString shown;
    for (QLabel* label : dialog->findChildren<QLabel*>()) shown += label->text();
    for (QAction* title : window.menuBar()->actions())
      for (QAction* action : title->menu()->actions())
        if (!action->shortcut().isEmpty())
          QVERIFY2(shown.contains(action->shortcut().toString(QKeySequence::NativeText)),
                   qPrintable(action->text()));
    QVERIFY(shown.contains("Try a change"));
    QVERIFY(shown.contains("F10"));                 // not in a menu: it opens them
    QVERIFY(shown.contains("PgDn"));                // presentation mode's keys
    QVERIFY(!shown.contains("Open runs folder…"));  // a key opens the dialog; no "…"
    dialog->close();
    QTest::keyClick(&window, Qt::Key_Question);
    QCOMPARE(window.findChildren<QDialog*>("keyboardHelp").size(), 1);  // the same one, again
    QVERIFY(dialog->isVisible());
  }

  void f10OpensTheFileMenu() {
    MainWindow window(nullptr);
    QVERIFY(show_active(window));
    QTest::keyClick(&window, Qt::Key_F10);
    QMenu* file = menu_titled(window, "File");
    QCOMPARE(window.menuBar()->activeAction(), file->menuAction());
    QTRY_VERIFY(file->isVisible());
    file->close();
  }

  void ctrlQQuits() {
    MainWindow window(nullptr);
    QVERIFY(show_active(window));
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QVERIFY(!window.isVisible());
  }

  void userGuideIsFound() {
    const QString path = user_guide_path();
    QVERIFY2(QFileInfo(path).isFile(), qPrintable(path));
    QCOMPARE(QFileInfo(path).fileName(), QString("USER_GUIDE.md"));
  }

  void menuAndKeyboardHelpScreenshots() {
    const QString out = qEnvironmentVariable("RCMAE_SCREENSHOT_DIR");
    if (out.isEmpty()) QSKIP("set RCMAE_SCREENSHOT_DIR to save the window with a menu open");
    MainWindow window(nullptr);
    QVERIFY(show_active(window));
    const QString title = qEnvironmentVariable("RCMAE_SCREENSHOT_MENU", "Run");
    QMenu* menu = menu_titled(window, title);
    QVERIFY(menu);
    window.menuBar()->setActiveAction(menu->menuAction());
    QTRY_VERIFY(menu->isVisible());
    // The popup is a window of its own: paint it over the main window where it stands.
    QPixmap picture = window.grab();
    QPainter painter(&picture);
    painter.drawPixmap(window.mapFromGlobal(menu->pos()), menu->grab());
    painter.end();
    menu->close();
    QVERIFY(picture.save(QDir(out).filePath("menus.png")));
    QDialog* keys = show_keyboard_help(&window);
    QVERIFY(QTest::qWaitForWindowExposed(keys));
    QVERIFY(keys->grab().save(QDir(out).filePath("keyboard-shortcuts.png")));
  }
};

RCMAE_QTEST(TestFirstStart)
#include "test_first_start.moc"
