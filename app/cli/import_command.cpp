// rcmae import: loads a state dict file (from rcmae export or Python's
// torch.save(model.state_dict())) into a model of the given shape and reports the masked
// reconstruction loss on a fixed synthetic batch: a quick check that a file is usable.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "rcmae/cli/arg_list.h"
#include "rcmae/cli/train_flags.h"
#include "rcmae/data/source_factory.h"
#include "rcmae/io/mae_state_dict.h"
#include "rcmae/model/loss.h"
#include "rcmae/runtime/runtime.h"

namespace rcmae::cli {

int run_import(const std::vector<std::string>& argv) {
  ArgList args(argv, train_switches());
  auto known = train_option_names();
  known.insert({"--weights", "--out", "--eval-batch", "--mask-seed"});
  args.reject_unknown(known);
  if (!args.has("--weights")) throw UsageError("--weights: needs a state dict file (model.pth)");
  const std::string weights = args.text("--weights", "");
  TrainConfig c = train_config_from_args(args);
  const long long eval_batch = args.integer("--eval-batch", 64);
  const long long mask_seed = args.integer("--mask-seed", 0);
  if (eval_batch < 1) throw UsageError("--eval-batch: must be at least 1");
  if (mask_seed < 0) throw UsageError("--mask-seed: must be >= 0");
  configure_threads(c.threads);

  MaeVit model(c.model);
  import_state_dict(model, weights);  // StateDictError: one line naming the key and shapes
  model->eval();

  // A fixed batch: the synthetic dataset without augmentation, first batch of seed 0.
  DataOptions data;
  data.spec = "synthetic";
  data.img_size = c.model.img_size;
  data.channels = c.model.channels;
  data.batch = static_cast<int>(eval_batch);
  data.seed = 0;
  data.workers = 1;
  data.augment = false;
  auto images = open_batch_source(data)->next_batch().images;
  auto gen = at::detail::createCPUGenerator(static_cast<uint64_t>(mask_seed));
  MaskPlan plan =
      random_masking(images.size(0), c.model.num_patches(), c.mask_ratio, gen, torch::kCPU);
  double loss = 0;
  {
    torch::InferenceMode inference;
    auto target = patch_targets(images, c.model.patch, c.model.norm_pix_loss);
    loss = masked_mse(model->forward(images, plan), target, plan.mask).item<double>();
  }
  int64_t count = 0;
  for (const auto& p : model->parameters()) count += p.numel();
  std::printf(
      "loaded %s: %s, %lld parameters; loss_rec %.6f on a fixed synthetic batch "
      "(%lld images, mask ratio %.2f, mask seed %lld)\n",
      weights.c_str(), c.preset.c_str(), static_cast<long long>(count), loss, eval_batch,
      c.mask_ratio, mask_seed);
  if (args.has("--out")) {
    const std::filesystem::path dir = args.text("--out", "");
    std::filesystem::create_directories(dir);
    nlohmann::json report = {{"weights", weights},       {"preset", c.preset},
                             {"img", c.model.img_size},  {"channels", c.model.channels},
                             {"patch", c.model.patch},   {"parameters", count},
                             {"eval_batch", eval_batch}, {"mask_ratio", c.mask_ratio},
                             {"mask_seed", mask_seed},   {"loss_rec", loss}};
    std::ofstream((dir / "import.json").string()) << report.dump(2) << "\n";
  }
  return 0;
}

}  // namespace rcmae::cli
