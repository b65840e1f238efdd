#include "rcmae/io/run_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>

#include "rcmae/io/run_files.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {

using Columns = std::map<std::string, std::vector<double>>;

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();  // a trailing empty cell
  return cells;
}

double parse_cell(const std::string& cell) {
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  return cell.empty() || end == cell.c_str() ? std::nan("") : value;
}

// A CSV with a header row, as columns of numbers (empty cells become NaN). Only complete
// lines count: every writer ends its rows with a newline, so a last line without one is a
// row another process is still writing (or a crash tore), not a row of NaNs and zeros.
Columns read_csv(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Columns columns;
  std::vector<std::string> header;
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start)) {
    const auto cells = split_cells(text.substr(start, end - start));
    if (header.empty()) {
      header = cells;
      for (const auto& name : header) columns[name];
      continue;
    }
    for (size_t i = 0; i < header.size(); ++i)
      columns[header[i]].push_back(i < cells.size() ? parse_cell(cells[i]) : std::nan(""));
  }
  return columns;
}

const std::vector<double>& column(const Columns& columns, const std::string& name) {
  static const std::vector<double> none;
  const auto it = columns.find(name);
  return it == columns.end() ? none : it->second;
}

double tail_mean(const std::vector<double>& values) {
  if (values.empty()) return std::nan("");
  const size_t count = std::max<size_t>(1, values.size() / 10);
  double sum = 0;
  for (size_t i = values.size() - count; i < values.size(); ++i) sum += values[i];
  return sum / double(count);
}

double median(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double first_measured(double preferred, double fallback) { return std::isnan(preferred) ? fallback : preferred; }

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

void read_knn(const fs::path& file, RunSummary& s) {
  if (!fs::exists(file)) return;
  const Columns columns = read_csv(file);
  const auto& teacher = column(columns, "teacher_knn");
  const auto& student = column(columns, "student_knn");
  for (size_t i = 0; i < student.size(); ++i) {
    const double score = i < teacher.size() ? first_measured(teacher[i], student[i]) : student[i];
    s.final_knn = score;
    s.final_student_knn = student[i];
    if (std::isnan(s.best_knn) || score > s.best_knn) s.best_knn = score;
  }
}

void read_probe(const fs::path& file, RunSummary& s) {
  if (!fs::exists(file)) return;
  const Columns columns = read_csv(file);
  const auto& accuracies = column(columns, "probe_acc");
  if (!accuracies.empty()) s.probe_acc = accuracies.back();
}

// quality.csv; absent in older runs, which then summarise from the other files alone.
void read_quality(const fs::path& file, RunSummary& s) {
  if (!fs::exists(file)) return;
  const Columns columns = read_csv(file);
  const auto& steps = column(columns, "step");
  if (steps.empty()) return;
  s.quality_rows = int64_t(steps.size());
  s.quality_step = int64_t(steps.back());
  const auto& train_s = column(columns, "train_s");
  if (!train_s.empty()) s.quality_train_s = train_s.back();
  // The teacher is what RC-MAE is evaluated by; MAE has only its student.
  const auto& teacher_nmse = column(columns, "teacher_nmse");
  const auto& student_nmse = column(columns, "student_nmse");
  auto at = [](const std::vector<double>& values, size_t i) { return i < values.size() ? values[i] : std::nan(""); };
  std::vector<double> rec(steps.size());
  for (size_t i = 0; i < rec.size(); ++i) rec[i] = first_measured(at(teacher_nmse, i), at(student_nmse, i));
  s.rec_nmse = measure(rec, /*higher_is_better=*/false);
  s.student_nmse = measure(student_nmse, false);
  s.teacher_knn = measure(column(columns, "teacher_knn"), true);
  s.student_knn = measure(column(columns, "student_knn"), true);
  s.teacher_probe = measure(column(columns, "teacher_probe"), true);
  s.student_probe = measure(column(columns, "student_probe"), true);
  s.pixel_knn = last_measured(column(columns, "pixel_knn"));
  s.pixel_probe = last_measured(column(columns, "pixel_probe"));
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

double RunSummary::knn_vs_pixels() const { return has_quality() ? 100 * (knn() - pixel_knn) : std::nan(""); }

double RunSummary::probe_vs_pixels() const {
  return has_quality() ? 100 * (probe() - pixel_probe) : std::nan("");
}

RunSummary summarize_run(const fs::path& folder) {
  const fs::path config_file = folder / run_files::kConfig;
  if (!fs::exists(config_file))
    throw std::runtime_error(folder.string() + ": not a run folder (no " + run_files::kConfig + ")");
  RunSummary s;
  s.name = fs::absolute(folder).lexically_normal().filename().string();
  if (s.name.empty()) s.name = fs::absolute(folder).parent_path().filename().string();
  try {
    std::ifstream in(config_file);
    const auto config = nlohmann::json::parse(in);
    s.mode = config.value("mode", "");
    s.dataset = config.value("dataset", "");
    s.preset = config.value("preset", "");
    s.mask_ratio = config.value("mask_ratio", std::nan(""));
    // MAE has no teacher, so its momentum setting means nothing.
    if (s.mode != "mae") s.momentum = config.value("momentum", std::nan(""));
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(config_file.string() + ": unreadable (" + error.what() + ")");
  }
  const Columns metrics = read_csv(folder / run_files::kMetrics);
  s.steps = int64_t(column(metrics, "step").size());
  s.final_loss = tail_mean(column(metrics, "loss"));
  s.final_loss_rec = tail_mean(column(metrics, "loss_rec"));
  s.images_per_s = median(column(metrics, "images_per_s"));
  read_knn(folder / run_files::kKnn, s);
  read_probe(folder / run_files::kProbe, s);
  read_quality(folder / run_files::kQuality, s);
  return s;
}

// The total loss is left out: RC-MAE's adds the consistency term, so it does not compare
// across modes; loss_rec and the held-out numbers do.
std::string format_comparison(const std::vector<RunSummary>& runs) {
  std::ostringstream out;
  char line[512];
  const char* header_format = "%-24s %-8s %-6s %5s %6s %7s %8s %9s %8s %7s %7s %6s %7s %7s %6s %7s\n";
  std::snprintf(line, sizeof line, header_format, "run", "mode", "preset", "mask", "m", "steps",
                "train_s", "loss_rec", "rec_nmse", "kNN", "px kNN", "vs px", "probe", "px prb",
                "vs px", "img/s");
  out << line;
  for (const auto& r : runs) {
    std::snprintf(line, sizeof line, "%-24.24s %-8s %-6s %5s %6s %7lld %8s %9s %8s %7s %7s %6s %7s %7s %6s %7s\n",
                  r.name.c_str(), r.mode.c_str(), r.preset.c_str(), cell(r.mask_ratio, "%.2f").c_str(),
                  cell(r.momentum, "%.4f").c_str(), static_cast<long long>(r.steps),
                  cell(r.quality_train_s, "%.1f").c_str(), cell(r.final_loss_rec, "%.4f").c_str(),
                  cell(r.rec_nmse.last, "%.3f").c_str(), percent(r.knn()).c_str(),
                  percent(r.pixel_knn).c_str(), cell(r.knn_vs_pixels(), "%+.1f").c_str(),
                  percent(r.probe()).c_str(), percent(r.pixel_probe).c_str(),
                  cell(r.probe_vs_pixels(), "%+.1f").c_str(), cell(r.images_per_s, "%.0f").c_str());
    out << line;
  }
  return out.str();
}

}  // namespace rcmae
