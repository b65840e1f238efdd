#pragma once
// The answer of a "Try a change" fork as the dialog shows it: one card per arm, its title
// ("momentum 0.999 vs 0.97"), what it trained, then each metric of comparison.json in words:
// the arm minus the control with the 95 % interval of that difference and a verdict word,
// coloured green (better), red (worse) or muted (can't tell). Numbers are rounded as
// `rcmae fork` prints them, accuracies in points, so the card and the CLI's report agree.
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>

#include "runs/fork_process.h"
#include "theme.h"

class QFrame;

namespace rcmae::ui {

// The object name of a card's title label: the dialog gives it a larger font.
constexpr char kForkCardTitleName[] = "cardTitle";

// The line a card shows for one comparison row, as plain text, e.g. "Teacher reconstructs
// worse by 0.062 (0.057 – 0.068): resolved" or "Teacher kNN accuracy: can't tell (−0.7
// points, −2.2 to +0.8)".
QString describe_fork_row(const ForkComparisonRow& row);

// The card of `arm`, one of `plan`'s arms other than the control: a line per row of `rows`
// and per failure in `failed` that is the arm's ("Not compared" when none is), each with a
// tooltip of the measured values. `control_value` gives the control's value of a setting,
// as text, for the title. `plain` gets the whole card as plain text.
QFrame* make_fork_arm_card(const ForkPlanInfo& plan, const ForkPlanInfo::Arm& arm,
                           const QVector<ForkComparisonRow>& rows, const QStringList& failed,
                           const std::function<QString(const QString&)>& control_value,
                           ThemeName theme, QString* plain);

// The note under the cards: what a line means and how its interval was computed (and, with
// one replicate, that the interval leaves out the noise of training itself).
QString fork_method_text(const QVector<ForkComparisonRow>& rows);

// The status line under a shown fork: how long it took, how many arms, where it is saved.
QString fork_done_text(const ForkPlanInfo& plan, double wall_s, const QString& fork_dir);

// The cards' frame and title weight, for the style sheet of the widget that holds them.
QString fork_card_style_sheet(ThemeName theme);

}  // namespace rcmae::ui
