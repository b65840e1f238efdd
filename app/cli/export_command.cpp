// rcmae export: a model's weights as a PyTorch state dict file (torch.load gives a dict
// name -> tensor with the public MAE names).
//   rcmae export --init --preset P --img N --channels C --patch P --seed S --out model.pth
//   rcmae export --checkpoint FILE --which teacher|student --out model.pth
// Diagnostic: --parity-dir DIR (with --init) also runs --parity-steps RC-MAE training steps
// of the real Trainer on a fixed batch and writes what tests/python/parity_check.py needs.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/io/checkpoint.h"
#include "rcmae/io/mae_state_dict.h"
#include "rcmae/model/loss.h"
#include "rcmae/runtime/runtime.h"
#include "rcmae/train/trainer.h"

namespace rcmae::cli {
namespace {

namespace fs = std::filesystem;

// The same images every step (the parity batch), or a placeholder for a checkpoint load.
class FixedImages : public BatchSource {
 public:
  explicit FixedImages(torch::Tensor images) {
    batch_.images = std::move(images);
    batch_.labels = torch::full({batch_.images.size(0)}, -1, torch::kInt64);
    info_.name = "fixed";
    info_.channels = static_cast<int>(batch_.images.size(1));
  }
  Batch next_batch() override { return batch_; }
  const DatasetInfo& info() const override { return info_; }
  void skip_batches(int64_t) override {}

 private:
  Batch batch_;
  DatasetInfo info_;
};

void ensure_parent(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
}

nlohmann::json model_json(const TrainConfig& c) {
  const ModelConfig& m = c.model;
  return {
      {"preset", c.preset},       {"img", m.img_size},        {"channels", m.channels},
      {"patch", m.patch},         {"enc_dim", m.enc_dim},     {"enc_depth", m.enc_depth},
      {"enc_heads", m.enc_heads}, {"dec_dim", m.dec_dim},     {"dec_depth", m.dec_depth},
      {"dec_heads", m.dec_heads}, {"mlp_ratio", m.mlp_ratio}, {"norm_pix_loss", m.norm_pix_loss}};
}

// Runs `steps` RC-MAE steps of the real Trainer (threads 1) from the seed's initial weights
// on a fixed batch and writes: model.pth (initial student), images.pt, ids_shuffle.pt
// ([steps, N, L], the masks the Trainer draws), losses.json, student_after.pth and
// teacher_after.pth.
void write_parity(TrainConfig c, int64_t steps, const fs::path& dir) {
  fs::create_directories(dir);
  c.mode = TeacherMode::RcMae;
  c.dataset = "fixed";
  c.steps = std::max<int64_t>(c.steps, steps);
  if (c.warmup_steps > c.steps) c.warmup_steps = c.steps;
  const int64_t n = c.batch, patches = c.model.num_patches();
  auto image_gen = at::detail::createCPUGenerator(c.seed + 1000003);
  auto images = torch::randn({n, c.model.channels, c.model.img_size, c.model.img_size}, image_gen,
                             torch::kFloat32);

  Trainer trainer(c, std::make_unique<FixedImages>(images));
  if (trainer.device() != torch::Device(torch::kCPU))
    throw std::runtime_error("--parity-dir runs on the CPU only (use --device cpu)");
  export_state_dict(trainer.student(), (dir / "model.pth").string());

  // The Trainer's mask stream: same generator seed and one random_masking call per step
  // (RC-MAE-S). Checked below against the loss the Trainer reports.
  auto mask_gen = at::detail::createCPUGenerator(c.seed * 2654435761ULL + 17);
  std::vector<MaskPlan> plans;
  std::vector<torch::Tensor> shuffles;
  for (int64_t i = 0; i < steps; ++i) {
    plans.push_back(random_masking(n, patches, c.mask_ratio, mask_gen, torch::kCPU));
    shuffles.push_back(plans.back().ids_shuffle);
  }
  auto target = patch_targets(images, c.model.patch, c.model.norm_pix_loss);
  double init_loss = 0;
  {
    torch::NoGradGuard no_grad;
    init_loss = masked_mse(trainer.student()->forward(images, plans[0]), target, plans[0].mask)
                    .item<double>();
  }

  nlohmann::json records = nlohmann::json::array();
  for (int64_t i = 0; i < steps; ++i) {
    StepRecord r = trainer.step();
    records.push_back({{"step", r.step},
                       {"loss", r.loss},
                       {"loss_rec", r.loss_rec},
                       {"loss_cons", r.loss_cons},
                       {"lr", r.lr},
                       {"momentum", r.momentum}});
  }
  const double step1 = records[0]["loss_rec"].get<double>();
  if (std::abs(step1 - init_loss) > 1e-6 * std::max(1.0, std::abs(init_loss)))
    throw std::runtime_error(
        "parity: the reproduced masks do not match the Trainer's (step-1 loss_rec " +
        std::to_string(step1) + " vs " + std::to_string(init_loss) +
        "); the Trainer's mask generator seeding changed, update export_command.cpp");

  save_tensor_dict({{"images", images}}, (dir / "images.pt").string());
  save_tensor_dict({{"ids_shuffle", torch::stack(shuffles)}}, (dir / "ids_shuffle.pt").string());
  export_state_dict(trainer.student(), (dir / "student_after.pth").string());
  export_state_dict(trainer.teacher()->model(), (dir / "teacher_after.pth").string());

  nlohmann::json out = {{"model", model_json(c)},
                        {"train",
                         {{"mode", "rcmae"},
                          {"batch", c.batch},
                          {"mask_ratio", c.mask_ratio},
                          {"len_keep", kept_patch_count(patches, c.mask_ratio)},
                          {"base_lr", c.base_lr},
                          {"peak_lr", c.peak_lr()},
                          {"weight_decay", c.weight_decay},
                          {"momentum", c.momentum},
                          {"momentum_schedule", to_string(c.momentum_schedule)},
                          {"gamma", c.gamma},
                          {"total_steps", c.steps},
                          {"warmup_steps", c.effective_warmup()},
                          {"seed", c.seed},
                          {"threads", torch::get_num_threads()}}},
                        {"init", {{"loss_rec", init_loss}}},
                        {"steps", records}};
  std::ofstream((dir / "losses.json").string()) << out.dump(2) << "\n";
  std::printf("parity: %lld steps written to %s (init loss_rec %.8f, step %lld loss %.8f)\n",
              static_cast<long long>(steps), dir.string().c_str(), init_loss,
              static_cast<long long>(steps), records.back()["loss"].get<double>());
}

}  // namespace

int run_export(const std::vector<std::string>& argv) {
  ArgList args(argv, train_switches({"--init"}));
  auto known = train_option_names();
  known.insert({"--init", "--checkpoint", "--which", "--out", "--parity-dir", "--parity-steps"});
  args.reject_unknown(known);
  const bool init = args.has("--init");
  const bool from_checkpoint = args.has("--checkpoint");
  if (init == from_checkpoint)
    throw UsageError("give exactly one of --init (fresh weights of --seed) or --checkpoint FILE");
  if (!args.has("--out") && !args.has("--parity-dir"))
    throw UsageError("--out: needs the output file (e.g. model.pth)");
  const std::string out = args.text("--out", "");

  if (from_checkpoint) {
    for (const char* key : {"--parity-dir", "--preset", "--seed", "--img"})
      if (args.has(key))
        throw UsageError(std::string(key) +
                         ": not used with --checkpoint (the model comes from the file)");
    const std::string which = args.text("--which", "teacher");
    if (which != "teacher" && which != "student")
      throw UsageError("--which: expected teacher or student, got '" + which + "'");
    const std::string file = args.text("--checkpoint", "");
    TrainConfig c = read_checkpoint_config(file);
    c.device = "cpu";
    auto placeholder = torch::zeros({1, c.model.channels, c.model.img_size, c.model.img_size});
    Trainer trainer(c, std::make_unique<FixedImages>(placeholder));
    load_checkpoint(trainer, file);
    if (which == "teacher" && !trainer.teacher())
      throw UsageError("--which teacher: " + file +
                       " is an MAE run without a teacher; use --which student");
    ensure_parent(out);
    const MaeVit& model = which == "teacher" ? trainer.teacher()->model() : trainer.student();
    export_state_dict(model, out);
    std::printf("exported the %s of %s (step %lld, %s %s) to %s\n", which.c_str(), file.c_str(),
                static_cast<long long>(trainer.steps_done()), c.preset.c_str(),
                to_string(c.mode).c_str(), out.c_str());
    return 0;
  }

  if (args.has("--which")) throw UsageError("--which: only with --checkpoint");
  TrainConfig c = train_config_from_args(args);
  if (args.has("--parity-dir")) {
    const long long steps = args.integer("--parity-steps", 3);
    if (steps < 1) throw UsageError("--parity-steps: must be at least 1");
    if (!args.has("--threads")) c.threads = 1;
    c.device = "cpu";
    configure_threads(c.threads);
    write_parity(c, steps, args.text("--parity-dir", ""));
  }
  if (!out.empty()) {
    torch::manual_seed(c.seed);  // as Trainer: the student's initial weights for this seed
    MaeVit model(c.model);
    ensure_parent(out);
    export_state_dict(model, out);
    std::printf("exported fresh %s weights (seed %llu, img %d, channels %d, patch %d) to %s\n",
                c.preset.c_str(), static_cast<unsigned long long>(c.seed), c.model.img_size,
                c.model.channels, c.model.patch, out.c_str());
  }
  return 0;
}

}  // namespace rcmae::cli
