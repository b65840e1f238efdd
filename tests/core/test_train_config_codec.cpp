// The one TrainConfig codec and the one flag parser: a configuration with every field set
// (tests/every_field_config.h) survives JSON, a --config file and the equivalent flags;
// flags override the file; a run folder's config.json is read as it is; bad input is refused
// naming the option.
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "../every_field_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/io/train_config_json.h"

using namespace rcmae;
using rcmae::testing::compare_every_field;
using rcmae::testing::every_field_config;
using rcmae::testing::every_field_flags;

namespace {

TrainConfig parse(const std::vector<std::string>& words) {
  const cli::ArgList args(words, cli::train_switches());
  args.reject_unknown(cli::train_option_names());
  return cli::train_config_from_args(args);
}

std::string write_file(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
  std::ofstream(path) << text;
  return path;
}

// The usage error's text, or "" when the words parse.
std::string refusal(const std::vector<std::string>& words) {
  try {
    parse(words);
  } catch (const cli::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class TestTrainConfigCodec : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyFieldSurvivesJson() {
    const TrainConfig config = every_field_config();
    const std::string text = to_json(config).dump();
    compare_every_field(train_config_from_json(nlohmann::json::parse(text)), config);
  }

  void theAutomaticWarmupStaysAutomatic() {
    // -1 = 2.5 % of the steps: a file that froze the number would keep it when --steps changes.
    const TrainConfig back = train_config_from_json(to_json(TrainConfig{}));
    QCOMPARE(back.warmup_steps, int64_t(-1));
    QCOMPARE(parse({"--steps", "400"}).effective_warmup(), int64_t(10));
  }

  void missingKeysKeepTheBase() {
    TrainConfig base;
    base.grad_sim_every = 10;
    const TrainConfig back = train_config_from_json(nlohmann::json{{"steps", 40}}, base);
    QCOMPARE(back.steps, int64_t(40));
    QCOMPARE(back.grad_sim_every, 10);
  }

  void unknownNamesAndWrongTypesAreRefusedByKey() {
    auto error = [](const nlohmann::json& json) -> std::string {
      try {
        train_config_from_json(json);
      } catch (const ConfigJsonError& e) {
        return e.what();
      }
      return "";
    };
    QCOMPARE(error({{"mode", "byol"}}), std::string("mode: unknown value 'byol'"));
    QCOMPARE(error({{"momentum_schedule", "step"}}),
             std::string("momentum_schedule: unknown value 'step'"));
    QCOMPARE(error({{"steps", "many"}}), std::string("steps: unexpected value \"many\""));
    QCOMPARE(error({{"model", {{"patch", "four"}}}}),
             std::string("patch: unexpected value \"four\""));
  }

  void everyFieldSurvivesAConfigFile() {
    QTemporaryDir dir;
    // As a run folder writes it: the dataset it found and derived values next to the fields.
    nlohmann::json json = to_json(every_field_config());
    json["data"] = {{"name", "fashion-mnist"}, {"train_size", 60000}};
    json["threads_in_use"] = 3;
    const std::string path = write_file(dir, "config.json", json.dump(2));
    compare_every_field(parse({"--config", path}), every_field_config());
  }

  void everyFieldSurvivesTheFlags() {
    compare_every_field(parse(every_field_flags()), every_field_config());
  }

  void everyTrainingOptionIsInTheFlagRoundTrip() {
    // A new option joins every_field_flags (and its field every_field_config), or this fails.
    const std::vector<std::string> flags = every_field_flags();
    for (const std::string& option : cli::train_option_names()) {
      if (option == "--config" || option == "--norm-pix") continue;  // tested on their own
      const bool listed = std::find(flags.begin(), flags.end(), option) != flags.end();
      QVERIFY2(listed, option.c_str());
    }
    QCOMPARE(parse({"--recipe", "teaching", "--norm-pix"}).model.norm_pix_loss, true);
  }

  void flagsOverrideTheConfigFile() {
    QTemporaryDir dir;
    const std::string path = write_file(dir, "config.json", to_json(every_field_config()).dump());
    TrainConfig expected = every_field_config();
    expected.mask_ratio = 0.8;
    expected.steps = 50;
    expected.model.norm_pix_loss = true;
    compare_every_field(
        parse({"--steps", "50", "--config", path, "--mask-ratio", "0.8", "--norm-pix"}), expected);
    // --preset replaces the file's widths at the file's shape; a width flag still wins.
    const TrainConfig micro = parse({"--config", path, "--preset", "micro", "--enc-heads", "4"});
    QCOMPARE(micro.model.enc_dim, 32);
    QCOMPARE(micro.model.enc_heads, 4);
    QCOMPARE(micro.model.img_size, 24);
    QCOMPARE(micro.model.mlp_ratio, 2);
  }

  void badInputIsRefusedNamingTheOption() {
    QTemporaryDir dir;
    const std::string missing = dir.filePath("none.json").toStdString();
    QCOMPARE(refusal({"--config", missing}), "--config: cannot read '" + missing + "'");
    const std::string bad_mode = write_file(dir, "mode.json", R"({"mode": "byol"})");
    QCOMPARE(refusal({"--config", bad_mode}),
             "--config " + bad_mode + ": mode: unknown value 'byol'");
    const std::string not_json = write_file(dir, "text.json", "steps: 3");
    QVERIFY(refusal({"--config", not_json}).rfind("--config " + not_json + ": not JSON", 0) == 0);
    const std::string bad_ratio = write_file(dir, "ratio.json", R"({"mask_ratio": 1.5})");
    QCOMPARE(refusal({"--config", bad_ratio}),
             std::string("--mask-ratio: must be in (0, 1), got 1.5"));
    QCOMPARE(refusal({"--seed", "-1"}),
             std::string("--seed: expected a whole number from 0 to 2^64 - 1, got '-1'"));
    QCOMPARE(refusal({"--seed", "18446744073709551616"}).substr(0, 7), std::string("--seed:"));
    QCOMPARE(refusal({"--mode", "byol"}),
             std::string("--mode: unknown mode 'byol' (mae, rcmae, rcmae-d)"));
    QCOMPARE(refusal({"--preset", "huge"}).substr(0, 31),
             std::string("--preset: unknown preset 'huge'"));
    QCOMPARE(refusal({"--steps", "ten"}), std::string("--steps: expected an integer, got 'ten'"));
  }

  void flagsNameTheFieldsTheySet() {
    QCOMPARE(cli::train_flag_json_pointer("--img"), std::string("/model/img_size"));
    QCOMPARE(cli::train_flag_json_pointer("--workers"), std::string("/data_workers"));
    QCOMPARE(cli::train_flag_json_pointer("--config"), std::string());
  }
};

RCMAE_QTEST(TestTrainConfigCodec)
#include "test_train_config_codec.moc"
