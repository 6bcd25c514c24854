"""Messages made in the stages: English text for the command line and the JSON, with the message id (and plural
and count) kept through a pickle and through the record a store keeps beside the English."""
from __future__ import annotations

import json
import pickle

from checker.text.messages import (
    N_,
    NP_,
    Listing,
    Message,
    Number,
    from_record,
    from_records,
    to_record,
    to_records,
)


def test_a_counted_message_reads_as_english_with_the_right_plural():
    assert NP_("%(num)s sentence added", "%(num)s sentences added", 1) == "1 sentence added"
    assert NP_("%(num)s sentence added", "%(num)s sentences added", 0) == "0 sentences added"
    counted = NP_("%(num)s page of %(site)s", "%(num)s pages of %(site)s", 3, site="Le Monde")
    assert counted == "3 pages of Le Monde" and counted.msgid == "%(num)s page of %(site)s" and counted.num == 3


def test_a_stored_message_comes_back_with_its_id_values_and_nested_messages():
    inner = NP_("%(num)s sentence reworded", "%(num)s sentences reworded", 2)
    message = N_("the main text changed: %(summary)s", summary=N_("%(first)s, %(rest)s", first=inner, rest="x"))
    back = from_record(to_record(message), "ignored")
    assert isinstance(back, Message) and back == message == "the main text changed: 2 sentences reworded, x"
    assert back.msgid == message.msgid
    nested = back.values["summary"].values["first"]
    assert isinstance(nested, Message) and (nested.plural, nested.num) == ("%(num)s sentences reworded", 2)
    assert pickle.loads(pickle.dumps(inner)).plural == inner.plural


def test_text_that_is_no_message_is_stored_and_read_as_it_is():
    assert to_record("the server answered 404") is None
    assert from_record(None, "as stored") == "as stored"
    assert from_record("not json", "as stored") == "as stored"
    assert from_record('{"values": {}}', "as stored") == "as stored"


def test_a_number_reads_as_english_text_and_comes_back_from_a_record_as_a_number():
    message = N_("the page is over the %(limit)s-byte limit; download stopped", limit=Number(5_000_000))
    timed = N_("could not connect within %(seconds)s s", seconds=Number(2.5, "g"))
    assert message == "the page is over the 5,000,000-byte limit; download stopped" and timed.endswith("2.5 s")
    back = from_record(to_record(message), "ignored").values["limit"]
    assert isinstance(back, Number) and (back.value, back) == (5_000_000, "5,000,000")
    assert pickle.loads(pickle.dumps(Number(0.456, ".2f"))) == "0.46"


def test_a_list_of_reasons_is_kept_as_one_array_and_read_back_either_way():
    reasons = [N_("same figure: %(figure)s", figure="1,000 drones"), "plain text"]
    records = to_records(reasons)
    assert records[1] is None and records[0]["msgid"] == "same figure: %(figure)s"
    back = from_records(json.loads(json.dumps(records)), [str(r) for r in reasons])
    assert isinstance(back[0], Message) and back == reasons
    assert to_records(["plain", "text"]) is None  # nothing to keep beside the text
    older = [to_record(reasons[0]), None]  # rows written before: one JSON string per reason
    assert from_records(older, [str(r) for r in reasons])[0].msgid == reasons[0].msgid


def test_a_listing_reads_joined_by_semicolons_and_comes_back_from_a_record_as_a_listing():
    message = N_("words: %(pairs)s", pairs=Listing(["fournis ↔ supplied", "Pologne ↔ Poland"]))
    assert message == "words: fournis ↔ supplied; Pologne ↔ Poland"
    back = from_record(to_record(message), "ignored").values["pairs"]
    assert isinstance(back, Listing) and back.items == ("fournis ↔ supplied", "Pologne ↔ Poland")
    assert pickle.loads(pickle.dumps(back)).items == back.items
