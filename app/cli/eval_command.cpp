// rcmae eval: kNN and linear-probe accuracy of a checkpoint's frozen encoder, clean and
// under the corruptions of eval/corruptions.h.
//   rcmae eval --checkpoint RUN/checkpoint.ckpt [--which teacher|student] [--probe]
//              [--robustness] [--csv OUT.csv] [--dataset SPEC] [--bank N] [--queries N]
//              [--feature-pooling cls|mean] [--seed S] [--threads N]
#include <spdlog/spdlog.h>

#include <cstdio>

#include "commands.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/eval/robustness.h"
#include "rcmae/runtime/runtime.h"

namespace rcmae::cli {
namespace {

EvalRequest eval_request_from(const ArgList& args) {
  EvalRequest request;
  EncoderChoice& encoder = request.encoder;
  encoder.checkpoint = args.text("--checkpoint", "");
  encoder.init_from = args.text("--init-from", "");
  if (!encoder.init_from.empty()) {
    if (!encoder.checkpoint.empty())
      throw UsageError("--init-from: give either --checkpoint or --init-from, not both");
    if (args.has("--which")) throw UsageError("--which: not used with --init-from");
    encoder.shape = train_config_from_args(args);  // the file's architecture and dataset
    encoder.shape.init_from.clear();
  }
  encoder.which = args.text("--which", "auto");
  if (encoder.which != "teacher" && encoder.which != "student" && encoder.which != "auto")
    throw UsageError("--which: expected teacher or student, got '" + encoder.which + "'");
  request.dataset = args.text("--dataset", "");
  request.feature_pooling = args.text("--feature-pooling", "");
  request.bank_size = args.integer("--bank", request.bank_size);
  request.query_size = args.integer("--queries", request.query_size);
  if (request.bank_size < 1 || request.query_size < 1)
    throw UsageError("--bank / --queries: must be at least 1");
  const long long seed = args.integer("--seed", 0);
  if (seed < 0) throw UsageError("--seed: must be >= 0");
  request.settings.seed = static_cast<uint64_t>(seed);
  request.settings.probe = args.has("--probe");
  request.settings.corruptions = args.has("--robustness");
  return request;
}

}  // namespace

int run_eval(const std::vector<std::string>& argv) {
  ArgList args(argv, train_switches({"--probe", "--robustness"}));
  std::set<std::string> known = {
      "--checkpoint", "--which",   "--probe",           "--robustness", "--csv",     "--dataset",
      "--bank",       "--queries", "--feature-pooling", "--seed",       "--threads", "--init-from"};
  // Model options describe an --init-from file; a checkpoint carries its own.
  if (args.has("--init-from"))
    known.insert(train_option_names().begin(), train_option_names().end());
  args.reject_unknown(known);
  if (!args.has("--checkpoint") && !args.has("--init-from"))
    throw UsageError(
        "--checkpoint: needs RUN/checkpoint.ckpt (or --init-from model.pth with "
        "the model options it was trained with)");
  const EvalRequest request = eval_request_from(args);
  const int threads = configure_threads(static_cast<int>(args.integer("--threads", 0)));
  spdlog::info("evaluating {} ({} threads): kNN{}{}", encoder_file(request.encoder).string(),
               threads, request.settings.probe ? " + linear probe" : "",
               request.settings.corruptions ? ", clean and 4 corruptions x 3 severities" : "");
  const EvalReport report = evaluate_checkpoint(request, [](const RobustnessRow& row) {
    spdlog::info("{} {}: kNN {:.1f}%", row.corruption, row.severity, 100 * row.knn_acc);
  });
  std::printf("%s of %s (%s, %s, step %lld) on %s: %lld bank / %lld query images, %s features\n",
              report.which.c_str(), encoder_file(request.encoder).string().c_str(),
              report.preset.c_str(), report.mode.c_str(), static_cast<long long>(report.step),
              report.dataset.c_str(), static_cast<long long>(report.bank_size),
              static_cast<long long>(report.query_size), report.feature_pooling.c_str());
  std::printf("%s", format_robustness_table(report).c_str());
  std::printf("kNN: k=20, T=0.07 against the bank of clean training images%s\n",
              request.settings.probe
                  ? "; probe: logistic regression (L-BFGS) fitted on the same clean images"
                  : "");
  if (args.has("--csv")) {
    const std::string csv = args.text("--csv", "");
    write_robustness_csv(report, csv);
    std::printf("wrote %s\n", csv.c_str());
  }
  return 0;
}

}  // namespace rcmae::cli
