#pragma once
// When a window run writes RUN_DIR/checkpoint.ckpt, and what a failed save leaves behind.
// Private to rcmae_session; used only on the worker thread, between steps (the trainer
// is not thread-safe and lives there).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace rcmae {
class RunFolder;
class Trainer;
}  // namespace rcmae

namespace rcmae::session {

class CheckpointKeeper {
 public:
  // `folder` null: the run writes no folder, so nothing is ever saved. `every_s` <= 0: no
  // periodic saves. `saved_step`: the step the folder's checkpoint already holds (the
  // resumed step, or 0 for a fresh run: an untrained model is not worth a file).
  CheckpointKeeper(RunFolder* folder, double every_s, int64_t saved_step);

  // Training time only (not time spent paused) counts towards the periodic save, which
  // waits longer when saves are slow (checkpoint_interval_s: at most 2 % of training time).
  void addTrainingTime(double seconds) { training_s_ += seconds; }
  bool periodicSaveDue() const;

  // Saves the trainer's state unless its step is already saved. Returns the reason when the
  // save failed (the previous checkpoint is then still in place and training may go on);
  // an "error" event is appended to events.jsonl. A successful save appends a
  // "checkpoint" event.
  std::optional<std::string> save(Trainer& trainer);

  std::filesystem::path file() const;
  int64_t savedStep() const { return saved_step_; }

 private:
  void appendEvent(const std::string& json_line);

  RunFolder* folder_;
  double every_s_;
  int64_t saved_step_;
  double training_s_ = 0;
  double last_save_s_ = 0;  // how long the last save took: slow saves come less often
};

}  // namespace rcmae::session
