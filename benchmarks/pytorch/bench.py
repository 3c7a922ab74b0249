#!/usr/bin/python3
"""PyTorch twins of `cellnb bench` (lib/CellNotebooks/Benchmarks/*StepBenchmark.cs).

Prints one JSON object per row on stdout, {"name", "unit", "value", "spread"}, under exactly the names the C#
benchmarks use, so `cellnb bench --pytorch` can pair them; progress goes to stderr. Each group runs when --filter
is empty or contained in its name (case-insensitive), as `cellnb bench --filter`.

    /usr/bin/python3 benchmarks/pytorch/bench.py [--filter TEXT] [--repeats 3] [--warmup 1] [--threads N]

Exit code 3: torch cannot be imported (install python3-torch and libopenblas0-pthread on Debian).
"""
import argparse
import json
import os
import platform
import resource
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:  # reported by cellnb bench --pytorch with install notes
    print(f"torch is not importable from {sys.executable}: {error}", file=sys.stderr)
    sys.exit(3)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import twins  # noqa: E402


def peak_resident_mib():
    """VmHWM of this process. Not ru_maxrss: Linux carries that across execve, so a child of cellnb would report
    the .NET process's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)


def median(ts):
    n = len(ts)
    return ts[n // 2] if n % 2 else 0.5 * (ts[n // 2 - 1] + ts[n // 2])


def spread(ts):
    """(max - min) / (2 median), as Stopwatches.Spread in C#; None for a single run."""
    return (ts[-1] - ts[0]) / (2 * median(ts)) if len(ts) > 1 and median(ts) > 0 else None


def training_rows(model, item, per_step, step, per_inference, inference, args):
    """The three rows of TrainingRows.Measure in C#."""
    train = measure(step, args.warmup, args.repeats)
    infer = measure(inference, args.warmup, args.repeats)
    return [
        {"name": f"{model} train step", "unit": "ms", "value": median(train) * 1000, "spread": spread(train)},
        {"name": f"{model} train", "unit": f"{item}/s", "value": per_step / median(train), "spread": spread(train)},
        {"name": f"{model} inference", "unit": f"{item}/s", "value": per_inference / median(infer), "spread": spread(infer)},
    ]


def dino_model_rows(model, d, heads, out_dim, batch, args):
    torch.manual_seed(0)
    student = twins.MultiCropWrapper(twins.VisionTransformer(d, heads, drop_path=0.1), twins.DinoHead(d, out_dim))
    teacher = twins.MultiCropWrapper(twins.VisionTransformer(d, heads), twins.DinoHead(d, out_dim))
    teacher.load_state_dict(student.state_dict())
    for p in teacher.parameters():
        p.requires_grad = False
    loss_fn = twins.DinoLoss(out_dim)
    optimizer = torch.optim.AdamW(twins.dino_param_groups(student), lr=5e-4 * batch / 256, weight_decay=0.04)
    crops = [torch.rand(batch, 3, 112 if i < 2 else 32, 112 if i < 2 else 32) for i in range(10)]
    images = torch.rand(16, 3, 112, 112)
    student_params, teacher_params = list(student.parameters()), list(teacher.parameters())

    def step():
        student.train()
        teacher.train()
        with torch.no_grad():
            teacher_out = teacher(crops[:2])
        loss = loss_fn(student(crops), teacher_out, len(crops), 0.04)
        loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for ps, pt in zip(student_params, teacher_params):
                pt.mul_(0.996).add_(ps.detach(), alpha=1 - 0.996)

    def inference():
        with torch.no_grad():
            teacher.eval()
            teacher.backbone(images)

    return training_rows(model, "images", batch, step, images.shape[0], inference, args)


def dino_rows(args):
    return (dino_model_rows("dino vit_tiny/8 112px b8", 192, 3, 4096, 8, args)
            + dino_model_rows("dino vit_small/8 112px b4", 384, 6, 65536, 4, args))


def mil_rows(args):
    torch.manual_seed(0)
    bags_count = 32
    model = twins.GatedAttentionMil()
    optimizer = torch.optim.SGD(model.parameters(), lr=5e-4, momentum=0.9, weight_decay=5e-4)
    bags = [torch.randn(10, 10, 1536) for _ in range(bags_count)]
    labels = [torch.tensor([i % 32]) for i in range(bags_count)]

    def step():
        model.train()
        optimizer.zero_grad()
        for bag, label in zip(bags, labels):
            logits, _, _ = model(bag)
            ce = F.cross_entropy(logits, label)
            (ce / bags_count).backward()
            ce.item()
        optimizer.step()

    def inference():
        with torch.no_grad():
            model.eval()
            for bag in bags:
                model(bag)[0].argmax(1).item()

    return training_rows("mil gated-attention 1536d 32 bags x100", "bags", bags_count, step, bags_count, inference, args)


def cytomad_rows(args):
    torch.manual_seed(0)
    size, batch = 128, 10
    gen, disc = twins.CytoMadGenerator(size), twins.PatchDiscriminator()
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
    opt_d = torch.optim.Adam(disc.parameters(), lr=1e-4, betas=(0.5, 0.999), eps=1e-7)
    bf, qpi = torch.randn(batch, 1, size, size), torch.randn(batch, 1, size, size)

    def step():  # CytoMadTrainer.PretrainStep
        with torch.no_grad():
            gen.eval()
            fake = gen(bf)[0]
        disc.train()
        for pair, label in ((qpi, 1.0), (fake, 0.0)):
            loss = 0.5 * twins.keras_bce(disc(bf, pair), label)
            opt_d.zero_grad()
            loss.backward()
            opt_d.step()
            loss.item()
        gen.train()
        disc.train()
        fake, _ = gen(bf)
        adv = twins.keras_bce(disc(bf, fake), 1.0)
        l1 = (fake - qpi).abs().mean()
        total = adv + 100 * l1
        adv.item(), l1.item(), total.item()
        opt_g.zero_grad()
        total.backward()
        opt_g.step()

    def inference():
        with torch.no_grad():
            gen.eval()
            gen(bf)

    return training_rows(f"cytomad G+D {size}px b{batch}", "images", batch, step, batch, inference, args)


def simclr_rows(args):
    torch.manual_seed(0)
    batch = 32
    model = twins.SimClrModel()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-5)
    xi, xj = torch.rand(batch, 3, 96, 96), torch.rand(batch, 3, 96, 96)

    def step():
        model.train()
        loss = twins.nt_xent(model(xi), model(xj), 0.1)
        loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    def inference():
        with torch.no_grad():
            model.eval()
            model.features(xi)

    return training_rows(f"simclr resnet18 96px b{batch}", "images", batch, step, batch, inference, args)


def impartial_rows(args):
    torch.manual_seed(0)
    batch, size = 8, 128
    model = twins.UNet(2, 12, 4, 64, 0.5)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4, weight_decay=1e-4)
    target = torch.rand(batch, 2, size, size)
    mask = (torch.rand(batch, 2, size, size) > 0.05).float()
    inp = target * mask
    scribbles = (torch.rand(batch, 2, size, size) < 0.01).float()

    def step():
        model.train()
        optimizer.zero_grad()
        total = twins.impartial_loss(model(inp), target, mask, scribbles)
        total.item()
        total.backward()
        optimizer.step()

    def inference():
        with torch.no_grad():
            model.eval()
            model(inp)

    return training_rows(f"impartial unet {size}px b{batch}", "images", batch, step, batch, inference, args)


def optimizer_rows(args):
    """OptimizerStepBenchmark.cs: torch.optim.Adam on ResNet-18 (with its fc) is the baseline of both C# rows."""
    torch.manual_seed(0)
    model = twins.ResNet18()
    model.fc = torch.nn.Linear(512, 1000)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, weight_decay=1e-5)
    for p in model.parameters():
        p.grad = torch.randn_like(p) * 1e-3
    times = measure(optimizer.step, 2, max(5, 3 * args.repeats))
    row = {"unit": "ms", "value": median(times) * 1000, "spread": spread(times)}
    return [dict(name="adam step resnet18", **row), dict(name="adam step resnet18, flat buffer", **row)]


def dropout_rows(args):
    """DropoutBenchmark.cs: F.dropout is the baseline of both C# rows (libtorch's dropout and the uniform mask)."""
    torch.manual_seed(0)
    x = torch.rand(8, 64, 128, 128, requires_grad=True)
    weights = torch.rand_like(x)

    def step():
        F.dropout(x, 0.5, True).backward(weights)
        x.grad.zero_()

    times = measure(step, 2, max(5, 3 * args.repeats))
    row = {"unit": "ms", "value": median(times) * 1000, "spread": spread(times)}
    name = "dropout p0.5 8x64x128x128 fwd+bwd"
    return [dict(name=name, **row), dict(name=name + ", uniform mask", **row)]


# Group names equal the C# IBenchmark.Name values, so --filter selects the same twins.
GROUPS = [
    ("cytomad-step", cytomad_rows),
    ("dino-step", dino_rows),
    ("dropout", dropout_rows),
    ("impartial-step", impartial_rows),
    ("mil-step", mil_rows),
    ("optimizer-step", optimizer_rows),
    ("simclr-step", simclr_rows),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filter", default="")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, python {platform.python_version()}, {platform.platform()}", file=sys.stderr)
    for group, rows in GROUPS:
        if args.filter and args.filter.lower() not in group.lower():
            continue
        print(f"running {group} …", file=sys.stderr, flush=True)
        for row in rows(args):
            print(json.dumps(row), flush=True)
    peak = peak_resident_mib()
    print(json.dumps({"name": "peak resident memory", "unit": "MiB", "value": peak, "spread": None}), flush=True)


if __name__ == "__main__":
    main()
