#include "modes/command_line.h"

#include <QHash>
#include <algorithm>

#include "gui_defaults.h"
#include "controls/recipe_choice.h"
#include "rcmae/model/model_config.h"
#include "rcmae/train/recipe.h"
#include "teaching_preset.h"

namespace rcmae::ui {
namespace {

// --key value pairs after the mode flags; "--key=value" is accepted too.
QHash<QString, QString> key_values(const QStringList& args, QStringList& flags, QString& error) {
  QHash<QString, QString> values;
  static const QStringList kFlags = {"--teaching", "--presentation", "--bench-latency",
                                     "--bench-overhead", "--norm-pix", "--no-norm-pix", "--paper-view", "--help", "-h"};
  for (int i = 1; i < args.size(); ++i) {
    QString key = args[i];
    if (kFlags.contains(key)) {
      flags << key;
      continue;
    }
    if (!key.startsWith("--")) {
      error = "unexpected argument '" + key + "'";
      return {};
    }
    if (key.contains('=')) {
      values[key.section('=', 0, 0)] = key.section('=', 1);
      continue;
    }
    if (i + 1 >= args.size()) {
      error = key + " needs a value";
      return {};
    }
    values[key] = args[++i];
  }
  return values;
}

}  // namespace

QString workbench_usage() {
  return R"(rcmae-workbench [MODE] [OPTIONS]
Modes (default: the interactive window):
  --screenshot FILE.png   train --train-steps steps, save the whole window, exit
  --bench-latency         train at full speed with the window shown; print the GUI
                          event-loop latency (p50/p99/max) as JSON
  --bench-overhead        training images/s with the window vs. headless, as JSON
Options:
  --train-steps N (30)  --size WxH (1600x1000)
  --after-seconds S       screenshot: pause S seconds (wall clock) after Start rather than
                          at --train-steps; the schedule keeps the recipe's steps
  --tab reconstructions|curves|quality|gradients|lab|log|runs|sweeps
  --open DIR              screenshot: show DIR on the Sweeps tab (a sweep folder) or tick
                          its runs on the Runs tab (a run folder or a folder of runs)
  --theme light|dark  --presentation
  --paper-view            screenshot: norm-pix reconstructions with the true patch statistics
                          (the labelled paper view; the default is the honest view)
  --teaching              start from the teaching recipe (same as --recipe teaching)
  --recipe teaching|research   a measured recipe; the options below override what it sets
  --snapshot-every N (25)  --duration S (20, latency)  --rounds R (2, overhead)
  --dataset SPEC --preset NAME --img N --channels C --patch P --mode mae|rcmae|rcmae-d
  --batch B --steps N --mask-ratio R --momentum M --gamma G --base-lr LR --seed S --threads T
  --mask-strategy random|block|grid
  --enc-dim/--enc-depth/--enc-heads N, --dec-dim/--dec-depth/--dec-heads N (override the preset)
  --norm-pix | --no-norm-pix  --weight-decay W  --warmup-steps N
  --time-budget S (seconds of training; 0 = train the steps; off in screenshots unless given)
  --grad-sim-every K (10 in the window and screenshots, 0 = off; RC-MAE modes)
  --feature-pooling cls|mean
)";
}

WorkbenchOptions parse_workbench_args(const QStringList& args) {
  WorkbenchOptions o;
  QStringList flags;
  const QHash<QString, QString> v = key_values(args, flags, o.error);
  if (!o.error.isEmpty()) return o;
  if (flags.contains("--help") || flags.contains("-h")) o.mode = WorkbenchMode::Help;
  if (v.contains("--screenshot")) {
    o.mode = WorkbenchMode::Screenshot;
    o.screenshot_path = v["--screenshot"];
  }
  if (flags.contains("--bench-latency")) o.mode = WorkbenchMode::BenchLatency;
  if (flags.contains("--bench-overhead")) o.mode = WorkbenchMode::BenchOverhead;
  o.presentation = flags.contains("--presentation");
  o.paper_view = flags.contains("--paper-view");

  bool ok = true;
  auto integer = [&](const QString& key, int fallback) {
    if (!v.contains(key)) return fallback;
    bool good = false;
    const int value = v[key].toInt(&good);
    if (!good && ok) { ok = false; o.error = key + ": not an integer: " + v[key]; }
    return value;
  };
  // Seeds are 64-bit (config.json, `rcmae train`): never through int, which would wrap them.
  auto unsigned64 = [&](const QString& key, uint64_t fallback) -> uint64_t {
    if (!v.contains(key)) return fallback;
    bool good = false;
    const qulonglong value = v[key].toULongLong(&good);
    if (!good && ok) { ok = false; o.error = key + ": not a whole number from 0 to 2^64 - 1: " + v[key]; }
    return value;
  };
  auto number = [&](const QString& key, double fallback) {
    if (!v.contains(key)) return fallback;
    bool good = false;
    const double value = v[key].toDouble(&good);
    if (!good && ok) { ok = false; o.error = key + ": not a number: " + v[key]; }
    return value;
  };

  o.train_steps = integer("--train-steps", o.train_steps);
  o.after_seconds = number("--after-seconds", o.after_seconds);
  if (o.after_seconds < 0) o.error = "--after-seconds: expected seconds >= 0";
  o.tab = v.value("--tab", o.tab);
  static const QStringList kTabs = {"reconstructions", "curves", "quality", "gradients", "lab", "log", "runs", "sweeps"};
  if (!kTabs.contains(o.tab)) o.error = "--tab: expected one of " + kTabs.join(", ") + ", got '" + o.tab + "'";
  o.theme = v.value("--theme", o.theme);
  o.open_folder = v.value("--open");
  o.snapshot_every = integer("--snapshot-every", o.snapshot_every);
  o.duration_s = number("--duration", o.duration_s);
  o.rounds = integer("--rounds", o.rounds);
  if (v.contains("--size")) {
    const QStringList wh = v["--size"].split('x');
    if (wh.size() == 2) o.size = QSize(wh[0].toInt(), wh[1].toInt());
    if (!o.size.isValid() || o.size.width() < 320 || o.size.height() < 240) o.error = "--size: expected WxH, e.g. 1600x1000";
  }

  TrainConfig c = flags.contains("--teaching") ? teaching_config() : TrainConfig{};
  if (v.contains("--recipe")) {
    const std::string name = v["--recipe"].toStdString();
    if (!apply_recipe(name, c)) o.error = "--recipe: unknown recipe '" + v["--recipe"] + "' (teaching, research)";
    c = window_recipe(name, c);
  }
  ModelConfig shape = c.model;
  shape.img_size = integer("--img", shape.img_size);
  shape.channels = integer("--channels", shape.channels);
  shape.patch = integer("--patch", shape.patch);
  c.model = shape;
  // A recipe sets its own widths (preset "recipe"); --preset replaces them, as in `rcmae train`.
  if (v.contains("--preset") || c.recipe.empty()) {
    c.preset = v.value("--preset", QString::fromStdString(c.preset)).toStdString();
    auto model = apply_preset(c.preset, shape);
    if (!model) o.error = "--preset: unknown preset '" + QString::fromStdString(c.preset) + "'";
    c.model = model.value_or(shape);
  }
  c.model.enc_dim = integer("--enc-dim", c.model.enc_dim);
  c.model.enc_depth = integer("--enc-depth", c.model.enc_depth);
  c.model.enc_heads = integer("--enc-heads", c.model.enc_heads);
  c.model.dec_dim = integer("--dec-dim", c.model.dec_dim);
  c.model.dec_depth = integer("--dec-depth", c.model.dec_depth);
  c.model.dec_heads = integer("--dec-heads", c.model.dec_heads);
  if (flags.contains("--norm-pix")) c.model.norm_pix_loss = true;
  if (flags.contains("--no-norm-pix")) c.model.norm_pix_loss = false;
  c.weight_decay = number("--weight-decay", c.weight_decay);
  c.dataset = v.value("--dataset", QString::fromStdString(c.dataset)).toStdString();
  if (v.contains("--mode")) {
    auto mode = teacher_mode_from_string(v["--mode"].toStdString());
    if (!mode) o.error = "--mode: unknown mode '" + v["--mode"] + "' (mae, rcmae, rcmae-d)";
    c.mode = mode.value_or(c.mode);
  }
  c.batch = integer("--batch", c.batch);
  c.mask_ratio = number("--mask-ratio", c.mask_ratio);
  c.mask_strategy = v.value("--mask-strategy", QString::fromStdString(c.mask_strategy)).toStdString();
  c.momentum = number("--momentum", c.momentum);
  c.gamma = number("--gamma", c.gamma);
  c.base_lr = number("--base-lr", c.base_lr);
  c.seed = unsigned64("--seed", c.seed);
  c.threads = integer("--threads", c.threads);
  // The window measures teacher gradients by default; benchmarks keep the plain step so
  // their numbers stay comparable with headless training.
  const bool benchmark = o.mode == WorkbenchMode::BenchLatency || o.mode == WorkbenchMode::BenchOverhead;
  c.grad_sim_every = integer("--grad-sim-every", benchmark ? 0 : kGuiGradSimEvery);
  c.feature_pooling = v.value("--feature-pooling", QString::fromStdString(c.feature_pooling)).toStdString();
  // Unattended modes stop at --train-steps: make that the budget unless --steps says more,
  // with no time budget (it would refit the steps) and a warmup that fits in them. A
  // screenshot taken --after-seconds keeps the configured steps: it shows the run a user
  // would have watched for that long.
  const bool unattended = o.mode == WorkbenchMode::Screenshot;
  const bool step_budget = unattended && !(o.after_seconds > 0);
  c.steps = integer("--steps", step_budget ? o.train_steps : int(c.steps));
  c.time_budget_s = number("--time-budget", unattended ? 0.0 : c.time_budget_s);
  c.warmup_steps = integer("--warmup-steps", int(c.warmup_steps));
  if (step_budget && !v.contains("--warmup-steps")) c.warmup_steps = std::min<int64_t>(c.warmup_steps, c.steps);
  if (auto problem = validate(c); problem && o.error.isEmpty())
    o.error = QString::fromStdString(problem->to_string());
  o.config = c;
  return o;
}

}  // namespace rcmae::ui
