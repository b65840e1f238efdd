#include "rcmae/io/run_folder.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "rcmae/io/config_json.h"
#include "rcmae/run/run_files.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {
std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  std::ostringstream out;
  out << std::setprecision(8) << value;
  return out.str();
}

void check_stream(const std::ofstream& stream, const fs::path& file) {
  if (!stream)
    throw std::runtime_error(file.string() + ": cannot write (disk full or no permission?)");
}

// The step a CSV row starts with; -1 for a line that does not start with a number (a torn
// last line of a process that was killed mid-write).
int64_t leading_step(const std::string& line) {
  char* end = nullptr;
  const long long step = std::strtoll(line.c_str(), &end, 10);
  return end != line.c_str() && end && *end == ',' ? step : -1;
}

// Rewrites `file` with its header and the rows of steps <= `step`, atomically (temporary
// file, then rename), so a crash here leaves either the old or the new table. Text after
// the last newline is a torn row and goes too.
void keep_rows_up_to(const fs::path& file, int64_t step) {
  if (!fs::exists(file)) return;
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  std::string kept;
  size_t begin = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', begin)) {
    const std::string line = text.substr(begin, end - begin);
    const int64_t row_step = leading_step(line);
    if (begin == 0 || (row_step >= 0 && row_step <= step)) kept += line + '\n';
    begin = end + 1;
  }
  const fs::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << kept;
    out.flush();
    check_stream(out, temp);
  }
  fs::rename(temp, file);
}

}  // namespace

RunFolder::RunFolder(fs::path path, bool resume) : path_(std::move(path)) {
  std::error_code error;
  fs::create_directories(path_, error);
  if (error)
    throw std::runtime_error(path_.string() + ": cannot create folder: " + error.message());
  const bool append = resume && fs::exists(path_ / run_files::kMetrics);
  const auto mode = append ? std::ios::app : std::ios::trunc;
  metrics_.open(path_ / run_files::kMetrics, mode);
  if (!metrics_) throw std::runtime_error(path_.string() + ": folder is not writable");
  if (!append) {
    metrics_ << metrics_header() << '\n';
    // A new run in an old folder: the evaluation tables of the previous run go with its
    // metrics, or they would be appended to.
    for (const char* table :
         {run_files::kKnn, run_files::kProbe, run_files::kGradGroups, run_files::kQuality})
      fs::remove(path_ / table, error);
  }
  events_.open(path_ / run_files::kEvents, mode);
  check_stream(events_, path_ / run_files::kEvents);
}

void RunFolder::continue_from(int64_t step, const fs::path& checkpoint) {
  // The tables are reopened for appending by the next append_* call (metrics right here).
  metrics_.close();
  knn_.close();
  grad_groups_.close();
  quality_.close();
  for (const char* table : {run_files::kMetrics, run_files::kKnn, run_files::kProbe,
                            run_files::kGradGroups, run_files::kQuality})
    keep_rows_up_to(path_ / table, step);
  metrics_.open(path_ / run_files::kMetrics, std::ios::app);
  check_stream(metrics_, path_ / run_files::kMetrics);
  append_event(
      nlohmann::json{{"step", step}, {"type", "resume"}, {"checkpoint", checkpoint.string()}}
          .dump());
}

const char* RunFolder::metrics_header() {
  return "step,images_seen,loss,loss_rec,loss_cons,lr,momentum,gamma,mask_ratio,step_s,"
         "data_wait_s,images_per_s,wall_s,teacher_distance,cos_c_r,cos_c_r_prev,grad_norm_ratio,"
         "feature_similarity,nn_similarity";
}

const char* RunFolder::quality_header() {
  return "step,train_s,eval_s,student_mse,student_psnr,student_nmse,teacher_mse,teacher_psnr,"
         "teacher_nmse,student_knn,teacher_knn,student_probe,teacher_probe,student_collapse,"
         "teacher_collapse,pixel_knn,pixel_probe";
}

void RunFolder::append_quality(const QualityRecord& q) {
  const fs::path file = path_ / run_files::kQuality;
  if (!quality_.is_open()) {
    const bool fresh = !fs::exists(file);
    quality_.open(file, std::ios::app);
    if (fresh) quality_ << quality_header() << '\n';
  }
  quality_ << q.step;
  for (double value :
       {q.train_s, q.eval_s, q.student_mse, q.student_psnr, q.student_nmse, q.teacher_mse,
        q.teacher_psnr, q.teacher_nmse, q.student_knn, q.teacher_knn, q.student_probe,
        q.teacher_probe, q.student_collapse, q.teacher_collapse, q.pixel_knn, q.pixel_probe})
    quality_ << ',' << csv_number(value);
  quality_ << '\n';
  quality_.flush();
  check_stream(quality_, file);
}

void RunFolder::write_config(const TrainConfig& config, const DatasetInfo& data, int threads,
                             const std::string& fork_json) {
  nlohmann::json json = to_json(config);
  json["threads_in_use"] = threads;
  if (!fork_json.empty()) json["fork"] = nlohmann::json::parse(fork_json);
  json["data"] = to_json(data);
  json["version"] = RCMAE_VERSION;
  const fs::path file = path_ / run_files::kConfig;
  const fs::path temp = path_ / "config.json.tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << json.dump(2) << '\n';
    out.flush();
    check_stream(out, temp);
  }
  fs::rename(temp, file);
}

void RunFolder::append_fork_event(int64_t step, const std::string& fork_json) {
  nlohmann::json event = nlohmann::json::parse(fork_json);
  event["type"] = "fork";
  event["step"] = step;
  append_event(event.dump());
}

void RunFolder::append_metrics(const StepRecord& r) {
  metrics_ << r.step << ',' << r.images_seen << ',' << csv_number(r.loss) << ','
           << csv_number(r.loss_rec) << ',' << csv_number(r.loss_cons) << ',' << csv_number(r.lr)
           << ',' << csv_number(r.momentum) << ',' << csv_number(r.gamma) << ','
           << csv_number(r.mask_ratio) << ',' << csv_number(r.step_s) << ','
           << csv_number(r.data_wait_s) << ',' << csv_number(r.images_per_s) << ','
           << csv_number(r.wall_s) << ',' << csv_number(r.teacher_distance) << ','
           << csv_number(r.cos_c_r) << ',' << csv_number(r.cos_c_r_prev) << ','
           << csv_number(r.grad_norm_ratio) << ',' << csv_number(r.feature_similarity) << ','
           << csv_number(r.nn_similarity) << '\n';
  metrics_.flush();  // a watcher (GUI, tail -f) sees each step as it lands
  check_stream(metrics_, path_ / run_files::kMetrics);
}

void RunFolder::append_event(const std::string& json_line) {
  events_ << json_line << '\n';
  events_.flush();
  check_stream(events_, path_ / run_files::kEvents);
}

void RunFolder::append_change(const ParameterEvent& e) {
  append_event(nlohmann::json{{"step", e.step},
                              {"type", "change"},
                              {"name", e.name},
                              {"old", e.old_value},
                              {"new", e.new_value}}
                   .dump());
}

void RunFolder::append_knn(int64_t step, double student_top1, double teacher_top1,
                           double student_collapse, double teacher_collapse) {
  const fs::path file = path_ / run_files::kKnn;
  if (!knn_.is_open()) {
    knn_.open(file, std::ios::app);
    if (fs::file_size(file) == 0)
      knn_ << "step,student_knn,teacher_knn,student_collapse,teacher_collapse\n";
  }
  knn_ << step << ',' << csv_number(student_top1) << ',' << csv_number(teacher_top1) << ','
       << csv_number(student_collapse) << ',' << csv_number(teacher_collapse) << '\n';
  knn_.flush();
  check_stream(knn_, file);
}

void RunFolder::append_probe(int64_t step, const std::string& which, double accuracy) {
  const fs::path file = path_ / run_files::kProbe;
  const bool fresh = !fs::exists(file) || fs::file_size(file) == 0;
  std::ofstream probe(file, std::ios::app);  // a resumed run adds its own row
  if (fresh) probe << "step,features,probe_acc\n";
  probe << step << ',' << which << ',' << csv_number(accuracy) << '\n';
  probe.flush();
  check_stream(probe, file);
}

void RunFolder::append_grad_groups(const GradSimilarityRecord& record) {
  const fs::path file = path_ / run_files::kGradGroups;
  if (!grad_groups_.is_open()) {
    const bool fresh = !fs::exists(file) || fs::file_size(file) == 0;
    grad_groups_.open(file, std::ios::app);  // a resumed run continues the table
    if (fresh) grad_groups_ << "step,group,cos_c_r,cos_c_r_prev,norm_ratio,norm_r_sq,norm_c_sq\n";
  }
  for (const auto& g : record.groups)
    grad_groups_ << record.step << ',' << g.group << ',' << csv_number(g.cos_c_r) << ','
                 << csv_number(g.cos_c_r_prev) << ',' << csv_number(g.norm_ratio) << ','
                 << csv_number(g.norm_r_sq) << ',' << csv_number(g.norm_c_sq) << '\n';
  grad_groups_.flush();
  check_stream(grad_groups_, file);
}

}  // namespace rcmae
