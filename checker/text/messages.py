"""Messages people read, written in English where they are made and shown in the reader's language by the web.

A stage that explains itself to a person (a refused status change, a password too short) has no Flask and no
reader: it marks its sentence with `N_`, which returns the English text as a plain `str` subclass that also
keeps its message id and values. Everything that reads the message as a string (the command line, the JSON
API, logs, tests) gets the English; the web layer (checker/web/i18n.py) looks the message id up in the
reader's catalogue and fills in the values, themselves translated when they are messages too. `NP_` does the
same for a sentence whose words follow a count ("1 sentence reworded", "2 sentences reworded").
`pybabel extract` finds every `N_("…")` and `NP_("…", "…", n)` (the Makefile names the keywords), so a new
message cannot be forgotten.

A number inside a message is a `Number`: its English text ("12,345", "2.5") where the message is read as a
string, the number itself for the web to write in the reader's locale ("12 345", "2,5"). A list of items
inside one is a `Listing`, joined by "; " in English and by the reader's separator on the web.

A message a stage stores for later (the reason a source change was recorded) keeps its id too: `to_record`
gives the JSON a store writes beside the English text, and `from_record` the message again.
"""
from __future__ import annotations

import json


class Message(str):
    """The English text of a message, with the message id and the values it was made from; for a message
    whose words follow a count, also the plural id and the count (`num`)."""

    msgid: str
    values: dict
    plural: str | None
    num: int | None

    def __new__(cls, msgid: str, values: dict, plural: str | None = None, num: int | None = None):
        english = msgid if plural is None or num == 1 else plural
        filled = {"num": num, **values} if plural is not None else values
        self = super().__new__(cls, english % filled if filled else english)
        self.msgid, self.values, self.plural, self.num = msgid, values, plural, num
        return self

    def __reduce__(self):
        # Pickled (a flash kept in a session, a value kept by a cache) it stays a message.
        return (Message, (self.msgid, self.values, self.plural, self.num))


class Number(str):
    """A number inside a message: its English text (`spec` as for format(): "," groups thousands, "g" drops a
    zero fraction) for everything that reads the message as a string, and the number itself (`value`) for the
    web to write in the reader's locale ("12 345", "2,5")."""

    value: int | float
    spec: str

    def __new__(cls, value: int | float, spec: str = ","):
        self = super().__new__(cls, format(value, spec))
        self.value, self.spec = value, spec
        return self

    def __reduce__(self):
        return (Number, (self.value, self.spec))


class Listing(str):
    """Items listed inside a message ("fournis ↔ supplied; Pologne ↔ Poland"): joined by "; " where the message
    is read as a string, by the reader's separator on the web (" ; " in French)."""

    items: tuple

    def __new__(cls, items):
        items = tuple(items)
        self = super().__new__(cls, "; ".join(items))
        self.items = items
        return self

    def __reduce__(self):
        return (Listing, (self.items,))


def N_(msgid: str, **values) -> Message:
    """Mark a message for translation: `N_("The note is %(length)s characters long.", length=12)`.

    The msgid must be a string literal, for `pybabel extract`; values are named, so a translation may put
    them in another order.
    """
    return Message(msgid, values)


def NP_(singular: str, plural: str, num: int, **values) -> Message:
    """Mark a message whose words follow a count: `NP_("%(num)s sentence added", "%(num)s sentences added", 2)`.
    The count is `%(num)s` in both (as Flask-Babel's ngettext has it); each language picks its own plural form."""
    return Message(singular, values, plural, num)


def _plain(value):
    if isinstance(value, Number):
        return {"number": value.value, "spec": value.spec}
    if isinstance(value, Listing):
        return {"listing": [_plain(item) for item in value.items]}
    if isinstance(value, Message):
        record = {"msgid": value.msgid, "values": {name: _plain(item) for name, item in value.values.items()}}
        if value.plural is not None:
            record.update(plural=value.plural, num=value.num)
        return record
    return value


def _message(record: dict) -> Message | Number | Listing:
    if "number" in record:
        return Number(record["number"], record["spec"])
    if "listing" in record:
        return Listing(_message(item) if isinstance(item, dict) else item for item in record["listing"])
    values = {name: _message(item) if isinstance(item, dict) else item for name, item in record["values"].items()}
    return Message(record["msgid"], values, record.get("plural"), record.get("num"))


def to_record(value) -> str | None:
    """A message as JSON to store beside its English text (values that are messages kept as such); None for
    text that is not a message."""
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True) if isinstance(value, Message) else None


def stored(value) -> tuple[str | None, str | None]:
    """A message as a store writes it: (its English text as a plain str, its record: `to_record`); text that is
    no message gives (the text, None)."""
    return (None if value is None else str(value)), to_record(value)


def to_records(values) -> list | None:
    """Records for a list stored beside its English texts, to be written as one JSON array with the rest of a
    row: each message as its record, each plain text as None; None when no value is a message."""
    records = [_plain(value) if isinstance(value, Message) else None for value in values]
    return records if any(record is not None for record in records) else None


def from_record(record: str | dict | None, text: str | None):
    """The message stored with `to_record` (or one of `to_records`), else the stored text as it is (a row
    written before messages were kept, or text that never was one). A record that no longer reads as a
    message also gives the text."""
    if not record:
        return text
    try:
        return _message(json.loads(record) if isinstance(record, str) else record)
    except (ValueError, KeyError, TypeError, AttributeError):
        return text


def from_records(records: list | None, texts: list) -> list:
    """`from_record` for a list stored beside its English texts (`to_records`; rows of before: one JSON string
    per text), one record per text; the texts as they are when the records are missing or do not match them
    one for one (a row written before messages were kept)."""
    if not records or len(records) != len(texts):
        return texts
    return [from_record(record, text) for record, text in zip(records, texts)]
