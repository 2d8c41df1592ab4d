#!/usr/bin/env python3
"""Writes the tiny checkpoint and array fixtures the weight/IO tests read.

Dev-time only (the tests never run Python). Needs PyTorch (Debian's python3-torch 1.13 was used) and NumPy:

    /usr/bin/python3 tests/Magvit.Model.Tests/Fixtures/make_checkpoints.py

Every value is a closed-form function of its index (no RNG), so a re-run writes the same numbers (and the same bytes,
except plain_state_dict_legacy.pt, whose legacy format embeds storage addresses as keys). Expected values go
to *.safetensors files written by the small independent writer below (the `safetensors` package is not installable
here); tests compare the C# readers against them exactly.
"""
import argparse
import collections
import json
import os
import pathlib
import pickle
import struct
import sys
import types

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))

ST_DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL",
}


def out(name):
    return os.path.join(HERE, name)


def write_safetensors(path, tensors, metadata=None):
    """Minimal safetensors writer: keys sorted, data packed in that order, header padded with spaces to 8 bytes."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for key in sorted(tensors):
        t = tensors[key].detach().contiguous()
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[key] = {"dtype": ST_DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def ramp(shape, dtype, scale=1.0, shift=0.0):
    """Deterministic, sign-mixed values: (i * scale + shift) for i in 0..numel-1, cast to dtype."""
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64) * scale + shift).reshape(shape).to(dtype)


def plain_state_dict():
    """Every storage dtype the reader supports, plus views that share one storage."""
    base = ramp((4, 6), torch.float32, 0.5, -3.0)
    sd = collections.OrderedDict()
    sd["conv.weight"] = ramp((2, 3, 2, 2), torch.float32, 0.125, -1.5)
    sd["conv.bias"] = torch.tensor([0.1, -0.2], dtype=torch.float32)
    sd["half"] = ramp((5,), torch.float16, 0.3333, -0.75)
    sd["bf16"] = ramp((2, 3), torch.bfloat16, 1.7, -4.0)
    sd["f64"] = torch.tensor([1.0 / 3.0, -2.5e-300, 1.0e300], dtype=torch.float64)
    sd["steps"] = torch.tensor([[2**40 + 1, -7, 0], [2**62, -(2**62), 42]], dtype=torch.int64)
    sd["i32"] = torch.tensor([-(2**31), 2**31 - 1, 0, 5], dtype=torch.int32)
    sd["u8"] = torch.tensor([0, 1, 127, 128, 254, 255], dtype=torch.uint8)
    sd["mask"] = torch.tensor([True, False, False, True, True])
    sd["scalar"] = torch.tensor(3.25, dtype=torch.float32)
    sd["empty"] = torch.zeros(0, 3, dtype=torch.float32)
    # Views of one storage: torch.save writes it once; offsets and strides must be honoured on load.
    sd["shared.base"] = base
    sd["shared.transposed"] = base.t()
    sd["shared.slice"] = base[1:3, ::2]
    sd["shared.row"] = base[2]
    sd["shared.expanded"] = ramp((3,), torch.float32, 1.0, 1.0).expand(2, 3)
    return sd


class AttributeDict(dict):
    """Stands in for Lightning's AttributeDict: a dict subclass defined outside torch."""

    def __getattr__(self, key):
        return self[key]


class Milestones(list):
    """A list subclass: pickled as NEWOBJ + APPENDS on the instance."""


class ContainerMetadata:
    def __init__(self, key_type, flags):
        self.key_type = key_type
        self.flags = flags


class DictConfig:
    """Mimics OmegaConf's DictConfig: a plain class whose state is a dict holding more custom objects."""

    def __init__(self, content):
        self.__dict__["_content"] = content
        self.__dict__["_metadata"] = ContainerMetadata(key_type=str, flags={"readonly": False})
        self.__dict__["_parent"] = None

    def __getstate__(self):
        return dict(self.__dict__)

    def __setstate__(self, state):
        self.__dict__.update(state)


class Slotted:
    """__slots__ makes the BUILD state a (None, slots) tuple."""

    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = "two"


def tiny_modules():
    torch.manual_seed(0)
    encoder = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    decoder = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.BatchNorm1d(4))
    with torch.no_grad():
        for i, p in enumerate(list(encoder.parameters()) + list(decoder.parameters())):
            p.copy_(ramp(tuple(p.shape), torch.float32, 0.0625 * (i + 1), -0.5 * i))
        decoder[1].running_mean.copy_(torch.tensor([0.5, -0.5, 0.25, -0.25]))
        decoder[1].running_var.copy_(torch.tensor([1.5, 2.0, 0.5, 1.0]))
        decoder[1].num_batches_tracked.fill_(7)
    return encoder, decoder


def lightning_checkpoint():
    """A Lightning-shaped .ckpt: raw weights, an EMA copy (LitEma naming), optimizer state and custom classes."""
    encoder, decoder = tiny_modules()
    model = torch.nn.ModuleDict({"encoder": encoder, "decoder": decoder})
    state = collections.OrderedDict(model.state_dict())
    ema = collections.OrderedDict()
    for name, p in model.named_parameters():
        ema["model_ema." + name.replace(".", "")] = p.detach() * 0.5 + 1.0
    ema["model_ema.decay"] = torch.tensor(0.999, dtype=torch.float32)
    ema["model_ema.num_updates"] = torch.tensor(1234, dtype=torch.int32)
    state.update(ema)

    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.5, 0.9))
    for p in model.parameters():
        p.grad = torch.ones_like(p) * 0.01
    optimizer.step()

    hyper = AttributeDict(
        ddconfig=DictConfig({"ch": 32, "ch_mult": [1, 1, 2, 2], "z_channels": 18}),
        lossconfig={"target": "losses.vqperceptual.VQLPIPSWithDiscriminator", "params": {"disc_start": 0}},
        args=argparse.Namespace(lr=1e-4, betas=(0.5, 0.9), resume=None),
        milestones=Milestones([10, 20, 30]),
        slotted=Slotted(),
        path=pathlib.PurePosixPath("/tmp/run"),
        dtype=torch.float32,
        device=torch.device("cpu"),
        counter=collections.Counter({"a": 2, "b": 1}),
        big=2**100,
        nan=float("nan"),
        blob=b"\x00\x01\xff",
        numbers={1, 2, 3},
        frozen=frozenset({"x"}),
        tuple_keyed={(1, 2): "a", None: "none"},
    )
    ckpt = {
        "epoch": 3,
        "global_step": 120,
        "pytorch-lightning_version": "1.9.0",
        "state_dict": state,
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": 4}}}},
        "callbacks": {"ModelCheckpoint{'monitor': 'val/rec_loss'}": {"best_model_score": torch.tensor(0.5),
                                                                    "best_model_path": "/tmp/best.ckpt"}},
        "optimizer_states": [optimizer.state_dict()],
        "lr_schedulers": [{"milestones": collections.Counter({30: 1, 60: 1}), "last_epoch": 3}],
        "hparams_name": "kwargs",
        "hyper_parameters": hyper,
    }
    raw = {k: v for k, v in state.items()}
    mapped = collections.OrderedDict()
    for k, v in model.state_dict().items():
        mapped[k] = state.get("model_ema." + k.replace(".", ""), v)
    return ckpt, raw, mapped


class Custom:
    """Pickled under a module name that does not exist outside this script (see pickle_fixtures)."""

    def __init__(self):
        self.x = 1
        self.name = "c"


def pickle_fixtures():
    """The same plain object graph in pickle protocols 0, 1, 2 and 5, to exercise every opcode family."""
    module = types.ModuleType("mylib.configs")
    Custom.__module__ = module.__name__
    module.Custom = Custom
    sys.modules["mylib"] = types.ModuleType("mylib")
    sys.modules[module.__name__] = module
    graph = {
        "ints": [0, -1, 255, 65536, -(2**31), 2**40, 2**70, -(2**70)],
        "float": 2.5,
        "neg": -0.125,
        "text": "h\u00e9llo \u2603",
        "none": None,
        "bools": (True, False),
        "tup1": (1,),
        "empty": (),
        "nested": {"k": [1, [2, 3]]},
        "obj": Custom(),
        "bytes": b"\x00\xffab",
        "od": collections.OrderedDict([("b", 1), ("a", 2)]),
        "set": {7},
    }
    shared = [4, 5]
    graph["shared"] = [shared, shared]
    for protocol in (0, 1, 2, 5):
        with open(out("pickle_protocol%d.pkl" % protocol), "wb") as f:
            pickle.dump(graph, f, protocol=protocol)


class OutOfBoundsView:
    """Pickles as a tensor view reaching past its 4-element storage: what a corrupt file may claim."""

    def __reduce__(self):
        storage = torch.ones(4).storage()
        return torch._utils._rebuild_tensor_v2, (storage, 2, (3,), (1,), False, collections.OrderedDict())


def npy_fixtures():
    np.save(out("array_f32.npy"), (np.arange(12, dtype=np.float64) * 0.25 - 1.0).astype(np.float32).reshape(3, 4))
    np.save(out("array_f64.npy"), (np.arange(6, dtype=np.float64) / 3.0 - 1.0).reshape(2, 3))
    np.save(out("array_i64.npy"), (np.arange(5, dtype=np.int64) - 2) * (2**40))
    np.save(out("array_i32.npy"), (np.arange(8, dtype=np.int32) - 4).reshape(2, 2, 2))
    np.save(out("array_bool.npy"), np.array([True, False, True, True]))
    np.save(out("array_u8.npy"), np.arange(0, 256, 51, dtype=np.uint8))
    np.save(out("array_scalar.npy"), np.array(2.5, dtype=np.float32))
    np.save(out("array_fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    for version in ((2, 0), (3, 0)):
        with open(out("array_v%d.npy" % version[0]), "wb") as f:
            np.lib.format.write_array(f, np.arange(6, dtype=np.float32).reshape(2, 3), version=version)


def main():
    sd = plain_state_dict()
    torch.save(sd, out("plain_state_dict.pt"))
    torch.save(sd, out("plain_state_dict_legacy.pt"), _use_new_zipfile_serialization=False)
    torch.save(sd, out("plain_state_dict_proto4.pt"), pickle_protocol=4)
    write_safetensors(out("plain_state_dict_expected.safetensors"), sd, {"source": "make_checkpoints.py"})

    ckpt, raw, mapped = lightning_checkpoint()
    torch.save(ckpt, out("lightning.ckpt"))
    write_safetensors(out("lightning_raw_expected.safetensors"), raw)
    write_safetensors(out("lightning_ema_expected.safetensors"), mapped)

    torch.save({"w": OutOfBoundsView()}, out("corrupt_view.pt"))

    npy_fixtures()
    pickle_fixtures()


if __name__ == "__main__":
    main()
