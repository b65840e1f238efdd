#include "rcmae/run/csv_tail.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

namespace rcmae::run {
namespace fs = std::filesystem;
namespace {

// The inode tells a replaced file (a new file renamed over the old one) from a grown one.
uint64_t inode_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return uint64_t(info.st_ino);
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// Cells split at commas outside double quotes; a quoted cell (finetune.csv's source path,
// which may hold commas) loses its quotes and reads "" as one quote.
std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') {
      cell += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(trimmed(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(trimmed(cell));  // a trailing comma gives a last empty cell
  return cells;
}

// The whole cell must be a number: "0.5x" is as unmeasured as "".
double number(const std::string& cell) {
  if (cell.empty()) return std::nan("");
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size() ? value : std::nan("");
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

CsvTail::CsvTail(fs::path file) : path_(std::move(file)) {}

void CsvTail::reset() {
  exists_ = false;
  offset_ = 0;
  inode_ = 0;
  header_.clear();
  number_index_.clear();
  text_index_.clear();
  numbers_.clear();
  texts_.clear();
  rows_ = 0;
}

bool CsvTail::has_column(const std::string& name) const { return listed(header_, name); }

const std::vector<double>& CsvTail::column(const std::string& name) const {
  static const std::vector<double> none;
  const auto it = numbers_.find(name);
  return it == numbers_.end() ? none : it->second;
}

const std::vector<std::string>& CsvTail::text(const std::string& name) const {
  static const std::vector<std::string> none;
  const auto it = texts_.find(name);
  return it == texts_.end() ? none : it->second;
}

bool CsvTail::file_was_replaced(uint64_t size) const {
  if (size < offset_) return true;  // truncated, or a shorter new file
  return inode_ != 0 && inode_of(path_) != inode_;
}

int CsvTail::poll() {
  std::error_code error;
  const uintmax_t size = fs::file_size(path_, error);
  std::ifstream in(path_, std::ios::binary);
  if (error || !in) {
    exists_ = false;  // not there (yet): a run just starting, or a file it never writes
    return 0;
  }
  exists_ = true;
  bool restarted = false;
  if (file_was_replaced(size)) {
    reset();
    exists_ = true;
    restarted = true;
  }
  if (inode_ == 0) inode_ = inode_of(path_);
  if (size == offset_) return restarted ? -1 : 0;
  in.seekg(std::streamoff(offset_));
  std::string chunk(size - offset_, '\0');
  in.read(chunk.data(), std::streamsize(chunk.size()));
  chunk.resize(size_t(in.gcount()));
  // Only complete lines: the writer may be in the middle of one.
  const size_t end = chunk.rfind('\n');
  if (end == std::string::npos) return restarted ? -1 : 0;
  const int64_t before = rows_;
  for (size_t start = 0; start <= end;) {
    const size_t newline = chunk.find('\n', start);
    const std::string line = chunk.substr(start, newline - start);
    start = newline + 1;
    if (trimmed(line).empty()) continue;
    if (header_.empty())
      parse_header(split_cells(line));
    else
      parse_row(split_cells(line));
  }
  offset_ += end + 1;
  return restarted ? -1 : int(rows_ - before);
}

void CsvTail::parse_header(const std::vector<std::string>& cells) {
  header_ = cells;
  for (size_t i = 0; i < header_.size(); ++i) {
    const std::string& name = header_[i];
    if (kept_.empty() || listed(kept_, name)) {
      number_index_.push_back(int(i));
      numbers_[name];
    }
    if (all_text_ || listed(text_kept_, name)) {
      text_index_.push_back(int(i));
      texts_[name];
    }
  }
}

void CsvTail::parse_row(const std::vector<std::string>& cells) {
  static const std::string empty;
  for (int i : number_index_)
    numbers_[header_[i]].push_back(size_t(i) < cells.size() ? number(cells[i]) : std::nan(""));
  for (int i : text_index_)
    texts_[header_[i]].push_back(size_t(i) < cells.size() ? cells[i] : empty);
  ++rows_;
}

}  // namespace rcmae::run
