#include "rcmae/train/training_data.h"

namespace rcmae {

DataOptions data_options_for(const TrainConfig& config) {
  DataOptions data;
  data.spec = config.dataset;
  data.img_size = config.model.img_size;
  data.channels = config.model.channels;
  data.batch = config.batch;
  data.seed = config.seed;
  data.workers = config.data_workers;
  data.min_crop_scale = config.min_crop_scale;
  return data;
}

}  // namespace rcmae
