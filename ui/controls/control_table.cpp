#include "controls/control_table.h"

namespace rcmae::ui {
namespace {

// Reads as a declaration: Declare(flag, kind, group, name).row(label, tip).range(...)...
class Declare {
 public:
  Declare(const char* flag, ControlKind kind, ControlGroup group, const char* name) {
    spec_.flag = flag;
    spec_.kind = kind;
    spec_.group = group;
    spec_.name = QString::fromUtf8(name);
  }
  Declare& row(const char* label, const char* tip) {
    spec_.label = QString::fromUtf8(label);
    spec_.tip = QString::fromUtf8(tip);
    return *this;
  }
  // Inside a composite row, with its own caption (may be empty) and tooltip.
  Declare& in(ControlPlace place, const char* caption, const char* tip) {
    spec_.place = place;
    return row(caption, tip);
  }
  Declare& range(double minimum, double maximum, double step = 1, int decimals = 0) {
    spec_.minimum = minimum;
    spec_.maximum = maximum;
    spec_.step = step;
    spec_.decimals = decimals;
    return *this;
  }
  Declare& suffix(const char* text) {
    spec_.suffix = QString::fromUtf8(text);
    return *this;
  }
  Declare& special(const char* text) {
    spec_.special = QString::fromUtf8(text);
    return *this;
  }
  Declare& choice(const char* text, nlohmann::json value) {
    spec_.choices.push_back({QString::fromUtf8(text), std::move(value)});
    return *this;
  }
  Declare& otherwise(int choice) {
    spec_.fallback = choice;
    return *this;
  }
  Declare& live(LiveSetter set) {
    spec_.live = set;
    return *this;
  }
  Declare& teacherOnly() {
    spec_.teacher_only = true;
    return *this;
  }
  operator ControlSpec() const { return spec_; }

 private:
  ControlSpec spec_;
};

using K = ControlKind;
using G = ControlGroup;
using P = ControlPlace;
using Json = nlohmann::json;

std::vector<ControlSpec> live_controls() {
  return {
      Declare("--mask-ratio", K::Ratio, G::Live, "Mask ratio")
          .row("&Mask ratio",
               "Fraction of patches hidden from the encoder. MAE works best with a lot hidden\n"
               "(0.75): the task is hard enough that the model must learn shapes, not copy "
               "pixels.")
          .range(0.05, 0.95, 0.05, 2)
          .live([](LiveChanges& c, const Json& v) { c.mask_ratio = v.get<double>(); }),
      Declare("--mask-strategy", K::Choice, G::Live, "Mask technique")
          .row("Mask techni&que",
               "Which patches are hidden, at the same ratio: random (MAE), contiguous blocks\n"
               "(BEiT-style: whole regions to imagine) or a regular grid (neighbours always "
               "visible,\nthe easiest task). Applies at the next step.")
          .choice("Random (MAE)", "random")
          .choice("Blocks (contiguous)", "block")
          .choice("Grid (regular)", "grid")
          .live([](LiveChanges& c, const Json& v) { c.mask_strategy = v.get<std::string>(); }),
      Declare("--momentum", K::Momentum, G::Live, "EMA momentum")
          .row("&EMA momentum",
               "How slowly the teacher follows the student: teacher = m·teacher + "
               "(1−m)·student\nafter every step. Close to 1 means a slow, stable teacher. Only "
               "used by RC-MAE modes.")
          .live([](LiveChanges& c, const Json& v) { c.momentum = v.get<double>(); }),
      Declare("--gamma", K::Real, G::Live, "Consistency γ")
          .row("&Consistency γ",
               "Weight of the consistency loss (student vs. teacher prediction on hidden "
               "patches).\n0 turns RC-MAE into plain MAE with an idle teacher.")
          .range(0.0, 10.0, 0.1, 2)
          .live([](LiveChanges& c, const Json& v) { c.gamma = v.get<double>(); }),
      Declare("--base-lr", K::Real, G::Live, "Base learning rate")
          .row("&Base learning rate",
               "AdamW learning rate per 256 images: the peak rate is base × batch / 256.\n"
               "It warms up linearly, then follows a cosine down to 0 at the last step.")
          .range(1e-6, 0.1, 1e-4, 6)
          .live([](LiveChanges& c, const Json& v) { c.base_lr = v.get<double>(); }),
  };
}

std::vector<ControlSpec> data_controls() {
  return {
      Declare("--dataset", K::Text, G::Data, "Dataset")
          .row("&Dataset",
               "synthetic | fashion-mnist[:DIR] | mnist[:DIR] | cifar10[:DIR] | folder:DIR\n"
               "Synthetic images need no download; Fashion-MNIST shows recognisable clothes.")
          .choice("fashion-mnist", "fashion-mnist")
          .choice("synthetic", "synthetic")
          .choice("mnist", "mnist")
          .choice("cifar10", "cifar10"),
      Declare("--img", K::Count, G::Data, "Image size")
          .row("Image si&ze",
               "Side of the square images the model sees; the data is resized to it.")
          .range(8, 224)
          .suffix(" px"),
      Declare("--channels", K::Choice, G::Data, "Channels")
          .row("Cha&nnels", "Colour channels the model sees; the data is converted.")
          .choice("1 (grey)", 1)
          .choice("3 (RGB)", 3)
          .otherwise(1),  // the model's default
      Declare("--patch", K::Count, G::Data, "Patch size")
          .row("&Patch size",
               "Side of one patch (token). Must divide the image size. Smaller patches: more\n"
               "tokens, finer reconstructions, slower steps.")
          .range(2, 32)
          .suffix(" px"),
  };
}

// Encoder columns first, then decoder: the Widths grid fills column by column.
std::vector<ControlSpec> model_controls() {
  return {
      Declare("--mode", K::Choice, G::Model, "Mode")
          .row("M&ode",
               "MAE: reconstruct hidden patches, no teacher.\n"
               "RC-MAE: an EMA teacher sees the same mask; the student also matches its "
               "prediction.\nRC-MAE-D: the teacher sees its own, independently drawn mask.")
          .choice("MAE", "mae")
          .choice("RC-MAE", "rcmae")
          .choice("RC-MAE-D", "rcmae-d"),
      Declare("--norm-pix", K::Choice, G::Model, "Target")
          .row("Ta&rget",
               "What the decoder predicts for each hidden patch.\n"
               "Pixels: the pixel values; what the Reconstructions tab draws is what was "
               "predicted.\nNorm-pix (MAE's default): each patch normalised by its own mean and "
               "std, which tends to\ngive better features; the drawings place predictions with "
               "the visible patches' mean and std.")
          .choice("Pixels", false)
          .choice("Norm-pix", true),
      Declare("--enc-dim", K::Count, G::Model, "Encoder dim")
          .in(P::Widths, "", "Encoder width: the size of every token's feature vector")
          .range(4, 4096, 16),
      Declare("--enc-depth", K::Count, G::Model, "Encoder depth")
          .in(P::Widths, "", "Encoder depth: transformer blocks")
          .range(1, 48),
      Declare("--enc-heads", K::Count, G::Model, "Encoder heads")
          .in(P::Widths, "", "Encoder attention heads (must divide the encoder dim)")
          .range(1, 64),
      Declare("--dec-dim", K::Count, G::Model, "Decoder dim")
          .in(P::Widths, "", "Decoder width")
          .range(4, 4096, 16),
      Declare("--dec-depth", K::Count, G::Model, "Decoder depth")
          .in(P::Widths, "", "Decoder depth: transformer blocks")
          .range(1, 48),
      Declare("--dec-heads", K::Count, G::Model, "Decoder heads")
          .in(P::Widths, "", "Decoder attention heads (must divide the decoder dim)")
          .range(1, 64),
  };
}

std::vector<ControlSpec> schedule_controls() {
  return {
      Declare("--momentum-schedule", K::Choice, G::Schedule, "Momentum schedule")
          .row("Momentum schedu&le",
               "constant: m stays as set. cosine: m rises from the set value to 1 by the last "
               "step,\nso the teacher freezes as training ends.")
          .choice("constant", "constant")
          .choice("cosine → 1", "cosine"),
      Declare("--batch", K::Count, G::Schedule, "Batch size")
          .row("B&atch size",
               "Images per optimiser step. Larger batches: smoother loss, slower steps.")
          .range(1, 4096),
      // The Length row's own tooltip covers the steps.
      Declare("--steps", K::Count, G::Schedule, "Steps")
          .in(P::Length, "", "")
          .range(1, 10'000'000)
          .suffix(" steps"),
      Declare("--time-budget", K::Duration, G::Schedule, "Time budget")
          .in(P::Length, "budget",
              "Training time to train for (time budget); off (0): train the steps above")
          .range(0, 99999, 1, 1)
          .special("off"),
      Declare("--warmup-steps", K::Count, G::Schedule, "Warmup")
          .in(P::Length, "warmup",
              "Warmup: steps over which the learning rate rises linearly from 0. Too short a\n"
              "warmup can make a transformer diverge in its first steps. auto: 2.5 % of the "
              "steps.")
          .range(-1, 1'000'000)
          .special("auto (2.5 %)")
          .suffix(" steps"),
      Declare("--weight-decay", K::Real, G::Schedule, "Weight decay")
          .row("&Weight decay",
               "AdamW weight decay (biases and norm layers excepted). MAE uses 0.05.")
          .range(0.0, 1.0, 0.01, 4),
  };
}

std::vector<ControlSpec> compute_and_diagnostics_controls() {
  return {
      Declare("--seed", K::Count, G::Compute, "Seed")
          .row("&Seed", "Same seed, same settings: same weights, masks and data order.")
          .range(0, 1'000'000),
      Declare("--threads", K::Count, G::Compute, "Threads")
          .row("T&hreads",
               "CPU threads for one step. Auto: one per physical core. With step workers each\n"
               "thread runs its own share of the batch; without them (step workers 1) auto\n"
               "times every halving of the cores for a few steps and keeps the fastest.")
          .range(0, 256)
          .special("auto"),
      Declare("--step-workers", K::Count, G::Compute, "Step workers")
          .row("Step workers (s&ub-batches)",
               "Split each step's batch by rows over this many single-threaded workers, each\n"
               "with a replica of the model sharing its weights: about twice the steps per\n"
               "second of one step on two threads, idle or beside other work. Auto: one per\n"
               "thread, 16 images each at least. 1: off.")
          .range(0, 256)
          .special("auto")
          .suffix(" worker(s)"),
      Declare("--grad-sim-every", K::Count, G::Diagnostics, "Measure gradients every")
          .row("Measure &gradients every",
               "Every k steps, measure the reconstruction gradient g_r and the teacher's "
               "consistency\ngradient g_c separately and compare them (Teacher gradients "
               "tab). 0 = off.\nA measuring step costs about one extra backward pass. RC-MAE "
               "modes only.")
          .range(0, 100000)
          .special("off")
          .suffix(" steps")
          .teacherOnly(),
      Declare("--feature-pooling", K::Choice, G::Diagnostics, "Feature pooling")
          .row("&Feature pooling",
               "How a batch becomes one feature vector for the similarity s(t) of consecutive\n"
               "batches: the encoder's cls token, or the mean over its visible patch tokens.")
          .choice("cls token", "cls")
          .choice("mean of tokens", "mean")
          .teacherOnly(),
  };
}

}  // namespace

const std::vector<ControlSpec>& control_table() {
  static const std::vector<ControlSpec> table = [] {
    std::vector<ControlSpec> all;
    for (auto part : {live_controls(), data_controls(), model_controls(), schedule_controls(),
                      compute_and_diagnostics_controls()})
      all.insert(all.end(), part.begin(), part.end());
    return all;
  }();
  return table;
}

CompositeRow composite_row(ControlPlace place) {
  if (place == ControlPlace::Widths)
    return {"Networ&k",
            "Width (dim), depth (blocks) and attention heads of the ViT encoder and decoder.\n"
            "A preset fills all six; dims must be divisible by 4 and by their heads.\n"
            "micro: tests only · tiny: ViT-Ti · small · base: slow on a CPU."};
  return {"S&teps",
          "Length of the run: a number of steps, or a time budget of training time (pauses and\n"
          "quality measurements do not count). With a budget, the steps are refitted to the\n"
          "measured step time as the run goes, so the learning-rate cosine ends with the "
          "budget.\nTime budget off (0): the run trains exactly the steps. Warmup: the first "
          "steps,\nover which the learning rate rises from 0."};
}

}  // namespace rcmae::ui
