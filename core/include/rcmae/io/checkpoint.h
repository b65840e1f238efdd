#pragma once
// Checkpoint files: the whole training state in one file, written atomically (temporary
// file, flush, fsync, rename) so a crash or a full disk mid-save leaves the previous
// checkpoint intact.
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "rcmae/train/train_config.h"

namespace rcmae {

class Trainer;

// A checkpoint that cannot be used: missing, corrupt, foreign or for another model.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Test seam: called after the temporary file is written and before it replaces the old
// one. A test throws from it to simulate a crash mid-save.
using BeforeCommitHook = std::function<void(const std::filesystem::path& temporary)>;

void save_checkpoint(Trainer& trainer, const std::filesystem::path& file,
                     const BeforeCommitHook& before_commit = {});

// How much training time to let pass between periodic saves: `every_s`, stretched when the
// last save took `last_save_s` so that saving never costs more than 2 % of training time
// (a tiny model saves in well under a second and keeps 60 s; a 400 MB one on a slow disk
// waits longer). `every_s` <= 0: no periodic saves (returns it unchanged).
double checkpoint_interval_s(double every_s, double last_save_s);

// The configuration stored in a checkpoint (to build a Trainer that can load it), with
// init_from cleared: the checkpoint's weights replace any starting point.
TrainConfig read_checkpoint_config(const std::filesystem::path& file);

// The step a checkpoint was saved after (a fork names its starting point by it).
int64_t read_checkpoint_step(const std::filesystem::path& file);

// Restores `trainer` (built with the checkpoint's configuration) to the saved state.
void load_checkpoint(Trainer& trainer, const std::filesystem::path& file);

}  // namespace rcmae
