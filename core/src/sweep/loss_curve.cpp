#include "rcmae/sweep/loss_curve.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace rcmae {
namespace fs = std::filesystem;

namespace {

int64_t leading_step(const std::string& row) { return std::strtoll(row.c_str(), nullptr, 10); }

int column_index(const std::string& header, const std::string& name) {
  std::stringstream cells(header);
  int index = 0;
  for (std::string cell; std::getline(cells, cell, ','); ++index)
    if (cell == name) return index;
  return -1;
}

double cell_at(const std::string& row, int index) {
  std::stringstream cells(row);
  std::string cell;
  for (int i = 0; i <= index; ++i)
    if (!std::getline(cells, cell, ',')) return std::nan("");
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() ? std::nan("") : value;
}

}  // namespace

LossCurve read_loss_curve(const fs::path& metrics_csv, const std::string& column) {
  std::ifstream in(metrics_csv);
  LossCurve curve;
  std::string line;
  if (!in || !std::getline(in, line)) return curve;
  const int loss_column = column_index(line, column);
  if (loss_column < 0) throw std::runtime_error(metrics_csv.string() + ": no " + column + " column");
  while (std::getline(in, line)) {
    const int64_t step = leading_step(line);
    if (step <= 0) continue;
    if (curve.size() < size_t(step)) curve.resize(size_t(step), std::nan(""));
    curve[size_t(step - 1)] = cell_at(line, loss_column);
  }
  return curve;
}

}  // namespace rcmae
