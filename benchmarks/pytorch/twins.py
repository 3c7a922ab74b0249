"""PyTorch twins of the models cellnb bench times (same shapes, layer order, initialisation scale and optimiser).

Each class mirrors the C# type named in its docstring; bench.py builds the same steps as lib/CellNotebooks/Benchmarks.
Written against PyTorch 1.13 (Debian's python3-torch): no scaled_dot_product_attention, no torchvision.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------- ViT + DINO (Nn/VisionTransformer.cs, Methods/Dino)
class PatchEmbed(nn.Module):
    def __init__(self, c, d, p):
        super().__init__()
        self.proj = nn.Conv2d(c, d, p, p)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.scale = (d // heads) ** -0.5
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        attn = (q @ k.transpose(-2, -1) * self.scale).softmax(-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, t, d))


class DropPath(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if self.p == 0 or not self.training:
            return x
        keep = 1 - self.p
        mask = (torch.rand((x.shape[0],) + (1,) * (x.ndim - 1), dtype=x.dtype) + keep).floor_()
        return x.div(keep) * mask


class Mlp(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.fc1, self.act, self.fc2 = nn.Linear(d, h), nn.GELU(), nn.Linear(h, d)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, d, heads, drop_path):
        super().__init__()
        self.norm1 = nn.LayerNorm(d, eps=1e-6)
        self.attn = Attention(d, heads)
        self.drop_path = DropPath(drop_path)
        self.norm2 = nn.LayerNorm(d, eps=1e-6)
        self.mlp = Mlp(d, 4 * d)

    def forward(self, x):
        x = x + self.drop_path(self.attn(self.norm1(x)))
        return x + self.drop_path(self.mlp(self.norm2(x)))


class VisionTransformer(nn.Module):
    """DINO vision_transformer.py without head; reference size 224, CLS after the final norm."""

    def __init__(self, d, heads, patch=8, c=3, depth=12, drop_path=0.0, image=224):
        super().__init__()
        self.patch, self.grid = patch, image // patch
        self.patch_embed = PatchEmbed(c, d, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid ** 2 + 1, d))
        rates = [drop_path * i / (depth - 1) for i in range(depth)] if depth > 1 else [0.0]
        self.blocks = nn.ModuleList([Block(d, heads, r) for r in rates])
        self.norm = nn.LayerNorm(d, eps=1e-6)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)

    def interpolate_pos_encoding(self, x, w, h):
        n_patch, n = x.shape[1] - 1, self.pos_embed.shape[1] - 1
        if n_patch == n and w == h:
            return self.pos_embed
        d, g = x.shape[-1], self.grid
        w0, h0 = w // self.patch + 0.1, h // self.patch + 0.1
        grid = self.pos_embed[:, 1:].reshape(1, g, g, d).permute(0, 3, 1, 2)
        grid = F.interpolate(grid, scale_factor=(w0 / g, h0 / g), mode="bicubic", align_corners=False)
        return torch.cat((self.pos_embed[:, :1], grid.permute(0, 2, 3, 1).reshape(1, -1, d)), 1)

    def forward(self, x):
        b, _, w, h = x.shape
        x = torch.cat((self.cls_token.expand(b, -1, -1), self.patch_embed(x)), 1)
        x = x + self.interpolate_pos_encoding(x, w, h)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)[:, 0]


class DinoHead(nn.Module):
    """Methods/Dino/DinoHead.cs: 3-layer MLP (GELU), L2 normalise, weight-normalised last layer."""

    def __init__(self, in_dim, out_dim, norm_last_layer=False, hidden=2048, bottleneck=256):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(in_dim, hidden), nn.GELU(), nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, bottleneck))
        for m in self.mlp.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
        self.last_layer = nn.utils.weight_norm(nn.Linear(bottleneck, out_dim, bias=False))
        self.last_layer.weight_g.data.fill_(1)
        if norm_last_layer:
            self.last_layer.weight_g.requires_grad = False

    def forward(self, x):
        return self.last_layer(F.normalize(self.mlp(x), dim=-1, p=2))


class MultiCropWrapper(nn.Module):
    """DINO utils.MultiCropWrapper: one backbone pass per run of equal-resolution crops, one head pass."""

    def __init__(self, backbone, head):
        super().__init__()
        self.backbone, self.head = backbone, head

    def forward(self, crops):
        out, start = [], 0
        while start < len(crops):
            end = start + 1
            while end < len(crops) and crops[end].shape[-2:] == crops[start].shape[-2:]:
                end += 1
            out.append(self.backbone(torch.cat(crops[start:end])))
            start = end
        return self.head(torch.cat(out))


class DinoLoss(nn.Module):
    def __init__(self, out_dim, student_temp=0.1, center_momentum=0.9, global_crops=2):
        super().__init__()
        self.student_temp, self.center_momentum, self.global_crops = student_temp, center_momentum, global_crops
        self.register_buffer("center", torch.zeros(1, out_dim))

    def forward(self, student_output, teacher_output, crops, teacher_temp):
        student = (student_output / self.student_temp).chunk(crops)
        teacher = F.softmax((teacher_output - self.center) / teacher_temp, dim=-1).detach().chunk(self.global_crops)
        total, terms = 0, 0
        for iq, q in enumerate(teacher):
            for v in range(len(student)):
                if v == iq:
                    continue
                total = total + torch.sum(-q * F.log_softmax(student[v], dim=-1), dim=-1).mean()
                terms += 1
        with torch.no_grad():
            batch_center = teacher_output.sum(0, keepdim=True) / teacher_output.shape[0]
            self.center.mul_(self.center_momentum).add_(batch_center, alpha=1 - self.center_momentum)
        return total / terms


def dino_param_groups(model):
    """DINO utils.get_params_groups (Training/AdamWGroups.cs)."""
    reg, no_reg = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_reg if name.endswith(".bias") or p.ndim == 1 else reg).append(p)
    return [{"params": reg}, {"params": no_reg, "weight_decay": 0.0}]


# ---------------------------------------------------------------- CLANet MIL (Methods/Clanet/GatedAttentionMil.cs)
class GatedAttentionMil(nn.Module):
    def __init__(self, l=1536, d=128, k=1, classes=32):
        super().__init__()
        self.l = l
        self.attention_V = nn.Sequential(nn.Linear(l, d), nn.Tanh())
        self.attention_U = nn.Sequential(nn.Linear(l, d), nn.Sigmoid())
        self.attention_weights = nn.Linear(d, k)
        self.classifier = nn.Sequential(nn.Linear(l * k, classes))

    def forward(self, bag):
        h = bag.reshape(-1, self.l)
        a = self.attention_weights(self.attention_V(h) * self.attention_U(h))
        alpha = F.softmax(a.transpose(1, 0), dim=1)
        z = alpha @ h
        return self.classifier(z.reshape(1, -1)), z, alpha


# ---------------------------------------------------------------- CytoMAD (Methods/CytoMad/*.cs, Keras semantics)
def same_pad(n, k, s):
    total = max(k - s, 0) if n % s == 0 else max(k - n % s, 0)
    return total // 2, total - total // 2


class KerasConv2d(nn.Module):
    def __init__(self, cin, cout, k=4, s=2):
        super().__init__()
        self.k, self.s = k, s
        self.weight = nn.Parameter(torch.empty(cout, cin, k, k).normal_(0, 0.02))
        self.bias = nn.Parameter(torch.zeros(cout))

    def forward(self, x):
        (t, b), (l, r) = same_pad(x.shape[2], self.k, self.s), same_pad(x.shape[3], self.k, self.s)
        if t == b and l == r:
            return F.conv2d(x, self.weight, self.bias, self.s, (t, l))
        return F.conv2d(F.pad(x, [l, r, t, b]), self.weight, self.bias, self.s)


class KerasConvTranspose2d(nn.Module):
    def __init__(self, cin, cout, k=4, s=2):
        super().__init__()
        self.k, self.s = k, s
        self.weight = nn.Parameter(torch.empty(cin, cout, k, k).normal_(0, 0.02))
        self.bias = nn.Parameter(torch.zeros(cout))

    def forward(self, x):
        h, w = x.shape[2] * self.s, x.shape[3] * self.s
        (t, b), (l, r) = same_pad(h, self.k, self.s), same_pad(w, self.k, self.s)
        if t == b and l == r:
            return F.conv_transpose2d(x, self.weight, self.bias, self.s, (t, l))
        full = F.conv_transpose2d(x, self.weight, self.bias, self.s)
        return full[:, :, t:t + h, l:l + w]


class KerasBatchNorm2d(nn.Module):
    def __init__(self, c, always_training=False):
        super().__init__()
        self.always = always_training
        self.weight, self.bias = nn.Parameter(torch.ones(c)), nn.Parameter(torch.zeros(c))
        self.register_buffer("running_mean", torch.zeros(c))
        self.register_buffer("running_var", torch.ones(c))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, self.training or self.always, 0.01, 1e-3)


class EncoderBlock(nn.Module):
    def __init__(self, cin, cout, bn, always):
        super().__init__()
        self.conv = KerasConv2d(cin, cout, 4, 2)
        self.bn = KerasBatchNorm2d(cout, always) if bn else None

    def forward(self, x):
        x = self.conv(x)
        if self.bn is not None:
            x = self.bn(x)
        return F.leaky_relu(x, 0.2)


class DecoderBlock(nn.Module):
    def __init__(self, cin, cout, stride, dropout, always):
        super().__init__()
        self.conv = KerasConvTranspose2d(cin, cout, 4, stride)
        self.bn = KerasBatchNorm2d(cout, always)
        self.dropout, self.always = dropout, always

    def forward(self, x):
        x = self.bn(self.conv(x))
        return F.dropout(x, 0.5, self.training or self.always) if self.dropout else x


class CytoMadGenerator(nn.Module):
    """CytoMadGenerator.cs in upstream mode (BatchNorm and dropout of the generator always in training mode)."""

    def __init__(self, size=128, always=True):
        super().__init__()
        levels = int(math.log2(size)) - 1
        enc = [min(64 << i, 512) for i in range(levels)]
        self.down = nn.ModuleList()
        prev = 1
        for i, c in enumerate(enc):
            self.down.append(EncoderBlock(prev, c, i > 0, always))
            prev = c
        self.bottleneck = KerasConv2d(prev, 512, 4, 2)
        self.up = nn.ModuleList()
        prev = 512
        for j in range(levels):
            skip = enc[levels - 1 - j]
            self.up.append(DecoderBlock(prev, skip, 2, j < 2, always))
            prev = 2 * skip
        self.to_input = DecoderBlock(prev, 32, 2, False, always)
        prev = 33
        self.refine = nn.ModuleList()
        for c in (16, 8, 4):
            self.refine.append(DecoderBlock(prev, c, 1, False, always))
            prev = c
        self.output = KerasConvTranspose2d(prev, 1, 4, 1)

    def forward(self, inp):
        skips, x = [], inp
        for block in self.down:
            x = block(x)
            skips.append(x)
        b = F.relu(self.bottleneck(x))
        x = b
        for j, block in enumerate(self.up):
            x = F.relu(torch.cat([block(x), skips[-(j + 1)]], 1))
        x = F.relu(torch.cat([self.to_input(x), inp], 1))
        for block in self.refine:
            x = F.relu(block(x))
        return self.output(x), b.flatten(1)


class PatchDiscriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = KerasConv2d(2, 64, 4, 2)
        self.conv2, self.bn2 = KerasConv2d(64, 128, 4, 2), KerasBatchNorm2d(128)
        self.conv3, self.bn3 = KerasConv2d(128, 256, 4, 2), KerasBatchNorm2d(256)
        self.conv4, self.bn4 = KerasConv2d(256, 512, 4, 1), KerasBatchNorm2d(512)
        self.conv5, self.bn5 = KerasConv2d(512, 512, 4, 1), KerasBatchNorm2d(512)
        self.conv6 = KerasConv2d(512, 1, 4, 1)

    def forward(self, bf, qpi):
        x = F.leaky_relu(self.conv1(torch.cat([bf, qpi], 1)), 0.2)
        x = F.leaky_relu(self.bn2(self.conv2(x)), 0.2)
        x = F.leaky_relu(self.bn3(self.conv3(x)), 0.2)
        x = F.leaky_relu(self.bn4(self.conv4(x)), 0.2)
        x = F.leaky_relu(self.bn5(self.conv5(x)), 0.2)
        return torch.sigmoid(self.conv6(x))


def keras_bce(p, label, eps=1e-7):
    p = p.clamp(eps, 1 - eps)
    t = torch.full_like(p, label)
    return -(t * (p + eps).log() + (1 - t) * (1 - p + eps).log()).mean()


# ---------------------------------------------------------------- ResNet-18 + SimCLR (Nn/ResNet.cs, Methods/SimClr)
class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + identity)


class ResNet18(nn.Module):
    """torchvision resnet18 without fc (returns the 512-d pooled features)."""

    def __init__(self, c=3):
        super().__init__()
        self.conv1 = nn.Conv2d(c, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        layers, inplanes = [], 64
        for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers.append(nn.Sequential(BasicBlock(inplanes, planes, stride), BasicBlock(planes, planes)))
            inplanes = planes
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.avgpool(x).flatten(1)


class SimClrModel(nn.Module):
    def __init__(self, c=3, out_dim=256):
        super().__init__()
        self.features = ResNet18(c)
        self.l1, self.l2 = nn.Linear(512, 512), nn.Linear(512, out_dim)

    def forward(self, x):
        return self.l2(F.relu(self.l1(self.features(x))))


def nt_xent(zi, zj, temperature):
    n = zi.shape[0]
    r = F.normalize(torch.cat([zj, zi]), p=2, dim=1)
    logits = (r @ r.T / temperature).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    targets = (torch.arange(2 * n) + n) % (2 * n)
    return F.cross_entropy(logits, targets)


# ---------------------------------------------------------------- ImPartial U-Net and loss (Nn/UNet*.cs, ImPartialLoss.cs)
class DoubleConv(nn.Module):
    def __init__(self, cin, cout, mid=None, dropout=0.0):
        super().__init__()
        mid = mid or cout
        layers = [nn.Conv2d(cin, mid, 3, padding=1), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        layers += [nn.Conv2d(mid, cout, 3, padding=1), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        self.double_conv = nn.Sequential(*layers)

    def forward(self, x):
        return self.double_conv(x)


class Down(nn.Module):
    def __init__(self, cin, cout, dropout):
        super().__init__()
        self.maxpool, self.conv = nn.MaxPool2d(2), DoubleConv(cin, cout, dropout=dropout)

    def forward(self, x):
        return self.conv(self.maxpool(x))


class Up(nn.Module):
    def __init__(self, cin, cout, dropout):
        super().__init__()
        self.conv = DoubleConv(cin, cout, cin // 2, dropout)

    def forward(self, x, skip):
        u = F.interpolate(x, size=(2 * x.shape[2], 2 * x.shape[3]), mode="bilinear", align_corners=True)
        dy, dx = skip.shape[2] - u.shape[2], skip.shape[3] - u.shape[3]
        if dy or dx:
            u = F.pad(u, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        return self.conv(torch.cat([skip, u], 1))


class UNet(nn.Module):
    def __init__(self, cin, cout, depth=4, base=64, dropout=0.0):
        super().__init__()
        widths = [base << i for i in range(depth)] + [base << (depth - 1)]
        self.depth = depth
        self.inc = DoubleConv(cin, base)
        self.down = nn.ModuleList([Down(widths[i - 1], widths[i], dropout) for i in range(1, depth + 1)])
        self.up, prev = nn.ModuleList(), widths[depth]
        for i in range(depth - 1, -1, -1):
            out = widths[i - 1] if i > 0 else base
            self.up.append(Up(widths[i] + prev, out, dropout))
            prev = out
        self.outc = nn.Conv2d(base, cout, 1)

    def forward(self, x):
        skips = [self.inc(x)]
        for block in self.down:
            skips.append(block(skips[-1]))
        y = skips[-1]
        for i, block in enumerate(self.up):
            y = block(y, skips[self.depth - 1 - i])
        return self.outc(y)


def impartial_loss(output, target, mask, scribbles, kf=2, k=4, rec_channels=(0, 1), wf=0.45, wb=0.45, wrec=0.1):
    logp = output[:, :k].log_softmax(1)
    p = logp.exp()
    log_pf, log_pb = logp[:, :kf].logsumexp(1), logp[:, kf:].logsumexp(1)

    def partial(logprob, s):
        count = s.sum((1, 2))
        per_image = (s * -logprob.clamp_min(math.log(1e-20))).sum((1, 2)) / count.clamp_min(1)
        return per_image.sum() / count.clamp_max(1).sum().clamp_min(1)

    fore, back = partial(log_pf, scribbles[:, 0]), partial(log_pb, scribbles[:, 1])
    rec = torch.zeros(())
    for r, ch in enumerate(rec_channels):
        means = output[:, k + r * k:k + (r + 1) * k]
        mu = (p * means).sum((2, 3)) / (p.sum((2, 3)) + 1e-8)
        xhat = (mu[..., None, None] * p).sum(1)
        nll = 0.5 * (target[:, ch] - xhat) ** 2 + 0.5 * math.log(2 * math.pi)
        weight = 1 - mask[:, ch]
        rec = rec + ((weight * nll).sum((1, 2)) / weight.sum((1, 2)).clamp_min(1)).mean()
    rec = rec / len(rec_channels)
    return wf * fore + wb * back + wrec * rec
