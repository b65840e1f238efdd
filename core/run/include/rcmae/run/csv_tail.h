#pragma once
// The one reader of the CSV files in a run folder (metrics.csv, knn.csv, quality.csv, ...),
// for a run that is finished as much as for one another process is still writing. It reads
// the way `tail -f` does: it remembers the byte offset it has read up to and parses only the
// complete lines that arrived since, so polling a long run every second costs only its new
// rows. A last line without its newline is a row still being written (or torn by a crash):
// it waits. When the file shrinks or is replaced (a run restarted into the same folder, a
// new inode), the rows are read again from the start. Columns are found by header name;
// a cell in double quotes may hold commas.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace rcmae::run {

class CsvTail {
 public:
  explicit CsvTail(std::filesystem::path file = {});

  // Reads what is new. Returns the number of rows added; -1 when the file was truncated or
  // replaced and the rows were read again from the start (check row_count()). A missing
  // file is not an error: nothing is read and exists() is false.
  int poll();
  void reset();
  // Keeps only these columns as numbers (a long run's metrics.csv has 19); empty: all.
  void keep_only(std::vector<std::string> columns) { kept_ = std::move(columns); }
  // Also keeps these columns' cells as text (names such as robustness.csv's corruption);
  // keep_all_text() keeps every column's, for printing a table as written.
  void keep_text(std::vector<std::string> columns) { text_kept_ = std::move(columns); }
  void keep_all_text() { all_text_ = true; }

  const std::filesystem::path& path() const { return path_; }
  bool exists() const { return exists_; }  // as of the last poll
  const std::vector<std::string>& header() const { return header_; }
  bool has_column(const std::string& name) const;
  int64_t row_count() const { return rows_; }
  // A kept column by header name; empty cells and cells that are not numbers are NaN. An
  // empty vector when there is no such column (yet).
  const std::vector<double>& column(const std::string& name) const;
  // A column kept as text (keep_text / keep_all_text); empty when not kept or not there.
  const std::vector<std::string>& text(const std::string& name) const;
  uint64_t offset() const { return offset_; }

 private:
  bool file_was_replaced(uint64_t size) const;
  void parse_header(const std::vector<std::string>& cells);
  void parse_row(const std::vector<std::string>& cells);

  std::filesystem::path path_;
  bool exists_ = false;
  uint64_t offset_ = 0;
  uint64_t inode_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string> kept_, text_kept_;
  bool all_text_ = false;
  std::vector<int> number_index_, text_index_;  // header positions of the columns kept
  std::unordered_map<std::string, std::vector<double>> numbers_;
  std::unordered_map<std::string, std::vector<std::string>> texts_;
  int64_t rows_ = 0;
};

}  // namespace rcmae::run
