"""Near-duplicate text detection without comparing all pairs.

Texts are normalised (NFKC, whitespace and punctuation removed), cut into
character 5-gram shingles and summarised by a MinHash signature.  The
signature is split into bands; two texts that agree on every value of one
band land in the same LSH bucket and become candidates, which are then
confirmed with ``rapidfuzz.fuzz.ratio`` on the normalised text.

With ``BANDS`` × ``ROWS`` = 20 × 3 a pair whose shingle Jaccard similarity is
0.5 becomes a candidate with probability 0.93 (0.99 at 0.6), while unrelated
text (Jaccard 0.1) does so with probability 0.02.  Copied duties text with a
unit name swapped in sits well above 0.6.

Everything is pure Python with hashlib so results are identical in every
process and stable on disk (bucket keys are stored in SQLite).
"""
from __future__ import annotations

import hashlib
import re
import struct
import sys
import unicodedata
from array import array
from functools import lru_cache

from rapidfuzz import fuzz

SHINGLE = 5
BANDS = 20
ROWS = 3
NUM_PERM = BANDS * ROWS
MATCH_RATIO = 90.0  # rapidfuzz fuzz.ratio on normalised text, 0-100

# array("I") is native-endian; the hash words are read as little-endian everywhere.
_SWAP = sys.byteorder == "big"
assert array("I").itemsize == 4
# Keep letters and digits only: punctuation and spacing vary between copies.
_DROP = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Comparable form: NFKC, no whitespace or punctuation, lower case."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text or "")).lower()


@lru_cache(maxsize=4096)
def normalise_cached(text: str) -> str:
    """normalise() for candidate texts, which repeat across look-ups (templates sit in every bucket)."""
    return normalise(text)


def shingles(norm: str, k: int = SHINGLE) -> set[str]:
    if len(norm) <= k:
        return {norm} if norm else set()
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def minhash(norm: str) -> tuple[int, ...]:
    """NUM_PERM 32-bit minima; one SHAKE-128 call yields all hash values of a shingle.

    Using independent output words of an extendable-output hash instead of
    ``NUM_PERM`` permutations keeps the per-shingle cost to one C call; the
    digests are laid out as one little-endian uint32 array whose every
    NUM_PERM-th word is one hash function, so each minimum is a C-level min().
    """
    grams = shingles(norm)
    if not grams:
        return ()
    shake = hashlib.shake_128
    words = array("I", b"".join([shake(s.encode("utf-8")).digest(4 * NUM_PERM) for s in grams]))
    if _SWAP:
        words.byteswap()
    return tuple([min(words[j::NUM_PERM]) for j in range(NUM_PERM)])


def band_keys(signature: tuple[int, ...]) -> list[int]:
    """One signed 63-bit bucket key per band (band number mixed in), fit for SQLite INTEGER."""
    keys = []
    for b in range(BANDS):
        chunk = signature[b * ROWS : (b + 1) * ROWS]
        if len(chunk) < ROWS:
            break
        digest = hashlib.blake2b(struct.pack(f"<I{ROWS}I", b, *chunk), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return keys


def text_keys(text: str) -> list[int]:
    """Bucket keys of a raw text (normalise → shingle → MinHash → bands)."""
    return band_keys(minhash(normalise(text)))


def similar(a_norm: str, b_norm: str) -> float:
    """rapidfuzz ratio (0-100) of two normalised texts; 0 when it cannot reach MATCH_RATIO."""
    return float(fuzz.ratio(a_norm, b_norm, score_cutoff=MATCH_RATIO))
