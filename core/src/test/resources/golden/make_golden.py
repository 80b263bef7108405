#!/usr/bin/python3
"""Golden values for the regularizer tests, from scikit-learn (Debian's python3-sklearn).

Run with the system Python:  /usr/bin/python3 make_golden.py   (from this folder)

Writes
  diabetes.csv          the diabetes data (442 rows) that scikit-learn ships: 10 features standardized to mean 0 and
                        (population) standard deviation 1, the target centred; the Java tests read exactly this file
  elasticnet.csv        ElasticNet(fit_intercept=False) coefficients on it for several (alpha, l1_ratio)
  multitask.csv         MultiTaskLasso(fit_intercept=False) coefficients with features age..s4 as inputs and
                        (target, s5, s6) as the three tasks

Both estimators minimise (1/(2n))·||Y - XW||² + penalty, with the penalty
  ElasticNet:     alpha·l1_ratio·||w||_1 + 0.5·alpha·(1 - l1_ratio)·||w||²
  MultiTaskLasso: alpha·Σ_rows ||W_row||_2
They are solved to tol=1e-12 so that the golden values are exact to far below the tests' 1e-3 tolerance.
The script also prints the ISTA iteration count the Java test needs (rate 1 - mu/L, L and mu the extreme
eigenvalues of the loss Hessian).
"""
import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import ElasticNet, MultiTaskLasso

X, y = load_diabetes(return_X_y=True, scaled=False)
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = y - y.mean()
names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
with open("diabetes.csv", "w") as f:
    f.write(",".join(names + ["target"]) + "\n")
    for row, t in zip(X, y):
        f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(t)) + "\n")

# Hessian of (1/n)||y - Xw||² (DL4J's MSE scale) is (2/n) X^T X.
eig = np.linalg.eigvalsh(2 * X.T @ X / len(y))
print("sklearn", sklearn.__version__, "hessian eigenvalues min %.4f max %.4f condition %.1f"
      % (eig.min(), eig.max(), eig.max() / eig.min()))

settings = [(2.0, 1.0), (0.5, 0.9), (3.0, 0.8), (1.0, 0.5)]
with open("elasticnet.csv", "w") as f:
    f.write("alpha,l1_ratio," + ",".join(names) + "\n")
    for alpha, ratio in settings:
        m = ElasticNet(alpha=alpha, l1_ratio=ratio, fit_intercept=False, tol=1e-12, max_iter=1_000_000).fit(X, y)
        f.write("%r,%r," % (alpha, ratio) + ",".join(repr(float(c)) for c in m.coef_) + "\n")
        print("elastic net", alpha, ratio, "zeros:", [n for n, c in zip(names, m.coef_) if c == 0])

Xm = X[:, :8]
Ym = np.column_stack([y, X[:, 8], X[:, 9]])
alpha = 4.0
m = MultiTaskLasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=1_000_000).fit(Xm, Ym)
W = m.coef_.T  # [n_features, n_tasks], rows are the groups
with open("multitask.csv", "w") as f:
    f.write("alpha=%r\n" % alpha)
    f.write("feature,task_target,task_s5,task_s6\n")
    for n, row in zip(names[:8], W):
        f.write(n + "," + ",".join(repr(float(v)) for v in row) + "\n")
print("multitask alpha", alpha, "zero rows:", [n for n, row in zip(names[:8], W) if not row.any()])
print(W)
