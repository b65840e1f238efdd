// The settings panel's recipe selector and start-time settings (offscreen): choosing a
// recipe fills every setting from apply_recipe; editing one the recipe sets makes it Custom
// (a setting it does not set, such as the seed, does not); widths, targets, weight decay and
// the time budget reach config(); problems name the setting and outline its field; all of
// it survives QSettings. Every control of the panel's table reaches its configuration field
// both ways, and a problem outlines exactly the control it names.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "controls/control_panel.h"
#include "controls/control_table.h"
#include "controls/recipe_choice.h"
#include "gui_defaults.h"
#include "harness/qtest_registry.h"
#include "modes/command_line.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/io/train_config_json.h"
#include "rcmae/train/recipe.h"
#include "settings_store.h"
#include "teaching_preset.h"

using namespace rcmae;
using namespace rcmae::ui;

namespace {

// The spin box whose tooltip starts with `tip` (the panel's width fields share a layout).
template <typename Spin>
Spin* spin_with_tip(ControlPanel& panel, const QString& tip) {
  for (Spin* spin : panel.findChildren<Spin*>())
    if (spin->toolTip().startsWith(tip)) return spin;
  return nullptr;
}

// A value the control can show exactly that differs from `current`: one step above its
// minimum (rounded as its spin box rounds), another menu entry, a budget in seconds.
nlohmann::json other_value(const ControlSpec& spec, const nlohmann::json& current) {
  const auto shown = [&](double v) { return QString::number(v, 'f', spec.decimals).toDouble(); };
  switch (spec.kind) {
    case ControlKind::Count:
      for (int k = 1;; ++k)
        if (nlohmann::json(int(spec.minimum + k * spec.step)) != current)
          return int(spec.minimum + k * spec.step);
    case ControlKind::Real:
    case ControlKind::Ratio:
      for (int k = 1;; ++k)
        if (nlohmann::json(shown(spec.minimum + k * spec.step)) != current)
          return shown(spec.minimum + k * spec.step);
    case ControlKind::Choice:
    case ControlKind::Text:
      for (const ControlChoice& choice : spec.choices)
        if (choice.value != current) return choice.value;
      break;
    case ControlKind::Momentum:
      return current == nlohmann::json(0.99) ? 0.999 : 0.99;
    case ControlKind::Duration:
      return current == nlohmann::json(90.0) ? 75.0 : 90.0;
  }
  return nullptr;
}

}  // namespace

class TestRecipeControls : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void teachingConfigIsTheRecipe() {
    const TrainConfig c = teaching_config();
    const TrainConfig recipe = *apply_recipe("teaching", gui_default_config());
    QCOMPARE(c.recipe, std::string("teaching"));
    QCOMPARE(c.model.enc_dim, recipe.model.enc_dim);
    QCOMPARE(c.model.enc_depth, recipe.model.enc_depth);
    QCOMPARE(c.model.norm_pix_loss, recipe.model.norm_pix_loss);
    QCOMPARE(c.steps, recipe.steps);
    QCOMPARE(c.dataset, fashion_mnist_available() ? recipe.dataset : std::string("synthetic"));
    QCOMPARE(c.grad_sim_every, kGuiGradSimEvery);
    QVERIFY(follows_recipe(c));
    QVERIFY(!validate(c));
  }

  void choosingARecipeFillsEverySetting() {
    ControlPanel panel;
    QCOMPARE(panel.recipe(), QString());  // the engine's defaults are no recipe
    for (const std::string& name : recipe_names()) {
      panel.chooseRecipe(QString::fromStdString(name));
      QCOMPARE(panel.recipe(), QString::fromStdString(name));
      const TrainConfig shown = panel.config();
      const TrainConfig expected = window_recipe(name, shown);
      QVERIFY2(same_training(shown, expected), name.c_str());
      QCOMPARE(shown.recipe, name);
      QVERIFY(panel.problem().isEmpty());
    }
    const TrainConfig research = panel.config();
    QCOMPARE(research.time_budget_s, apply_recipe("research", TrainConfig{})->time_budget_s);
    QVERIFY(research.time_budget_s > 0);
  }

  void editingARecipeSettingMakesItCustom() {
    ControlPanel panel;
    panel.chooseRecipe("teaching");
    QSpinBox* seed = nullptr;
    for (QSpinBox* spin : panel.findChildren<QSpinBox*>())
      if (spin->toolTip().startsWith("Same seed")) seed = spin;
    QVERIFY(seed);
    seed->setValue(seed->value() + 1);  // the recipe does not set the seed
    QCOMPARE(panel.recipe(), QString("teaching"));

    QSpinBox* enc_heads = spin_with_tip<QSpinBox>(panel, "Encoder attention heads");
    QVERIFY(enc_heads);
    const int dim = panel.config().model.enc_dim;
    const int other_heads = enc_heads->value() == 1 ? 2 : 1;  // divides any even dim
    enc_heads->setValue(other_heads);
    QCOMPARE(panel.recipe(), QString());
    const TrainConfig edited = panel.config();
    QCOMPARE(edited.recipe, std::string());
    QCOMPARE(edited.model.enc_heads, other_heads);
    QCOMPARE(dim % other_heads, 0);
    QCOMPARE(edited.preset, std::string("custom"));
    QVERIFY(panel.problem().isEmpty());

    // Choosing it again restores every value.
    panel.chooseRecipe("teaching");
    QCOMPARE(panel.config().model.enc_heads,
             apply_recipe("teaching", TrainConfig{})->model.enc_heads);
  }

  void startTimeSettingsReachTheConfig() {
    ControlPanel panel;
    panel.setConfig(gui_default_config());
    auto* decay = spin_with_tip<QDoubleSpinBox>(panel, "AdamW weight decay");
    auto* budget = spin_with_tip<QDoubleSpinBox>(panel, "Training time to train for");
    QVERIFY(decay && budget);
    decay->setValue(0.1);
    budget->setValue(2);  // minutes by default
    QComboBox* target = nullptr;
    for (QComboBox* combo : panel.findChildren<QComboBox*>())
      if (combo->findText("Pixels") >= 0) target = combo;
    QVERIFY(target);
    target->setCurrentIndex(target->findText("Pixels"));
    const TrainConfig c = panel.config();
    QCOMPARE(c.weight_decay, 0.1);
    QCOMPARE(c.time_budget_s, 120.0);
    QCOMPARE(c.model.norm_pix_loss, false);

    // A budget in seconds that is not whole minutes is shown in seconds and comes back exact.
    TrainConfig odd = gui_default_config();
    odd.time_budget_s = 75;
    panel.setConfig(odd);
    QCOMPARE(panel.config().time_budget_s, 75.0);
  }

  void presetFillsTheWidthsAndHiddenSettingsPassThrough() {
    ControlPanel panel;
    TrainConfig c = gui_default_config();
    c.preset = "micro";
    c.model = *apply_preset("micro", c.model);
    c.min_crop_scale = 0.5;  // not on the panel
    c.quality = false;
    panel.setConfig(c);
    const TrainConfig back = panel.config();
    QCOMPARE(back.preset, std::string("micro"));
    QCOMPARE(back.model.enc_dim, c.model.enc_dim);
    QCOMPARE(back.min_crop_scale, 0.5);
    QCOMPARE(back.quality, false);
  }

  void invalidWidthsNameTheSettingAndOutlineIt() {
    ControlPanel panel;
    panel.chooseRecipe("teaching");
    QSpinBox* enc_heads = spin_with_tip<QSpinBox>(panel, "Encoder attention heads");
    const int dim = panel.config().model.enc_dim;
    int bad = 5;
    while (dim % bad == 0) ++bad;
    enc_heads->setValue(bad);  // does not divide the encoder dim
    const QString problem = panel.problem();
    QVERIFY2(problem.startsWith("Encoder heads:"), qPrintable(problem));
    QVERIFY(problem.contains("not divisible"));
    QCOMPARE(enc_heads->property("invalid").toBool(), true);
    enc_heads->setValue(1);
    QVERIFY(panel.problem().isEmpty());
    QCOMPARE(enc_heads->property("invalid").toBool(), false);
  }

  void everyTableControlRoundTripsAndIsOutlinedAlone() {
    ControlPanel panel;
    const TrainConfig start = gui_default_config();
    for (const ControlSpec& spec : control_table()) {
      const auto pointer = nlohmann::json::json_pointer(cli::train_flag_json_pointer(spec.flag));
      nlohmann::json json = to_json(start);
      const nlohmann::json value = other_value(spec, json.at(pointer));
      QVERIFY2(!value.is_null(), spec.flag.c_str());
      json[pointer] = value;
      const TrainConfig set = train_config_from_json(json, start);
      panel.setConfig(set);
      const nlohmann::json back = to_json(panel.config());
      QVERIFY2(back.at(pointer) == value,
               qPrintable(QString("%1: set %2, got %3")
                              .arg(QString::fromStdString(spec.flag),
                                   QString::fromStdString(value.dump()),
                                   QString::fromStdString(back.at(pointer).dump()))));
      QVERIFY2(back == to_json(set), spec.flag.c_str());  // and nothing else moved
      QVERIFY2(panel.findChild<QWidget*>(QString::fromStdString(spec.flag)), spec.flag.c_str());
    }

    // A warmup longer than the run: validate() names --warmup-steps, and only its field is
    // outlined.
    TrainConfig bad = start;
    bad.steps = 10;
    bad.warmup_steps = 50;
    panel.setConfig(bad);
    QVERIFY2(panel.problem().startsWith("Warmup:"), qPrintable(panel.problem()));
    for (const ControlSpec& spec : control_table()) {
      auto* editor = panel.findChild<QWidget*>(QString::fromStdString(spec.flag));
      QVERIFY2(editor->property("invalid").toBool() == (spec.flag == "--warmup-steps"),
               spec.flag.c_str());
    }
    panel.setConfig(start);
    QVERIFY(panel.problem().isEmpty());
    for (const ControlSpec& spec : control_table())
      QVERIFY2(!panel.findChild<QWidget*>(QString::fromStdString(spec.flag))
                    ->property("invalid")
                    .toBool(),
               spec.flag.c_str());
  }

  void newSettingsSurviveQSettings() {
    QTemporaryDir dir;
    const QString ini = dir.filePath("settings.ini");
    TrainConfig c = *apply_recipe("research", gui_default_config());
    c.dataset = "synthetic";
    c.model.enc_heads = 4;
    c.weight_decay = 0.07;
    c.time_budget_s = 90;
    {
      SettingsStore store(ini);
      store.setTrainConfig(c);
      store.sync();
    }
    SettingsStore store(ini);
    const TrainConfig back = store.trainConfig();
    QCOMPARE(back.recipe, std::string("research"));
    QCOMPARE(back.model.enc_dim, c.model.enc_dim);
    QCOMPARE(back.model.enc_depth, c.model.enc_depth);
    QCOMPARE(back.model.enc_heads, 4);
    QCOMPARE(back.model.dec_dim, c.model.dec_dim);
    QCOMPARE(back.model.norm_pix_loss, c.model.norm_pix_loss);
    QCOMPARE(back.weight_decay, 0.07);
    QCOMPARE(back.time_budget_s, 90.0);
    QCOMPARE(back.preset, c.preset);
    QVERIFY(!validate(back));
  }

  void commandLineRecipes() {
    WorkbenchOptions o =
        parse_workbench_args({"rcmae-workbench", "--recipe", "research", "--enc-heads", "4"});
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.config.recipe, std::string("research"));
    QCOMPARE(o.config.model.enc_heads, 4);
    QCOMPARE(o.config.time_budget_s, apply_recipe("research", TrainConfig{})->time_budget_s);
    o = parse_workbench_args({"rcmae-workbench", "--recipe", "nope"});
    QVERIFY(o.error.contains("--recipe"));
    o = parse_workbench_args({"rcmae-workbench", "--teaching", "--preset", "micro", "--img", "16"});
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.config.model.enc_dim, apply_preset("micro", ModelConfig{})->enc_dim);
  }
};

RCMAE_QTEST(TestRecipeControls)
#include "test_recipe_controls.moc"
