#!/usr/bin/python3
"""Checks that Lanes model files load into PyTorch and back, with the same logits.

Not run by the build (needs PyTorch: apt-get install python3-torch). The safetensors format is
parsed and written by hand here (8-byte little-endian header length, JSON header, raw data), so
the `safetensors` Python package is not needed.

    DIR=/tmp/lanes-interop
    CP=core/target/classes:core/target/test-classes:kernels/target/classes
    JAVA="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector -cp $CP"
    $JAVA dev.lanes.core.io.TorchInterop export $DIR     # Lanes writes models, inputs, logits
    /usr/bin/python3 core/src/test/python/torch_interop.py $DIR
                                                         # PyTorch: strict load, compare logits,
                                                         # write torch_<k> models back
    $JAVA dev.lanes.core.io.TorchInterop check $DIR      # Lanes loads PyTorch's files, compares
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": (np.float32, torch.float32), "I64": (np.int64, torch.int64)}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n <= 100_000_000 and 8 + n <= len(raw), "bad header length"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        b, e = info["data_offsets"]
        np_dtype, _ = DTYPES[info["dtype"]]
        arr = np.frombuffer(data[b:e], dtype=np.dtype(np_dtype).newbyteorder("<")).reshape(info["shape"])
        tensors[name] = torch.from_numpy(arr.copy())
    return tensors, meta


def write_safetensors(path, tensors, meta):
    header = {"__metadata__": meta} if meta else {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        arr = t.detach().cpu().contiguous().numpy()
        dtype = {np.dtype("float32"): "F32", np.dtype("int64"): "I64"}[arr.dtype]
        blob = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)) + hb + b"".join(blobs))


def build(arch):
    fields = dict(tok.split("=", 1) for tok in arch.split())
    sizes = [int(s) for s in fields["layers"].split(",")]
    act = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "gelu": nn.GELU,
           "gelu_tanh": lambda: nn.GELU(approximate="tanh"), "silu": nn.SiLU, "sigmoid": nn.Sigmoid,
           "tanh": nn.Tanh, "softplus": nn.Softplus}[fields.get("activation", "relu")]
    norm = fields.get("norm", "none")
    p = float(fields.get("dropout", "0"))
    layers = []
    for j in range(1, len(sizes)):
        layers.append(nn.Linear(sizes[j - 1], sizes[j]))
        if j == len(sizes) - 1:
            break
        if norm == "batch":
            layers.append(nn.BatchNorm1d(sizes[j]))
        elif norm == "layer":
            layers.append(nn.LayerNorm(sizes[j]))
        layers.append(act())
        if p > 0:
            layers.append(nn.Dropout(p))
    return nn.Sequential(*layers)


def main(d):
    torch.manual_seed(0)
    worst = 0.0
    k = 0
    while os.path.exists(os.path.join(d, f"lanes_{k}.safetensors")):
        state, meta = read_safetensors(os.path.join(d, f"lanes_{k}.safetensors"))
        arch = meta["lanes.architecture"]
        model = build(arch)
        model.load_state_dict(state, strict=True)
        model.eval()
        io, _ = read_safetensors(os.path.join(d, f"lanes_{k}_io.safetensors"))
        with torch.no_grad():
            logits = model(io["x"])
        diff = (logits - io["logits"]).abs().max().item()
        worst = max(worst, diff)
        print(f"lanes -> torch  {arch:70s} max |torch - lanes| = {diff:.3g}")

        # back: a PyTorch-trained model of the same architecture, written by PyTorch's state_dict
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        x = torch.rand(32, io["x"].shape[1])
        y = torch.arange(32) % io["logits"].shape[1]
        for _ in range(3):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            out = model(x)
        write_safetensors(os.path.join(d, f"torch_{k}.safetensors"), model.state_dict(),
                          {"format": "pt", "lanes.architecture": arch})
        write_safetensors(os.path.join(d, f"torch_{k}_io.safetensors"), {"x": x, "logits": out}, {})
        k += 1
    assert k > 0, "no lanes_0.safetensors in " + d
    print(("OK: all within 1e-5" if worst <= 1e-5 else "FAIL") + f" (max diff {worst:.3g}, torch {torch.__version__})")
    sys.exit(0 if worst <= 1e-5 else 1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lanes-interop")
