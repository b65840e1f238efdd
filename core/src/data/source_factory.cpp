#include "rcmae/data/source_factory.h"

#include <spdlog/spdlog.h>

#include "rcmae/data/data_error.h"
#include "rcmae/data/image_dataset.h"
#include "rcmae/data/pipeline.h"

namespace rcmae {

std::unique_ptr<BatchSource> open_batch_source(const DataOptions& options) {
  if (options.channels < 1 || options.channels > 4) {
    throw DataError(options.spec, "channels must be 1-4, got " + std::to_string(options.channels));
  }
  // Synthetic images are drawn at the model size: nothing gained by drawing bigger.
  std::shared_ptr<const ImageDataset> dataset =
      open_dataset(options.spec, Split::Train, options.channels, options.img_size);
  PipelineOptions pipeline;
  pipeline.img_size = options.img_size;
  pipeline.batch = options.batch;
  pipeline.workers = options.workers;
  pipeline.seed = options.seed;
  pipeline.augment = options.augment;
  pipeline.crop.min_scale = options.min_crop_scale;
  const DatasetInfo& info = dataset->info();
  spdlog::info("data: {} ({} train / {} test images, {}x{}x{} native, {} classes), {} worker(s)",
               info.name, info.train_size, info.test_size, info.native_height, info.native_width,
               info.channels, info.num_classes, pipeline.workers);
  return std::make_unique<PipelineSource>(std::move(dataset), pipeline);
}

}  // namespace rcmae
