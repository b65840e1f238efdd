#pragma once
// Where the GUI's starting settings differ from the engine's. The engine measures teacher
// gradients only when asked (grad_sim_every = 0 costs nothing, right for the CLI); the
// workbench is for looking, so its RC-MAE runs measure every 10 steps unless told otherwise.
#include "rcmae/train/train_config.h"

namespace rcmae::ui {

inline constexpr int kGuiGradSimEvery = 10;

// TrainConfig{} with the GUI's defaults applied.
inline TrainConfig gui_default_config() {
  TrainConfig c;
  c.grad_sim_every = kGuiGradSimEvery;
  return c;
}

}  // namespace rcmae::ui
