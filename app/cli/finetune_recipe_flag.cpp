#include "finetune_recipe_flag.h"

#include <algorithm>

#include "rcmae/cli/arg_list.h"
#include "rcmae/eval/finetune_recipe.h"
#include "rcmae/train/recipe.h"
#include "rcmae/util/strings.h"

namespace rcmae::cli {
namespace {

// Removes the fine-tuning recipes from `argv`; returns the last one named.
std::string take_named_recipes(std::vector<std::string>& argv) {
  const auto names = finetune_recipe_names();
  auto is_recipe = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::string recipe;
  std::vector<std::string> kept;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--recipe" && i + 1 < argv.size() && is_recipe(argv[i + 1])) {
      recipe = argv[++i];
    } else if (argv[i].rfind("--recipe=", 0) == 0 && is_recipe(argv[i].substr(9))) {
      recipe = argv[i].substr(9);
    } else {
      kept.push_back(argv[i]);
    }
  }
  argv = kept;
  return recipe;
}

// A --recipe left after take_finetune_recipe must be a model recipe: one naming neither kind
// is refused with both lists.
void check_model_recipes(const std::vector<std::string>& argv) {
  const auto models = recipe_names();
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string name;
    if (argv[i] == "--recipe" && i + 1 < argv.size())
      name = argv[i + 1];
    else if (argv[i].rfind("--recipe=", 0) == 0)
      name = argv[i].substr(9);
    else
      continue;
    if (std::find(models.begin(), models.end(), name) == models.end())
      throw UsageError("--recipe: unknown recipe '" + name +
                       "' (fine-tuning: " + joined(finetune_recipe_names()) +
                       "; the model's shape: " + joined(models) + ")");
  }
}

bool has_option(const std::vector<std::string>& argv, const std::string& name) {
  for (const auto& arg : argv)
    if (arg == name || arg.rfind(name + "=", 0) == 0) return true;
  return false;
}

// The full recipe is the lunch-hour protocol's fine-tune of the research encoder: scratch and
// --init-from get that shape unless a configuration or a model recipe gives another.
void default_shape_for(const std::string& recipe, std::vector<std::string>& argv) {
  if (recipe != "full" || has_option(argv, "--checkpoint") || has_option(argv, "--config") ||
      has_option(argv, "--recipe"))
    return;
  argv.push_back("--recipe");
  argv.push_back("research");
}

}  // namespace

std::string take_finetune_recipe(std::vector<std::string>& argv) {
  const std::string recipe = take_named_recipes(argv);
  check_model_recipes(argv);
  default_shape_for(recipe, argv);
  return recipe;
}

}  // namespace rcmae::cli
