#include "teaching_preset.h"

#include "controls/recipe_choice.h"
#include "gui_defaults.h"

namespace rcmae::ui {

QString first_start_hint() {
  return fashion_mnist_available()
             ? "Teaching recipe loaded (small RC-MAE, Fashion-MNIST): press Space or Start to "
               "train."
             : "Teaching recipe loaded on synthetic images (install dataset-fashion-mnist for "
               "clothes): press Space or Start to train.";
}

// The measured teaching recipe (rcmae/train/recipe.h) on the window's defaults: the
// Teacher gradients tab has something to show (gui_defaults.h).
TrainConfig teaching_config() { return window_recipe("teaching", gui_default_config()); }

}  // namespace rcmae::ui
