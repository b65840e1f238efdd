#include "rcmae/eval/robustness.h"

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "rcmae/data/image_dataset.h"
#include "rcmae/eval/corruptions.h"
#include "rcmae/eval/encoder_robustness.h"
#include "rcmae/eval/encoder_source.h"
#include "rcmae/eval/frozen_features.h"
#include "rcmae/eval/knn_monitor.h"
#include "rcmae/eval/linear_probe.h"

namespace rcmae {
namespace {

struct FrozenScorer {
  MaeVit& model;
  const LabelledEvalSet& data;
  bool mean_pooling;
  torch::Tensor bank;  // clean bank features
  std::optional<LinearProbe> probe;

  RobustnessRow score(const torch::Tensor& query_images, RobustnessRow row) const {
    const auto query = encoder_features_in_batches(model, query_images, mean_pooling);
    const KnnOptions knn;  // k 20, T 0.07: the monitor's vote
    row.knn_acc = top1_accuracy(knn_class_scores(query, bank, data.bank_labels(),
                                                 data.num_classes(), knn.k, knn.temperature),
                                data.query_labels());
    if (probe) row.probe_acc = probe->accuracy(query, data.query_labels());
    return row;
  }
};

std::string percent(double value) {
  if (std::isnan(value)) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * value);
  return text;
}

std::string csv_number_6_digits(double value) {
  if (std::isnan(value)) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

}  // namespace

std::vector<RobustnessRow> evaluate_encoder_robustness(MaeVit& model, const LabelledEvalSet& data,
                                                       bool mean_pooling,
                                                       const RobustnessSettings& settings,
                                                       const RobustnessRowDone& row_done) {
  FrozenScorer scorer{model,
                      data,
                      mean_pooling,
                      encoder_features_in_batches(model, data.bank_images(), mean_pooling),
                      {}};
  if (settings.probe) {
    LinearProbeOptions options;
    options.weight_decay = settings.probe_weight_decay;
    scorer.probe = LinearProbe::fit(scorer.bank, data.bank_labels(), data.num_classes(), options);
  }
  std::vector<RobustnessRow> rows;
  auto add = [&](RobustnessRow row) {
    rows.push_back(std::move(row));
    if (row_done) row_done(rows.back());
  };
  add(scorer.score(data.query_images(), RobustnessRow{}));
  if (!settings.corruptions) return rows;
  for (Corruption corruption : all_corruptions()) {
    for (int severity = 1; severity <= kCorruptionSeverities; ++severity) {
      RobustnessRow row;
      row.corruption = to_string(corruption);
      row.severity = severity;
      row.parameter = corruption_parameter(corruption, severity);
      const auto images = data.changed_query_images([&](const cv::Mat& image, int64_t index) {
        return corrupt(image, corruption, severity, settings.seed, uint64_t(index));
      });
      add(scorer.score(images, row));
    }
  }
  return rows;
}

EvalReport evaluate_checkpoint(const EvalRequest& request, const RobustnessRowDone& row_done) {
  const std::string& which = request.encoder.which;
  if (which != "teacher" && which != "student" && which != "auto")
    throw std::invalid_argument("which: expected teacher, student or auto, got '" + which + "'");
  if (request.bank_size < 1 || request.query_size < 1)
    throw std::invalid_argument("bank and query sizes must be at least 1");
  LoadedEncoder loaded = load_encoder(request.encoder);
  const TrainConfig& config = loaded.config;

  EvalReport report;
  report.which = loaded.which;
  report.dataset = request.dataset.empty() ? config.dataset : request.dataset;
  report.feature_pooling =
      request.feature_pooling.empty() ? config.feature_pooling : request.feature_pooling;
  if (report.feature_pooling != "cls" && report.feature_pooling != "mean")
    throw std::invalid_argument("feature pooling: expected cls or mean, got '" +
                                report.feature_pooling + "'");
  report.preset = config.preset;
  report.mode = to_string(config.mode);
  report.step = loaded.step;
  report.bank_size = request.bank_size;
  report.query_size = request.query_size;

  // The training normalisation: the train split's mean / std, as the run used.
  const auto train =
      open_dataset(report.dataset, Split::Train, config.model.channels, config.model.img_size);
  const LabelledEvalSet data(report.dataset, config.model, train->info().mean, train->info().std,
                             request.bank_size, request.query_size);
  report.rows = evaluate_encoder_robustness(loaded.model, data, report.feature_pooling == "mean",
                                            request.settings, row_done);
  return report;
}

CorruptedMean mean_over_corrupted(const std::vector<RobustnessRow>& rows) {
  CorruptedMean mean;
  double knn_sum = 0, probe_sum = 0;
  for (const auto& row : rows) {
    if (row.severity == 0) continue;
    knn_sum += row.knn_acc;
    probe_sum += row.probe_acc;
    ++mean.rows;
  }
  if (mean.rows == 0) return mean;
  mean.knn_acc = knn_sum / mean.rows;
  mean.probe_acc = probe_sum / mean.rows;
  return mean;
}

std::string format_robustness_table(const EvalReport& report) {
  std::ostringstream out;
  char line[160];
  std::snprintf(line, sizeof line, "%-16s %8s %9s %9s %9s\n", "corruption", "severity", "parameter",
                "kNN", "probe");
  out << line;
  for (const auto& row : report.rows) {
    std::snprintf(line, sizeof line, "%-16s %8d %9s %9s %9s\n", row.corruption.c_str(),
                  row.severity, row.severity ? csv_number_6_digits(row.parameter).c_str() : "-",
                  percent(row.knn_acc).c_str(), percent(row.probe_acc).c_str());
    out << line;
  }
  const CorruptedMean mean = mean_over_corrupted(report.rows);
  if (mean.rows > 0) {
    std::snprintf(line, sizeof line, "%-16s %8s %9s %9s %9s\n", "mean corrupted", "", "",
                  percent(mean.knn_acc).c_str(), percent(mean.probe_acc).c_str());
    out << line;
  }
  return out.str();
}

void write_robustness_csv(const EvalReport& report, const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file);
  out << "corruption,severity,knn_acc,probe_acc,parameter\n";
  for (const auto& row : report.rows)
    out << row.corruption << ',' << row.severity << ',' << csv_number_6_digits(row.knn_acc) << ','
        << csv_number_6_digits(row.probe_acc) << ',' << csv_number_6_digits(row.parameter) << '\n';
  out.flush();
  if (!out) throw std::runtime_error(file.string() + ": cannot write");
}

}  // namespace rcmae
