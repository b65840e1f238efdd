// Every impossible setting is rejected with the option it concerns.
#include <QtTest>
#include <limits>

#include "harness/qtest_registry.h"
#include "rcmae/train/train_config.h"

namespace {
std::string rejected_option(const rcmae::TrainConfig& c) {
  auto problem = rcmae::validate(c);
  return problem ? problem->option : std::string("accepted");
}
}  // namespace

class TestConfigValidation : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void defaults_are_valid() {
    QCOMPARE(rejected_option(rcmae::TrainConfig{}), std::string("accepted"));
  }

  void rejections_name_the_option() {
    auto check = [](auto mutate, const char* option) {
      rcmae::TrainConfig c;
      mutate(c);
      QCOMPARE(rejected_option(c), std::string(option));
    };
    check([](auto& c) { c.mask_ratio = 0.0; }, "--mask-ratio");
    check([](auto& c) { c.mask_ratio = 1.0; }, "--mask-ratio");
    check([](auto& c) { c.mask_ratio = -0.2; }, "--mask-ratio");
    check([](auto& c) { c.mask_ratio = 0.999; }, "--mask-ratio");  // keeps 0 of 64
    check([](auto& c) { c.momentum = 1.01; }, "--momentum");
    check([](auto& c) { c.momentum = -0.1; }, "--momentum");
    check([](auto& c) { c.momentum = std::nan(""); }, "--momentum");
    check([](auto& c) { c.model.img_size = 30; }, "--img");        // 30 % 4 != 0
    check([](auto& c) { c.model.enc_heads = 5; }, "--enc-heads");  // 192 % 5 != 0
    check([](auto& c) { c.model.dec_heads = 3; }, "--dec-heads");  // 128 % 3 != 0
    check([](auto& c) { c.model.enc_dim = 190; }, "--enc-dim");
    check([](auto& c) { c.model.channels = 2; }, "--channels");
    check([](auto& c) { c.gamma = -1; }, "--gamma");
    check([](auto& c) { c.base_lr = 0; }, "--base-lr");
    check([](auto& c) { c.batch = 0; }, "--batch");
    check([](auto& c) { c.steps = 0; }, "--steps");
    check([](auto& c) { c.device = "tpu"; }, "--device");
  }

  void message_explains_the_problem() {
    rcmae::TrainConfig c;
    c.mask_ratio = 1.5;
    auto problem = rcmae::validate(c);
    QVERIFY(problem);
    QCOMPARE(QString::fromStdString(problem->to_string()),
             QString("--mask-ratio: must be in (0, 1), got 1.5"));
  }

  void warmup_defaults_to_two_and_a_half_percent() {
    rcmae::TrainConfig c;
    c.steps = 1600;
    QCOMPARE(c.effective_warmup(), 40LL);
    c.warmup_steps = 7;
    QCOMPARE(c.effective_warmup(), 7LL);
    QCOMPARE(c.peak_lr(), 1.5e-4 * 128 / 256);
  }
};

RCMAE_QTEST_GUILESS(TestConfigValidation)
#include "test_config_validation.moc"
