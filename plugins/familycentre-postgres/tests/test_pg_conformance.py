"""The storage conformance suite of familycentre.testing, unchanged, against PostgreSQL."""

from __future__ import annotations

import pytest

from familycentre.storage import Store
from familycentre.testing import ReferralConformance, StoreConformance


class TestPostgresStore(StoreConformance):
    """Every test of the conformance suite, against a real PostgreSQL server."""

    @pytest.fixture
    def store(self, pg_store: Store) -> Store:
        """A new, empty PostgreSQL store."""
        return pg_store


class TestPostgresReferrals(ReferralConformance):
    """The referral part of the conformance suite: consent, moves, erasure, follow-ups."""

    @pytest.fixture
    def store(self, pg_store: Store) -> Store:
        """A new, empty PostgreSQL store."""
        return pg_store
