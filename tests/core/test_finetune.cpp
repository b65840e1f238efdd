// Fine-tuning and starting from weights: layer-wise lr decay by hand-computed scales, the
// loss falls and the classes separate on a tiny problem, the decoder is never touched,
// augmentation keeps the pixels it moves, and --init-from loads or refuses by tensor name.
#include <torch/torch.h>

#include <QtTest>
#include <cmath>
#include <filesystem>
#include <map>

#include "../micro_config.h"
#include "fixed_batch_source.h"
#include "harness/qtest_registry.h"
#include "quadrant_images.h"
#include "rcmae/eval/encoder_classifier.h"
#include "rcmae/eval/finetune.h"
#include "rcmae/io/mae_state_dict.h"
#include "rcmae/model/masking.h"
#include "rcmae/train/ema_teacher.h"
#include "rcmae/train/trainer.h"

namespace {

// 8 epochs of 16-image batches at lr 3e-3, one epoch of warmup, no augmentation: what the
// quadrants need.
rcmae::FinetuneOptions quadrant_options() {
  rcmae::FinetuneOptions options;
  options.epochs = 8;
  options.batch = 16;
  options.peak_lr = 3e-3;
  options.layer_decay = 1.0;
  options.max_shift = 0;
  options.flip = false;
  options.warmup_epochs = 1;
  return options;
}

bool same_tensor(const torch::Tensor& a, const torch::Tensor& b) { return torch::equal(a, b); }

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("rcmae_test_finetune_" + name);
}

}  // namespace

class FinetuneTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void parameterLayersFollowTheEncoderDepth() {
    QCOMPARE(rcmae::parameter_layer("cls_token", 2), 0);
    QCOMPARE(rcmae::parameter_layer("patch_embed.proj.weight", 2), 0);
    QCOMPARE(rcmae::parameter_layer("blocks.0.attn.qkv.weight", 2), 1);
    QCOMPARE(rcmae::parameter_layer("blocks.1.mlp.fc2.bias", 2), 2);
    QCOMPARE(rcmae::parameter_layer("blocks.11.norm1.weight", 12), 12);
    QCOMPARE(rcmae::parameter_layer("norm.weight", 2), 3);
    QCOMPARE(rcmae::parameter_layer("head.weight", 2), 3);
  }

  void layerGroupsScaleTheLearningRateAndLeaveTheDecoderOut() {
    torch::manual_seed(0);
    rcmae::EncoderClassifier model(rcmae::MaeVit(micro_grey()), 4);  // encoder depth 2
    const auto groups = rcmae::layer_groups(model, 0.5);
    std::map<std::string, std::pair<double, bool>> by_name;
    size_t count = 0;
    for (const auto& group : groups)
      for (const auto& name : group.names) {
        by_name[name] = {group.lr_scale, group.decays};
        ++count;
      }
    // 0.5^(depth + 1 - layer): 0.125, 0.25, 0.5, 1.
    QCOMPARE(by_name.at("patch_embed.proj.weight").first, 0.125);
    QCOMPARE(by_name.at("cls_token").first, 0.125);
    QCOMPARE(by_name.at("blocks.0.attn.qkv.weight").first, 0.25);
    QCOMPARE(by_name.at("blocks.1.attn.qkv.weight").first, 0.5);
    QCOMPARE(by_name.at("fc_norm.weight").first, 1.0);
    QCOMPARE(by_name.at("head.weight").first, 1.0);
    // Weight decay on matrices only; not on biases, norms or the cls token.
    QVERIFY(by_name.at("blocks.0.attn.qkv.weight").second);
    QVERIFY(by_name.at("head.weight").second);
    QVERIFY(!by_name.at("blocks.0.attn.qkv.bias").second);
    QVERIFY(!by_name.at("fc_norm.weight").second);
    // Global pooling normalises with fc_norm: the final norm is unused and left out.
    QVERIFY(!by_name.count("norm.weight"));
    QVERIFY(!by_name.at("cls_token").second);
    for (const auto& [name, scale] : by_name)
      QVERIFY2(!rcmae::is_decoder_weight(name), name.c_str());
    // Every encoder parameter but the final norm's two, fc_norm's two and the head's two,
    // each once.
    size_t encoder_parameters = 0;
    for (const auto& item : model->encoder->named_parameters())
      encoder_parameters += rcmae::is_decoder_weight(item.key()) ? 0 : 1;
    QCOMPARE(count, encoder_parameters - 2 + 2 + 2);
    // With cls pooling the final norm is trained and there is no fc_norm.
    rcmae::EncoderClassifier cls_model(rcmae::MaeVit(micro_grey()), 4, /*global_pool=*/false);
    std::map<std::string, double> cls_scale;
    for (const auto& group : rcmae::layer_groups(cls_model, 0.5))
      for (const auto& name : group.names) cls_scale[name] = group.lr_scale;
    QCOMPARE(cls_scale.at("norm.weight"), 1.0);
    QVERIFY(!cls_scale.count("fc_norm.weight"));
    QCOMPARE(cls_scale.size(), encoder_parameters + 2);
  }

  void lossFallsAndTheClassesSeparate() {
    torch::manual_seed(1);
    rcmae::MaeVit model(micro_grey());
    const auto decoder_before = model->decoder_pred->weight.clone();
    const auto patch_before = model->patch_embed->proj->weight.clone();
    const rcmae::FinetuneOptions options = quadrant_options();
    int reports = 0;
    const auto result = rcmae::finetune(model, quadrant_images(128, 2), quadrant_images(64, 3), 4,
                                        options, [&](const rcmae::FinetuneProgress& p) {
                                          ++reports;
                                          return p.step <= p.total_steps;
                                        });
    QCOMPARE(int(result.epochs.size()), 8);
    QCOMPARE(result.steps, int64_t(8 * 8));
    QCOMPARE(reports, 8 * 8 + 8);  // every step and every epoch's test accuracy
    // Chance is ln 4 = 1.386; label smoothing 0.1 bounds the loss below by ~0.2.
    QVERIFY2(result.epochs.front().train_loss > 1.0,
             qPrintable(QString::number(result.epochs.front().train_loss)));
    QVERIFY2(result.train_loss < 0.6, qPrintable(QString::number(result.train_loss)));
    QVERIFY2(result.top1 >= 0.95, qPrintable(QString::number(result.top1)));
    QVERIFY(!result.stopped);
    // The encoder learned in place; the decoder was never part of it.
    QVERIFY(!same_tensor(model->patch_embed->proj->weight, patch_before));
    QVERIFY(same_tensor(model->decoder_pred->weight, decoder_before));
  }

  // Mean pooling over the kept tokens: attention is permutation-equivariant and a mean does
  // not care about order, so every patch kept in a shuffled order gives the logits of the
  // plain forward. Half the patches give other logits, and dropping tokens still learns the
  // quadrants (the test then sees every token).
  void droppedTokensPoolOverWhatIsKept() {
    torch::manual_seed(4);
    rcmae::MaeVit encoder(micro_grey());
    rcmae::EncoderClassifier model(encoder, 4);
    torch::NoGradGuard no_grad;
    model->head->weight.normal_(0, 0.5);  // a head that shows differences
    model->eval();
    const auto images = quadrant_images(6, 5).images;
    const int64_t patches = micro_grey().num_patches();
    const torch::Tensor shuffled =
        torch::argsort(torch::rand({images.size(0), patches}), /*dim=*/int64_t{1},
                       /*descending=*/false);
    const torch::Tensor plain = model->forward(images);
    const torch::Tensor reordered =
        model->forward(images, rcmae::mask_from_shuffle(shuffled, patches));
    QVERIFY2(torch::allclose(plain, reordered, 1e-5, 1e-6),
             qPrintable(QString::number((plain - reordered).abs().max().item<double>())));
    const torch::Tensor half_kept =
        model->forward(images, rcmae::mask_from_shuffle(shuffled, patches / 2));
    QCOMPARE(half_kept.sizes(), plain.sizes());
    QVERIFY((plain - half_kept).abs().max().item<double>() > 1e-3);
  }

  void trainingOnHalfTheTokensStillLearns() {
    torch::manual_seed(1);
    rcmae::MaeVit model(micro_grey());
    rcmae::FinetuneOptions options = quadrant_options();
    options.keep_tokens = 0.5;
    const auto result =
        rcmae::finetune(model, quadrant_images(128, 2), quadrant_images(64, 3), 4, options);
    QVERIFY2(result.top1 >= 0.9, qPrintable(QString::number(result.top1)));
    options.keep_tokens = 0.01;  // no patch of 16 kept
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        rcmae::finetune(model, quadrant_images(16, 2), quadrant_images(8, 3), 4, options));
  }

  // Stochastic depth at a high rate still learns the quadrants (the test runs every block),
  // and it is not ignored: the training loss differs from the same seed without it.
  void trainingWithDropPathStillLearns() {
    rcmae::FinetuneOptions options = quadrant_options();
    double loss[2] = {0, 0};
    for (int run = 0; run < 2; ++run) {
      torch::manual_seed(1);
      rcmae::MaeVit model(micro_grey());
      options.drop_path = run == 0 ? 0.0 : 0.3;
      const auto result =
          rcmae::finetune(model, quadrant_images(128, 2), quadrant_images(64, 3), 4, options);
      QVERIFY2(result.top1 >= 0.9, qPrintable(QString::number(result.top1)));
      loss[run] = result.train_loss;
    }
    QVERIFY2(std::abs(loss[1] - loss[0]) > 1e-4,
             qPrintable(QString("%1 vs %2").arg(loss[1]).arg(loss[0])));
  }

  void progressCanStopEarly() {
    torch::manual_seed(1);
    rcmae::MaeVit model(micro_grey());
    rcmae::FinetuneOptions options;
    options.epochs = 3;
    options.batch = 16;
    const auto result =
        rcmae::finetune(model, quadrant_images(64, 2), quadrant_images(16, 3), 4, options,
                        [](const rcmae::FinetuneProgress& p) { return p.step < 5; });
    QVERIFY(result.stopped);
    QCOMPARE(result.steps, int64_t(5));
    QCOMPARE(int(result.epochs.size()), 2);  // epoch 2 ended early, still scored
  }

  void unusableOptionsAreRefusedByFlag() {
    rcmae::FinetuneOptions o;
    QVERIFY(!rcmae::finetune_options_problem(o));
    o.epochs = 0;
    QVERIFY(rcmae::finetune_options_problem(o)->find("--epochs") == 0);
    o = {};
    o.layer_decay = 1.5;
    QVERIFY(rcmae::finetune_options_problem(o)->find("--layer-decay") == 0);
    o = {};
    o.label_smoothing = 1.0;
    QVERIFY(rcmae::finetune_options_problem(o)->find("--label-smoothing") == 0);
    for (double keep : {0.0, -0.5, 1.5}) {
      o = {};
      o.keep_tokens = keep;
      QVERIFY(rcmae::finetune_options_problem(o)->find("--keep-tokens") == 0);
    }
    for (double rate : {-0.1, 1.0}) {
      o = {};
      o.drop_path = rate;
      QVERIFY(rcmae::finetune_options_problem(o)->find("--drop-path") == 0);
    }
    rcmae::MaeVit model(micro_grey());
    auto bad = quadrant_images(8, 1);
    bad.labels[0] = 7;  // outside the 4 classes
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             rcmae::finetune(model, bad, quadrant_images(8, 2), 4, {}));
  }

  void augmentationMovesPixelsWithoutInventingThem() {
    auto generator = at::detail::createCPUGenerator(5);
    auto images = torch::arange(2 * 16 * 16, torch::kFloat32).view({2, 1, 16, 16});
    QVERIFY(same_tensor(rcmae::augment_batch(images, 0, false, generator), images));
    // Flip only: each image is itself or its mirror image.
    auto flipped = rcmae::augment_batch(images, 0, true, generator);
    for (int i = 0; i < 2; ++i)
      QVERIFY(same_tensor(flipped[i], images[i]) || same_tensor(flipped[i], images[i].flip(2)));
    // Shift only: each output is a 16x16 window of the edge-replicated image, so its centre
    // 12x12 holds original pixels shifted by at most 2 in each direction.
    auto shifted = rcmae::augment_batch(images, 2, false, generator);
    QCOMPARE(shifted.sizes(), images.sizes());
    for (int i = 0; i < 2; ++i) {
      bool found = false;
      for (int dy = -2; dy <= 2 && !found; ++dy)
        for (int dx = -2; dx <= 2 && !found; ++dx)
          found = same_tensor(shifted[i].narrow(1, 2, 12).narrow(2, 2, 12),
                              images[i].narrow(1, 2 + dy, 12).narrow(2, 2 + dx, 12));
      QVERIFY(found);
    }
  }

  void encoderOnlyFilesLoadWhereTheDecoderIsOptional() {
    torch::manual_seed(3);
    rcmae::MaeVit source(micro_grey());
    std::vector<std::pair<std::string, torch::Tensor>> encoder_only;
    for (auto& [name, tensor] : rcmae::mae_state_dict(source))
      if (!rcmae::is_decoder_weight(name)) encoder_only.emplace_back(name, tensor);
    torch::manual_seed(4);
    rcmae::MaeVit target(micro_grey());
    const auto decoder_before = target->decoder_embed->weight.clone();
    try {
      rcmae::load_state_dict(target, encoder_only, "enc.pth");
      QFAIL("an encoder-only file must be refused where the decoder is required");
    } catch (const rcmae::StateDictError& error) {
      QVERIFY2(std::string(error.what()).find("missing key 'decoder_") != std::string::npos ||
                   std::string(error.what()).find("missing key 'mask_token'") != std::string::npos,
               error.what());
    }
    const auto loaded =
        rcmae::load_state_dict(target, encoder_only, "enc.pth", rcmae::DecoderWeights::Optional);
    QVERIFY(!loaded.decoder);
    QVERIFY(same_tensor(target->blocks[1]->named_parameters()["attn.qkv.weight"],
                        source->blocks[1]->named_parameters()["attn.qkv.weight"]));
    QVERIFY(same_tensor(target->decoder_embed->weight, decoder_before));
    // Part of a decoder is not "no decoder": refused, naming what is missing.
    auto partial = encoder_only;
    partial.emplace_back("decoder_embed.weight", source->decoder_embed->weight.detach());
    try {
      rcmae::load_state_dict(target, partial, "partial.pth", rcmae::DecoderWeights::Optional);
      QFAIL("a partial decoder must be refused");
    } catch (const rcmae::StateDictError& error) {
      QVERIFY2(std::string(error.what()).find("partial.pth: missing key 'decoder_") == 0 ||
                   std::string(error.what()).find("partial.pth: missing key 'mask_token'") == 0,
               error.what());
    }
  }

  void trainingStartsFromTheFileAndRefusesABadOne() {
    auto config = rcmae::testing::micro_train_config(1);
    torch::manual_seed(11);
    rcmae::MaeVit source(micro_grey());
    const auto file = temp_file("init.pth");
    rcmae::export_state_dict(source, file.string());
    config.init_from = file.string();
    rcmae::Trainer trainer(config, std::make_unique<FixedBatchSource>(8, 1, 16, 0));
    for (const auto& [name, tensor] : rcmae::mae_state_dict(source))
      QVERIFY2(same_tensor(trainer.student()->named_parameters().contains(name)
                               ? trainer.student()->named_parameters()[name].detach().cpu()
                               : trainer.student()->named_buffers()[name].detach().cpu(),
                           tensor),
               name.c_str());
    // The teacher starts as the loaded student, not as the seed's initialisation.
    QVERIFY(same_tensor(trainer.teacher()->model()->patch_embed->proj->weight,
                        source->patch_embed->proj->weight));
    QVERIFY(std::isfinite(trainer.step().loss));

    // A file for another image size: refused before any step, naming the flag and tensor.
    auto other = micro_grey();
    other.img_size = 32;
    rcmae::MaeVit wrong(other);
    rcmae::export_state_dict(wrong, file.string());
    try {
      rcmae::Trainer refused(config, std::make_unique<FixedBatchSource>(8, 1, 16, 0));
      QFAIL("weights of another shape must be refused");
    } catch (const std::invalid_argument& error) {
      const std::string message = error.what();
      QVERIFY2(message.find("--init-from: ") == 0, message.c_str());
      QVERIFY2(message.find("shape mismatch for 'pos_embed'") != std::string::npos ||
                   message.find("shape mismatch for 'decoder_pos_embed'") != std::string::npos,
               message.c_str());
    }
    std::filesystem::remove(file);
  }
};

RCMAE_QTEST_APPLESS(FinetuneTest)
#include "test_finetune.moc"
