#include "modes/command_line.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "about_dialog.h"
#include "controls/recipe_choice.h"
#include "gui_defaults.h"
#include "rcmae/cli/train_flags.h"
#include "teaching_preset.h"

namespace rcmae::ui {
namespace {

// The window's own options; every training option is the CLI's (rcmae/cli/train_flags.h).
const std::set<std::string>& window_switches() {
  static const std::set<std::string> names = {
      "--teaching",   "--presentation", "--bench-latency", "--bench-overhead",
      "--paper-view", "--help",         "--version"};
  return names;
}

std::set<std::string> known_options() {
  std::set<std::string> known = cli::train_option_names();
  known.insert(window_switches().begin(), window_switches().end());
  known.insert({"--screenshot", "--train-steps", "--after-seconds", "--size", "--tab", "--open",
                "--theme", "--snapshot-every", "--duration", "--rounds", "--side-by-side",
                "--try-change", "--seconds-per-arm"});
  return known;
}

// QApplication's arguments without the program name; -h is --help.
std::vector<std::string> option_words(const QStringList& args) {
  std::vector<std::string> words;
  for (int i = 1; i < args.size(); ++i)
    words.push_back(args[i] == "-h" ? "--help" : args[i].toStdString());
  return words;
}

QString text(const cli::ArgList& args, const char* key, const QString& fallback) {
  return QString::fromStdString(args.text(key, fallback.toStdString()));
}

void read_window_options(const cli::ArgList& args, WorkbenchOptions& o) {
  if (args.has("--help")) o.mode = WorkbenchMode::Help;
  if (args.has("--version")) o.mode = WorkbenchMode::Version;
  if (args.has("--screenshot")) {
    o.mode = WorkbenchMode::Screenshot;
    o.screenshot_path = text(args, "--screenshot", "");
  }
  if (args.has("--bench-latency")) o.mode = WorkbenchMode::BenchLatency;
  if (args.has("--bench-overhead")) o.mode = WorkbenchMode::BenchOverhead;
  o.presentation = args.has("--presentation");
  o.paper_view = args.has("--paper-view");
  o.train_steps = int(args.integer("--train-steps", o.train_steps));
  o.after_seconds = args.number("--after-seconds", o.after_seconds);
  if (o.after_seconds < 0) throw cli::UsageError("--after-seconds: expected seconds >= 0");
  o.tab = text(args, "--tab", o.tab);
  static const QStringList kTabs = {"reconstructions", "attention", "curves", "quality",
                                    "gradients",       "lab",       "log",    "runs",
                                    "sweeps"};
  if (!kTabs.contains(o.tab))
    throw cli::UsageError(
        ("--tab: expected one of " + kTabs.join(", ") + ", got '" + o.tab + "'").toStdString());
  o.theme = text(args, "--theme", o.theme);
  o.open_folder = text(args, "--open", "");
  o.side_by_side = text(args, "--side-by-side", "");
  if (!o.side_by_side.isEmpty() && o.side_by_side != "split" && o.side_by_side != "difference")
    throw cli::UsageError(
        ("--side-by-side: expected split or difference, got '" + o.side_by_side + "'")
            .toStdString());
  o.try_change = text(args, "--try-change", "");
  if (!o.try_change.isEmpty() && !o.try_change.contains('='))
    throw cli::UsageError("--try-change: expected SETTING=V1,V2,..., e.g. momentum=0.999,0.9");
  o.seconds_per_arm = args.number("--seconds-per-arm", o.seconds_per_arm);
  if (!(o.seconds_per_arm >= 1))
    throw cli::UsageError("--seconds-per-arm: expected at least 1 second");
  o.snapshot_every = int(args.integer("--snapshot-every", o.snapshot_every));
  o.duration_s = args.number("--duration", o.duration_s);
  o.rounds = int(args.integer("--rounds", o.rounds));
  if (args.has("--size")) {
    const QStringList wh = text(args, "--size", "").split('x');
    if (wh.size() == 2) o.size = QSize(wh[0].toInt(), wh[1].toInt());
    if (!o.size.isValid() || o.size.width() < 320 || o.size.height() < 240)
      throw cli::UsageError("--size: expected WxH, e.g. 1600x1000");
  }
}

// The CLI's parser over the window's starting point: the teaching recipe for --teaching,
// `base` otherwise (the GUI's defaults, or the session the window restored); a recipe falls
// back to the procedural images without Fashion-MNIST; unattended modes train --train-steps
// steps without a time budget.
TrainConfig window_config(const cli::ArgList& args, const WorkbenchOptions& o,
                          const TrainConfig& base) {
  TrainConfig c = cli::train_config_start(args, args.has("--teaching") ? teaching_config() : base);
  if (args.has("--recipe")) c = window_recipe(c.recipe, c);
  // The window measures teacher gradients by default (the base has them); benchmarks keep
  // the plain step so their numbers stay comparable with headless training. A --config
  // file says for itself.
  const bool benchmark =
      o.mode == WorkbenchMode::BenchLatency || o.mode == WorkbenchMode::BenchOverhead;
  if (benchmark && !args.has("--config")) c.grad_sim_every = 0;
  // Unattended modes stop at --train-steps: make that the budget unless --steps says more,
  // with no time budget (it would refit the steps); a recipe's warmup longer than that is
  // shortened by the parser. A screenshot taken --after-seconds keeps the configured steps:
  // it shows the run a user would have watched for that long; so does one that tries a change
  // (a finished run has nothing left to fork into).
  const bool unattended = o.mode == WorkbenchMode::Screenshot;
  if (unattended) c.time_budget_s = 0;
  if (unattended && !(o.after_seconds > 0) && o.try_change.isEmpty())
    c.steps = args.integer("--steps", o.train_steps);
  return cli::apply_train_flags(args, c);
}

// "--mask-ratio" given 0.5 -> "mask ratio 0.5": an option as the status bar says it.
QString spoken_option(const cli::ArgList& args, const std::string& name) {
  if (name == "--teaching") return "teaching recipe";
  QString spoken = QString::fromStdString(name.substr(2)).replace('-', ' ');
  if (!cli::train_switches().count(name)) spoken += " " + text(args, name.c_str(), "");
  return spoken;
}

// The training options given, in the order typed, each once.
QStringList spoken_training_options(const cli::ArgList& args,
                                    const std::vector<std::string>& words) {
  QStringList spoken;
  std::set<std::string> seen;
  for (const std::string& word : words) {
    const std::string name = word.substr(0, word.find('='));  // --key=value as --key value
    const bool training = cli::train_option_names().count(name) || name == "--teaching";
    if (training && seen.insert(name).second) spoken << spoken_option(args, name);
  }
  return spoken;
}

cli::ArgList workbench_arg_list(const QStringList& args) {
  const cli::ArgList list(option_words(args), cli::train_switches(window_switches()));
  list.reject_unknown(known_options());
  return list;
}

}  // namespace

QString workbench_usage() {
  return QString(R"(rcmae-workbench [MODE] [OPTIONS]
Modes (default: the interactive window):
  --screenshot FILE.png   train --train-steps steps, save the whole window, exit
  --bench-latency         train at full speed with the window shown; print the GUI
                          event-loop latency (p50/p99/max) as JSON
  --bench-overhead        training images/s with the window vs. headless, as JSON
  --help, -h | --version  print this text | the version, and exit (no display needed)
Window options:
  --train-steps N (30)  --size WxH (1600x1000)
  --after-seconds S       screenshot: pause S seconds (wall clock) after Start rather than
                          at --train-steps; the schedule keeps the recipe's steps
  --tab reconstructions|attention|curves|quality|gradients|lab|log|runs|sweeps
  --open DIR              screenshot: show DIR on the Sweeps tab (a sweep folder) or tick
                          its runs on the Runs tab (a run folder or a folder of runs)
  --theme light|dark  --presentation
  --paper-view            screenshot: norm-pix reconstructions with the true patch statistics
                          (the labelled paper view; the default is the honest view)
  --side-by-side split|difference   screenshot: the Reconstructions tab's student | teacher
                          view, the Runs tab's run A vs B (the first two runs --open ticks)
  --try-change SETTING=V1,V2,...   screenshot: after training, Evaluate > Try a change
                          with these values, --seconds-per-arm S (30) each; the picture is
                          the dialog's verdict cards, the wall time from Start is printed
  --teaching              start from the teaching recipe (same as --recipe teaching)
  --snapshot-every N (25)  --duration S (20, latency)  --rounds R (2, overhead)
The window opens on the last session's settings; training options given here override
them. It measures teacher gradients every 10 steps (--grad-sim-every 0: off); in
screenshots the time budget is off unless --time-budget is given.

)") + cli::train_options_help();
}

WorkbenchOptions parse_workbench_args(const QStringList& args) {
  WorkbenchOptions o;
  o.args = args;
  try {
    const cli::ArgList list = workbench_arg_list(args);
    read_window_options(list, o);
    o.config = window_config(list, o, gui_default_config());
  } catch (const cli::UsageError& e) {
    o.error = QString::fromStdString(e.what());
  }
  return o;
}

// A plain look at the words, not the parser: Qt's own options (-platform, -style) are not
// the parser's, and only QApplication, which needs the display, takes them out.
QString help_or_version_text(const QStringList& args) {
  const QStringList words = args.mid(1);
  if (words.contains("--help") || words.contains("-h")) return workbench_usage();
  if (words.contains("--version")) return "rcmae-workbench " + workbench_version() + "\n";
  return {};
}

WindowStart window_start(const WorkbenchOptions& options, const TrainConfig& restored) {
  WindowStart start{restored, {}, {}};
  try {
    const cli::ArgList list = workbench_arg_list(options.args);
    const QStringList given = spoken_training_options(list, option_words(options.args));
    if (given.isEmpty()) return start;
    start.config = window_config(list, options, restored);
    start.note = given.join(", ") + " from the command line";
  } catch (const cli::UsageError& e) {
    start.error = QString::fromStdString(e.what());
  }
  return start;
}

}  // namespace rcmae::ui
