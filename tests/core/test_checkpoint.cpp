// Checkpoints: resuming gives the same losses as an uninterrupted run; a crash mid-save
// leaves the previous checkpoint intact; corrupt, truncated, foreign or mismatched files
// are refused with a message naming the file.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "../micro_config.h"
#include "harness/qtest_registry.h"
#include "rcmae/data/source_factory.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/train/trainer.h"

namespace fs = std::filesystem;

namespace {
rcmae::TrainConfig micro_config() {
  rcmae::TrainConfig c = rcmae::testing::micro_train_config();
  c.steps = 20;
  c.base_lr = 0.05;
  c.seed = 21;
  return c;
}

std::unique_ptr<rcmae::Trainer> make_trainer(const rcmae::TrainConfig& c) {
  rcmae::DataOptions data;
  data.img_size = c.model.img_size;
  data.channels = c.model.channels;
  data.batch = c.batch;
  data.seed = c.seed;
  return std::make_unique<rcmae::Trainer>(c, rcmae::open_batch_source(data));
}

bool message_has(const std::exception& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}
}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  fs::path path(const char* name) { return fs::path(dir_.path().toStdString()) / name; }

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    QVERIFY(dir_.isValid());
  }

  // Periodic saves every 60 s of training unless a save costs more than 2 % of that.
  void periodic_saves_cost_at_most_two_percent() {
    QCOMPARE(rcmae::checkpoint_interval_s(60, 0.6), 60.0);  // a tiny model (93 MB, 0.6 s here)
    QCOMPARE(rcmae::checkpoint_interval_s(60, 1.2), 60.0);
    QCOMPARE(rcmae::checkpoint_interval_s(60, 2.4), 120.0);  // a small one on a slow disk
    QCOMPARE(rcmae::checkpoint_interval_s(0, 2.4), 0.0);     // off stays off
  }

  void resume_matches_uninterrupted_run() {
    auto c = micro_config();
    std::vector<double> straight;
    {
      auto trainer = make_trainer(c);
      for (int i = 0; i < 6; ++i) straight.push_back(trainer->step().loss);
    }
    const auto file = path("resume.ckpt");
    {
      auto trainer = make_trainer(c);
      for (int i = 0; i < 3; ++i) trainer->step();
      rcmae::save_checkpoint(*trainer, file);
    }
    auto resumed = make_trainer(rcmae::read_checkpoint_config(file));
    rcmae::load_checkpoint(*resumed, file);
    QCOMPARE(resumed->steps_done(), 3LL);
    for (int i = 3; i < 6; ++i) {
      const auto r = resumed->step();
      QCOMPARE(r.step, int64_t(i + 1));
      qInfo("step %d: straight %.8f resumed %.8f", i + 1, straight[i], r.loss);
      QVERIFY(std::abs(r.loss - straight[i]) < 1e-5);
    }
  }

  void live_settings_survive_a_resume() {
    auto c = micro_config();
    auto trainer = make_trainer(c);
    trainer->step();
    rcmae::LiveChanges change;
    change.mask_ratio = 0.5;
    trainer->request_changes(change);
    trainer->step();
    rcmae::save_checkpoint(*trainer, path("live.ckpt"));
    auto resumed = make_trainer(c);
    rcmae::load_checkpoint(*resumed, path("live.ckpt"));
    QCOMPARE(resumed->step().mask_ratio, 0.5);
  }

  void crash_mid_save_keeps_previous_checkpoint() {
    auto c = micro_config();
    auto trainer = make_trainer(c);
    trainer->step();
    trainer->step();
    const auto file = path("crash.ckpt");
    rcmae::save_checkpoint(*trainer, file);
    trainer->step();
    auto crash = [](const fs::path& temporary) {
      fs::resize_file(temporary, 100);                  // a half-written file...
      throw std::runtime_error("simulated power cut");  // ...and the process dies
    };
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, rcmae::save_checkpoint(*trainer, file, crash));
    QVERIFY(!fs::exists(file.string() + ".partial"));
    auto reloaded = make_trainer(c);
    rcmae::load_checkpoint(*reloaded, file);
    QCOMPARE(reloaded->steps_done(), 2LL);
  }

  void corrupt_and_foreign_files_are_refused() {
    auto c = micro_config();
    auto trainer = make_trainer(c);
    const auto garbage = path("garbage.ckpt");
    std::ofstream(garbage) << "this is not a checkpoint";
    try {
      rcmae::load_checkpoint(*trainer, garbage);
      QFAIL("garbage accepted");
    } catch (const rcmae::CheckpointError& e) {
      QVERIFY(message_has(e, garbage.string()));
      QVERIFY(message_has(e, "corrupt or truncated"));
    }
    // A truncated real checkpoint.
    const auto good = path("good.ckpt");
    rcmae::save_checkpoint(*trainer, good);
    const auto truncated = path("truncated.ckpt");
    fs::copy_file(good, truncated);
    fs::resize_file(truncated, fs::file_size(good) / 2);
    QVERIFY_THROWS_EXCEPTION(rcmae::CheckpointError, rcmae::load_checkpoint(*trainer, truncated));
    // A valid torch archive that is not ours.
    const auto foreign = path("foreign.pt");
    torch::serialize::OutputArchive archive;
    archive.write("weights", torch::ones({3}));
    archive.save_to(foreign.string());
    try {
      rcmae::load_checkpoint(*trainer, foreign);
      QFAIL("foreign archive accepted");
    } catch (const rcmae::CheckpointError& e) {
      QVERIFY(message_has(e, "not an RC-MAE Workbench checkpoint"));
    }
    QVERIFY_THROWS_EXCEPTION(rcmae::CheckpointError,
                             rcmae::load_checkpoint(*trainer, path("missing.ckpt")));
  }

  void checkpoint_of_another_model_is_refused() {
    auto c = micro_config();
    auto trainer = make_trainer(c);
    rcmae::save_checkpoint(*trainer, path("micro.ckpt"));
    auto wider = c;
    wider.model.enc_dim = 64;
    auto other = make_trainer(wider);
    try {
      rcmae::load_checkpoint(*other, path("micro.ckpt"));
      QFAIL("mismatched model accepted");
    } catch (const rcmae::CheckpointError& e) {
      QVERIFY(message_has(e, "another model"));
    }
  }
};

RCMAE_QTEST_GUILESS(TestCheckpoint)
#include "test_checkpoint.moc"
