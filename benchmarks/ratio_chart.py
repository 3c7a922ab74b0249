#!/usr/bin/env python3
"""Bar chart (SVG, no dependencies) of the TorchSharp / PyTorch time ratios in a `cellnb bench --json` file.

Usage: python3 benchmarks/ratio_chart.py benchmarks/results/DATE-cpu2.json [OUT.svg]
Rows with a ratio and a unit of ms (step time) or images/s (inference) are drawn; below 1 means faster here.
"""
import json
import sys


def main(path, out):
    rows = [r for r in json.load(open(path, encoding="utf-8"))
            if r.get("ratio") is not None and (r["name"].endswith("train step") or r["name"].endswith("inference"))]
    rows.sort(key=lambda r: r["name"])
    scale = 62.0  # pixels per 1.0×
    top, bar, gap, label_x, bar_x = 34, 18, 8, 324, 330
    height = top + len(rows) * (bar + gap) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" font-family="sans-serif" font-size="12">',
             '<text x="10" y="18" font-size="14">Time ratio TorchSharp / PyTorch, same machine, same run (below 1 = faster here)</text>']
    for i, r in enumerate(rows):
        y = top + i * (bar + gap)
        width = min(r["ratio"], 6.5) * scale
        colour = "#2a9d8f" if r["ratio"] <= 1.0 else "#e76f51"
        parts.append(f'<text x="{label_x}" y="{y + 13}" text-anchor="end">{r["name"]}</text>')
        parts.append(f'<rect x="{bar_x}" y="{y}" width="{width:.1f}" height="{bar}" fill="{colour}"/>')
        parts.append(f'<text x="{bar_x + width + 4:.1f}" y="{y + 13}">{r["ratio"]:.2f}×</text>')
    one = bar_x + scale
    parts.append(f'<line x1="{one}" y1="{top - 4}" x2="{one}" y2="{height - 6}" stroke="#264653" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    open(out, "w", encoding="utf-8").write("\n".join(parts) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    source = sys.argv[1]
    main(source, sys.argv[2] if len(sys.argv) > 2 else source.removesuffix(".json") + "-ratios.svg")
