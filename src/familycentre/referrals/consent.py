"""Consent across a family's referrals, and the references a referral makes.

A :class:`~familycentre.Consent` travels with each referral it covers. When a family
withdraws its consent, every open referral of the family moves to
``consent_withdrawn`` (:func:`withdraw_family_consent`), so that nothing more is
passed on and staff see why.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from familycentre.errors import InvalidData, Problem
from familycentre.model.centre import Centre
from familycentre.model.lifecycle import Role
from familycentre.model.partner import Partner
from familycentre.model.referral import Referral

__all__ = ["check_references", "withdraw_family_consent"]


def withdraw_family_consent(
    referrals: Iterable[Referral],
    family: str,
    *,
    at: dt.datetime,
    role: Role | str = Role.SYSTEM,
    note: str | None = None,
) -> list[Referral]:
    """Withdraw the consent of ``family`` on each of its referrals that has one.

    Returns the referrals that changed (open ones moved to ``consent_withdrawn``;
    closed ones keep their status, their consent is marked withdrawn). Referrals of
    other families, without consent or already withdrawn are left out.
    """
    changed: list[Referral] = []
    for referral in referrals:
        if referral.family != family or referral.consent is None:
            continue
        if referral.consent.withdrawn is not None:
            continue
        changed.append(referral.withdraw_consent(at=at, role=role, note=note))
    return changed


def _unknown(kind: str, key: str, value: str, known: list[str]) -> Problem:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return Problem((key,), f"unknown {kind} {value!r}{hint}")


def check_references(
    referral: Referral,
    *,
    partners: Iterable[Partner],
    centres: Iterable[Centre] | None = None,
) -> None:
    """Check that a referral's partner (and centre, and consent's partners) exist.

    :param partners: The partners the referral may name (a centre's data file's, or
        a store's).
    :param centres: The centres it may come from; not checked when ``None``.
    :raises InvalidData: listing each unknown id with its path.
    """
    known = sorted(partner.id for partner in partners)
    problems: list[Problem] = []
    if referral.partner not in known:
        problems.append(_unknown("partner", "partner", referral.partner, known))
    if referral.consent is not None:
        for index, partner in enumerate(referral.consent.partners):
            if partner not in known:
                problem = _unknown("partner", "partners", partner, known)
                problems.append(Problem(("consent", "partners", index), problem.message))
    if centres is not None:
        centre_ids = sorted(centre.id for centre in centres)
        if referral.centre not in centre_ids:
            problems.append(_unknown("centre", "centre", referral.centre, centre_ids))
    if problems:
        raise InvalidData(problems, source=f"referral {referral.id}")
