#pragma once
// The report's "What it learned" block: the run's last quality.csv measurement in words a
// reader of a lab notebook can check, each next to what it is measured against (held-out
// reconstruction against mean fill, kNN and linear probe against raw pixels), with when it
// was measured (step, training time).
#include <QList>
#include <QPair>
#include <QString>

namespace rcmae::ui {

class RunReader;

// Label / value rows; empty when the run has no quality.csv row (older runs, --no-quality).
QList<QPair<QString, QString>> what_it_learned(const RunReader& run);
// One line under the block saying what the numbers mean.
QString what_it_learned_note();

}  // namespace rcmae::ui
