#pragma once
// `rcmae finetune --recipe`: one flag for two kinds of recipe. quick / full are fine-tuning
// recipes (eval/finetune_recipe.h); teaching / research stay the model's shape for scratch
// and --init-from, as for `rcmae train`. Both may be given (`--recipe full --recipe
// teaching`).
#include <string>
#include <vector>

namespace rcmae::cli {

// Takes every `--recipe NAME` (or `--recipe=NAME`) naming a fine-tuning recipe out of `argv`
// and returns the last one ("" when none); refuses (UsageError) a --recipe of neither kind,
// naming both lists. With full and no --checkpoint, --config or model recipe, adds
// `--recipe research`: the lunch-hour protocol fine-tunes the research encoder, so scratch and
// --init-from get its shape.
std::string take_finetune_recipe(std::vector<std::string>& argv);

}  // namespace rcmae::cli
