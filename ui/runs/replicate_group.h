#pragma once
// Which runs are replicates of one setting, drawn together as a mean and a 95 % band: the arms
// of `rcmae fork --repeats R` (the same fork folder and arm name in config.json's "fork"
// entry) and the points of `rcmae sweep --repeats R` (one sweep folder, point names that differ
// only in their seed, e.g. mom0.97_seed0 and mom0.97_seed1).
#include <QString>

namespace rcmae::ui {

class RunReader;

struct ReplicateGroup {
  QString key;    // empty: the run replicates nothing
  QString label;  // what the legend calls the setting, e.g. "m999" or "mom0.97"
};

ReplicateGroup replicate_group(const RunReader& run);

// A sweep point's name without its seed ("mom0.97_seed1" -> "mom0.97"); empty when the name
// has no seed in it.
QString point_without_seed(const QString& point);

}  // namespace rcmae::ui
