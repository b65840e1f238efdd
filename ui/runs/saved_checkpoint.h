#pragma once
// Which step a run folder's checkpoint.ckpt holds, as its events.jsonl says: the step of the
// newest "checkpoint" (or "resume") line. Try a change waits for it to reach the step the
// window's run paused at before forking from the file.
#include <QString>

namespace rcmae::ui {

// -1 when the folder has no events.jsonl or no such line.
qint64 saved_checkpoint_step(const QString& run_dir);

}  // namespace rcmae::ui
