"""The storage conformance suite of familycentre.testing, unchanged, against PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from familycentre.storage import Store
from familycentre.testing import ReferralConformance, SharedStoreConformance
from familycentre_postgres import PostgresBackend


class TestPostgresStore(SharedStoreConformance):
    """Every test of the conformance suite, against a real PostgreSQL server."""

    @pytest.fixture
    def store(self, pg_store: Store) -> Store:
        """A new, empty PostgreSQL store."""
        return pg_store

    @pytest.fixture
    def other_store(self, pg_store: Store, pg_url: str) -> Iterator[Store]:
        """A second connection to the same store."""
        with Store(PostgresBackend(pg_url)) as other:
            yield other


class TestPostgresReferrals(ReferralConformance):
    """The referral part of the conformance suite: consent, moves, erasure, follow-ups."""

    @pytest.fixture
    def store(self, pg_store: Store) -> Store:
        """A new, empty PostgreSQL store."""
        return pg_store
