"""The referral lifecycle: the table, the history, the stateful property, bad moves."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import familycentre as fc
from familycentre.model import lifecycle
from familycentre.model.lifecycle import CLOSED, OPEN, TRANSITIONS, WITH_PARTNER
from familycentre.testing import strategies as s

S = fc.ReferralStatus
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[2]


def consent(**fields: object) -> fc.Consent:
    values: dict[str, object] = {
        "given": AT - dt.timedelta(days=1),
        "form": "written",
        "categories": ["contact_details", "need"],
        "partners": ["schuldnerberatung"],
    }
    values.update(fields)
    return fc.Consent(**values)  # type: ignore[arg-type]


def referral(**fields: object) -> fc.Referral:
    values: dict[str, object] = {
        "id": "r-1",
        "centre": "sonnenblume",
        "family": "F-7Q2",
        "need": "debt",
        "partner": "schuldnerberatung",
        "created": AT.date(),
        "consent": consent(),
    }
    values.update(fields)
    return fc.Referral(**values)  # type: ignore[arg-type]


def later(minutes: int) -> dt.datetime:
    return AT + dt.timedelta(minutes=minutes)


# --- the table ------------------------------------------------------------------------------


def test_table_covers_every_status_and_has_no_duplicates() -> None:
    pairs = [(e.source, e.target) for e in TRANSITIONS]
    assert len(pairs) == len(set(pairs))
    assert all(e.roles for e in TRANSITIONS)
    # every status can be reached, every status except entered_in_error left
    assert {e.target for e in TRANSITIONS} == set(S)
    assert {e.source for e in TRANSITIONS} == set(S) - {S.ENTERED_IN_ERROR}
    assert lifecycle.allowed_next(S.ENTERED_IN_ERROR) == ()
    assert OPEN | CLOSED | {S.ENTERED_IN_ERROR} == set(S)
    assert not OPEN & CLOSED


def test_every_closed_status_reopens_only_with_a_reason() -> None:
    for status in CLOSED:
        reopened = [t for t in lifecycle.allowed_next(status) if t in OPEN]
        assert reopened
        for target in reopened:
            assert lifecycle.needs_reason(status, target) == "reason"


def test_mermaid_diagram_lists_every_transition() -> None:
    text = lifecycle.mermaid()
    assert text.startswith("stateDiagram-v2\n")
    arrows = re.findall(r"^    (\w+) --> (\w+) : ", text, re.MULTILINE)
    assert arrows == [(e.source.value, e.target.value) for e in TRANSITIONS]


def test_docs_hold_exactly_the_generated_diagram() -> None:
    doc = (ROOT / "docs" / "explanation" / "referrals.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", doc, re.DOTALL)
    assert blocks == [lifecycle.mermaid()], (
        "docs/explanation/referrals.md must hold the diagram of "
        "familycentre.model.lifecycle.mermaid(); paste its output"
    )


# --- moves through the public API ---------------------------------------------------------


def test_a_referral_goes_its_way_and_the_history_replays() -> None:
    r = referral()
    r = r.transition("consent_pending", at=later(0))
    r = r.transition("requested", at=later(1))
    r = r.transition("accepted", at=later(2), role="partner")
    r = r.transition("in_progress", at=later(3), role="partner", note="Erstgespräch war gut")
    r = r.close("need_met", at=later(4))
    assert r.status is S.COMPLETED
    assert r.close_reason is fc.CloseReason.NEED_MET
    assert r.closed_at == later(4)
    assert [t.target for t in r.history] == [
        S.CONSENT_PENDING,
        S.REQUESTED,
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.COMPLETED,
    ]
    assert lifecycle.replay(r.history) is r.status
    r = r.reopen("Familie meldet sich erneut", at=later(5))
    assert r.status is S.DRAFT
    assert r.is_open
    assert r.history[-1].reason == "Familie meldet sich erneut"
    assert fc.structure(fc.unstructure(r), fc.Referral) == r


@pytest.mark.parametrize(
    ("status_path", "reason", "expected"),
    [
        (["requested"], "declined_by_partner", S.REJECTED),
        (["requested"], "no_capacity", S.REJECTED),
        (["requested", "accepted"], "no_show", S.FAILED),
        (["requested"], "no_longer_needed", S.CANCELLED),
        (["requested", "accepted"], "declined_by_family", S.FAILED),
        ([], "declined_by_family", S.CANCELLED),
        (["requested", "accepted", "in_progress"], "need_met", S.COMPLETED),
    ],
)
def test_close_picks_the_status_that_fits_the_reason(
    status_path: list[str], reason: str, expected: fc.ReferralStatus
) -> None:
    r = referral()
    for minute, target in enumerate(status_path):
        r = r.transition(target, at=later(minute))
    assert r.close(reason, at=later(10)).status is expected


def test_entered_in_error_keeps_an_audit_note_and_is_final() -> None:
    r = referral().transition("requested", at=later(0))
    voided = r.transition("entered_in_error", at=later(1), reason="falsche Familie ausgewählt")
    assert voided.history[-1].reason == "falsche Familie ausgewählt"
    assert voided.allowed_next() == ()
    with pytest.raises(fc.TransitionError, match="allowed next: none"):
        voided.transition("draft", at=later(2), reason="doch richtig")


def test_withdrawing_consent_moves_open_referrals() -> None:
    from familycentre.referrals.consent import withdraw_family_consent

    open_one = referral(id="r-1").transition("requested", at=later(0))
    closed_one = referral(id="r-2").transition("cancelled", at=later(1), reason="no_longer_needed")
    other_family = referral(id="r-3", family="F-999").transition("requested", at=later(0))
    changed = withdraw_family_consent([open_one, closed_one, other_family], "F-7Q2", at=later(5))
    by_id = {r.id: r for r in changed}
    assert set(by_id) == {"r-1", "r-2"}
    assert by_id["r-1"].status is S.CONSENT_WITHDRAWN
    assert by_id["r-1"].history[-1].role is fc.Role.SYSTEM
    assert by_id["r-2"].status is S.CANCELLED
    assert all(r.consent is not None and r.consent.withdrawn == later(5) for r in changed)
    # nothing more may be passed on, until the family consents again
    with pytest.raises(fc.ConsentError, match="withdrawn"):
        by_id["r-1"].transition("requested", at=later(6))
    renewed = attrs.evolve(by_id["r-1"], consent=consent(given=later(7)))
    assert renewed.transition("requested", at=later(8)).status is S.REQUESTED


def test_consent_by_partner_kind_needs_the_kind() -> None:
    by_kind = consent(partners=[], partner_kinds=["debt_counselling"])
    r = referral(consent=by_kind)
    with pytest.raises(fc.ConsentError, match="kind unknown"):
        r.transition("requested", at=later(0))
    sent = r.transition("requested", at=later(0), partner_kind="debt_counselling")
    assert sent.status is S.REQUESTED
    with pytest.raises(fc.ConsentError, match="not the partner"):
        r.transition("requested", at=later(0), partner_kind="doctor")


def test_referral_passing_nothing_needs_no_consent() -> None:
    r = referral(consent=None, shares=[])
    assert r.transition("requested", at=later(0)).status is S.REQUESTED


# --- bad input ------------------------------------------------------------------------------


def test_closed_referral_cannot_move_on_without_reopening() -> None:
    r = referral().transition("requested", at=later(0)).close("declined_by_partner", at=later(1))
    assert r.status is S.REJECTED
    with pytest.raises(fc.TransitionError) as caught:
        r.transition("accepted", at=later(2), role="partner")
    message = str(caught.value)
    assert "rejected cannot become accepted" in message
    assert "reopen it first" in message
    assert "allowed next: draft, requested, entered_in_error" in message
    assert caught.value.current is S.REJECTED
    assert caught.value.allowed == (S.DRAFT, S.REQUESTED, S.ENTERED_IN_ERROR)


def test_sending_without_consent_is_refused() -> None:
    r = referral(consent=None)
    with pytest.raises(fc.ConsentError, match="there is no consent"):
        r.transition("requested", at=later(0))
    with pytest.raises(fc.ConsentError, match="not the partner 'schuldnerberatung'"):
        referral(consent=consent(partners=["jobcenter"])).transition("requested", at=later(0))
    with pytest.raises(fc.ConsentError, match="does not cover passing health"):
        referral(shares=["need", "health"]).transition("requested", at=later(0))
    with pytest.raises(fc.ConsentError, match="given only at"):
        referral(consent=consent(given=later(60))).transition("requested", at=later(0))
    assert isinstance(fc.ConsentError("x", S.DRAFT, ()), fc.FamilyCentreError)


def test_follow_up_before_creation_is_refused() -> None:
    with pytest.raises(ValueError, match="follow_up: 2026-03-01 lies before the referral"):
        referral(follow_up=dt.date(2026, 3, 1))
    plain = fc.unstructure(referral())
    plain["follow_up"] = dt.date(2026, 3, 1)
    with pytest.raises(fc.InvalidData) as caught:
        fc.structure(plain, fc.Referral)
    assert [p.location for p in caught.value.problems] == ["follow_up"]


def test_unknown_partner_id_is_refused() -> None:
    from familycentre.referrals.consent import check_references

    partners = [fc.Partner(id="schuldnerberatung-dortmund", name="SB", kind="debt_counselling")]
    with pytest.raises(fc.InvalidData) as caught:
        check_references(referral(), partners=partners)
    assert str(caught.value.problems[0]) == (
        "partner: unknown partner 'schuldnerberatung' (did you mean 'schuldnerberatung-dortmund'?)"
    )
    assert [p.location for p in caught.value.problems] == ["partner", "consent.partners[0]"]
    check_references(
        referral(partner="schuldnerberatung-dortmund", consent=None), partners=partners
    )


@pytest.mark.parametrize(
    ("steps", "target", "reason", "message"),
    [
        ([], "completed", None, "draft cannot become completed"),
        (["requested"], "rejected", None, "needs a close reason"),
        (["requested"], "rejected", "need_met", "'need_met' is not a reason to close"),
        (["requested"], "rejected", "weil", "'weil' is not a close reason"),
        (["requested"], "on_hold", None, "on_hold needs a reason in words"),
        (["requested"], "on_hold", "  ", "on_hold needs a reason in words"),
        (["requested"], "entered_in_error", None, "entered_in_error needs a reason"),
    ],
)
def test_missing_or_wrong_reasons(
    steps: list[str], target: str, reason: str | None, message: str
) -> None:
    r = referral()
    for minute, step in enumerate(steps):
        r = r.transition(step, at=later(minute))
    with pytest.raises(fc.TransitionError, match=re.escape(message)):
        r.transition(target, at=later(10), reason=reason)


def test_a_close_reason_is_only_given_when_closing() -> None:
    with pytest.raises(fc.TransitionError, match="only given when closing"):
        lifecycle.check_step(
            S.REQUESTED, S.ACCEPTED, fc.Role.STAFF, close_reason=fc.CloseReason.NEED_MET
        )


def test_reopen_needs_a_reason_and_a_closed_referral() -> None:
    closed = referral().transition("cancelled", at=later(0), reason="no_longer_needed")
    with pytest.raises(fc.TransitionError, match="reopening a closed referral needs a reason"):
        closed.transition("draft", at=later(1))
    with pytest.raises(fc.TransitionError, match="only a closed referral can be reopened"):
        referral().reopen("weil", at=later(1))


def test_roles_and_times_are_checked() -> None:
    with pytest.raises(fc.TransitionError, match="made by staff, not by partner"):
        referral().transition("requested", at=later(0), role="partner")
    with pytest.raises(fc.TransitionError, match="time zone"):
        referral().transition("requested", at=dt.datetime(2026, 3, 2, 9))
    sent = referral().transition("requested", at=later(10))
    with pytest.raises(fc.TransitionError, match="lies before the last transition"):
        sent.transition("accepted", at=later(5))


def test_broken_history_in_data_is_reported_with_its_path() -> None:
    plain = fc.unstructure(referral().transition("requested", at=later(0)))
    plain["status"] = "accepted"
    with pytest.raises(fc.InvalidData, match="status: is accepted, but the history ends"):
        fc.structure(plain, fc.Referral)
    plain = fc.unstructure(referral().transition("requested", at=later(0)))
    plain["history"][0]["to"] = "completed"
    plain["status"] = "completed"
    with pytest.raises(fc.InvalidData, match=r"history\[0\]\.to: .*draft cannot become completed"):
        fc.structure(plain, fc.Referral)
    plain = fc.unstructure(referral())
    plain["consent"] = True
    with pytest.raises(fc.InvalidData, match="consent: expected a table"):
        fc.structure(plain, fc.Referral)


# --- the stateful property ----------------------------------------------------------------

ROLES = list(fc.Role)
REASONS = [None, "", "Familie ist umgezogen", *fc.CloseReason]


class ReferralLifecycle(RuleBasedStateMachine):
    """Random moves, some allowed and some not; the rules must hold throughout."""

    def __init__(self) -> None:
        super().__init__()
        self.referral = referral(shares=["need"], consent=None)
        self.now = AT
        self.consented_kinds = False

    def tick(self, minutes: int) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now

    @rule(
        to=st.sampled_from(list(S)),
        role=st.sampled_from(ROLES),
        reason=st.sampled_from(REASONS),
        minutes=st.integers(0, 600),
    )
    def move(self, to: fc.ReferralStatus, role: fc.Role, reason: str | None, minutes: int) -> None:
        target = to
        before = self.referral
        at = self.tick(minutes)
        found = lifecycle.edge(before.status, target)
        try:
            after = before.transition(target, at=at, role=role, reason=reason)
        except fc.TransitionError:
            assert self.referral is before
            return
        # a move that succeeded is in the table, by a role the table names
        assert found is not None
        assert role in found.roles
        assert after.status is target
        assert after.history[:-1] == before.history
        if target in CLOSED:
            assert after.close_reason in lifecycle.CLOSE_REASONS[target]
        if target in WITH_PARTNER:
            assert after.consent is not None
            assert after.consent.active(at)
        self.referral = after

    @rule(minutes=st.integers(0, 600), by_kind=st.booleans())
    def give_consent(self, minutes: int, by_kind: bool) -> None:
        fields = {"partners": [], "partner_kinds": ["debt_counselling"]} if by_kind else {}
        self.referral = attrs.evolve(
            self.referral, consent=consent(given=self.tick(minutes), **fields)
        )

    @rule(minutes=st.integers(0, 600))
    def withdraw_consent(self, minutes: int) -> None:
        before = self.referral
        if before.consent is None:
            with pytest.raises(fc.ConsentError):
                before.withdraw_consent(at=self.tick(minutes))
            return
        after = before.withdraw_consent(at=self.tick(minutes), role="system")
        if before.is_open and before.consent.withdrawn is None:
            assert after.status is S.CONSENT_WITHDRAWN
        self.referral = after

    @invariant()
    def history_replays_to_the_status(self) -> None:
        r = self.referral
        assert lifecycle.replay(r.history) is r.status
        assert lifecycle.replay(r.history, start=S.DRAFT) is r.status

    @invariant()
    def never_in_a_forbidden_state(self) -> None:
        r = self.referral
        for step in r.history:
            assert lifecycle.edge(step.source, step.target) is not None
        if S.ENTERED_IN_ERROR in [t.target for t in r.history]:
            assert r.status is S.ENTERED_IN_ERROR
        if r.status in WITH_PARTNER and r.shares:
            assert r.consent is not None
            assert r.consent.withdrawn is None

    @invariant()
    def round_trips(self) -> None:
        assert fc.from_json(fc.to_json(self.referral), fc.Referral) == self.referral


ReferralLifecycle.TestCase.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None
)
TestReferralLifecycle = ReferralLifecycle.TestCase


@given(s.referrals())
def test_generated_referrals_replay_and_round_trip(r: fc.Referral) -> None:
    assert lifecycle.replay(r.history) is (r.status if r.history else S.DRAFT)
    assert fc.structure(fc.unstructure(r), fc.Referral) == r


def test_how_to_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "how-to" / "referrals.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 2
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "docs/how-to/referrals.md", "exec"), {})
