#include "rcmae/io/run_folder.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <iomanip>
#include <stdexcept>
#include <system_error>

#include "rcmae/io/config_json.h"

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
  if (!stream) throw std::runtime_error(file.string() + ": cannot write (disk full or no permission?)");
}
}  // namespace

RunFolder::RunFolder(fs::path path) : path_(std::move(path)) {
  std::error_code error;
  fs::create_directories(path_, error);
  if (error) throw std::runtime_error(path_.string() + ": cannot create folder: " + error.message());
  metrics_.open(path_ / "metrics.csv", std::ios::trunc);
  if (!metrics_) throw std::runtime_error(path_.string() + ": folder is not writable");
  metrics_ << metrics_header() << '\n';
  events_.open(path_ / "events.jsonl", std::ios::trunc);
  check_stream(events_, path_ / "events.jsonl");
}

const char* RunFolder::metrics_header() {
  return "step,images_seen,loss,loss_rec,loss_cons,lr,momentum,gamma,mask_ratio,step_s,"
         "data_wait_s,images_per_s,wall_s,teacher_distance";
}

void RunFolder::write_config(const TrainConfig& config, const DatasetInfo& data, int threads) {
  nlohmann::json json = to_json(config);
  json["threads_in_use"] = threads;
  json["data"] = to_json(data);
  json["version"] = RCMAE_VERSION;
  const fs::path file = path_ / "config.json";
  const fs::path temp = path_ / "config.json.tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << json.dump(2) << '\n';
    out.flush();
    check_stream(out, temp);
  }
  fs::rename(temp, file);
}

void RunFolder::append_metrics(const StepRecord& r) {
  metrics_ << r.step << ',' << r.images_seen << ',' << csv_number(r.loss) << ','
           << csv_number(r.loss_rec) << ',' << csv_number(r.loss_cons) << ',' << csv_number(r.lr)
           << ',' << csv_number(r.momentum) << ',' << csv_number(r.gamma) << ','
           << csv_number(r.mask_ratio) << ',' << csv_number(r.step_s) << ','
           << csv_number(r.data_wait_s) << ',' << csv_number(r.images_per_s) << ','
           << csv_number(r.wall_s) << ',' << csv_number(r.teacher_distance) << '\n';
  metrics_.flush();  // a watcher (GUI, tail -f) sees each step as it lands
  check_stream(metrics_, path_ / "metrics.csv");
}

void RunFolder::append_event(const std::string& json_line) {
  events_ << json_line << '\n';
  events_.flush();
  check_stream(events_, path_ / "events.jsonl");
}

void RunFolder::append_change(const ParameterEvent& e) {
  append_event(nlohmann::json{{"step", e.step},
                              {"type", "change"},
                              {"name", e.name},
                              {"old", e.old_value},
                              {"new", e.new_value}}
                   .dump());
}

}  // namespace rcmae
