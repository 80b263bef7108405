#!/usr/bin/python3
"""How hard is the built-in fraud data? A plain logistic regression on it (Debian's python3-sklearn).

    ./suite fraud generate --output /tmp/fraud.csv            # default rows, rate and seed
    /usr/bin/python3 fraud-example/scripts/logistic_baseline.py /tmp/fraud.csv

Stratified 60/20/20 split (seed 42), standardization fitted on the training part, LogisticRegression
(lbfgs, C=1, class_weight='balanced' and None), average precision (scikit-learn's step definition) and AUC-ROC on the
test part. README quotes the figures this prints.
"""
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1].astype(int)
X_tr, X_rest, y_tr, y_rest = train_test_split(X, y, train_size=0.6, stratify=y, random_state=42)
X_va, X_te, y_va, y_te = train_test_split(X_rest, y_rest, train_size=0.5, stratify=y_rest, random_state=42)
scaler = StandardScaler().fit(X_tr)
print("rows %d, frauds %d (%.3f %%)" % (len(y), y.sum(), 100 * y.mean()))
for cw in (None, "balanced"):
    m = LogisticRegression(max_iter=5000, class_weight=cw).fit(scaler.transform(X_tr), y_tr)
    p = m.predict_proba(scaler.transform(X_te))[:, 1]
    print("logistic regression class_weight=%s: test average precision %.4f, AUC-ROC %.4f"
          % (cw, average_precision_score(y_te, p), roc_auc_score(y_te, p)))
