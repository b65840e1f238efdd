#include "teaching_preset.h"

#include <QDir>

#include "gui_defaults.h"
#include "rcmae/model/model_config.h"

namespace rcmae::ui {

bool fashion_mnist_available() {
  return QDir("/usr/share/datasets/fashion-mnist").exists();
}

QString first_start_hint() {
  return fashion_mnist_available()
             ? "Teaching preset loaded (small RC-MAE, Fashion-MNIST): press Space or Start to train."
             : "Teaching preset loaded on synthetic images (install dataset-fashion-mnist for "
               "clothes): press Space or Start to train.";
}

TrainConfig teaching_config() {
  TrainConfig c;
  c.dataset = fashion_mnist_available() ? "fashion-mnist" : "synthetic";
  c.preset = "tiny";
  ModelConfig shape;
  shape.img_size = 28;
  shape.channels = 1;
  shape.patch = 7;  // 4 x 4 = 16 tokens: each step is cheap, and masks are easy to read
  c.model = *apply_preset(c.preset, shape);
  c.mode = TeacherMode::RcMae;
  c.mask_ratio = 0.75;
  // A short run needs a teacher that keeps up: ~1/(1-m) = 100 steps of averaging.
  c.momentum = 0.99;
  c.gamma = 1.0;
  c.base_lr = 1.5e-3;  // peak 3.75e-4 at batch 64: fast, still stable for ViT-Ti
  c.batch = 64;
  c.steps = 1000;
  c.warmup_steps = 30;
  c.seed = 0;
  c.threads = 0;
  c.grad_sim_every = kGuiGradSimEvery;  // the Teacher gradients tab has something to show
  return c;
}

}  // namespace rcmae::ui
