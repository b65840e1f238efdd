// The fine-tuning recipes: each sets its sizes and schedule and nothing else, an unknown name
// changes nothing, and finetune_recipe_of recognises a recipe's request and no other.
#include <QtTest>

#include "harness/qtest_registry.h"
#include "rcmae/eval/finetune_recipe.h"

using rcmae::FinetuneRequest;

class TestFinetuneRecipe : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fullTakesEveryTrainingImage() {
    FinetuneRequest r;
    r.test_images = 2000;
    r.options.seed = 7;
    r.options.pooling = "cls";
    r.options.epochs = 2;
    r.options.peak_lr = 5e-3;
    QVERIFY(rcmae::apply_finetune_recipe("full", r));
    QCOMPARE(r.train_images, int64_t(60000));
    QCOMPARE(r.options.epochs, 25);
    QCOMPARE(r.options.keep_tokens, 0.5);
    QCOMPARE(r.options.peak_lr, 1e-3);  // the schedule is the recipe's
    QCOMPARE(r.options.warmup_epochs, 1.0);
    // What the recipe does not decide stays.
    QCOMPARE(r.test_images, int64_t(2000));
    QCOMPARE(r.options.seed, uint64_t(7));
    QCOMPARE(r.options.pooling, std::string("cls"));
    QCOMPARE(rcmae::finetune_recipe_of(r), std::string("full"));
  }

  void quickIsTheDefaults() {
    FinetuneRequest r;
    QCOMPARE(rcmae::finetune_recipe_of(r), std::string("quick"));
    r.options.epochs = 9;
    QVERIFY(rcmae::apply_finetune_recipe("quick", r));
    QCOMPARE(r.options.epochs, 5);
    QCOMPARE(r.train_images, int64_t(10000));
  }

  void anyChangedSizeIsNoRecipe() {
    FinetuneRequest r;
    rcmae::apply_finetune_recipe("full", r);
    r.options.epochs = 12;
    QCOMPARE(rcmae::finetune_recipe_of(r), std::string());
    rcmae::apply_finetune_recipe("full", r);
    r.options.max_shift = 0;
    QCOMPARE(rcmae::finetune_recipe_of(r), std::string());
    rcmae::apply_finetune_recipe("full", r);
    r.options.keep_tokens = 1;
    QCOMPARE(rcmae::finetune_recipe_of(r), std::string());
    rcmae::apply_finetune_recipe("quick", r);  // quick puts every patch back
    QCOMPARE(r.options.keep_tokens, 1.0);
  }

  void unknownNamesChangeNothing() {
    FinetuneRequest r;
    r.options.epochs = 3;
    QVERIFY(!rcmae::apply_finetune_recipe("research", r));
    QVERIFY(!rcmae::apply_finetune_recipe("", r));
    QCOMPARE(r.options.epochs, 3);
    QVERIFY(rcmae::finetune_recipe_description("research").empty());
    for (const auto& name : rcmae::finetune_recipe_names())
      QVERIFY(!rcmae::finetune_recipe_description(name).empty());
  }
};

RCMAE_QTEST_GUILESS(TestFinetuneRecipe)
#include "test_finetune_recipe.moc"
