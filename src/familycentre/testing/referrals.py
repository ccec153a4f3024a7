"""The referral part of the storage conformance suite.

Subclass :class:`ReferralConformance` beside :class:`~familycentre.testing.StoreConformance`
with the same ``store`` fixture (a new, empty store per test)::

    class TestMyStoreReferrals(ReferralConformance):
        @pytest.fixture
        def store(self, tmp_path):
            with MyStore.from_url(f"mystore://{tmp_path}") as store:
                yield store

It checks that referrals with their consent and history come back unchanged, that
moves are stored with their revision, and that erasure, retention and follow-ups
work on the backend. A backend that keeps data in files should also check that
erased values are gone from its files (the SQLite backend's own tests do).
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from familycentre.errors import ConflictError, NotFound, StoreError
from familycentre.model.contact import Address
from familycentre.model.lifecycle import ReferralStatus, TransitionError
from familycentre.model.referral import Consent, FamilyContact, Referral, RequestedWindow
from familycentre.referrals import (
    erase_family,
    family_contact,
    followups,
    is_erased,
    purge_referrals,
    put_family_contact,
    transition_referral,
)
from familycentre.serialization import to_json
from familycentre.storage import Store
from familycentre.testing.builders import make_centre, make_partner, make_referral

__all__ = ["MARKERS", "ReferralConformance", "add_marked_family"]

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))

MARKERS = (
    "MARKERFAMILYQ7X",
    "MARKERNOTEQ7X",
    "MARKERCOMPANIONQ7X",
    "MARKERREASONQ7X",
    "MARKERSTEPNOTEQ7X",
    "MARKERCONSENTQ7X",
    "MARKERWINDOWQ7X",
    "MARKERCONTACTNAMEQ7X",
    "markermailq7x@example.org",
    "+4915199887766",
    "MARKERSTREETQ7X",
)
"""Strings that only the marked family's personal data contains."""


def add_marked_family(store: Store) -> dt.datetime:
    """Add a centre, a partner and three referrals of a family whose data holds :data:`MARKERS`.

    ``r-1`` is sent and on hold, ``r-2`` closed; ``r-3`` belongs to another family.
    Returns a time after every recorded move.
    """
    family, note, companion, reason, step_note, consent_note, window_note = MARKERS[:7]
    name, email, phone, street = MARKERS[7:]
    store.add(make_centre("sonnenblume"))
    store.add(make_partner("schuldnerberatung", kind="debt_counselling"))
    consent = Consent(
        given=AT,
        form="written",
        categories=["contact_details", "need"],
        partners=["schuldnerberatung"],
        note=consent_note,
    )
    base = make_referral(
        "r-1",
        "sonnenblume",
        "schuldnerberatung",
        family=family,
        need="debt",
        created=AT.date(),
        note=note,
        accompanied=True,
        accompanied_by=companion,
        appointment=AT + dt.timedelta(days=7),
        follow_up=AT.date() + dt.timedelta(days=14),
        consent=consent,
        requested_window=RequestedWindow(AT.date(), note=window_note),
    )
    first = base.transition("requested", at=AT, note=step_note).transition(
        "on_hold", at=AT + dt.timedelta(hours=1), reason=reason
    )
    second = (
        attrs.evolve(base, id="r-2")
        .transition("requested", at=AT)
        .transition("rejected", at=AT + dt.timedelta(hours=2), reason="no_capacity", note=note)
    )
    other = make_referral(
        "r-3",
        "sonnenblume",
        "schuldnerberatung",
        family="OTHERFAMILY",
        need="housing",
        created=AT.date(),
        note="andere Familie",
        shares=[],
        follow_up=AT.date() + dt.timedelta(days=3),
    )
    for referral in (first, second, other):
        store.add(referral)
    if store.holds_family_contacts:
        put_family_contact(
            store,
            FamilyContact(
                family=family,
                centre="sonnenblume",
                name=name,
                phones=[phone],
                emails=[email],
                address=Address(street=street, postal_code="44135", city="Dortmund"),
                note=note,
            ),
        )
        put_family_contact(store, FamilyContact(family="OTHERFAMILY", centre="sonnenblume"))
    return AT + dt.timedelta(hours=3)


class ReferralConformance:
    """Referrals in a store. Subclass it and provide a ``store`` fixture."""

    @pytest.fixture
    def store(self) -> Store:
        """A new, empty store of the backend under test (override this)."""
        raise NotImplementedError("a ReferralConformance subclass provides the store fixture")

    def test_referral_with_consent_and_history_comes_back_unchanged(self, store: Store) -> None:
        """A referral's consent and history are stored and read back as they were."""
        add_marked_family(store)
        first = store.get(Referral, "r-1")
        assert first.status is ReferralStatus.ON_HOLD
        assert [step.target for step in first.history] == [
            ReferralStatus.REQUESTED,
            ReferralStatus.ON_HOLD,
        ]
        assert first.consent is not None
        assert first.consent.note == MARKERS[5]
        assert [r.id for r in store.referrals(family=MARKERS[0])] == ["r-1", "r-2"]
        if store.holds_family_contacts:
            contact = family_contact(store, MARKERS[0])
            assert contact is not None
            assert contact.emails == (MARKERS[8],)

    def test_family_contacts_are_kept_apart_and_replaced(self, store: Store) -> None:
        """Contact details are stored by pseudonym, replaced, and need their centre."""
        if not store.holds_family_contacts:
            with pytest.raises(StoreError):
                put_family_contact(store, FamilyContact(family="F-1", centre="sonnenblume"))
            return
        store.add(make_centre("sonnenblume"))
        with pytest.raises(NotFound, match="centre 'fehlt'"):
            put_family_contact(store, FamilyContact(family="F-1", centre="fehlt"))
        assert family_contact(store, "F-1") is None
        assert (
            put_family_contact(store, FamilyContact(family="F 1 / ü", centre="sonnenblume")) == 1
        )
        renamed = FamilyContact(family="F 1 / ü", centre="sonnenblume", name="Familie Ü")
        with pytest.raises(ConflictError):  # replacing needs the revision it is based on
            put_family_contact(store, renamed)
        assert put_family_contact(store, renamed, revision=1) == 2
        with pytest.raises(ConflictError):  # a stale revision: someone else changed it
            put_family_contact(store, renamed, revision=1)
        contact = family_contact(store, "F 1 / ü")
        assert contact == renamed
        assert store.record(FamilyContact, "F 1 / ü").revision == 2
        assert store.referrals() == []

    def test_unknown_partner_is_refused(self, store: Store) -> None:
        """A referral naming a partner the store does not hold is refused."""
        store.add(make_centre("sonnenblume"))
        with pytest.raises(NotFound, match="partner 'fehlt'"):
            store.add(make_referral("r-9", "sonnenblume", "fehlt"))
        assert store.referrals() == []

    def test_moves_are_stored_with_their_revision(self, store: Store) -> None:
        """``transition_referral`` stores the move; an illegal one changes nothing."""
        later = add_marked_family(store)
        moved = transition_referral(store, "r-1", "accepted", at=later, role="partner")
        stored = store.record(Referral, "r-1")
        assert stored.value == moved
        assert stored.revision == 2
        assert moved.history[-1].role.value == "partner"
        with pytest.raises(TransitionError, match="accepted cannot become rejected"):
            transition_referral(store, "r-1", "rejected", at=later, reason="no_capacity")
        assert store.record(Referral, "r-1").revision == 2
        with pytest.raises(ConflictError):
            store.update(moved, revision=1)

    def test_erasing_a_family_leaves_only_anonymous_data(self, store: Store) -> None:
        """``erase_family`` removes every marker and keeps what reports count."""
        add_marked_family(store)
        before = {r.id: r for r in store.referrals()}
        assert erase_family(store, MARKERS[0]) == 2
        after = {r.id: r for r in store.referrals()}
        assert store.referrals(family=MARKERS[0]) == []
        assert family_contact(store, MARKERS[0]) is None
        if store.holds_family_contacts:
            assert family_contact(store, "OTHERFAMILY") is not None
        assert after["r-3"] == before["r-3"]
        for rid in ("r-1", "r-2"):
            erased = after[rid]
            assert is_erased(erased)
            text = to_json(erased)
            for marker in MARKERS:
                assert marker not in text
            kept = before[rid]
            assert (erased.need, erased.partner, erased.centre, erased.created) == (
                kept.need,
                kept.partner,
                kept.centre,
                kept.created,
            )
            assert [s.target for s in erased.history] == [s.target for s in kept.history]
            assert erased.close_reason == kept.close_reason
        assert after["r-1"].family != after["r-2"].family  # not linkable to each other
        with pytest.raises(NotFound):
            erase_family(store, MARKERS[0])

    def test_purge_erases_only_referrals_closed_before_the_period(self, store: Store) -> None:
        """``purge_referrals`` erases closed referrals past the period only."""
        add_marked_family(store)
        assert purge_referrals(store, "24m", today=AT.date() + dt.timedelta(days=30)) == 0
        assert purge_referrals(store, "1m", today=AT.date() + dt.timedelta(days=40)) == 1
        assert is_erased(store.get(Referral, "r-2"))  # closed (rejected)
        assert not is_erased(store.get(Referral, "r-1"))  # on hold: open
        assert not is_erased(store.get(Referral, "r-3"))  # open draft
        assert purge_referrals(store, "1m", today=AT.date() + dt.timedelta(days=400)) == 0

    def test_followups_lists_open_referrals_due(self, store: Store) -> None:
        """``followups`` lists open referrals whose follow-up is due."""
        add_marked_family(store)
        today = AT.date()
        assert [r.id for r in followups(store, today=today)] == []
        assert [r.id for r in followups(store, today=today + dt.timedelta(days=3))] == ["r-3"]
        due = followups(store, today=today, within=dt.timedelta(days=14))
        assert [r.id for r in due] == ["r-3", "r-1"]  # r-2 is closed
        assert [r.id for r in followups(store, today=today, centre="other")] == []
