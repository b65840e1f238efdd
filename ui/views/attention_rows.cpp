#include "views/attention_rows.h"

namespace rcmae::ui {
namespace {

QVector<float> row_of(const float* values, int tokens) {
  return QVector<float>(values, values + tokens);
}

// The mean of the heads' cls rows is still a distribution over the same tokens.
QVector<float> head_mean(const AttentionMaps& maps, int image, int layer) {
  QVector<float> mean(maps.tokens, 0.0f);
  for (int head = 0; head < maps.heads; ++head) {
    const float* row = maps.clsRow(image, layer, head);
    for (int t = 0; t < maps.tokens; ++t) mean[t] += row[t] / float(maps.heads);
  }
  return mean;
}

AttentionRow layer_row(const AttentionMaps& maps, int layer, int head) {
  AttentionRow row;
  row.title = QString("Layer %1").arg(layer + 1);
  row.tooltip =
      head < 0
          ? QString("Block %1: the cls token's attention, averaged over the %2 heads.")
                .arg(layer + 1)
                .arg(maps.heads)
          : QString("Block %1, head %2: the cls token's attention.").arg(layer + 1).arg(head + 1);
  for (int image = 0; image < maps.images(); ++image)
    row.images.push_back(head < 0 ? head_mean(maps, image, layer)
                                  : row_of(maps.clsRow(image, layer, head), maps.tokens));
  return row;
}

AttentionRow rollout_row(const AttentionMaps& maps) {
  AttentionRow row;
  row.title = "Rollout";
  row.tooltip =
      "Attention rollout through all blocks (heads averaged, identity added for the residual\n"
      "connection, rows renormalised, layers multiplied): where the cls token's final\n"
      "representation draws from, if the MLPs and value norms are ignored.";
  for (int image = 0; image < maps.images(); ++image)
    row.images.push_back(row_of(maps.rolloutRow(image), maps.tokens));
  return row;
}

AttentionRow head_row(const AttentionMaps& maps, int layer, int head) {
  AttentionRow row = layer_row(maps, layer, head);
  row.title = QString("Head %1").arg(head + 1);
  return row;
}

}  // namespace

const AttentionMaps* attention_maps(const ReconstructionSnapshot& snapshot,
                                    AttentionEncoder encoder) {
  const AttentionMaps& maps = encoder == AttentionEncoder::Teacher ? snapshot.teacher_attention
                                                                   : snapshot.student_attention;
  return maps.empty() ? nullptr : &maps;
}

QString encoder_name(AttentionEncoder encoder) {
  return encoder == AttentionEncoder::Teacher ? "Teacher (EMA)" : "Student";
}

QVector<AttentionRow> attention_rows(const AttentionMaps& maps,
                                     const AttentionSelection& selection) {
  QVector<AttentionRow> rows;
  if (maps.empty()) return rows;
  if (selection.layer >= 0 && selection.layer < maps.layers) {
    for (int head = 0; head < maps.heads; ++head)
      rows.push_back(head_row(maps, selection.layer, head));
    return rows;
  }
  const int head = selection.head < maps.heads ? selection.head : -1;
  for (int layer = 0; layer < maps.layers; ++layer) rows.push_back(layer_row(maps, layer, head));
  rows.push_back(rollout_row(maps));
  return rows;
}

}  // namespace rcmae::ui
