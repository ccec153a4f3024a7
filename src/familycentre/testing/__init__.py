"""Test helpers for plugin authors: fixtures, data builders and conformance suites.

The pytest plugin :mod:`familycentre.testing.pytest_plugin` is registered through
the ``pytest11`` entry point, so its fixtures (``fc_plugin_manager``, ``fc_store``,
``fc_memory_store``) are available in every test session where familycentre is
installed. A storage backend proves itself by running the conformance suite::

    import pytest
    from familycentre.testing import StoreConformance

    class TestMyStore(StoreConformance):
        @pytest.fixture
        def store(self, tmp_path):
            with MyStore.from_url(f"mystore://{tmp_path}") as store:
                yield store

The suite needs pytest and hypothesis (``pip install familycentre[test]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from familycentre.testing.builders import (
    make_centre,
    make_centre_data,
    make_offer,
    make_partner,
    make_referral,
)

pytest.register_assert_rewrite("familycentre.testing.conformance")
pytest.register_assert_rewrite("familycentre.testing.referrals")

if TYPE_CHECKING:
    from familycentre.testing.conformance import SharedStoreConformance, StoreConformance
    from familycentre.testing.referrals import ReferralConformance

__all__ = [
    "ReferralConformance",
    "SharedStoreConformance",
    "StoreConformance",
    "make_centre",
    "make_centre_data",
    "make_offer",
    "make_partner",
    "make_referral",
]


def __getattr__(name: str) -> Any:
    if name in ("StoreConformance", "SharedStoreConformance"):  # imports hypothesis: on use
        from familycentre.testing import conformance

        return getattr(conformance, name)
    if name == "ReferralConformance":
        from familycentre.testing.referrals import ReferralConformance

        return ReferralConformance
    raise AttributeError(f"module 'familycentre.testing' has no attribute {name!r}")
