// The window speaks the command line's configuration: it parses training options with the
// CLI's parser (every field, --config included), saves its settings through the codec
// config.json uses (settings saved by older builds still load), and hands `rcmae train`
// children a --config file that the CLI reads back field for field. Training options typed
// for the interactive window override the session it restores; --help and --version need no
// QApplication; a recipe's warmup is shortened to fit a short run.
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "../every_field_config.h"
#include "about_dialog.h"
#include "controls/control_panel.h"
#include "gui_defaults.h"
#include "harness/qtest_registry.h"
#include "main_window.h"
#include "modes/command_line.h"
#include "modes/window_mode.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/io/train_config_json.h"
#include "runs/train_config_file.h"
#include "settings_store.h"
#include "teaching_preset.h"

using namespace rcmae;
using namespace rcmae::ui;
using rcmae::testing::compare_every_field;
using rcmae::testing::every_field_config;
using rcmae::testing::every_field_flags;

namespace {
QStringList window_args(const std::vector<std::string>& words) {
  QStringList args{"rcmae-workbench"};
  for (const auto& word : words) args << QString::fromStdString(word);
  return args;
}
}  // namespace

class TestWindowConfig : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void theWindowParsesEveryTrainingFlagAsTheCli() {
    const WorkbenchOptions options =
        parse_workbench_args(window_args(every_field_flags()) << "--theme"
                                                              << "dark");
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QCOMPARE(options.theme, QString("dark"));
    compare_every_field(options.config, every_field_config());
  }

  void theWindowReadsAConfigFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath("config.json");
    std::ofstream(path.toStdString()) << to_json(every_field_config()).dump();
    WorkbenchOptions options = parse_workbench_args({"rcmae-workbench", "--config", path});
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    compare_every_field(options.config, every_field_config());  // grad_sim_every 7: the file's
    options = parse_workbench_args({"rcmae-workbench", "--config", path, "--steps", "77"});
    QCOMPARE(options.config.steps, int64_t(77));
    // Without a file the window measures teacher gradients; unknown options are refused.
    QCOMPARE(parse_workbench_args({"rcmae-workbench"}).config.grad_sim_every, kGuiGradSimEvery);
    QCOMPARE(parse_workbench_args({"rcmae-workbench", "--frobnicate", "1"}).error,
             QString("--frobnicate: unknown option (see --help)"));
    QVERIFY(workbench_usage().contains("--config FILE.json"));
  }

  void aChildGetsEveryFieldThroughItsConfigFile() {
    QString path;
    {
      const TrainConfigFile file(every_field_config());
      QVERIFY2(file.ok(), qPrintable(file.error()));
      path = file.path();
      QCOMPARE(file.arguments(), QStringList({"--config", path}));
      std::vector<std::string> words;
      for (const QString& word : file.arguments()) words.push_back(word.toStdString());
      const cli::ArgList args(words, cli::train_switches());
      compare_every_field(cli::train_config_from_args(args), every_field_config());
    }
    QVERIFY(!QFileInfo::exists(path));  // gone with the child's job
  }

  void settingsKeepEveryField() {
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    {
      SettingsStore store(ini);
      QVERIFY(!store.hasTrainConfig());
      store.setTrainConfig(every_field_config());
      store.sync();
    }
    SettingsStore store(ini);
    QVERIFY(store.hasTrainConfig());
    // Every field but the starting weights, which are for one launch only.
    TrainConfig expected = every_field_config();
    QVERIFY(!expected.init_from.empty());
    expected.init_from.clear();
    compare_every_field(store.trainConfig(), expected);
  }

  void settingsOfOlderBuildsStillLoad() {
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    {
      QSettings old(ini, QSettings::IniFormat);  // as config/v1 wrote them: flat, as text
      old.beginGroup("config/v1");
      old.setValue("preset", "micro");
      old.setValue("img_size", 16);
      old.setValue("patch", 4);
      old.setValue("norm_pix", false);
      old.setValue("crop_scale", 0.5);
      old.setValue("mode", "mae");
      old.setValue("mask_ratio", 0.65);
      old.setValue("steps", 222);
      old.setValue("seed", QString("18446744073709551615"));
      old.endGroup();
    }
    SettingsStore store(ini);
    QVERIFY(store.hasTrainConfig());
    TrainConfig back = store.trainConfig();
    QCOMPARE(back.preset, std::string("micro"));
    QCOMPARE(back.model.img_size, 16);
    QCOMPARE(back.model.enc_dim, 32);  // saved before widths were settings: the preset's
    QCOMPARE(back.model.norm_pix_loss, false);
    QCOMPARE(back.min_crop_scale, 0.5);
    QCOMPARE(back.mode, TeacherMode::Mae);
    QCOMPARE(back.mask_ratio, 0.65);
    QCOMPARE(back.steps, int64_t(222));
    QCOMPARE(back.seed, uint64_t(18446744073709551615ULL));
    QCOMPARE(back.grad_sim_every, kGuiGradSimEvery);  // not saved then: the window's default
    // The next save writes the codec's JSON and drops the old keys.
    back.steps = 333;
    store.setTrainConfig(back);
    store.sync();
    QCOMPARE(SettingsStore(ini).trainConfig().steps, int64_t(333));
    QVERIFY(!QSettings(ini, QSettings::IniFormat).contains("config/v1/steps"));
  }

  void unreadableSettingsFallBackToTheDefaults() {
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    {
      QSettings broken(ini, QSettings::IniFormat);
      broken.setValue("config/v2/json", "{\"steps\": \"many\"");
    }
    const TrainConfig back = SettingsStore(ini).trainConfig();
    QCOMPARE(back.steps, gui_default_config().steps);
    QCOMPARE(back.grad_sim_every, kGuiGradSimEvery);
  }

  // rcmae-workbench --mask-ratio 0.5 --momentum 0.99 over a saved session at 0.75 / 0.97:
  // the window opens at what was typed, keeps the rest of the session, and says so.
  void commandLineTrainingOptionsOverrideTheRestoredSession() {
    QStandardPaths::setTestModeEnabled(true);  // the window lists runs under AppData
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    TrainConfig saved = teaching_config();
    saved.batch = 48;  // the session's own, not a default
    QCOMPARE(saved.mask_ratio, 0.75);
    QCOMPARE(saved.momentum, 0.97);
    {
      SettingsStore store(ini);
      store.setTrainConfig(saved);
      store.sync();
    }
    SettingsStore store(ini);
    MainWindow window(&store);
    window.setRunsRoot(QString());
    const WorkbenchOptions options =
        parse_workbench_args({"rcmae-workbench", "--mask-ratio", "0.5", "--momentum=0.99"});
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QCOMPARE(apply_command_line(window, options), QString());
    const TrainConfig shown = window.controls()->config();
    QCOMPARE(shown.mask_ratio, 0.5);
    QCOMPARE(shown.momentum, 0.99);
    QCOMPARE(shown.batch, int64_t(48));
    QCOMPARE(shown.dataset, saved.dataset);
    QCOMPARE(window.statusBar()->currentMessage(),
             QString("mask ratio 0.5, momentum 0.99 from the command line"));

    // Without training options the session is restored as saved, with nothing to say.
    MainWindow plain(&store);
    QCOMPARE(apply_command_line(plain, parse_workbench_args({"rcmae-workbench"})), QString());
    QCOMPARE(plain.controls()->config().mask_ratio, 0.75);
    QCOMPARE(plain.statusBar()->currentMessage(), QString());
  }

  // Qt's own options are not the parser's, so help and version are found word by word.
  void helpAndVersionAreAnsweredFromTheWords() {
    QCOMPARE(help_or_version_text({"rcmae-workbench", "-platform", "xcb", "--help"}),
             workbench_usage());
    QCOMPARE(help_or_version_text({"rcmae-workbench", "-h"}), workbench_usage());
    QVERIFY(help_or_version_text({"rcmae-workbench", "--version"})
                .startsWith("rcmae-workbench " + workbench_version()));
    QCOMPARE(help_or_version_text({"rcmae-workbench", "--teaching"}), QString());
    QCOMPARE(parse_workbench_args({"rcmae-workbench", "--version"}).mode, WorkbenchMode::Version);
  }

  // A recipe's 50-step warmup in a 5-step screenshot is shortened to fit; a warmup the user
  // typed that does not fit is still refused.
  void aRecipeWarmupLongerThanTheRunIsShortened() {
    WorkbenchOptions options = parse_workbench_args(
        {"rcmae-workbench", "--screenshot", "f.png", "--teaching", "--train-steps", "20"});
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QCOMPARE(options.config.steps, int64_t(20));
    QCOMPARE(options.config.warmup_steps, int64_t(4));  // a fifth of the run
    options = parse_workbench_args(
        {"rcmae-workbench", "--recipe", "teaching", "--steps", "20", "--warmup-steps", "50"});
    QCOMPARE(options.error, QString("--warmup-steps: must not exceed --steps (20)"));
  }
};

RCMAE_QTEST(TestWindowConfig)
#include "test_window_config.moc"
