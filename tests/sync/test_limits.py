"""Sync and the server forms accept the same dates and the same mutation ids."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import BigInteger

from core.limits import FIRST_YEAR, LAST_YEAR, MAX_SAFE_INT
from core.models import Device, MutationError, SyncConflict
from sync.fields import DATE_RE, Field, Invalid


@pytest.mark.parametrize("text", ["1899-12-31", "2101-01-01", "0225-03-01", "9999-12-31",
                                  "0001-01-01"])
def test_sync_dates_outside_the_form_years_are_refused(text):
    with pytest.raises(Invalid) as err:
        Field("d", "date").parse(text)
    assert err.value.params["first"] == FIRST_YEAR


@pytest.mark.parametrize("text", [f"{FIRST_YEAR}-01-01", "1999-12-31", "2026-11-21",
                                  f"{LAST_YEAR}-12-31"])
def test_sync_dates_inside_the_form_years_parse(text):
    assert Field("d", "date").parse(text) == date.fromisoformat(text)


def test_the_schema_pattern_covers_exactly_the_form_years():
    years = [y for y in range(1000, 10000) if DATE_RE.match(f"{y:04d}-01-01")]
    assert (years[0], years[-1], len(years)) == (FIRST_YEAR, LAST_YEAR,
                                                 LAST_YEAR - FIRST_YEAR + 1)


@pytest.mark.parametrize("column", [Device.last_mutation_id, MutationError.mutation_id,
                                    SyncConflict.mutation_id])
def test_mutation_id_columns_hold_every_id_the_protocol_accepts(column):
    # Ids go up to JavaScript's MAX_SAFE_INT (2**53 - 1); a 32-bit INTEGER on
    # PostgreSQL would overflow at 2**31.
    assert MAX_SAFE_INT > 2**31 and isinstance(column.type, BigInteger)


@pytest.mark.parametrize(("kind", "text"), [
    ("uuid", "9b2f6a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b\n"),
    ("date", "2026-11-21\n"),
])
def test_a_trailing_newline_is_not_part_of_a_valid_value(kind, text):
    # Python's `$` matches before a final "\n": a 37-character uuid would pass.
    with pytest.raises(Invalid):
        Field("x", kind).parse(text)
    assert Field("x", kind).parse(text.rstrip("\n"))


def test_a_client_id_with_a_trailing_newline_is_a_bad_envelope():
    from sync.protocol import BadEnvelope, client_id_of

    with pytest.raises(BadEnvelope):
        client_id_of({"clientID": "abcdefgh\n"})
    assert client_id_of({"clientID": "abcdefgh"}) == "abcdefgh"
