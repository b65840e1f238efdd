#include "rcmae/run/run_summary.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "rcmae/run/run_files.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace run {

double tail_mean(const std::vector<double>& values) {
  if (values.empty()) return std::nan("");
  const size_t count = std::max<size_t>(1, values.size() / 10);
  double sum = 0;
  for (size_t i = values.size() - count; i < values.size(); ++i) sum += values[i];
  return sum / double(count);
}

// Measurements are sparse (kNN and probe only on some rows): the last value is the last
// row that measured it, not the last row.
QualityMeasure measure(const std::vector<double>& values, bool higher_is_better) {
  QualityMeasure m;
  for (double v : values) {
    if (std::isnan(v)) continue;
    m.last = v;
    if (std::isnan(m.best) || (higher_is_better ? v > m.best : v < m.best)) m.best = v;
  }
  return m;
}

double last_measured(const std::vector<double>& values) { return measure(values, true).last; }

namespace {

// Per row: `preferred` where it was measured, else `fallback` (the teacher, else the student).
std::vector<double> preferred_per_row(const std::vector<double>& preferred,
                                      const std::vector<double>& fallback) {
  std::vector<double> values = fallback;
  for (size_t i = 0; i < values.size() && i < preferred.size(); ++i)
    if (!std::isnan(preferred[i])) values[i] = preferred[i];
  return values;
}

}  // namespace

std::vector<double> knn_scores(const CsvTail& knn) {
  return preferred_per_row(knn.column("teacher_knn"), knn.column("student_knn"));
}

std::vector<double> evaluated_series(const CsvTail& quality, const std::string& measure) {
  return preferred_per_row(quality.column("teacher_" + measure),
                           quality.column("student_" + measure));
}

}  // namespace run

namespace {

double median(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double first_measured(double preferred, double fallback) {
  return std::isnan(preferred) ? fallback : preferred;
}

void summarize_metrics(const run::CsvTail& metrics, RunSummary& s) {
  s.steps = int64_t(metrics.row_count());
  s.final_loss = run::tail_mean(metrics.column("loss"));
  s.final_loss_rec = run::tail_mean(metrics.column("loss_rec"));
  s.images_per_s = median(metrics.column("images_per_s"));
}

void summarize_knn(const run::CsvTail& knn, RunSummary& s) {
  const std::vector<double> scores = run::knn_scores(knn);
  if (scores.empty()) return;
  s.final_knn = scores.back();
  s.best_knn = run::measure(scores, /*higher_is_better=*/true).best;
  s.final_student_knn = knn.column("student_knn").back();
}

// quality.csv; absent in older runs, which then summarise from the other files alone.
void summarize_quality(const run::CsvTail& quality, RunSummary& s) {
  const auto& steps = quality.column("step");
  if (steps.empty()) return;
  s.quality_rows = int64_t(steps.size());
  s.quality_step = int64_t(steps.back());
  const auto& train_s = quality.column("train_s");
  if (!train_s.empty()) s.quality_train_s = train_s.back();
  // The teacher is what RC-MAE is evaluated by; MAE has only its student.
  s.rec_nmse = run::measure(run::evaluated_series(quality, "nmse"), /*higher_is_better=*/false);
  s.student_nmse = run::measure(quality.column("student_nmse"), false);
  s.teacher_knn = run::measure(quality.column("teacher_knn"), true);
  s.student_knn = run::measure(quality.column("student_knn"), true);
  s.teacher_probe = run::measure(quality.column("teacher_probe"), true);
  s.student_probe = run::measure(quality.column("student_probe"), true);
  s.pixel_knn = run::last_measured(quality.column("pixel_knn"));
  s.pixel_probe = run::last_measured(quality.column("pixel_probe"));
}

void summarize_robustness(const run::CsvTail& robustness, RunSummary& s) {
  const auto& corruption = robustness.text("corruption");
  const auto& knn = robustness.column("knn_acc");
  s.robustness_rows = robustness.row_count();
  double sum = 0;
  int counted = 0;
  for (size_t i = 0; i < corruption.size() && i < knn.size(); ++i) {
    if (corruption[i] == "clean") {
      s.robustness_clean_knn = knn[i];
    } else if (!std::isnan(knn[i])) {
      sum += knn[i];
      ++counted;
    }
  }
  if (counted > 0) s.robustness_corrupted_knn = sum / counted;
}

void summarize_finetune(const run::CsvTail& finetune, RunSummary& s) {
  s.finetune_rows = finetune.row_count();
  s.finetune_top1 = best_finetune_top1(finetune);
}

std::string folder_name(const fs::path& folder) {
  const fs::path absolute = fs::absolute(folder).lexically_normal();
  const std::string name = absolute.filename().string();
  return name.empty() ? absolute.parent_path().filename().string() : name;  // "runs/a/"
}

std::string cell(double value, const char* format) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string percent(double fraction) { return cell(100 * fraction, "%.1f%%"); }

}  // namespace

double RunSummary::knn() const {
  if (has_quality()) return first_measured(teacher_knn.last, student_knn.last);
  return final_knn;
}

double RunSummary::probe() const {
  if (has_quality()) return first_measured(teacher_probe.last, student_probe.last);
  return probe_acc;
}

double RunSummary::knn_vs_pixels() const {
  return has_quality() ? 100 * (knn() - pixel_knn) : std::nan("");
}

double RunSummary::probe_vs_pixels() const {
  return has_quality() ? 100 * (probe() - pixel_probe) : std::nan("");
}

std::map<std::string, double> best_finetune_top1(const run::CsvTail& finetune) {
  const auto& init = finetune.text("init");
  const auto& top1 = finetune.column("top1");
  std::map<std::string, double> best_of;
  for (size_t i = 0; i < init.size() && i < top1.size(); ++i) {
    if (std::isnan(top1[i])) continue;
    auto [best, added] = best_of.emplace(init[i], top1[i]);
    if (!added) best->second = std::max(best->second, top1[i]);
  }
  return best_of;
}

RunSummary summarize(const run::RunRecord& record) {
  RunSummary s;
  s.name = folder_name(record.folder());
  const run::RunConfigFacts& config = record.config();
  s.mode = config.mode;
  s.dataset = config.dataset;
  s.preset = config.preset;
  s.mask_ratio = config.mask_ratio;
  // MAE has no teacher, so its momentum setting means nothing.
  if (s.mode != "mae") s.momentum = config.momentum;
  summarize_metrics(record.metrics(), s);
  summarize_knn(record.knn(), s);
  s.probe_acc = run::last_measured(record.probe().column("probe_acc"));
  summarize_quality(record.quality(), s);
  summarize_robustness(record.robustness(), s);
  summarize_finetune(record.finetune(), s);
  return s;
}

RunSummary summarize_run(const fs::path& folder) {
  run::RunRecord record(folder);
  record.poll();
  if (!record.config_error().empty()) throw std::runtime_error(record.config_error());
  if (!record.has_config())
    throw std::runtime_error(folder.string() + ": not a run folder (no " + run_files::kConfig +
                             ")");
  if (!record.metrics().exists())
    throw std::runtime_error((folder / run_files::kMetrics).string() + ": cannot read");
  return summarize(record);
}

// The total loss is left out: RC-MAE's adds the consistency term, so it does not compare
// across modes; loss_rec and the held-out numbers do.
namespace {

// finetune.csv's best top-1 per starting point, one line per run that has any; nothing when
// no run was fine-tuned.
std::string format_finetune_block(const std::vector<RunSummary>& runs) {
  bool any = false;
  for (const auto& r : runs) any = any || r.finetune_rows > 0;
  if (!any) return {};
  auto top1 = [](const RunSummary& r, const char* init) {
    auto found = r.finetune_top1.find(init);
    return percent(found == r.finetune_top1.end() ? std::nan("") : found->second);
  };
  std::ostringstream out;
  char line[256];
  out << "\nfine-tune test top-1 (finetune.csv, best per start):\n";
  std::snprintf(line, sizeof line, "%-24s %8s %8s %8s %8s\n", "run", "teacher", "student",
                "scratch", "weights");
  out << line;
  for (const auto& r : runs) {
    if (r.finetune_rows == 0) continue;
    std::snprintf(line, sizeof line, "%-24.24s %8s %8s %8s %8s\n", r.name.c_str(),
                  top1(r, "teacher").c_str(), top1(r, "student").c_str(),
                  top1(r, "scratch").c_str(), top1(r, "weights").c_str());
    out << line;
  }
  return out.str();
}

}  // namespace

std::string format_comparison(const std::vector<RunSummary>& runs) {
  std::ostringstream out;
  char line[512];
  const char* header_format =
      "%-24s %-8s %-6s %5s %6s %7s %8s %9s %8s %7s %7s %6s %7s %7s %6s %7s\n";
  std::snprintf(line, sizeof line, header_format, "run", "mode", "preset", "mask", "m", "steps",
                "train_s", "loss_rec", "rec_nmse", "kNN", "px kNN", "vs px", "probe", "px prb",
                "vs px", "img/s");
  out << line;
  for (const auto& r : runs) {
    std::snprintf(line, sizeof line,
                  "%-24.24s %-8s %-6s %5s %6s %7lld %8s %9s %8s %7s %7s %6s %7s %7s %6s %7s\n",
                  r.name.c_str(), r.mode.c_str(), r.preset.c_str(),
                  cell(r.mask_ratio, "%.2f").c_str(), cell(r.momentum, "%.4f").c_str(),
                  static_cast<long long>(r.steps), cell(r.quality_train_s, "%.1f").c_str(),
                  cell(r.final_loss_rec, "%.4f").c_str(), cell(r.rec_nmse.last, "%.3f").c_str(),
                  percent(r.knn()).c_str(), percent(r.pixel_knn).c_str(),
                  cell(r.knn_vs_pixels(), "%+.1f").c_str(), percent(r.probe()).c_str(),
                  percent(r.pixel_probe).c_str(), cell(r.probe_vs_pixels(), "%+.1f").c_str(),
                  cell(r.images_per_s, "%.0f").c_str());
    out << line;
  }
  out << format_finetune_block(runs);
  return out.str();
}

}  // namespace rcmae
