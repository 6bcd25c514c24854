"""Messages people read, written in English where they are made and shown in the reader's language by the web.

A stage that explains itself to a person (a refused status change, a password too short) has no Flask and no
reader: it marks its sentence with `N_`, which returns the English text as a plain `str` subclass that also
keeps its message id and values. Everything that reads the message as a string (the command line, the JSON
API, logs, tests) gets the English; the web layer (checker/web/i18n.py) looks the message id up in the
reader's catalogue and fills in the values, themselves translated when they are messages too.
`pybabel extract` finds every `N_("…")` (babel.cfg names the keyword), so a new message cannot be forgotten.
"""
from __future__ import annotations


class Message(str):
    """The English text of a message, with the message id and the values it was made from."""

    msgid: str
    values: dict

    def __new__(cls, msgid: str, values: dict):
        self = super().__new__(cls, msgid % values if values else msgid)
        self.msgid = msgid
        self.values = values
        return self

    def __reduce__(self):
        # Pickled (a flash kept in a session, a value kept by a cache) it stays a message.
        return (Message, (self.msgid, self.values))


def N_(msgid: str, **values) -> Message:
    """Mark a message for translation: `N_("The note is %(length)s characters long.", length=12)`.

    The msgid must be a string literal, for `pybabel extract`; values are named, so a translation may put
    them in another order.
    """
    return Message(msgid, values)
