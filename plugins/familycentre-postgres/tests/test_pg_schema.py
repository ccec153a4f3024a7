"""Opening a store: URLs, schema creation and migration, permissions, erasure."""

from __future__ import annotations

import datetime as dt
import threading

import psycopg
import pytest
from psycopg import sql

import familycentre as fc
from familycentre.plugins import PluginManager
from familycentre.storage import Store, StoreError, open_store, storage_backends
from familycentre.testing import (
    make_centre,
    make_centre_data,
    make_offer,
    make_partner,
    make_referral,
)
from familycentre.testing.referrals import MARKERS, add_marked_family
from familycentre_postgres import SCHEMA_VERSION, PostgresBackend, redact
from familycentre_postgres.store import TABLES, split_url

ACTIVITY_TABLE_NAMES = [TABLES[kind] for kind in fc.storage.ACTIVITY_KINDS]

Admin = psycopg.Connection[tuple[object, ...]]


def versions(admin: Admin, schema: str) -> list[object]:
    table = sql.Identifier(schema, "schema_version")
    query = sql.SQL("SELECT version FROM {} ORDER BY version").format(table)
    return [row[0] for row in admin.execute(query)]


def schema_name(url: str) -> str:
    return split_url(url)[1]


def test_urls() -> None:
    conninfo, schema = split_url(
        "postgres://u:p@h:5433/db?schema=netz&sslmode=disable&connect_timeout=3"
    )
    assert (conninfo, schema) == (
        "postgresql://u:p@h:5433/db?sslmode=disable&connect_timeout=3"
        "&application_name=familycentre",
        "netz",
    )
    assert split_url("postgresql:///db")[1] == "familycentre"
    assert redact("postgresql://u:geheim@h/db") == "postgresql://u:***@h/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"
    with pytest.raises(StoreError, match="names no schema"):
        split_url("postgresql://h/db?schema=")


def test_url_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    monkeypatch.setenv("PGAPPNAME", "website")
    assert split_url("postgresql:///db")[0] == "postgresql:///db?connect_timeout=10"


def test_opened_by_url_through_the_entry_point(pg_url: str, pg_server_url: str) -> None:
    manager = PluginManager()  # built-ins and installed plugins, as a user has them
    assert {"postgresql", "postgres"} <= set(storage_backends(manager))
    for url in (pg_url, pg_url.replace("postgresql://", "postgres://", 1)):
        with open_store(url, plugin_manager=manager) as store:
            assert isinstance(store.backend, PostgresBackend)
            assert "familycentre:***@" in store.url or "@" not in pg_server_url
            assert store.backend.schema == schema_name(pg_url)


def test_new_schema_is_created_and_versioned(fresh_schema_url: str, pg_admin: Admin) -> None:
    with Store(PostgresBackend(fresh_schema_url)) as store:
        store.add(make_centre())
    schema = schema_name(fresh_schema_url)
    assert versions(pg_admin, schema) == list(range(1, SCHEMA_VERSION + 1))
    with Store(PostgresBackend(fresh_schema_url)) as store:  # opening again changes nothing
        assert store.centres() == [make_centre()]
    assert versions(pg_admin, schema) == list(range(1, SCHEMA_VERSION + 1))


def test_many_processes_open_a_new_database_at_once(
    fresh_schema_url: str, pg_admin: Admin
) -> None:
    failures: list[BaseException] = []
    start = threading.Barrier(6)

    def open_it() -> None:
        try:
            start.wait()
            Store(PostgresBackend(fresh_schema_url)).close()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert versions(pg_admin, schema_name(fresh_schema_url)) == list(range(1, SCHEMA_VERSION + 1))


def test_newer_schema_is_refused(fresh_schema_url: str, pg_admin: Admin) -> None:
    Store(PostgresBackend(fresh_schema_url)).close()
    table = sql.Identifier(schema_name(fresh_schema_url), "schema_version")
    pg_admin.execute(sql.SQL("INSERT INTO {} (version) VALUES (99)").format(table))
    with pytest.raises(StoreError, match="newer familycentre-postgres"):
        Store(PostgresBackend(fresh_schema_url))


def test_tables_of_another_application_are_refused(fresh_schema_url: str, pg_admin: Admin) -> None:
    schema = sql.Identifier(schema_name(fresh_schema_url))
    pg_admin.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
    pg_admin.execute(sql.SQL("CREATE TABLE {}.offers (x int)").format(schema))
    with pytest.raises(StoreError, match="another application"):
        Store(PostgresBackend(fresh_schema_url))
    tables = pg_admin.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (schema_name(fresh_schema_url),),
    ).fetchall()
    assert tables == [("offers",)]  # nothing was left behind


def test_a_role_without_create_is_told_what_it_needs(pg_server_url: str) -> None:
    # The test role may not create tables in information_schema (a superuser's schema).
    url = f"{pg_server_url}{'&' if '?' in pg_server_url else '?'}schema=information_schema"
    with pytest.raises(StoreError, match=r"permission denied.*needs CREATE"):
        Store(PostgresBackend(url))


def test_erased_referrals_leave_no_rows_behind(pg_store: Store, pg_admin: Admin) -> None:
    pg_store.add(make_centre())
    pg_store.add(make_partner())
    pg_store.add(make_offer())
    pg_store.add(make_referral("r-1", family="familie-geheim"))
    table = sql.Identifier(pg_store.backend.schema, "referrals")
    path = sql.SQL("SELECT pg_relation_filepath({})").format(
        sql.Literal(f"{pg_store.backend.schema}.referrals")
    )
    before = pg_admin.execute(path).fetchone()
    pg_store.delete(fc.Referral, "r-1")
    assert pg_store.referrals() == []
    # the table was rewritten: no old row version of the referral stays in its file
    assert pg_admin.execute(path).fetchone() != before
    dead = pg_admin.execute(
        sql.SQL("SELECT count(*) FROM {} WHERE family = 'familie-geheim'").format(table)
    ).fetchone()
    assert dead == (0,)
    assert pg_store.offers() == [make_offer()]


def test_erasing_a_family_rewrites_the_table(pg_store: Store, pg_admin: Admin) -> None:
    add_marked_family(pg_store)
    path = sql.SQL("SELECT pg_relation_filepath({})").format(
        sql.Literal(f"{pg_store.backend.schema}.referrals")
    )
    before = pg_admin.execute(path).fetchone()
    assert fc.erase_family(pg_store, MARKERS[0]) == 2
    assert pg_admin.execute(path).fetchone() != before  # no old row versions remain
    table = sql.Identifier(pg_store.backend.schema, "referrals")
    for marker in MARKERS:
        found = pg_admin.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE data::text LIKE %s OR family = %s").format(
                table
            ),
            (f"%{marker}%", marker),
        ).fetchone()
        assert found == (0,)


def test_a_version_1_schema_is_migrated(fresh_schema_url: str, pg_admin: Admin) -> None:
    first = Store(PostgresBackend(fresh_schema_url))
    with first:
        first.load(make_centre_data())
    schema = schema_name(fresh_schema_url)
    # back to version 1, as the first release left it (no contacts, no change
    # versions, no activity records)
    for table in ("family_contacts", "changes", *ACTIVITY_TABLE_NAMES):
        pg_admin.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(schema, table)))
    pg_admin.execute(sql.SQL("DROP SEQUENCE {}").format(sql.Identifier(schema, "change_numbers")))
    pg_admin.execute(
        sql.SQL("DELETE FROM {} WHERE version > 1").format(
            sql.Identifier(schema, "schema_version")
        )
    )
    with Store(PostgresBackend(fresh_schema_url)) as store:
        assert versions(pg_admin, schema) == list(range(1, SCHEMA_VERSION + 1))
        assert len(store.offers()) == 3  # the data stayed
        before = store.version()
        fc.put_family_contact(store, fc.FamilyContact(family="F-1", centre="sonnenblume"))
        assert store.version() != before
        assert fc.family_contact(store, "F-1") == fc.FamilyContact(
            family="F-1", centre="sonnenblume"
        )
        help_case = fc.HelpCase(
            id="h-1", centre="sonnenblume", date=dt.date(2026, 3, 2), kind="household_help"
        )
        store.add(help_case)  # the activity tables of version 3
        assert store.activities(fc.HelpCase, year=2026) == [help_case]


def test_erasing_a_family_removes_its_contact(pg_store: Store, pg_admin: Admin) -> None:
    add_marked_family(pg_store)
    assert fc.family_contact(pg_store, MARKERS[0]) is not None
    path = sql.SQL("SELECT pg_relation_filepath({})").format(
        sql.Literal(f"{pg_store.backend.schema}.family_contacts")
    )
    before = pg_admin.execute(path).fetchone()
    fc.erase_family(pg_store, MARKERS[0])
    assert fc.family_contact(pg_store, MARKERS[0]) is None
    assert pg_admin.execute(path).fetchone() != before
    table = sql.Identifier(pg_store.backend.schema, "family_contacts")
    for marker in MARKERS:
        found = pg_admin.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE data::text LIKE %s OR id = %s").format(table),
            (f"%{marker}%", marker),
        ).fetchone()
        assert found == (0,)
