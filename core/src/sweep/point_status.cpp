#include "rcmae/sweep/point_status.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "rcmae/run/run_files.h"
#include "rcmae/sweep/loss_curve.h"

namespace rcmae {
namespace fs = std::filesystem;

namespace {
double json_number(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json.at(key).is_number() ? json.at(key).get<double>() : std::nan("");
}

int64_t rows_written(const fs::path& folder) {
  const LossCurve curve = read_loss_curve(folder / run_files::kMetrics);
  int64_t rows = 0;
  for (double loss : curve) rows += std::isnan(loss) ? 0 : 1;
  return rows;
}
}  // namespace

std::string to_string(PointState state) {
  switch (state) {
    case PointState::Pending:
      return "pending";
    case PointState::InProgress:
      return "in_progress";
    case PointState::Finished:
      return "finished";
    case PointState::StoppedEarly:
      return "stopped_early";
  }
  return "pending";
}

const char* point_marker_name() { return "sweep_point.json"; }

PointStatus read_point_status(const fs::path& folder) {
  PointStatus status;
  const fs::path marker = folder / point_marker_name();
  if (fs::exists(marker)) {
    try {
      std::ifstream in(marker);
      const auto json = nlohmann::json::parse(in);
      const std::string state = json.value("status", "");
      if (state == "finished")
        status.state = PointState::Finished;
      else if (state == "stopped_early")
        status.state = PointState::StoppedEarly;
      else
        throw std::runtime_error("unknown status '" + state + "'");
      status.steps_done = json.value("steps_done", int64_t(0));
      status.smoothed_loss = json_number(json, "smoothed_loss");
      status.median_loss = json_number(json, "median_loss");
      return status;
    } catch (const std::exception& error) {
      throw std::runtime_error(marker.string() + ": unreadable (" + error.what() + ")");
    }
  }
  if (fs::exists(folder / run_files::kCheckpoint)) {
    status.state = PointState::InProgress;
    status.steps_done = rows_written(folder);
  }
  return status;
}

void write_point_status(const fs::path& folder, const PointStatus& status) {
  nlohmann::json json = {{"status", to_string(status.state)}, {"steps_done", status.steps_done}};
  if (status.state == PointState::StoppedEarly) {
    json["stopped_at"] = status.steps_done;
    json["smoothed_loss"] = status.smoothed_loss;
    json["median_loss"] = status.median_loss;
    json["rule"] = "median";
  }
  const fs::path file = folder / point_marker_name();
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json.dump(2) << '\n';
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot write");
  }
  fs::rename(temporary, file);
}

}  // namespace rcmae
