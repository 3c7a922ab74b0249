#!/usr/bin/python3
"""Reference values of BinaryMorphologyReferenceTests, from the scipy calls CLANet's mask stage makes.

Run with Debian's /usr/bin/python3 (python3-numpy 1.24, python3-scipy 1.10). The test mask is built from an integer
hash both languages compute identically (`mask` below, `BinaryMorphologyReferenceTests.Mask` in C#): blocks of 3x3
pixels set with probability 50/100 (open) or 62/100 (dense), each pixel then flipped with probability 8/100, so they
have holes behind walls of every thickness, background leaks, and components of every size. For each operation the script prints the foreground pixel
count and a position checksum (sum of y*W + x over foreground pixels, modulo 2**31 - 1).

- fill_holes(s): ndi.binary_fill_holes(m, structure=np.ones((s, s))) (upstream generate_binary_masks.py: s = 6;
  s = 3 is 8-connected background, what the workbook's own steps call FillHoles(m, 1))
- remove_small_objects(n): skimage.morphology.remove_small_objects(m, n), connectivity=1, written with
  ndi.label's 4-connected structure and component sizes (skimage's own implementation does the same)
- remove_small_holes(n): skimage.morphology.remove_small_holes(m, n) = ~remove_small_objects(~m, n)
"""
import numpy as np
from scipy import ndimage as ndi

H, W = 257, 311
MOD = 2**31 - 1


def h(a, b, salt):
    v = (a * 73856093) ^ (b * 19349663) ^ (salt * 83492791)
    v &= 0xFFFFFFFF
    v ^= v >> 13
    v = (v * 0x5BD1E995) & 0xFFFFFFFF
    v ^= v >> 15
    return v


def mask(percent):
    m = np.zeros((H, W), bool)
    for y in range(H):
        for x in range(W):
            block = h(y // 3, x // 3, 1) % 100 < percent
            flip = h(y, x, 2) % 100 < 8
            m[y, x] = block != flip
    return m


def summary(name, m):
    ys, xs = np.nonzero(m)
    checksum = int(np.sum((ys.astype(np.int64) * W + xs) % MOD) % MOD)
    print(f"{name}: {int(m.sum())} {checksum}")


def remove_small_objects(m, n):
    labels, count = ndi.label(m, structure=ndi.generate_binary_structure(2, 1))
    sizes = np.bincount(labels.ravel())
    keep = sizes >= n
    keep[0] = False
    return keep[labels]


for percent in (50, 62):
    m = mask(percent)
    summary(f"mask({percent})", m)
    for s in (3, 6):
        summary(f"  fill_holes({s})", ndi.binary_fill_holes(m, structure=np.ones((s, s))))
    summary("  remove_small_objects(100)", remove_small_objects(m, 100))
    summary("  remove_small_holes(64)", ~remove_small_objects(~m, 64))
