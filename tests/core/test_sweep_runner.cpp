// Sweeps end to end on micro models and synthetic data: a 2x2 sweep writes four run folders,
// the table and the heat map; a sweep that crashes mid-point resumes without redoing
// finished points and continues the interrupted point from its checkpoint with the same
// losses; early stopping stops the point the median rule names and no other.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "harness/qtest_registry.h"
#include "rcmae/sweep/heat_map_render.h"
#include "rcmae/sweep/sweep_report.h"
#include "rcmae/sweep/sweep_runner.h"

namespace fs = std::filesystem;

namespace {
rcmae::TrainConfig micro_base(int64_t steps) {
  rcmae::TrainConfig c;
  c.preset = "micro";
  c.model.img_size = 16;
  c.model.channels = 3;
  c.model.patch = 4;
  c.model = *rcmae::apply_preset("micro", c.model);
  c.batch = 8;
  c.steps = steps;
  c.base_lr = 0.05;
  c.seed = 9;
  c.threads = 1;
  return c;
}

rcmae::SweepDefinition two_by_two(int64_t steps, int knn_every = 0) {
  rcmae::SweepSpec spec;
  spec.axes.push_back(rcmae::parse_sweep_axis("mask-ratio=0.5,0.75"));
  spec.axes.push_back(rcmae::parse_sweep_axis("momentum=0.99,0.996"));
  auto base = micro_base(steps);
  base.knn_every = knn_every;  // a tiny bank: the accuracy metrics get real numbers, fast
  base.knn_bank = 60;
  base.knn_queries = 30;
  return rcmae::make_sweep_definition(spec, base, rcmae::MedianStopRule{});
}

rcmae::SweepRunOptions quiet_options(const fs::path& folder) {
  rcmae::SweepRunOptions options;
  options.out_dir = folder;
  options.show_progress = false;
  return options;
}

// How often sweep_log.jsonl records `event` for `point`.
int count_events(const fs::path& folder, const std::string& point, const std::string& event) {
  std::ifstream in(folder / rcmae::sweep_log_name());
  int count = 0;
  for (std::string line; std::getline(in, line);)
    count += line.find("\"event\":\"" + event + "\"") != std::string::npos &&
             line.find("\"point\":\"" + point + "\"") != std::string::npos;
  return count;
}

struct SimulatedCrash : std::runtime_error {
  SimulatedCrash() : std::runtime_error("simulated crash") {}
};
}  // namespace

class TestSweepRunner : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  fs::path path(const char* name) { return fs::path(dir_.path().toStdString()) / name; }

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    QVERIFY(dir_.isValid());
  }

  void two_by_two_sweep_writes_four_runs_and_a_report() {
    const auto sweep = two_by_two(8, 4);
    auto options = quiet_options(path("grid"));
    options.checkpoint_every = 3;
    const auto result = rcmae::run_sweep(sweep, options);
    QCOMPARE(result.finished, 4);
    QCOMPARE(result.remaining, 0);
    QVERIFY(fs::exists(path("grid") / "sweep.json"));
    for (const char* name :
         {"mask0.5_mom0.99", "mask0.5_mom0.996", "mask0.75_mom0.99", "mask0.75_mom0.996"}) {
      const fs::path run = path("grid") / name;
      QVERIFY2(fs::exists(run / "config.json") && fs::exists(run / "checkpoint.ckpt"), name);
      QCOMPARE(rcmae::read_point_status(run).state, rcmae::PointState::Finished);
      QCOMPARE(rcmae::read_loss_curve(run / "metrics.csv").size(), size_t(8));
    }
    const auto report = rcmae::load_sweep_report(path("grid"));
    QCOMPARE(report.rows.size(), size_t(4));
    const auto table = rcmae::format_sweep_table(report, rcmae::SweepMetric::FinalLoss);
    QVERIFY2(table.find("mask0.75_mom0.996") != std::string::npos, table.c_str());
    QVERIFY(table.find("finished") != std::string::npos);
    // Each point ran its own settings: the summaries read back the swept values.
    QCOMPARE(report.rows[2].summary->mask_ratio, 0.75);
    QCOMPARE(report.rows[2].summary->momentum, 0.99);

    const auto grid = rcmae::heat_map_grid(report, rcmae::SweepMetric::FinalLoss);
    QCOMPARE(grid.x_axis, std::string("mask-ratio"));
    QCOMPARE(grid.y_axis, std::string("momentum"));
    QCOMPARE(grid.x_values, (std::vector<std::string>{"0.5", "0.75"}));
    // Cell (x = mask 0.75, y = momentum 0.99) holds that run's final loss.
    QCOMPARE(grid.at(1, 0), report.rows[2].summary->final_loss);
    QVERIFY(std::isfinite(grid.at(0, 1)) && grid.at(0, 1) > 0);
    double best = INFINITY;
    for (double v : grid.cells) best = std::min(best, v);
    QCOMPARE(grid.at(size_t(grid.best_x), size_t(grid.best_y)), best);
    QVERIFY(rcmae::best_cell_text(grid).find(grid.points[size_t(grid.best_y * 2 + grid.best_x)]) ==
            0);

    rcmae::write_heat_map_png(grid, path("grid") / "map.png");
    const cv::Mat image = cv::imread((path("grid") / "map.png").string());
    QVERIFY(!image.empty());
    QVERIFY(image.cols > 2 * 112 && image.rows > 2 * 56);
    // Near its top-left corner (inside the outline) the best cell is viridis' yellow end.
    const cv::Vec3b best_pixel =
        image.at<cv::Vec3b>(64 + grid.best_y * 56 + 8, 140 + grid.best_x * 112 + 8);
    QCOMPARE(int(best_pixel[2]), 253);
    QCOMPARE(int(best_pixel[1]), 231);
    const std::string svg = rcmae::heat_map_svg(grid);
    char best_text[32];
    std::snprintf(best_text, sizeof best_text, ">%.4f<", best);
    QVERIFY2(svg.find(best_text) != std::string::npos, best_text);
    QVERIFY(svg.find(">mask-ratio<") != std::string::npos);
    QCOMPARE(std::count(svg.begin(), svg.end(), '\n') > 10, true);

    // The reconstruction loss alone: below the total (RC-MAE adds gamma * L_cons >= 0).
    const auto rec = rcmae::heat_map_grid(report, rcmae::SweepMetric::FinalLossRec);
    QCOMPARE(rec.at(1, 0), report.rows[2].summary->final_loss_rec);
    QVERIFY(rec.lower_is_better && !rec.percent);
    QVERIFY(rec.at(1, 0) < grid.at(1, 0));

    // Accuracies (quality.csv when the run measured it, else knn.csv / probe.csv); higher is
    // better.
    const auto knn = rcmae::heat_map_grid(report, rcmae::SweepMetric::BestKnn);
    const auto probe = rcmae::heat_map_grid(report, rcmae::SweepMetric::Probe);
    QVERIFY(!knn.lower_is_better && knn.percent);
    double best_knn = -1;
    for (size_t i = 0; i < 4; ++i) {
      QVERIFY(knn.cells[i] >= 0 && knn.cells[i] <= 1);
      QVERIFY(probe.cells[i] >= 0 && probe.cells[i] <= 1);
      best_knn = std::max(best_knn, knn.cells[i]);
    }
    QCOMPARE(knn.at(size_t(knn.best_x), size_t(knn.best_y)), best_knn);
    QCOMPARE(probe.at(1, 0), report.rows[2].summary->probe());  // quality.csv, else probe.csv
    QVERIFY(rcmae::format_sweep_table(report, rcmae::SweepMetric::Probe)
                .find("best linear-probe accuracy") != std::string::npos);
  }

  void crashed_sweep_resumes_without_redoing_finished_points() {
    const auto sweep = two_by_two(8);
    auto options = quiet_options(path("crash"));
    options.checkpoint_every = 3;
    // Crash in point 3 after step 5: its last checkpoint is step 3.
    options.after_step = [](const std::string& point, int64_t step) {
      if (point == "mask0.75_mom0.99" && step == 5) throw SimulatedCrash();
    };
    QVERIFY_THROWS_EXCEPTION(SimulatedCrash, rcmae::run_sweep(sweep, options));
    const fs::path first = path("crash") / "mask0.5_mom0.99" / "metrics.csv";
    const auto first_written = fs::last_write_time(first);
    QCOMPARE(rcmae::read_point_status(path("crash") / "mask0.75_mom0.99").state,
             rcmae::PointState::InProgress);
    QCOMPARE(rcmae::read_point_status(path("crash") / "mask0.75_mom0.996").state,
             rcmae::PointState::Pending);

    std::vector<int64_t> steps_seen;
    options.after_step = [&](const std::string& point, int64_t step) {
      if (point == "mask0.75_mom0.99") steps_seen.push_back(step);
    };
    const auto result = rcmae::run_sweep(sweep, options);
    QCOMPARE(result.skipped, 2);
    QCOMPARE(result.finished, 2);
    QCOMPARE(result.remaining, 0);
    // Finished points ran once and were not touched again.
    QCOMPARE(count_events(path("crash"), "mask0.5_mom0.99", "start"), 1);
    QCOMPARE(count_events(path("crash"), "mask0.5_mom0.99", "skip"), 1);
    QCOMPARE(fs::last_write_time(first), first_written);
    // The interrupted point continued after its checkpoint (step 3), not from step 1.
    QCOMPARE(count_events(path("crash"), "mask0.75_mom0.99", "start"), 1);
    QCOMPARE(count_events(path("crash"), "mask0.75_mom0.99", "resume"), 1);
    QCOMPARE(steps_seen, (std::vector<int64_t>{4, 5, 6, 7, 8}));
    // ... and its curve is the uninterrupted one, each step once.
    const auto resumed = rcmae::read_loss_curve(path("crash") / "mask0.75_mom0.99" / "metrics.csv");
    const auto straight = rcmae::read_loss_curve(path("grid") / "mask0.75_mom0.99" / "metrics.csv");
    QCOMPARE(resumed.size(), size_t(8));
    QCOMPARE(resumed, straight);
    std::ifstream rows(path("crash") / "mask0.75_mom0.99" / "metrics.csv");
    QCOMPARE(std::count(std::istreambuf_iterator<char>(rows), {}, '\n'), 9L);  // header + 8
  }

  void interrupt_checkpoints_and_a_different_sweep_is_refused() {
    const auto sweep = two_by_two(8);
    auto options = quiet_options(path("interrupt"));
    int steps = 0;
    options.interrupted = [&] { return ++steps == 11; };  // point 2, step 3
    const auto result = rcmae::run_sweep(sweep, options);
    QVERIFY(result.interrupted);
    QCOMPARE(result.finished, 1);
    QCOMPARE(result.remaining, 3);
    const auto status = rcmae::read_point_status(path("interrupt") / "mask0.5_mom0.996");
    QCOMPARE(status.state, rcmae::PointState::InProgress);
    QCOMPARE(status.steps_done, int64_t(3));
    auto other = two_by_two(9);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             rcmae::run_sweep(other, quiet_options(path("interrupt"))));
  }

  void early_stopping_stops_only_the_point_the_rule_names() {
    rcmae::SweepSpec spec;
    // The third point barely learns (lr 1000x smaller) and must lose to the median of the
    // two before it; those two have too few references to be judged at all.
    spec.axes.push_back(rcmae::parse_sweep_axis("base-lr=0.05,0.04,0.00005"));
    rcmae::MedianStopRule rule;
    rule.enabled = true;
    rule.warmup_fraction = 0.25;
    rule.eval_every = 4;
    rule.window = 4;
    rule.min_reference = 2;
    const auto sweep = rcmae::make_sweep_definition(spec, micro_base(24), rule);
    const auto result = rcmae::run_sweep(sweep, quiet_options(path("early")));
    QCOMPARE(result.finished, 2);
    QCOMPARE(result.stopped_early, 1);
    const fs::path slow = path("early") / "lr5e-05";
    const auto status = rcmae::read_point_status(slow);
    QCOMPARE(status.state, rcmae::PointState::StoppedEarly);
    QVERIFY(status.steps_done < 24);
    QVERIFY(status.smoothed_loss > status.median_loss);
    // The stop is the rule applied to the recorded curves, at the first step it says so.
    const std::vector<rcmae::LossCurve> references = {
        rcmae::read_loss_curve(path("early") / "lr0.05" / "metrics.csv", "loss_rec"),
        rcmae::read_loss_curve(path("early") / "lr0.04" / "metrics.csv", "loss_rec")};
    const auto curve = rcmae::read_loss_curve(slow / "metrics.csv", "loss_rec");
    QCOMPARE(int64_t(curve.size()), status.steps_done);
    for (int64_t step = 1; step <= status.steps_done; ++step)
      QCOMPARE(rcmae::decide_median_stop(rule, 24, step, curve, references).stop,
               step == status.steps_done);
    QCOMPARE(rcmae::read_point_status(path("early") / "lr0.05").state, rcmae::PointState::Finished);
    QCOMPARE(rcmae::read_loss_curve(path("early") / "lr0.04" / "metrics.csv").size(), size_t(24));
    // A restart leaves the stopped point stopped.
    const auto again = rcmae::run_sweep(sweep, quiet_options(path("early")));
    QCOMPARE(again.skipped, 3);
    const auto grid = rcmae::heat_map_grid(rcmae::load_sweep_report(path("early")),
                                           rcmae::SweepMetric::FinalLoss);
    QVERIFY(grid.y_axis.empty());
    QCOMPARE(grid.stopped_early, (std::vector<bool>{true, false, false}));  // 5e-05 < 0.04 < 0.05
    QVERIFY(rcmae::heat_map_svg(grid).find("stopped early") != std::string::npos);
  }
};

RCMAE_QTEST_GUILESS(TestSweepRunner)
#include "test_sweep_runner.moc"
