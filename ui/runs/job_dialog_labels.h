#pragma once
// The labels the engine-job dialogs (Robustness, Fine-tune) share, so they read and behave
// alike: a problem line that stays hidden until something is wrong, and a status line that
// keeps room for two lines, so the dialog does not grow when an ending job adds a sentence.
// Both are selectable: a message can be copied into a report or an issue.
class QLabel;

QLabel* make_problem_label();
QLabel* make_status_label();
