#!/usr/bin/python3
"""Reference values for TvnReferenceTests (issue #37), independent of the C# code.

Run with Debian's python3-numpy / python3-scipy:  /usr/bin/python3 tvn_reference.py
It evaluates typical variation normalisation with the formulas of SimCLR-for-cell-profiling
(src/feature_eval/profile_metrics.py::calculate_nsc_and_nscb, DO_WHITENING and DO_CORAL blocks, commit cea2c51edc29):

  whitening   mu = mean of controls; Xc = controls - mu; C = Xc.T Xc / n; s, V = eigh(C);
              W = V diag(1 / sqrt(s + REG)); X <- (X - mu) W                          (no rotation)
  CORAL       target  C_t = real(sqrtm(F.T F / n + REG * I))      F = all whitened controls (not centred)
              batch b C_s = inv(real(sqrtm(F_b.T F_b / n_b + I)))  F_b = whitened controls of b (not centred)
              X_b <- (X_b C_s) C_t

Eigenvector signs are arbitrary (LAPACK vs MathNet), so each output column is printed with the sign that makes its
entry of largest magnitude positive; the test applies the same rule to the C# output.
"""
import numpy as np
import scipy.linalg

# rows: 3 features, batch, control?  (batch B2 carries an offset and a different spread)
TABLE = [
    ([1.0, 2.0, 0.5], "B1", True),
    ([1.4, 1.1, 0.9], "B1", True),
    ([0.7, 2.6, 0.2], "B1", True),
    ([1.2, 1.9, 1.3], "B1", False),
    ([3.0, 0.4, 0.8], "B1", False),
    ([2.1, 3.0, 1.6], "B2", True),
    ([2.9, 2.2, 2.4], "B2", True),
    ([1.5, 3.8, 1.1], "B2", True),
    ([2.6, 3.1, 2.9], "B2", True),
    ([0.3, 1.0, 2.5], "B2", False),
    ([2.2, 2.7, 0.4], "B2", False),
]


def tvn(x, batch, control, reg):
    mu = x[control].mean(axis=0)
    xc = x[control] - mu
    c = xc.T @ xc / xc.shape[0]
    s, v = scipy.linalg.eigh(c)
    w = v @ np.diag(1.0 / np.sqrt(s + reg))
    x = (x - mu) @ w

    f = x[control]
    c_t = np.real(scipy.linalg.sqrtm(f.T @ f / f.shape[0] + reg * np.eye(x.shape[1])))
    out = np.zeros_like(x)
    for b in dict.fromkeys(batch):
        rows = batch == b
        fb = x[rows & control]
        c_s = scipy.linalg.inv(np.real(scipy.linalg.sqrtm(fb.T @ fb / fb.shape[0] + np.eye(x.shape[1]))))
        out[rows] = (x[rows] @ c_s) @ c_t
    return out


def canonical(m):
    m = m.copy()
    for j in range(m.shape[1]):
        if m[np.argmax(np.abs(m[:, j])), j] < 0:
            m[:, j] = -m[:, j]
    return m


def main():
    x = np.array([r[0] for r in TABLE])
    batch = np.array([r[1] for r in TABLE])
    control = np.array([r[2] for r in TABLE])
    for reg in (1.0, 0.5):
        print(f"// REG_PARAM = {reg}")
        for row in canonical(tvn(x, batch, control, reg)):
            print("[" + ", ".join(f"{v:.12f}" for v in row) + "],")


if __name__ == "__main__":
    main()
