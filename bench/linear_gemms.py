#!/usr/bin/env python3
"""The three GEMMs of each Linear layer of the teaching and tiny shapes, timed one by one.

For each layer y = x Wᵀ + b ([M, K] -> [M, N]): the forward, the input gradient dX = dY W and
the weight gradient dW = dYᵀ X, each through OpenBLAS (what torch.mm / F.linear call) at
1 and at 2 threads, and through oneDNN (LibTorch's own copy, via the aten::mkldnn_linear*
operators, conversions to and from its layout included). Prints GFLOP/s, medians of 40 calls;
the largest relative difference from OpenBLAS's result shows the three agree.

  /usr/bin/python3 bench/linear_gemms.py        (needs python3-torch; docs/PERFORMANCE.md)
"""
import statistics
import time

import torch
import torch.nn.functional as F

# name: (rows M = batch x tokens the layer sees, in K, out N)
SHAPES = {
    "teaching enc qkv": (832, 96, 288),    # 64 images x 13 visible tokens, width 96
    "teaching enc fc1": (832, 96, 384),
    "teaching enc fc2": (832, 384, 96),
    "teaching dec qkv": (3200, 64, 192),   # 64 images x 50 tokens, width 64
    "teaching dec fc1": (3200, 64, 256),
    "teaching dec fc2": (3200, 256, 64),
    "tiny enc qkv": (2176, 192, 576),      # 128 images x 17 visible tokens, width 192
    "tiny enc fc1": (2176, 192, 768),
    "tiny enc fc2": (2176, 768, 192),
}


def median_seconds(call, threads, repeats=40):
    torch.set_num_threads(threads)
    for _ in range(3):
        call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def dense(t):
    return t.to_dense() if t.is_mkldnn else t


def relative_difference(got, want):
    return ((dense(got) - want).abs().max() / want.abs().max()).item()


def main():
    torch.manual_seed(0)
    print("GFLOP/s (median of 40 calls); blas1 / blas2: OpenBLAS at 1 / 2 threads; "
          "dnnl2: oneDNN at 2 threads")
    print(f"{'layer':18s} | {'forward':^20s} | {'input gradient':^20s} | {'weight gradient':^20s}"
          " | max rel. diff")
    print(f"{'':18s} | " + " | ".join(f"{'blas1':>6s} {'blas2':>6s} {'dnnl2':>6s}" for _ in range(3)))
    for name, (m, k, n) in SHAPES.items():
        x, w, b, dy = torch.randn(m, k), torch.randn(n, k), torch.randn(n), torch.randn(m, n)
        gflop = 2.0 * m * k * n / 1e9
        calls = [
            (lambda: F.linear(x, w, b),
             lambda: torch.ops.aten.mkldnn_linear(x.to_mkldnn(), w, b).to_dense()),
            (lambda: dy.mm(w),
             lambda: dense(torch.ops.aten.mkldnn_linear_backward_input([m, k], dy.to_mkldnn(), w))),
            (lambda: dy.t().mm(x),
             lambda: torch.ops.aten.mkldnn_linear_backward_weights(
                 dy.to_mkldnn(), x.to_mkldnn(), w, True)[0]),
        ]
        cells, worst = [], 0.0
        for blas, dnnl in calls:
            rates = [gflop / median_seconds(blas, 1), gflop / median_seconds(blas, 2),
                     gflop / median_seconds(dnnl, 2)]
            cells.append(" ".join(f"{r:6.1f}" for r in rates))
            worst = max(worst, relative_difference(dnnl(), blas()))
        print(f"{name:18s} | " + " | ".join(cells) + f" | {worst:.1e}")


if __name__ == "__main__":
    main()
