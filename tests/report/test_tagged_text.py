"""TaggedText: a report's text that knows the language of each of its parts."""

from __future__ import annotations

import itertools
import json
import pickle

from hypothesis import given
from hypothesis import strategies as st

from familycentre.report import TaggedText
from familycentre.report.formats import _tagged

languages = st.sampled_from([None, "de", "en", "tr", "ar", "uk"])
pieces = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.builds(TaggedText, st.text(max_size=12), languages),
    ),
    max_size=6,
)


@given(pieces, st.sampled_from(["", ", "]))
def test_join_is_the_text_and_keeps_each_parts_language(items: list[str], separator: str) -> None:
    joined = TaggedText.join(items, separator)
    assert joined == separator.join(items)
    assert "".join(text for text, _ in joined.parts) == joined
    assert all(text for text, _ in joined.parts)
    # neighbours in the same language are one part
    tags = [tag for _, tag in joined.parts]
    assert all(a != b for a, b in itertools.pairwise(tags))
    expected = [
        (ch, tag)
        for index, item in enumerate(items)
        for ch, tag in (
            ([(c, None) for c in separator] if index and separator else [])
            + [(c, t) for text, t in getattr(item, "parts", [(item, None)]) for c in text]
        )
    ]
    assert [(c, tag) for text, tag in joined.parts for c in text] == expected


@given(pieces)
def test_a_tagged_text_survives_pickle_and_is_plain_in_json(items: list[str]) -> None:
    joined = TaggedText.join(items)
    copy = pickle.loads(pickle.dumps(joined))
    assert copy == joined
    assert copy.parts == joined.parts
    assert json.loads(json.dumps({"title": joined})) == {"title": str(joined)}


def test_html_tags_the_parts_in_another_language() -> None:
    note = TaggedText.join([TaggedText("Mittagstisch", "de"), " → ", TaggedText("Öğle", "tr")])
    assert _tagged(note, "tr") == '<span lang="de" dir="auto">Mittagstisch</span> → Öğle'
    assert _tagged(note, "de") == 'Mittagstisch → <span lang="tr" dir="auto">Öğle</span>'
    assert _tagged("a < b", "de") == "a &lt; b"
    assert _tagged(TaggedText("<b>", "de"), "ar") == '<span lang="de" dir="auto">&lt;b&gt;</span>'
