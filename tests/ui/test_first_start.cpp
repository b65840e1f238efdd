// First start and keyboard access (offscreen): with no saved settings the window opens on
// the teaching preset with a hint; a saved configuration wins on the next start; every
// command has a shortcut and a tooltip; every setting has a tooltip and a mnemonic label,
// and no two controls reachable at once share an Alt+letter.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "controls/control_panel.h"
#include "main_window.h"
#include "rcmae/session/training_session.h"
#include "settings_store.h"
#include "teaching_preset.h"

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
};

QTEST_MAIN(TestFirstStart)
#include "test_first_start.moc"
