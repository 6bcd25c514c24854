"""French sentences machine-translated into English by Apertium, through pivot languages.

Debian packages no French→English Apertium pair, but it packages French→Spanish and French→Esperanto, and
Spanish and Esperanto → English (pairs the lexicon also reads word by word, `crosslingual.APERTIUM_PIVOTS`).
A whole sentence through a pair is more than its words looked up one by one: the pair picks senses and
translates idioms ("bien sûr" → "of course", "beaucoup reste à faire" → "a lot remains to do"). The evidence linker compares these translations with English passages next to the
word-by-word keys (checker.evidence.scoring).

Everything runs locally, in `apertium` processes, one batch of sentences per pivot (the pivots side by
side). Without Apertium, or when a pivot fails, the sentences simply have fewer translations: the linker
then works from the dictionary keys alone.
"""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

# (French → pivot, pivot → English) Apertium modes, best pivot first (benchmarks/crosslingual.py). Catalan
# (fra-cat, cat-eng) would add 0.003 to P@1 there and double the time Apertium takes to start.
PIVOT_MODES = (("fr-es", "spa-eng"), ("fr-eo", "eo-en"))
CHUNK_LINES = 2_000  # sentences per Apertium run: its start-up (about 0.3 s) spread thin, each run well in time
CACHE_SIZE = 20_000  # sentences kept translated per process (an article is linked again after each scrape)
# What Apertium leaves of words it could not generate ("#<prn>", "@word"): not English words.
_LEFTOVERS = re.compile(r"<[^>\s]*>|(?<!\S)[#@*](?=\w)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")

_cache: dict[tuple[str, str], tuple[str, ...]] = {}
_cache_lock = threading.Lock()
_warned: set[tuple[str, str]] = set()  # (Apertium folder, pivot mode) warned about, once per process


def pivots(apertium_dir: str | Path | None) -> list[tuple[str, str]]:
    """The pivot mode pairs installed in `apertium_dir` (none without the `apertium` command)."""
    if not apertium_dir or shutil.which("apertium") is None:
        return []
    modes = Path(apertium_dir) / "modes"
    return [pair for pair in PIVOT_MODES if all((modes / f"{mode}.mode").is_file() for mode in pair)]


class Batch(NamedTuple):
    english: list[tuple[str, ...]]  # each text's translations, one per pivot that gave one
    pivots: str  # the pivots that worked for the whole batch ("fr-es fr-eo"; "" when none did)


def label(found: list[tuple[str, str]]) -> str:
    """How a set of pivots is recorded with the translations they made: "fr-es fr-eo"."""
    return " ".join(first for first, _second in found)


def translates(language: str | None) -> bool:
    """Whether texts in this language are machine-translated (French only: the pivots start from French)."""
    return (language or "").lower().startswith("fr")


def to_english(texts: list[str], language: str | None, apertium_dir: str | Path | None,
               timeout: float = 120.0) -> Batch:
    """Each French text's English translations, one per working pivot (an empty tuple for texts in other
    languages, or when Apertium is missing). What every pivot translated is cached per process."""
    found = pivots(apertium_dir) if translates(language) else []
    if not texts or not found:
        return Batch([() for _ in texts], "")
    key = str(apertium_dir)
    with _cache_lock:
        missing = list(dict.fromkeys(t for t in texts if (key, t) not in _cache))
    worked = found
    fresh: dict[str, tuple[str, ...]] = {}
    if missing:
        lines = [_LINE_BREAKS.sub(" ", text) for text in missing]
        with ThreadPoolExecutor(max_workers=len(found)) as pool:
            outputs = list(pool.map(lambda pair: _through(pair, lines, str(apertium_dir), timeout), found))
        worked = [pair for pair, out in zip(found, outputs) if out is not None]
        fresh = {text: tuple(out[n] for out in outputs if out is not None and out[n]) for n, text in enumerate(missing)}
        if worked == found:  # a pivot that failed is tried again next time
            with _cache_lock:
                if len(_cache) + len(fresh) > CACHE_SIZE:
                    _cache.clear()
                _cache.update(((key, text), english) for text, english in fresh.items())
    with _cache_lock:
        english = [fresh[text] if text in fresh else _cache.get((key, text), ()) for text in texts]
    return Batch(english, label(worked))


def _through(pair: tuple[str, str], lines: list[str], apertium_dir: str, timeout: float) -> list[str] | None:
    """The lines through one pivot (French → pivot → English), line for line, `CHUNK_LINES` at a time (each
    chunk within `timeout`, however many claims `flask link --stale` gathers); None when a chunk fails."""
    english: list[str] = []
    for start in range(0, len(lines), CHUNK_LINES):
        chunk = _chunk_through(pair, lines[start:start + CHUNK_LINES], apertium_dir, timeout)
        if chunk is None:
            return None
        english += chunk
    return english


def _chunk_through(pair: tuple[str, str], lines: list[str], apertium_dir: str, timeout: float) -> list[str] | None:
    first, second = (["apertium", "-u", "-d", apertium_dir, mode] for mode in pair)
    try:
        into = subprocess.Popen(first, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = subprocess.Popen(second, stdin=into.stdout, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        into.stdout.close()  # the second process owns the pipe now
        writer = threading.Thread(target=_write, args=(into, "\n".join(lines) + "\n"), daemon=True)
        writer.start()
        try:
            english, _ = out.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            into.kill()
            out.kill()
            out.communicate()
            raise
        finally:
            writer.join(timeout=1)
            into.wait(timeout=5)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        _warn(pair, f"failed ({error})", apertium_dir)
        return None
    translated = english.decode("utf-8", "replace").split("\n")
    failed = [code for code in (into.returncode, out.returncode) if code]
    if failed:
        _warn(pair, f"failed (exit {failed[0]})", apertium_dir)
        return None
    if len(translated) < len(lines):
        _warn(pair, f"gave {len(translated)} lines for {len(lines)}", apertium_dir)
        return None
    return [" ".join(_LEFTOVERS.sub(" ", line).split()) for line in translated[:len(lines)]]


def _write(process: subprocess.Popen, text: str) -> None:
    try:
        process.stdin.write(text.encode("utf-8"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass


def _warn(pair: tuple[str, str], what: str, apertium_dir: str) -> None:
    if (apertium_dir, pair[0]) not in _warned:
        _warned.add((apertium_dir, pair[0]))
        log.warning("Apertium pivot %s → %s %s: claims are linked without it", pair[0], pair[1], what)
