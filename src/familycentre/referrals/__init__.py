"""Referrals at work: moves with events, consent, erasure, retention, follow-ups, reports.

The records themselves (:class:`~familycentre.Referral`, :class:`~familycentre.Consent`,
:class:`~familycentre.FamilyContact`, :class:`~familycentre.Transition`) and the
lifecycle table they obey (:mod:`familycentre.model.lifecycle`) belong to the model.
This package holds the workflows over a store, as functions that take the store;
the store itself knows no referral rules:

- :func:`transition_referral`: a move, stored with a revision check, announced to
  plugins (``referral_transition``) after the commit;
- :func:`put_family_contact`, :func:`family_contact`: contact details kept apart;
- :func:`erase_family`, :func:`purge_referrals`, :func:`finish_erasure`: erasure and
  retention, ending with the old values gone from the store's files;
- :func:`followups`: open referrals whose follow-up is due;
- :mod:`familycentre.referrals.consent`: withdrawing consent, checking references.

The yearly report for the municipality is :mod:`familycentre.report`.
"""

from familycentre.referrals.privacy import (
    ERASED,
    ERASED_PREFIX,
    ERASURE_WAIT,
    due_followups,
    erase_family,
    erase_referral,
    family_contact,
    finish_erasure,
    followups,
    is_erased,
    parse_period,
    purge_referrals,
    put_family_contact,
    transition_referral,
)

__all__ = [
    "ERASED",
    "ERASED_PREFIX",
    "ERASURE_WAIT",
    "due_followups",
    "erase_family",
    "erase_referral",
    "family_contact",
    "finish_erasure",
    "followups",
    "is_erased",
    "parse_period",
    "purge_referrals",
    "put_family_contact",
    "transition_referral",
]
