#include "rcmae/run/paired_items.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "rcmae/run/run_files.h"

namespace rcmae::run {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader = "metric,item,numerator,denominator";

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

[[noreturn]] void bad_line(const fs::path& file, int line, const std::string& why) {
  throw std::runtime_error(file.string() + ", line " + std::to_string(line) + ": " + why);
}

double parse_number(const std::string& cell, const fs::path& file, int line) {
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  if (cell.empty() || end != cell.c_str() + cell.size() || errno == ERANGE)
    bad_line(file, line, "'" + cell + "' is not a number");
  return value;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells(1);
  for (char c : line) {
    if (c == ',')
      cells.emplace_back();
    else if (c != '\r')
      cells.back() += c;
  }
  return cells;
}

}  // namespace

void write_paired_items(const fs::path& file, const std::vector<MetricItems>& items) {
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << kHeader << '\n';
    for (const MetricItems& metric : items) {
      if (metric.numerator.size() != metric.denominator.size())
        throw std::runtime_error(file.string() + ": " + metric.metric +
                                 " has unequal numerator and denominator counts");
      for (size_t i = 0; i < metric.numerator.size(); ++i)
        out << metric.metric << ',' << i << ',' << number(metric.numerator[i]) << ','
            << number(metric.denominator[i]) << '\n';
    }
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot write (disk full?)");
  }
  std::error_code error;
  fs::rename(temporary, file, error);
  if (error) throw std::runtime_error(file.string() + ": cannot write: " + error.message());
}

std::vector<MetricItems> read_paired_items(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": no such file (a run writes it at its end)");
  std::string line;
  if (!std::getline(in, line) || split(line) != split(kHeader))
    bad_line(file, 1, std::string("expected the header '") + kHeader + "'");
  std::vector<MetricItems> items;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line == "\r") continue;
    const auto cells = split(line);
    if (cells.size() != 4 || cells[0].empty()) bad_line(file, line_number, "expected 4 cells");
    MetricItems* metric = nullptr;
    for (auto& m : items)
      if (m.metric == cells[0]) metric = &m;
    if (!metric) {
      items.push_back({cells[0], {}, {}});
      metric = &items.back();
    }
    const double index = parse_number(cells[1], file, line_number);
    if (index != double(metric->numerator.size()))
      bad_line(file, line_number,
               cells[0] + " item " + cells[1] + " out of order (expected " +
                   std::to_string(metric->numerator.size()) + ")");
    metric->numerator.push_back(parse_number(cells[2], file, line_number));
    metric->denominator.push_back(parse_number(cells[3], file, line_number));
  }
  return items;
}

const MetricItems* find_metric(const std::vector<MetricItems>& items, const std::string& name) {
  for (const auto& metric : items)
    if (metric.metric == name) return &metric;
  return nullptr;
}

void write_step_items(const fs::path& run_folder, int64_t step,
                      const std::vector<MetricItems>& items) {
  const fs::path folder = run_folder / run_files::kStepItems;
  fs::create_directories(folder);
  write_paired_items(folder / run_files::step_items_name(step), items);
}

std::vector<int64_t> steps_with_items(const fs::path& run_folder) {
  std::vector<int64_t> steps;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(run_folder / run_files::kStepItems, error)) {
    const std::string name = entry.path().filename().string();
    long long step = 0;
    char rest = 0;
    // "step_00000320.csv" exactly: a ".tmp" being written, or anything else, is not a step.
    if (std::sscanf(name.c_str(), "step_%lld.cs%c", &step, &rest) == 2 && rest == 'v' &&
        name == run_files::step_items_name(step))
      steps.push_back(step);
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

std::vector<MetricItems> read_step_items(const fs::path& run_folder, int64_t step) {
  return read_paired_items(run_folder / run_files::kStepItems / run_files::step_items_name(step));
}

}  // namespace rcmae::run
