"""Test helper: the strings a small regex matches, spelled out (for tests that compare a pattern's
forms with constants derived from them)."""
from __future__ import annotations

import re


def regex_strings(source: str) -> set[str]:
    """Every string the regex `source` matches, each \\s+ read as one space, \\s* as none or one, and \\d as
    "9". It reads only what the patterns tested with it use: groups, lookarounds (which match no character),
    "|", "?", "+", "*", {m,n}, plain classes and escapes."""
    forms, rest = _alternatives(source)
    assert not rest, rest
    return forms


def _alternatives(source: str) -> tuple[set[str], str]:
    forms, rest = _sequence(source)
    while rest.startswith("|"):
        more, rest = _sequence(rest[1:])
        forms |= more
    return forms, rest


def _sequence(source: str) -> tuple[set[str], str]:
    forms, rest = {""}, source
    while rest and rest[0] not in "|)":
        piece, rest = _atom(rest)
        if rest[:1] in ("?", "+", "*"):
            piece |= {""} if rest[0] in "?*" else set()  # "*" read as "?": one repeat stands for many
            rest = rest[1:]
        elif repeat := re.match(r"\{(\d+),(\d+)\}", rest):
            piece = {form * times for form in piece for times in range(int(repeat[1]), int(repeat[2]) + 1)}
            rest = rest[repeat.end():]
        forms = {form + more for form in forms for more in piece}
    return forms, rest


def _atom(source: str) -> tuple[set[str], str]:
    if group := re.match(r"\(\?(?::|P<\w+>|(<?[=!]))", source):
        forms, rest = _alternatives(source[group.end():])
        assert rest.startswith(")"), rest
        return ({""} if group[1] else forms), rest[1:]  # a lookaround matches no character
    if source[0] == "[":
        chars = source[1:source.index("]")]
        assert not re.search(r"[\^\\-]", chars), chars
        return set(chars), source[len(chars) + 2:]
    if source[0] == "\\":
        return {"s": {" "}, "d": {"9"}, "b": {""}}.get(source[1], {source[1]}), source[2:]
    assert source[0] not in "(.*", source
    return {source[0]}, source[1:]
