#!/usr/bin/env python3
"""The lunch-hour table from bench/lunch_hour.sh's folder.

  python3 bench/lunch_hour_table.py runs/lunch-hour

Per arm (RC-MAE teacher, MAE student, from scratch): top-1 on the test images per seed, the
budget each used (pretraining's wall_s + fine-tuning's train_s) and mean +- sd over seeds.
Then each difference that matters, paired by seed (the same seed gives the arms the same
fine-tuning batch order and augmentation): the mean difference in points with its 95 %
t-interval over seeds and a verdict (better / worse / can't tell). With one seed there is no
seed spread to measure: the interval is then the test images' sampling alone (two accuracies
on 10,000 images, unpaired) and the table says so.
"""
import csv
import glob
import math
import os
import statistics
import sys

# Two-sided 95 % quantiles of Student's t, by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
       9: 2.262, 10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042}


def t95(df):
    known = [d for d in sorted(T95) if d <= df]
    return T95[known[-1]] if known else float("nan")


def last_row(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[-1] if rows else None


def pretraining_s(run):
    metrics = os.path.join(run, "metrics.csv")
    if not os.path.exists(metrics):
        return 0.0
    row = last_row(metrics)
    return float(row["wall_s"]) if row else 0.0


def arms(folder):
    found = {"RC-MAE teacher": {}, "MAE student": {}, "from scratch": {}}
    prefixes = {"rcmae": "RC-MAE teacher", "mae": "MAE student", "scratch": "from scratch"}
    for path in sorted(glob.glob(os.path.join(folder, "*-seed*", "finetune.csv"))):
        run = os.path.dirname(path)
        prefix, seed = os.path.basename(run).rsplit("-seed", 1)
        if prefix not in prefixes:
            continue
        row = last_row(path)
        if row is None:
            continue
        found[prefixes[prefix]][int(seed)] = {
            "top1": float(row["top1"]),
            "test_images": int(row["test_images"]),
            "epochs": int(row["epochs"]),
            "budget_s": pretraining_s(run) + float(row["train_s"]),
        }
    return found


def verdict(lo, hi):
    if lo > 0:
        return "better"
    if hi < 0:
        return "worse"
    return "can't tell"


def difference(a, b):
    seeds = sorted(set(a) & set(b))
    if not seeds:
        return None
    d = [100 * (a[s]["top1"] - b[s]["top1"]) for s in seeds]
    mean = statistics.fmean(d)
    if len(d) >= 2:
        half = t95(len(d) - 1) * statistics.stdev(d) / math.sqrt(len(d))
        basis = f"{len(d)} seeds, t-interval over seeds"
    else:
        pa, pb = a[seeds[0]]["top1"], b[seeds[0]]["top1"]
        na, nb = a[seeds[0]]["test_images"], b[seeds[0]]["test_images"]
        half = 100 * 1.96 * math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
        basis = "one seed: test-image sampling only, no seed spread"
    return mean, mean - half, mean + half, basis


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "runs/lunch-hour"
    found = arms(folder)
    print(f"| arm | seeds | epochs | budget (min) | top-1 per seed | mean +- sd |")
    print("|---|---|---|---|---|---|")
    for name, rows in found.items():
        if not rows:
            continue
        tops = [100 * rows[s]["top1"] for s in sorted(rows)]
        spread = f" +- {statistics.stdev(tops):.2f}" if len(tops) > 1 else ""
        budget = statistics.fmean(r["budget_s"] for r in rows.values()) / 60
        epochs = ",".join(sorted({str(r["epochs"]) for r in rows.values()}))
        per_seed = ", ".join(f"{t:.2f}" for t in tops)
        print(f"| {name} | {len(rows)} | {epochs} | {budget:.1f} | {per_seed} | "
              f"{statistics.fmean(tops):.2f}{spread} |")
    print()
    for a, b in (("RC-MAE teacher", "from scratch"), ("MAE student", "from scratch"),
                 ("RC-MAE teacher", "MAE student")):
        d = difference(found[a], found[b])
        if d is None:
            continue
        mean, lo, hi, basis = d
        print(f"{a} - {b}: {mean:+.2f} points (95 % {lo:+.2f} to {hi:+.2f}): "
              f"{verdict(lo, hi)} [{basis}]")


if __name__ == "__main__":
    main()
