#include "rcmae/io/run_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace rcmae {
namespace fs = std::filesystem;

namespace {

// A CSV with a header row, as columns of numbers (empty cells become NaN).
std::map<std::string, std::vector<double>> read_csv(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  std::string line;
  std::vector<std::string> header;
  if (std::getline(in, line)) {
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) header.push_back(cell);
  }
  std::map<std::string, std::vector<double>> columns;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string cell;
    for (size_t i = 0; i < header.size(); ++i) {
      if (!std::getline(cells, cell, ',')) cell.clear();
      char* end = nullptr;
      const double value = std::strtod(cell.c_str(), &end);
      columns[header[i]].push_back(cell.empty() || end == cell.c_str() ? std::nan("") : value);
    }
  }
  return columns;
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

void read_knn(const fs::path& file, RunSummary& s) {
  if (!fs::exists(file)) return;
  auto columns = read_csv(file);
  const auto& teacher = columns["teacher_knn"];
  const auto& student = columns["student_knn"];
  for (size_t i = 0; i < student.size(); ++i) {
    const double score = (i < teacher.size() && !std::isnan(teacher[i])) ? teacher[i] : student[i];
    s.final_knn = score;
    s.final_student_knn = student[i];
    if (std::isnan(s.best_knn) || score > s.best_knn) s.best_knn = score;
  }
}

void read_probe(const fs::path& file, RunSummary& s) {
  if (!fs::exists(file)) return;
  const auto accuracies = read_csv(file)["probe_acc"];
  if (!accuracies.empty()) s.probe_acc = accuracies.back();
}

std::string cell(double value, const char* format) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

}  // namespace

RunSummary summarize_run(const fs::path& folder) {
  const fs::path config_file = folder / "config.json";
  if (!fs::exists(config_file))
    throw std::runtime_error(folder.string() + ": not a run folder (no config.json)");
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
  auto metrics = read_csv(folder / "metrics.csv");
  s.steps = int64_t(metrics["step"].size());
  s.final_loss = tail_mean(metrics["loss"]);
  s.final_loss_rec = tail_mean(metrics["loss_rec"]);
  s.images_per_s = median(metrics["images_per_s"]);
  read_knn(folder / "knn.csv", s);
  read_probe(folder / "probe.csv", s);
  return s;
}

std::string format_comparison(const std::vector<RunSummary>& runs) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-24s %-8s %-6s %6s %6s %7s %10s %10s %8s %8s %8s %8s\n", "run",
                "mode", "preset", "mask", "m", "steps", "loss", "loss_rec", "kNN", "best kNN",
                "probe", "img/s");
  out << line;
  for (const auto& r : runs) {
    std::snprintf(line, sizeof line, "%-24.24s %-8s %-6s %6s %6s %7lld %10s %10s %8s %8s %8s %8s\n",
                  r.name.c_str(), r.mode.c_str(), r.preset.c_str(),
                  cell(r.mask_ratio, "%.2f").c_str(), cell(r.momentum, "%.4f").c_str(),
                  static_cast<long long>(r.steps), cell(r.final_loss, "%.4f").c_str(),
                  cell(r.final_loss_rec, "%.4f").c_str(), cell(100 * r.final_knn, "%.1f%%").c_str(),
                  cell(100 * r.best_knn, "%.1f%%").c_str(), cell(100 * r.probe_acc, "%.1f%%").c_str(),
                  cell(r.images_per_s, "%.0f").c_str());
    out << line;
  }
  return out.str();
}

}  // namespace rcmae
