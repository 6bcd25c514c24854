"""The strings a small regex matches, spelled out: what a rule's fast path derives its constants from.

`regex_forms` reads only what the extraction rules use: groups, lookarounds (which match no character and
are skipped whole), "|", "?", "+", "*", {m}, {m,n}, plain classes (ranges too) and escapes. Each \\s+ reads
as one space, \\s* as none or one, \\d as "9", and a repeat ("+", "*") as one or none: the forms are the
shortest of each shape, which is what a reach (how far a word can sit from where a match starts) is
measured on.
"""
from __future__ import annotations

import re

_GROUP_OPENING = re.compile(r"\(\?(?::|P<\w+>|(<?[=!]))|\(")
_REPEAT = re.compile(r"\{(\d+)(?:,(\d+))?\}")
_ESCAPES = {"s": " ", "d": "9", "b": ""}


def regex_forms(source: str) -> set[str]:
    """Every string the regex `source` matches, read as the module docstring says."""
    forms, rest = _alternatives(source)
    if rest:
        raise ValueError(f"unbalanced regex at {rest[:30]!r}")
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
        elif repeat := _REPEAT.match(rest):
            fewest, most = int(repeat[1]), int(repeat[2] or repeat[1])
            piece = {form * times for form in piece for times in range(fewest, most + 1)}
            rest = rest[repeat.end():]
        forms = {form + more for form in forms for more in piece}
    return forms, rest


def _atom(source: str) -> tuple[set[str], str]:
    if group := _GROUP_OPENING.match(source):
        if group[1] is not None:  # a lookaround matches no character
            return {""}, source[_group_end(source, group.end()):]
        forms, rest = _alternatives(source[group.end():])
        if not rest.startswith(")"):
            raise ValueError(f"unbalanced regex at {rest[:30]!r}")
        return forms, rest[1:]
    if source[0] == "[":
        chars = source[1:source.index("]")]
        return _class_characters(chars), source[len(chars) + 2:]
    if source[0] == "\\":
        return {_ESCAPES.get(source[1], source[1])}, source[2:]
    if source[0] in ".^$":
        raise ValueError(f"{source[0]!r} is not spelled out")
    return {source[0]}, source[1:]


def _class_characters(chars: str) -> set[str]:
    """The characters of a plain class: characters and ranges ("0-9"), no escape and no negation."""
    if "\\" in chars or chars.startswith("^") or chars.startswith("-") or chars.endswith("-"):
        raise ValueError(f"only plain classes are spelled out: [{chars}]")
    ranges = re.sub(r"(.)-(.)", lambda r: "".join(map(chr, range(ord(r[1]), ord(r[2]) + 1))), chars)
    return set(ranges)


def _group_end(source: str, index: int) -> int:
    """Where the group whose inside starts at `index` ends (just past its ")"), escapes and classes skipped."""
    depth = 1
    while depth:
        char = source[index]
        if char == "\\":
            index += 1
        elif char == "[":
            index = _class_end(source, index)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        index += 1
    return index


def _class_end(source: str, index: int) -> int:
    """Where the class opening at `index` closes (its "]"): a "]" right after "[" or "[^" is a character."""
    index += 2 if source[index + 1] == "^" else 1
    index += source[index] == "]"
    while source[index] != "]":
        index += 2 if source[index] == "\\" else 1
    return index
