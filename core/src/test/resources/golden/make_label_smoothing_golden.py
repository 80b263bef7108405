#!/usr/bin/python3
"""Golden values for LabelSmoothedCrossEntropy, from PyTorch (Debian's python3-torch).

Run with the system Python:  /usr/bin/python3 make_label_smoothing_golden.py   (from this folder)

Writes label_smoothing.csv: for seeded random logits (6 examples, 4 classes, float64) and random classes, with
epsilon in {0, 0.1, 0.3} and without / with class weights (0.5, 2, 1, 3), one line per case and example:
  case,epsilon,weighted,example,label,loss,g0,g1,g2,g3
where loss is torch.nn.functional.cross_entropy(z, y, weight=w, label_smoothing=epsilon, reduction='none') of that
example and g its gradient with respect to the logits z (of that example's loss alone; the examples are
independent). Before each such line, a line case,epsilon,weighted,-1,label,0,z0,z1,z2,z3 holds the example's
logits, so the Java test feeds exactly these inputs to DL4J's softmax with the loss and compares per-example
scores and gradients.
"""
import torch

torch.manual_seed(7)
K = 4
N = 6
weights = torch.tensor([0.5, 2.0, 1.0, 3.0], dtype=torch.float64)
z_all = torch.randn(N, K, dtype=torch.float64) * 2
y_all = torch.randint(0, K, (N,))
with open("label_smoothing.csv", "w") as f:
    f.write("case,epsilon,weighted,example,label,loss,g0,g1,g2,g3\n")
    case = 0
    for eps in (0.0, 0.1, 0.3):
        for weighted in (0, 1):
            for i in range(N):
                z = z_all[i:i + 1].clone().requires_grad_(True)
                loss = torch.nn.functional.cross_entropy(z, y_all[i:i + 1], weight=weights if weighted else None,
                                                         label_smoothing=eps, reduction="none")
                loss.sum().backward()
                f.write("%d,%r,%d,-1,%d,0,%s\n" % (case, eps, weighted, int(y_all[i]),
                                                   ",".join(repr(float(v)) for v in z_all[i])))
                f.write("%d,%r,%d,%d,%d,%r,%s\n" % (case, eps, weighted, i, int(y_all[i]), float(loss[0]),
                                                    ",".join(repr(float(v)) for v in z.grad[0])))
            case += 1
print("torch", torch.__version__)
