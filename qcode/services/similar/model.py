"""The embedding model: wordllama's 256-dimension weights, loaded from its wheel once per process.

Imported only by the similarity services, never at start-up: `qcode --version` and the
other commands do not load it. Nothing here touches the network: the weights and the
tokenizer are read from the installed package's own files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from qcode.errors import QcodeError

MODEL = "wordllama/l2_supercat/256"
DIMENSIONS = 256
BATCH = 256


@cache
def _model() -> Any:
    """The loaded model (its files from the installed wordllama package)."""
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError as exc:
        raise QcodeError(f"similarity search needs the wordllama package ({exc})") from exc
    root = Path(wordllama.__file__).parent
    weights = root / "weights" / "l2_supercat_256.safetensors"
    tokenizer_file = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
    if not weights.is_file() or not tokenizer_file.is_file():
        raise QcodeError(f"wordllama's weights are missing from {root}: reinstall wordllama")
    with safe_open(str(weights), framework="np", device="cpu") as tensors:
        embedding = tensors.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, Tokenizer.from_file(str(tokenizer_file)))


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text) of the texts; an empty text is all zeros."""
    if not texts:
        return np.zeros((0, DIMENSIONS), np.float32)
    vectors = np.asarray(_model().embed(texts, norm=False, batch_size=BATCH), np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, "<f4").tobytes()


def from_bytes(blobs: list[bytes]) -> np.ndarray:
    """The stored vectors as one matrix (rows in the order given)."""
    if not blobs:
        return np.zeros((0, DIMENSIONS), np.float32)
    joined = np.frombuffer(b"".join(blobs), "<f4").reshape(len(blobs), DIMENSIONS)
    return joined.astype(np.float32, copy=False)  # (read-only, over the joined bytes: no copy)
