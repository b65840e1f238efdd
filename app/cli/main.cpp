// rcmae: the headless command-line front end of RC-MAE Workbench.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.h"
#include "dist_options.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"

namespace {

void print_help() {
  std::printf(
      "rcmae %s - train masked auto-encoders with an EMA teacher (RC-MAE) on the CPU\n\n"
      "Usage:\n"
      "  rcmae train [options] --out DIR   train and write DIR/config.json, metrics.csv, "
      "events.jsonl\n"
      "  rcmae bench [options]             time training steps; prints one JSON line\n"
      "  rcmae bench --learning --recipe R --time-budget S [--out DIR]\n"
      "                                    what MAE and RC-MAE learn in S seconds of training:\n"
      "                                    seconds to rec_nmse <= 0.5 and to beat raw pixels\n"
      "  rcmae export --init [options] --out model.pth | --checkpoint FILE --which teacher|student "
      "--out model.pth\n"
      "                                    weights as a PyTorch state dict (torch.load in Python)\n"
      "  rcmae import --weights model.pth [options] [--out DIR]   load a state dict, report its "
      "loss\n"
      "  rcmae compare RUN_DIR...          final losses and kNN accuracy of runs, side by side\n"
      "  rcmae eval --checkpoint FILE [--which teacher|student] [--probe] [--robustness] [--csv "
      "OUT]\n"
      "  rcmae eval --init-from model.pth [model options] [--probe] [--robustness] [--csv OUT]\n"
      "                                    kNN / linear-probe accuracy of the frozen encoder, "
      "clean\n"
      "                                    and under noise, blur, contrast and JPEG (3 "
      "severities)\n"
      "                                    (--dataset SPEC, --bank 2000, --queries 1000, --seed "
      "S)\n"
      "  rcmae finetune --checkpoint FILE [--which teacher|student|scratch] [--out DIR]\n"
      "  rcmae finetune --init-from model.pth [model options] --out DIR\n"
      "                                    encoder + linear head trained end to end on labelled\n"
      "                                    images; test top-1 appended to finetune.csv\n"
      "                                    (--recipe quick: the defaults below; --recipe full:\n"
      "                                    25 epochs of all 60,000 images, --keep-tokens 0.5,\n"
      "                                    scratch of the research shape; flags override a\n"
      "                                    recipe) (--epochs 5,\n"
      "                                    --train-images 10000, --test-images 10000, --batch "
      "128,\n"
      "                                    --lr 1e-3, --layer-decay 0.75 (1 from scratch),\n"
      "                                    --weight-decay 0.05, --warmup-epochs 1,\n"
      "                                    --label-smoothing 0.1, --max-shift 2, --no-flip, --seed "
      "S,\n"
      "                                    --pool mean|cls, --keep-tokens F (training steps see a\n"
      "                                    random fraction F of the patches; 1), --drop-path P\n"
      "                                    (stochastic depth, P at the last block; 0),\n"
      "                                    --step-workers N\n"
      "                                    (a step split over N single-threaded workers; 0: one\n"
      "                                    per thread); --save-model\n"
      "                                    FILE.pth: the model for PyTorch (MAE models_vit\n"
      "                                    names) + FILE.json)\n"
      "  rcmae fork RUN_DIR --arm NAME:SETTING=VALUE[,...] [--arm ...] (--steps N | --time-budget "
      "S)\n"
      "             [--at latest|STEP] [--repeats R] [--threads N] [--parallel P] [--quiet]\n"
      "             --out DIR\n"
      "                                    continue one saved state as arms that share every "
      "random\n"
      "                                    number (a control arm always runs); each arm vs "
      "control per\n"
      "                                    metric with a 95%% CI and a verdict in "
      "DIR/comparison.json;\n"
      "                                    settings: mask-ratio, mask-strategy, momentum, gamma "
      "(0: MAE),\n"
      "                                    base-lr; --parallel: arms trained at once (default:\n"
      "                                    one per thread; --threads is the total)\n"
      "  rcmae compare --paired RUN_A RUN_B   B against A item by item on the held-out set, "
      "with CIs\n"
      "  rcmae compare --finetune DIR      fine-tunes in DIR/<arm>-seed<N>: top-1 per arm, each "
      "difference\n"
      "                                    paired by seed and test image, with its 95%% CI "
      "(bench/lunch_hour.sh)\n"
      "  rcmae launch --nproc N [--master-port P] -- TRAIN_OPTIONS\n"
      "                                    N local data-parallel ranks of `rcmae train` "
      "(docs/DISTRIBUTED.md)\n"
      "  rcmae sweep --grid AXIS=V1,V2,... [--grid ...] [--random N] [--early-stop] --steps N\n"
      "              [train options] --out DIR     one run per point in DIR (docs/SWEEPS.md)\n"
      "  rcmae sweep --resume DIR                  continue an interrupted sweep\n"
      "  rcmae sweep --report DIR [--metric M] [--x AXIS --y AXIS]\n"
      "                                    the table; heat map as DIR/heatmap.png and .svg\n"
      "  rcmae --version | --help\n\n"
      "%s\n%s\n"
      "train: --out DIR (default runs/MODE-PRESET), --quiet, --log-every N,\n"
      "       --checkpoint-every N (DIR/checkpoint.ckpt every N steps; always written at the "
      "end),\n"
      "       --checkpoint-every-s S (also after every S s of training time, longer if a save\n"
      "       would cost over 2 %% of it; 60, 0 = off),\n"
      "       --stop-at N stops after step N of the --steps schedule (resume later);\n"
      "       SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops after the step in progress with a\n"
      "       checkpoint (exit code 128 + signal; a second signal ends it at once),\n"
      "       --resume DIR/checkpoint.ckpt [--steps N] continues a run where it stopped; its\n"
      "       config wins: a training flag with another value is refused, except --mask-ratio,\n"
      "       --mask-strategy, --momentum, --gamma, --base-lr (live changes) and --threads,\n"
      "       --workers, --device, --kernels (applied)\n"
      "bench: --steps N timed steps (20), --warmup N (3), --data-only (input pipeline alone),\n"
      "       --kernels-alone (attention, MLP and AdamW kernels alone, fused vs stock ATen,\n"
      "       --steps rounds), --vs-kernels K (whole steps, --kernels against K alternating\n"
      "       step by step in one process, --steps pairs),\n"
      "       --profile TRACE.json (profile the timed steps; bench/profile_summary.py reads it),\n"
      "       --grad-sim-every K (reports the cost of the gradient diagnostics);\n"
      "       --learning: --out DIR (runs/learning-RECIPE), --eval-every S (held-out\n"
      "       reconstruction every S s of training, 5), --probe-every S (kNN and probe, "
      "budget/6),\n"
      "       --modes mae,rcmae (default both)\n"
      "sweep: axes mask-ratio, momentum, gamma, base-lr, mode, seed, mask-strategy;\n"
      "       --repeats R trains every point at R seeds (--seed, +1, ...): the report gives "
      "each\n"
      "       cell's mean over seeds and its difference from the best with a 95%% CI;\n"
      "       --random N draws N points\n"
      "       (--random-seed S, default --seed; AXIS=LO:HI ranges allowed), --early-stop (median\n"
      "       rule; --early-stop-warmup F, --early-stop-every N, --early-stop-min-points K),\n"
      "       --checkpoint-every N, --max-points N, --quiet; Ctrl-C checkpoints and stops;\n"
      "       report --metric M: auto (default: probe, else kNN, else rec-nmse from quality.csv),\n"
      "       probe, final-knn, best-knn, rec-nmse, final-loss, final-loss-rec\n",
      RCMAE_VERSION, rcmae::cli::train_options_help(), rcmae::cli::dist_options_help());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::printf("rcmae %s\n", RCMAE_VERSION);
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  // launch forwards everything after "--" to its ranks, --help included.
  if (command == "launch") {
    try {
      return rcmae::cli::run_launch(args);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "rcmae launch: error: %s\n", error.what());
      return 2;
    }
  }
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      print_help();
      return 0;
    }
  try {
    if (command == "train") return rcmae::cli::run_train(args);
    if (command == "bench") return rcmae::cli::run_bench(args);
    if (command == "compare") return rcmae::cli::run_compare(args);
    if (command == "export") return rcmae::cli::run_export(args);
    if (command == "eval") return rcmae::cli::run_eval(args);
    if (command == "finetune") return rcmae::cli::run_finetune(args);
    if (command == "fork") return rcmae::cli::run_fork_command(args);
    if (command == "fork-arm") return rcmae::cli::run_fork_arm_command(args);
    if (command == "import") return rcmae::cli::run_import(args);
    if (command == "sweep") return rcmae::cli::run_sweep(args);
    std::fprintf(stderr, "rcmae: unknown command '%s' (see rcmae --help)\n", command.c_str());
    return 2;
  } catch (const rcmae::cli::UsageError& error) {
    std::fprintf(stderr, "rcmae %s: error: %s\n", command.c_str(), error.what());
    return 2;
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "rcmae %s: error: %s\n", command.c_str(), error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "rcmae %s: error: %s\n", command.c_str(), error.what());
    return 1;
  }
}
