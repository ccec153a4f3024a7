"""Referrals at work: the lifecycle, consent, and reports for the municipality.

The records themselves (:class:`~familycentre.Referral`, :class:`~familycentre.Consent`,
:class:`~familycentre.FamilyContact`, :class:`~familycentre.Transition`) live in
:mod:`familycentre.model.referral`; the modules of this package hold the rules and
the functions over them:

- :mod:`familycentre.referrals.lifecycle`: statuses, roles, close reasons and the
  transition table; :func:`~familycentre.referrals.lifecycle.mermaid` draws it.
- :mod:`familycentre.referrals.consent`: withdrawing consent, checking references.
- :mod:`familycentre.referrals.report`: the yearly report for the municipality, with
  small counts suppressed.

This package module imports nothing itself, so that the model can use the lifecycle
without an import cycle; import the modules, or the names exported by
:mod:`familycentre`.
"""
