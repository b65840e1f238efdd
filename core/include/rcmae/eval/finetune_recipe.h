#pragma once
// Named fine-tuning recipes, chosen by measurement on a 2-core CPU (docs/LEARNING.md has the
// runs), so that the CLI's `--recipe` and the Fine-tune dialog's Recipe box set the same
// sizes and schedule:
//   quick  5 epochs of 10,000 labelled images: a coffee break, for a first comparison
//   full   all 60,000 training images for long enough to approach the field's numbers
//          within a lunch hour together with the research pretraining (25 epochs, each
//          step on a random half of the patches: ~27 min here, 90.96 % after the research
//          recipe's 10 minutes of pretraining)
// A recipe sets the training images, epochs and schedule of `request`; everything else
// (which encoder, test images, seed, pooling) stays, and flags given with it override it.
#include <string>
#include <vector>

#include "rcmae/eval/finetune_job.h"

namespace rcmae {

std::vector<std::string> finetune_recipe_names();
// False (and `request` untouched) for a name that is not a fine-tuning recipe.
bool apply_finetune_recipe(const std::string& name, FinetuneRequest& request);
// One line for menus and --help: what the recipe is for and what it costs here.
std::string finetune_recipe_description(const std::string& name);
// The recipe whose sizes `request` has ("" when it matches none): the dialog shows it.
std::string finetune_recipe_of(const FinetuneRequest& request);

}  // namespace rcmae
