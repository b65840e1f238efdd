#pragma once
// Fine-tunes compared the way the lunch-hour protocol needs (docs/LEARNING.md): several
// starting points ("arms": the RC-MAE teacher, the MAE student, from scratch), each fine-tuned
// with several seeds, all scored on the same test images. Every difference between two arms
// comes with its 95 % interval and a verdict, paired twice over: by seed (the same seed gives
// both arms the same fine-tuning batches and augmentations) and by test image (both arms
// classify the same images, so an image's own difficulty cancels). The statistics are
// stats/paired_difference.h's: a paired bootstrap over images for one seed, the delta method
// that holds both the seed spread and the images' sampling for several.
//
// A folder of arms holds one subfolder per arm and seed, `<arm>-seed<N>` (bench/lunch_hour.sh
// writes rcmae-seed1, mae-seed1, scratch-seed1, ...), each with the fine-tune's
// finetune_items.csv (run/run_files.h) and finetune.csv. Torch-free.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "rcmae/stats/item_scores.h"
#include "rcmae/stats/paired_difference.h"

namespace rcmae {

// One fine-tune of an arm.
struct FinetuneReplicate {
  stats::ItemScores items;  // 1 / 0 per test image: classified right or not
  double top1 = 0;          // items.value()
  int epochs = 0;           // of the fine-tune (finetune.csv); 0 when unknown
  // Pretraining's training time (metrics.csv's last wall_s; 0 from scratch) plus the
  // fine-tune's (finetune.csv's train_s): the budget the arm spent.
  double budget_s = 0;
};

struct FinetuneArm {
  std::string name;  // "<arm> <start>" (e.g. "rcmae teacher"), or "<arm>" when they are equal
  std::map<int, FinetuneReplicate> seeds;
  double mean_top1() const;
};

struct FinetuneArmDifference {
  std::string arm, control;  // arm - control
  stats::PairedDifference difference;
  std::string not_compared;  // why the pair has no difference (no common seed, ...); else ""
};

// The arms found in `folder`, best mean top-1 first. A subfolder whose finetune_items.csv
// holds several starts (a fine-tune of the teacher and one from scratch) gives one arm per
// start. Throws std::runtime_error naming the folder when it holds no fine-tune items, and
// naming the file when one cannot be read.
std::vector<FinetuneArm> find_finetune_arms(const std::filesystem::path& folder);

// arm - control in top-1 points' fraction (0.01 = one point), over the seeds both have.
// Throws std::invalid_argument when they share no seed, or when their items differ in number
// (not scored on the same test images).
FinetuneArmDifference compare_finetune_arms(const FinetuneArm& arm, const FinetuneArm& control);

// Every pair, the better-ranked arm first (so a difference reads as "how much better, and are
// we sure"); a pair that cannot be paired says why in not_compared.
std::vector<FinetuneArmDifference> compare_all_finetune_arms(const std::vector<FinetuneArm>& arms);

// The table for the terminal and the docs (Markdown): per arm its seeds, epochs, budget,
// top-1 per seed and mean ± sd; then each difference with its interval, verdict and how the
// interval was made.
std::string format_finetune_arms(const std::vector<FinetuneArm>& arms,
                                 const std::vector<FinetuneArmDifference>& differences);

}  // namespace rcmae
