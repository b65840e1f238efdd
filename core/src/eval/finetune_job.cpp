#include "rcmae/eval/finetune_job.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "rcmae/data/image_dataset.h"
#include "rcmae/eval/encoder_source.h"
#include "rcmae/eval/finetune.h"
#include "rcmae/eval/finetuned_model_file.h"
#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/run/paired_items.h"
#include "rcmae/run/run_files.h"

namespace rcmae {

namespace {

// The first finetune.csv header (before the pooling column): every later one extends it.
constexpr const char* kFirstFinetuneCsvHeader =
    "init,source,dataset,checkpoint_step,epochs,train_images,test_images,batch,peak_lr,"
    "layer_decay,steps,train_s,train_loss,top1,seed";

// A finetune.csv written by an earlier version has the current header's first columns only
// (before pooling, keep_tokens or drop_path): its header gets the missing columns and its rows
// empty cells (what they used is not known), so that the new row fits. Rewritten whole by
// rename; any other header is refused with the file named.
void upgrade_finetune_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string header;
  std::getline(in, header);
  const std::string current = kFinetuneCsvHeader;
  if (header == current) return;
  if (header.rfind(kFirstFinetuneCsvHeader, 0) != 0 || current.rfind(header + ",", 0) != 0)
    throw std::runtime_error(file.string() + ": not a finetune.csv this version writes (header '" +
                             header + "')");
  const auto missing =
      std::count(current.begin() + static_cast<std::ptrdiff_t>(header.size()), current.end(), ',');
  const std::string empty_cells(static_cast<size_t>(missing), ',');
  const std::filesystem::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << current << "\n";
    for (std::string row; std::getline(in, row);)
      if (!row.empty()) out << row << empty_cells << "\n";
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": writing failed (disk full?)");
  }
  std::filesystem::rename(temporary, file);
}

}  // namespace

const char* const kFinetuneCsvHeader =
    "init,source,dataset,checkpoint_step,epochs,train_images,test_images,batch,peak_lr,"
    "layer_decay,steps,train_s,train_loss,top1,seed,pooling,keep_tokens,drop_path";

double default_layer_decay(const std::string& which) { return which == "scratch" ? 1.0 : 0.75; }

FinetuneReport run_finetune(const FinetuneRequest& request, const FinetuneProgressFn& progress) {
  if (auto problem = finetune_options_problem(request.options))
    throw std::invalid_argument(*problem);
  if (request.train_images < 1 || request.test_images < 1)
    throw std::invalid_argument("--train-images / --test-images: must be at least 1");
  if (!request.save_model.empty()) check_model_file_writable(request.save_model);
  LoadedEncoder loaded = load_encoder(request.encoder);

  FinetuneReport report;
  report.init = loaded.which;
  report.source = encoder_file(request.encoder).string();
  report.dataset = request.dataset.empty() ? loaded.config.dataset : request.dataset;
  report.checkpoint_step = loaded.step;
  report.options = request.options;

  // The training normalisation (the train split's mean / std), as pretraining used.
  const auto& model = loaded.config.model;
  const auto train_split =
      open_dataset(report.dataset, Split::Train, model.channels, model.img_size);
  const LabelledEvalSet data(report.dataset, model, train_split->info().mean,
                             train_split->info().std, request.train_images, request.test_images);
  report.train_images = data.bank_images().size(0);
  report.test_images = data.query_images().size(0);
  EncoderClassifier classifier = make_classifier(loaded.model, data.num_classes(), request.options);
  report.result = finetune(classifier, {data.bank_images(), data.bank_labels()},
                           {data.query_images(), data.query_labels()}, request.options, progress);
  if (!request.save_model.empty()) {
    const FinetunedModelInfo info{report.dataset,
                                  train_split->info().class_names,
                                  train_split->info().mean,
                                  train_split->info().std,
                                  report.test_images,
                                  report.result.top1,
                                  report.result.steps,
                                  report.init,
                                  report.source};
    save_finetuned_model(classifier, info, request.save_model);
    report.saved_model = request.save_model;
  }
  return report;
}

void append_finetune_csv(const FinetuneReport& report, const std::filesystem::path& file) {
  const bool fresh = !std::filesystem::exists(file) || std::filesystem::file_size(file) == 0;
  if (!fresh) upgrade_finetune_csv(file);
  std::ofstream out(file, std::ios::app);
  if (!out) throw std::runtime_error(file.string() + ": cannot open for writing");
  if (fresh) out << kFinetuneCsvHeader << "\n";
  const auto& o = report.options;
  const auto& r = report.result;
  char numbers[256];
  std::snprintf(numbers, sizeof numbers, "%lld,%d,%lld,%lld,%d,%g,%g,%lld,%.3f,%.6f,%.6f,%llu",
                static_cast<long long>(report.checkpoint_step), o.epochs,
                static_cast<long long>(report.train_images),
                static_cast<long long>(report.test_images), o.batch, o.peak_lr, o.layer_decay,
                static_cast<long long>(r.steps), r.train_s, r.train_loss, r.top1,
                static_cast<unsigned long long>(o.seed));
  // The source path may hold commas: quote it.
  out << report.init << ",\"" << report.source << "\"," << report.dataset << "," << numbers << ","
      << o.pooling << "," << o.keep_tokens << "," << o.drop_path << "\n";
  out.flush();
  if (!out) throw std::runtime_error(file.string() + ": writing failed (disk full?)");
}

std::string finetune_items_metric(const std::string& init) { return init + "_finetune_top1"; }

void write_finetune_items(const FinetuneReport& report, const std::filesystem::path& file) {
  const auto& correct = report.result.test_correct;
  if (correct.empty()) return;
  std::vector<run::MetricItems> items;
  if (std::filesystem::exists(file)) items = run::read_paired_items(file);
  const std::string metric = finetune_items_metric(report.init);
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const run::MetricItems& m) { return m.metric == metric; }),
              items.end());
  items.push_back({metric, correct, std::vector<double>(correct.size(), 1.0)});
  run::write_paired_items(file, items);
}

void record_finetune(const FinetuneReport& report, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  append_finetune_csv(report, folder / run_files::kFinetune);
  write_finetune_items(report, folder / run_files::kFinetuneItems);
}

}  // namespace rcmae
