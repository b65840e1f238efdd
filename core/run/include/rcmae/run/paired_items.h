#pragma once
// A run's final measurement kept item by item: every held-out image's reconstruction error and
// whether every query was classified right, by the student and by the teacher. Runs that share
// the held-out set (every run on one dataset: fixed images, fixed masks, fixed queries) can
// then be compared pair by pair (stats/paired_difference.h), which is far more sensitive than
// comparing two averages: the items' own difficulty cancels.
//
// paired_items.csv: `metric,item,numerator,denominator`, one row per item; the metric's value
// is sum(numerator) / sum(denominator) over its rows (rec_nmse: squared error of the image's
// hidden pixels over that of filling them with its mean visible pixel; knn / probe: 1 when the
// query was classified right, over 1). Numbers are written with 17 significant digits, so a
// file read back holds exactly the doubles that were written.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rcmae::run {

struct MetricItems {
  std::string metric;  // e.g. "teacher_rec_nmse", "student_knn", "teacher_probe"
  std::vector<double> numerator;
  std::vector<double> denominator;
};

// Writes `file` atomically (temporary file, rename). Throws std::runtime_error naming the file.
void write_paired_items(const std::filesystem::path& file, const std::vector<MetricItems>& items);

// Metrics in the order they first appear. Throws std::runtime_error naming the file and the
// line for a missing file, a wrong header or a row that is not `name,index,number,number` with
// the items of each metric numbered 0, 1, 2, ... in order.
std::vector<MetricItems> read_paired_items(const std::filesystem::path& file);

// A run's items at one step of its training (run_files::kStepItems): written as
// write_paired_items writes, so a reader never sees half a file.
void write_step_items(const std::filesystem::path& run_folder, int64_t step,
                      const std::vector<MetricItems>& items);
// The steps with items in `run_folder` (ascending; empty when there are none).
std::vector<int64_t> steps_with_items(const std::filesystem::path& run_folder);
std::vector<MetricItems> read_step_items(const std::filesystem::path& run_folder, int64_t step);

// The metric named `name`, or nullptr.
const MetricItems* find_metric(const std::vector<MetricItems>& items, const std::string& name);

}  // namespace rcmae::run
