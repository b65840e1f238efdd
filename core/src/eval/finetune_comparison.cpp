#include "rcmae/eval/finetune_comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>
#include <stdexcept>

#include "rcmae/run/csv_tail.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"

namespace rcmae {
namespace {

constexpr const char* kItemsSuffix = "_finetune_top1";  // finetune_items_metric's

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// metrics.csv's last wall_s: the pretraining's training time; 0 without a pretraining.
double pretraining_s(const std::filesystem::path& folder) {
  run::CsvTail metrics(folder / run_files::kMetrics);
  metrics.keep_only({"wall_s"});
  metrics.poll();
  const auto& wall = metrics.column("wall_s");
  return wall.empty() || !std::isfinite(wall.back()) ? 0.0 : wall.back();
}

// The epochs and training time of the last finetune.csv row of `start`.
void read_finetune_row(const std::filesystem::path& folder, const std::string& start,
                       FinetuneReplicate& replicate) {
  run::CsvTail csv(folder / run_files::kFinetune);
  csv.keep_only({"epochs", "train_s"});
  csv.keep_text({"init"});
  csv.poll();
  const auto& init = csv.text("init");
  const auto& epochs = csv.column("epochs");
  const auto& train_s = csv.column("train_s");
  for (size_t row = init.size(); row-- > 0;) {
    if (init[row] != start || row >= epochs.size() || row >= train_s.size()) continue;
    replicate.epochs = std::isfinite(epochs[row]) ? int(epochs[row]) : 0;
    if (std::isfinite(train_s[row])) replicate.budget_s += train_s[row];
    return;
  }
}

void add_replicates(const std::filesystem::path& folder, const std::string& arm, int seed,
                    std::map<std::string, FinetuneArm>& arms) {
  const auto file = folder / run_files::kFinetuneItems;
  if (!std::filesystem::exists(file)) return;
  for (auto& metric : run::read_paired_items(file)) {
    if (!ends_with(metric.metric, kItemsSuffix)) continue;
    const std::string start =
        metric.metric.substr(0, metric.metric.size() - std::string(kItemsSuffix).size());
    FinetuneReplicate replicate;
    replicate.items = {std::move(metric.numerator), std::move(metric.denominator)};
    replicate.top1 = replicate.items.value();
    // A from-scratch fine-tune beside a pretrained run's files did not use its pretraining.
    replicate.budget_s = start == "scratch" ? 0.0 : pretraining_s(folder);
    read_finetune_row(folder, start, replicate);
    const std::string name = start == arm ? arm : arm + " " + start;
    arms[name].name = name;
    arms[name].seeds[seed] = std::move(replicate);
  }
}

std::string points(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.2f", 100 * fraction);
  return text;
}

double sd_of_top1(const FinetuneArm& arm) {
  if (arm.seeds.size() < 2) return NAN;
  const double mean = arm.mean_top1();
  double squares = 0;
  for (const auto& [seed, r] : arm.seeds) squares += (r.top1 - mean) * (r.top1 - mean);
  return std::sqrt(squares / double(arm.seeds.size() - 1));
}

}  // namespace

double FinetuneArm::mean_top1() const {
  if (seeds.empty()) return NAN;
  double sum = 0;
  for (const auto& [seed, r] : seeds) sum += r.top1;
  return sum / double(seeds.size());
}

std::vector<FinetuneArm> find_finetune_arms(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder))
    throw std::runtime_error(folder.string() + ": not a folder");
  static const std::regex arm_and_seed("(.+)-seed([0-9]+)");
  std::map<std::string, FinetuneArm> by_name;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    std::smatch match;
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || !std::regex_match(name, match, arm_and_seed)) continue;
    add_replicates(entry.path(), match[1].str(), std::stoi(match[2].str()), by_name);
  }
  if (by_name.empty())
    throw std::runtime_error(folder.string() + ": no <arm>-seed<N> subfolder with a fine-tune's " +
                             run_files::kFinetuneItems);
  std::vector<FinetuneArm> arms;
  for (auto& [name, arm] : by_name) arms.push_back(std::move(arm));
  std::stable_sort(arms.begin(), arms.end(), [](const FinetuneArm& a, const FinetuneArm& b) {
    return a.mean_top1() > b.mean_top1();
  });
  return arms;
}

FinetuneArmDifference compare_finetune_arms(const FinetuneArm& arm, const FinetuneArm& control) {
  std::vector<stats::ItemScores> a, c;
  for (const auto& [seed, replicate] : arm.seeds) {
    const auto other = control.seeds.find(seed);
    if (other == control.seeds.end()) continue;
    a.push_back(replicate.items);
    c.push_back(other->second.items);
  }
  if (a.empty()) throw std::invalid_argument(arm.name + " and " + control.name + " share no seed");
  FinetuneArmDifference compared;
  compared.arm = arm.name;
  compared.control = control.name;
  compared.difference = stats::paired_difference(a, c, stats::Direction::HigherIsBetter);
  return compared;
}

std::vector<FinetuneArmDifference> compare_all_finetune_arms(const std::vector<FinetuneArm>& arms) {
  std::vector<FinetuneArmDifference> differences;
  for (size_t i = 0; i < arms.size(); ++i)
    for (size_t j = i + 1; j < arms.size(); ++j) {
      try {
        differences.push_back(compare_finetune_arms(arms[i], arms[j]));
      } catch (const std::invalid_argument& e) {
        // No seed in common, or other test images: nothing to pair; the table shows both.
        FinetuneArmDifference unpaired;
        unpaired.arm = arms[i].name;
        unpaired.control = arms[j].name;
        unpaired.not_compared = e.what();
        differences.push_back(std::move(unpaired));
      }
    }
  return differences;
}

std::string format_finetune_arms(const std::vector<FinetuneArm>& arms,
                                 const std::vector<FinetuneArmDifference>& differences) {
  std::string out =
      "| arm | seeds | epochs | budget (min) | top-1 per seed (%) | mean +- sd (%) |\n"
      "|---|---|---|---|---|---|\n";
  char line[512];
  for (const auto& arm : arms) {
    std::string seeds, per_seed;
    std::set<int> epochs;
    double budget = 0;
    for (const auto& [seed, r] : arm.seeds) {
      const std::string sep = seeds.empty() ? "" : ", ";
      seeds += sep + std::to_string(seed);
      per_seed += sep + points(r.top1).substr(1);
      epochs.insert(r.epochs);
      budget += r.budget_s;
    }
    std::string epoch_list;
    for (int e : epochs) epoch_list += (epoch_list.empty() ? "" : ",") + std::to_string(e);
    const double sd = sd_of_top1(arm);
    std::snprintf(line, sizeof line, "| %s | %s | %s | %.1f | %s | %.2f%s |\n", arm.name.c_str(),
                  seeds.c_str(), epoch_list.c_str(), budget / 60 / double(arm.seeds.size()),
                  per_seed.c_str(), 100 * arm.mean_top1(),
                  std::isnan(sd) ? "" : (" +- " + points(sd).substr(1)).c_str());
    out += line;
  }
  out += "\n";
  for (const auto& d : differences) {
    if (!d.not_compared.empty()) {
      out += d.arm + " vs " + d.control + ": not compared (" + d.not_compared + ")\n";
      continue;
    }
    const auto& p = d.difference;
    std::snprintf(line, sizeof line, "%s - %s: %s points (95 %% %s to %s): %s [%s]\n",
                  d.arm.c_str(), d.control.c_str(), points(p.diff).c_str(),
                  points(p.ci_low).c_str(), points(p.ci_high).c_str(),
                  stats::to_string(p.verdict).c_str(), p.method.c_str());
    out += line;
  }
  return out;
}

}  // namespace rcmae
