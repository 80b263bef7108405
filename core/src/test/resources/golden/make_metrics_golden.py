#!/usr/bin/python3
"""Golden values for BinaryMetrics / ClassWeights, from scikit-learn (Debian's python3-sklearn).

Run with the system Python:  /usr/bin/python3 make_metrics_golden.py   (from this folder)

Writes binary_cases.csv: for several seeded random cases (scores rounded to 2 decimals so that ties occur, about
5 % positives as in fraud data), one line per example "case,score,label", and binary_golden.csv with one line per
case: roc_auc_score, average_precision_score, auc(recall, precision) from precision_recall_curve, and precision,
recall, f1, matthews_corrcoef at threshold 0.5 (predicted positive iff score >= 0.5), and the 'balanced' class
weights of compute_class_weight.
"""
import numpy as np
import sklearn
from sklearn.metrics import (auc, average_precision_score, f1_score, matthews_corrcoef, precision_recall_curve,
                             precision_score, recall_score, roc_auc_score)
from sklearn.utils.class_weight import compute_class_weight

rng = np.random.default_rng(20261129)
with open("binary_cases.csv", "w") as cases, open("binary_golden.csv", "w") as golden:
    cases.write("case,score,label\n")
    golden.write("case,auc_roc,average_precision,auprc_trapezoid,precision,recall,f1,mcc,weight0,weight1\n")
    for case, (n, rate) in enumerate([(40, 0.3), (200, 0.05), (500, 0.05), (1000, 0.02)]):
        y = (rng.random(n) < rate).astype(int)
        y[0] = 1
        y[1] = 0
        s = np.round(np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 1), 2)
        for si, yi in zip(s, y):
            cases.write("%d,%r,%d\n" % (case, float(si), yi))
        p, r, _ = precision_recall_curve(y, s)
        pred = (s >= 0.5).astype(int)
        w = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
        golden.write("%d,%r,%r,%r,%r,%r,%r,%r,%r,%r\n" % (case, roc_auc_score(y, s), average_precision_score(y, s),
                     auc(r, p), precision_score(y, pred, zero_division=0), recall_score(y, pred),
                     f1_score(y, pred), matthews_corrcoef(y, pred), w[0], w[1]))
print("sklearn", sklearn.__version__, "wrote binary_cases.csv, binary_golden.csv")
