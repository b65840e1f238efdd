#include "rcmae/eval/finetune_recipe.h"

namespace rcmae {
namespace {

// What every recipe starts from: the options' defaults (AdamW at peak lr 1e-3, warmup of
// one epoch then cosine, label smoothing 0.1, shifts of up to 2 px and flips).
void schedule_defaults(FinetuneRequest& r) {
  const FinetuneOptions defaults;
  r.options.batch = defaults.batch;
  r.options.peak_lr = defaults.peak_lr;
  r.options.warmup_epochs = defaults.warmup_epochs;
  r.options.label_smoothing = defaults.label_smoothing;
  r.options.max_shift = defaults.max_shift;
  r.options.flip = defaults.flip;
  r.options.keep_tokens = defaults.keep_tokens;
  r.options.drop_path = defaults.drop_path;
}

void quick(FinetuneRequest& r) {
  schedule_defaults(r);
  r.train_images = 10000;
  r.options.epochs = 5;
}

// Every training image (the split has 60,000), each step on a random half of each image's
// patches: measured on the research encoder (docs/LEARNING.md, "A lunch hour"), half the
// patches beat every patch at equal time (13 epochs 89.45 % in 23 minutes, against 8 epochs
// 89.28 % in 32); with the step split over both cores an epoch takes 65 s, and 25 of them,
// 27 minutes, reach 90.96 %.
void full(FinetuneRequest& r) {
  schedule_defaults(r);
  r.train_images = 60000;
  r.options.epochs = 25;
  r.options.keep_tokens = 0.5;
}

}  // namespace

std::vector<std::string> finetune_recipe_names() { return {"quick", "full"}; }

bool apply_finetune_recipe(const std::string& name, FinetuneRequest& request) {
  if (name == "quick")
    quick(request);
  else if (name == "full")
    full(request);
  else
    return false;
  return true;
}

std::string finetune_recipe_description(const std::string& name) {
  if (name == "quick") return "Quick: 5 epochs of 10,000 images, a first look in minutes";
  if (name == "full")
    return "Full: 25 epochs of all 60,000 images, each step on half of the patches; about 27 "
           "minutes of the research encoder on 2 cores";
  return {};
}

std::string finetune_recipe_of(const FinetuneRequest& request) {
  for (const auto& name : finetune_recipe_names()) {
    FinetuneRequest recipe = request;
    apply_finetune_recipe(name, recipe);
    const FinetuneOptions &a = recipe.options, &b = request.options;
    if (recipe.train_images == request.train_images && a.epochs == b.epochs && a.batch == b.batch &&
        a.peak_lr == b.peak_lr && a.warmup_epochs == b.warmup_epochs &&
        a.label_smoothing == b.label_smoothing && a.max_shift == b.max_shift && a.flip == b.flip &&
        a.keep_tokens == b.keep_tokens && a.drop_path == b.drop_path)
      return name;
  }
  return {};
}

}  // namespace rcmae
