#!/usr/bin/python3
"""PyTorch side of `./suite bench torch`: the same networks as the DL4J applications, trained on the very same
data files the Java driver wrote, with the same settings (Adam 1e-3, fp32, batch size, epochs, He-normal
initialization as DL4J's WeightInit.RELU, zero biases, validation every epoch), warm-up steps on a throwaway
model not timed. Prints one line `RESULT <json>` like the DL4J worker.

Needs Debian's python3-torch and python3-sklearn (they install for /usr/bin/python3).
"""
import argparse
import json
import os
import resource
import time

import numpy as np
import torch
from torch import nn
from sklearn.metrics import average_precision_score


def load(data, name, columns):
    x = np.fromfile(os.path.join(data, name + ".x.f32"), dtype="<f4").reshape(-1, columns)
    y = np.fromfile(os.path.join(data, name + ".y.i32"), dtype="<i4").astype(np.int64)
    return torch.from_numpy(x.copy()), torch.from_numpy(y.copy())


def he_init(module):
    if isinstance(module, (nn.Linear, nn.Conv2d)):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def mlp(args):
    # FraudNetSpec: dense 64 (identity; no bias before batch norm, which cancels it) -> batch norm -> ReLU ->
    # dropout -> dense 2 (softmax in the loss)
    layers = [nn.Linear(30, args.hidden, bias=not args.batch_norm)]
    if args.batch_norm:
        layers.append(nn.BatchNorm1d(args.hidden, eps=1e-5, momentum=0.1))
    layers += [nn.ReLU(), nn.Dropout(args.dropout), nn.Linear(args.hidden, 2)]
    return nn.Sequential(*layers)


def cnn(args):
    # CnnSpec: ((conv 3x3 pad 1 -> batch norm -> ReLU) x convs -> max-pool 2x2) x blocks, dropout, dense, ReLU,
    # dropout, dense (softmax in the loss); a convolution before batch norm has no bias
    layers, channels, side = [], 1, 28
    for b in range(args.blocks):
        out = args.filters << b
        for _ in range(args.convs):
            layers += [nn.Conv2d(channels, out, 3, padding=1, bias=not args.batch_norm)]
            if args.batch_norm:
                layers.append(nn.BatchNorm2d(out, eps=1e-5, momentum=0.1))
            layers.append(nn.ReLU())
            channels = out
        layers.append(nn.MaxPool2d(2, 2))
        side = side // 2
    layers.append(nn.Flatten())
    if args.dropout > 0:
        layers.append(nn.Dropout(args.dropout))
    layers += [nn.Linear(channels * side * side, args.dense), nn.ReLU()]
    if args.dropout > 0:
        layers.append(nn.Dropout(args.dropout))
    layers.append(nn.Linear(args.dense, 10))
    return nn.Sequential(*layers)


def build(args):
    model = mlp(args) if args.workload == "mlp" else cnn(args)
    model.apply(he_init)
    return model


def shape(x, args):
    return x if args.workload == "mlp" else x.view(-1, 1, 28, 28)


def evaluate(model, x, y, args):
    model.eval()
    with torch.no_grad():
        out = torch.cat([model(shape(x[i:i + 1024], args)) for i in range(0, len(x), 1024)])
    model.train()
    if args.workload == "mlp":
        p = torch.softmax(out, dim=1)[:, 1].numpy()
        return float(average_precision_score(y.numpy(), p))
    return float((out.argmax(dim=1) == y).float().mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workload", choices=["mlp", "cnn"], required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--batch-size", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--warmup-steps", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--batch-norm", type=int, default=1)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--convs", type=int, default=1)
    ap.add_argument("--filters", type=int, default=32)
    ap.add_argument("--dense", type=int, default=128)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    columns = 30 if args.workload == "mlp" else 784
    x, y = load(args.data, args.workload + "-train", columns)
    vx, vy = load(args.data, args.workload + "-validation", columns)
    n = len(y)

    warm = build(args)
    opt = torch.optim.Adam(warm.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for i in range(min(args.warmup_steps, (n + args.batch_size - 1) // args.batch_size)):
        xb, yb = shape(x[i * args.batch_size:(i + 1) * args.batch_size], args), y[i * args.batch_size:(i + 1) * args.batch_size]
        opt.zero_grad()
        loss_fn(warm(xb), yb).backward()
        opt.step()
    evaluate(warm, vx[:4], vy[:4], args) if args.workload == "cnn" else None

    model = build(args)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(args.seed)
    curve, elapsed, train_seconds = [], [], 0.0
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        te = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            opt.zero_grad()
            loss_fn(model(shape(x[idx], args)), y[idx]).backward()
            opt.step()
        train_seconds += time.perf_counter() - te
        curve.append(evaluate(model, vx, vy, args))
        elapsed.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - t0
    print("RESULT " + json.dumps({
        "framework": "pytorch " + torch.__version__, "backend": "CPU", "workload": args.workload, "rows": n,
        "epochs": args.epochs, "batch": args.batch_size, "threads": str(args.threads), "seconds": seconds,
        "train_seconds": train_seconds, "examples_per_second": n * args.epochs / train_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "metric": "average_precision" if args.workload == "mlp" else "accuracy",
        "curve": curve, "elapsed": elapsed}), flush=True)


if __name__ == "__main__":
    main()
