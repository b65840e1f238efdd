#pragma once
// The model-level half of eval/robustness.h, for callers that already hold a model (the
// GUI session's live teacher, tests): no checkpoint involved.
#include <vector>

#include "rcmae/eval/labelled_eval_set.h"
#include "rcmae/eval/robustness.h"
#include "rcmae/model/mae_vit.h"

namespace rcmae {

// The clean row, then (when settings.corruptions) every corruption x severity. Bank
// features (and the probe) are computed once, from clean images.
std::vector<RobustnessRow> evaluate_encoder_robustness(MaeVit& model, const LabelledEvalSet& data,
                                                       bool mean_pooling,
                                                       const RobustnessSettings& settings,
                                                       const RobustnessRowDone& row_done = {});

}  // namespace rcmae
