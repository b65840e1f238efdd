// The dataset spec shared by the CLI and the GUI: accepted forms and clear errors.
#include <QtTest/QtTest>

#include "harness/qtest_registry.h"
#include "rcmae/data/dataset_spec.h"
#include "rcmae/data/source_factory.h"
#include "test_data_util.h"

using namespace rcmae;
using namespace rcmae::test;

class TestDataSpec : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parses_every_form() {
    QCOMPARE(int(parse_dataset_spec("synthetic").kind), int(DatasetKind::Synthetic));
    const DatasetSpec fashion = parse_dataset_spec("fashion-mnist");
    QCOMPARE(fashion.path, std::string("/usr/share/datasets/fashion-mnist"));
    QCOMPARE(parse_dataset_spec("mnist:/data/mnist/").path, std::string("/data/mnist"));
    QCOMPARE(int(parse_dataset_spec("cifar10:/d").kind), int(DatasetKind::Cifar10));
    // Only the first ':' separates: paths may contain more.
    QCOMPARE(parse_dataset_spec("folder:/a:b/c d").path, std::string("/a:b/c d"));
    QCOMPARE(parse_dataset_spec("folder:/x").canonical(), std::string("folder:/x"));
  }

  void unknown_names_list_the_valid_specs() {
    for (const std::string spec : {"foo:bar", "imagenet", "", "Synthetic"}) {
      expect_data_error([&] { parse_dataset_spec(spec); }, spec, "unknown dataset");
      expect_data_error([&] { parse_dataset_spec(spec); }, spec, "valid dataset specs");
      expect_data_error([&] { parse_dataset_spec(spec); }, spec, "cifar10:DIR");
    }
    expect_data_error([&] { parse_dataset_spec("folder"); }, "folder", "needs a directory");
    expect_data_error([&] { parse_dataset_spec("folder:"); }, "folder:", "directory after ':'");
    expect_data_error([&] { parse_dataset_spec("synthetic:x"); }, "synthetic:x",
                      "takes no directory");
  }

  void open_batch_source_reports_bad_spec_and_options() {
    DataOptions options;
    options.spec = "foo:bar";
    expect_data_error([&] { open_batch_source(options); }, "foo:bar", "valid dataset specs");
    options.spec = "synthetic";
    options.channels = 7;
    expect_data_error([&] { open_batch_source(options); }, "synthetic", "channels must be 1-4");
    options.channels = 3;
    options.batch = 0;
    expect_data_error([&] { open_batch_source(options); }, "synthetic", "batch size");
  }
};

RCMAE_QTEST_GUILESS(TestDataSpec)
#include "test_data_spec.moc"
