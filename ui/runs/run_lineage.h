#pragma once
// Where a forked run comes from, for the Runs table's "Fork of" column: config.json's "fork"
// entry (written by `rcmae fork` for every arm: parent, parent_step, arm, settings, replicate,
// replicates, fork_dir) in one line, "parent @ 300 · m999 (momentum 0.999) · r2/3", and in
// full for its tooltip. A run of its own has no lineage.
#include <QString>

class QJsonObject;

namespace rcmae::ui {

struct RunLineage {
  QString text;     // empty for a run that is no fork
  QString tooltip;  // the parent's full path and the fork folder
};

// `config`: the run's whole config.json.
RunLineage run_lineage(const QJsonObject& config);

}  // namespace rcmae::ui
