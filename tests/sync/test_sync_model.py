"""Stateful property test of the whole sync protocol through the real Flask app.

Five devices (two of sara's, omar's, eva's, and the participant kim's) edit
the same participants while faults are injected: dropped requests, responses
lost after commit, duplicate delivery, reordered batches, client crashes
before and after the outbox write, server restarts, caseload and role
changes mid-queue, expired CSRF tokens, revoked devices, and edits made on
the web pages meanwhile. Every delivered push is checked by sim_oracle
(rights, exactly-once ids, predicted conflicts); after each step the server's
bookkeeping must show each processed mutation exactly once; at the end, after
two quiet sync rounds, every device holds exactly the server's view of its
scope and every accepted write was processed.

HYPOTHESIS_PROFILE=ci (default): 200 examples; =long: 5,000.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from core.models import (
    Assignment,
    AuditEvent,
    Device,
    Goal,
    MutationError,
    Participant,
    Team,
    User,
    unmarked,
    utcnow,
)
from sync.protocol import SCHEMA_VERSION

from ..databases import copy_of, drop
from .reference import server_view, versions
from .sim import SimClient, SimServer, build_template, stale_csrf_token
from .sim_mutations import ENTITY_OF, KINDS, WEIGHTED_KINDS, WORDS, make_mutation
from .sim_oracle import take, verify

DEVICES = [("sara-1", "sara"), ("sara-2", "sara"), ("omar-1", "omar"), ("eva-1", "eva"),
           ("kim-1", "kim")]
NAMES = [name for name, _ in DEVICES]
FAULTS = ["none", "drop_request", "drop_response", "duplicate", "reorder", "stale_csrf"]
MERGED = sorted(ENTITY_OF)
RUNS = itertools.count()
TABLES = {"note": "visit_note", "goal": "goal", "step": "step", "followup": "follow_up"}


class SyncMachine(RuleBasedStateMachine):
    def __init__(self, template, cookies, folder):
        super().__init__()
        self.path = copy_of(template, folder, f"run{next(RUNS)}")
        self.server = SimServer(self.path)
        self.clients = {n: SimClient(n, user, cookies[user]) for n, user in DEVICES}
        for c in self.clients.values():
            c.connect(self.server.app)
        with self.server.db() as s:
            self.everyone = sorted(s.execute(select(Participant.uuid)).scalars())
            self.hot = s.execute(select(Participant.uuid)
                                 .where(Participant.preferred_name == "Ali")).scalar_one()
        self.discarded: list[dict] = []

    # --- HTTP as the PWA does it ------------------------------------------------------

    def _post(self, c, path, body):
        if c.csrf is None:
            c.csrf = c.http.get("/api/session").get_json()["csrfToken"]
        resp = c.http.post(path, json=body, headers={"X-CSRFToken": c.csrf})
        if resp.status_code == 400 and resp.get_json()["error"] == "csrf_failed":
            c.csrf = c.http.get("/api/session").get_json()["csrfToken"]
            resp = c.http.post(path, json=body, headers={"X-CSRFToken": c.csrf})
        assert resp.status_code in (200, 403), resp.get_data(as_text=True)
        return resp

    def _envelope(self, c, **extra):
        return {"protocol": 1, "schema": SCHEMA_VERSION, "clientID": c.client_id, **extra}

    def _push(self, c, entries):
        snap = take(self.server, c, entries)
        resp = self._post(c, "/api/sync/push", self._envelope(c, mutations=entries))
        verify(self.server, c, snap, entries)
        if resp.status_code == 403:
            self._told_to_wipe(c, resp)

    def _pull(self, c, lose_last=False, pages=10_000):
        for _ in range(pages):
            resp = self._post(c, "/api/sync/pull", self._envelope(c, cookie=c.cookie))
            if resp.status_code == 403:
                return self._told_to_wipe(c, resp)
            body = resp.get_json()
            if body["errors"]:
                event("pull: refused mutations reported to their device")
            if any(op["op"] == "del" for op in body["patch"]):
                event("pull: dels")
            if lose_last and not body["more"]:
                return None  # the server answered, the answer never arrived
            c.apply_pull(body)
            self._check_participant_view(c)
            if not body["more"]:
                return None
        return None

    def _told_to_wipe(self, c, resp):
        assert resp.get_json() == {**resp.get_json(), "error": "device_revoked", "wipe": True}
        event("device: revoked, told to wipe")
        c.wipe()

    def _check_participant_view(self, c):
        if c.username != "kim":
            return
        for (entity, _), value in c.store.items():
            assert entity != "review"
            if entity == "note":
                assert value["status"] == "signed" and not value["hiddenFromParticipant"]

    # --- rules ----------------------------------------------------------------------------

    @initialize()
    def first_sync(self):
        for c in self.clients.values():
            self._pull(c)

    @rule(device=st.sampled_from(NAMES),
          kinds=st.lists(st.sampled_from(WEIGHTED_KINDS), min_size=1, max_size=3),
          data=st.data())
    def write(self, device, kinds, data):
        c = self.clients[device]
        for kind in kinds:
            c.write(make_mutation(c, kind, data.draw, self.everyone, self.hot))

    @rule(device=st.sampled_from(NAMES[:4]), kinds=st.lists(st.sampled_from(MERGED), min_size=1,
                                                             max_size=3), data=st.data())
    def edit_shared_records(self, device, kinds, data):
        """Workers edit the participant they share: the same fields, often from stale bases."""
        c = self.clients[device]
        for kind in kinds:
            c.write(make_mutation(c, kind, data.draw, self.everyone, self.hot))

    @rule(device=st.sampled_from(NAMES), fault=st.sampled_from(FAULTS))
    def sync_round(self, device, fault):
        """What the PWA does on `online` or its timer: push the outbox, then pull."""
        self.push(device, fault, 50)
        self.pull(device, False, False)

    @rule(device=st.sampled_from(NAMES), kind=st.sampled_from(KINDS), data=st.data())
    def crash_before_outbox_write(self, device, kind, data):
        c = self.clients[device]
        self.discarded.append(make_mutation(c, kind, data.draw, self.everyone, self.hot))

    @rule(device=st.sampled_from(NAMES), fault=st.sampled_from(FAULTS), size=st.integers(1, 8))
    def push(self, device, fault, size):
        c = self.clients[device]
        entries, client_id = c.outbox[:size], c.client_id
        if not entries or fault == "drop_request":
            return
        if fault == "stale_csrf":
            c.csrf = stale_csrf_token(c.http, self.server.app.secret_key)
        half = len(entries) // 2 if fault == "reorder" else 0
        sends = {"reorder": [entries[half:], entries[:half]],
                 "duplicate": [entries, entries]}.get(fault, [entries])
        for batch in sends:
            if batch and c.client_id == client_id:  # else it was told to wipe
                self._push(c, batch)

    @rule(device=st.sampled_from(NAMES), lose_last=st.booleans(), one_page=st.booleans())
    def pull(self, device, lose_last, one_page):
        self._pull(self.clients[device], lose_last, 1 if one_page else 10_000)

    @rule(device=st.sampled_from(NAMES))
    def crash_after_outbox_write(self, device):
        """The push after the write was delivered, then the app died: no answer, no token."""
        c = self.clients[device]
        if c.outbox:
            self._push(c, c.outbox[:5])
        c.csrf = None

    @rule(now=st.integers(0, 2))
    def restart_server(self, now):
        if now:  # keeps restarts rarer than the other rules (they cost an app start)
            return
        self.server.restart()
        for c in self.clients.values():
            c.connect(self.server.app)

    @rule(person=st.sampled_from(["Kim", "Ali", "Fatima", "Marko"]),
          worker=st.sampled_from(["sara", "omar"]))
    def toggle_assignment(self, person, worker):
        with self.server.db() as s:
            p = s.execute(select(Participant).where(Participant.preferred_name == person)).scalar()
            user = self.server.user(s, worker)
            live = s.execute(select(Assignment).where(
                Assignment.participant_id == p.id, Assignment.user_id == user.id,
                Assignment.deleted_at.is_(None))).scalars().all()
            for a in live:
                a.deleted_at = utcnow()
            if not live:
                s.add(Assignment(participant_id=p.id, user_id=user.id))
            s.commit()

    @rule(user=st.sampled_from(["sara", "omar"]),
          role=st.sampled_from(["case_manager", "team_lead", "admin"]))
    def change_role(self, user, role):
        with self.server.db() as s:
            self.server.user(s, user).role = role
            s.commit()

    @rule(data=st.data())
    def web_edit(self, data):
        """A goal edited on the web pages meanwhile (no device id)."""
        with self.server.db() as s:
            team_a = select(Participant.id).join(Team).where(Team.name == "A")
            ali = select(Participant.id).where(Participant.preferred_name == "Ali")
            shared = data.draw(st.booleans())
            goals = s.execute(select(Goal).where(Goal.participant_id.in_(ali if shared else team_a))
                              .order_by(Goal.id)).scalars().all()
            goal = goals[data.draw(st.integers(0, len(goals) - 1))]
            goal.own_words = data.draw(st.sampled_from(WORDS + ["W"]))
            s.commit()

    @rule(device=st.sampled_from(NAMES), now=st.integers(0, 3))
    def revoke(self, device, now):
        if now:  # rarer than the other rules: a revoked device starts over
            return
        c = self.clients[device]
        resp = c.http.post(f"/api/devices/{c.client_id}/revoke",
                           headers={"X-CSRFToken": c.csrf or self._token(c)})
        assert resp.status_code in (200, 404)

    def _token(self, c):
        c.csrf = c.http.get("/api/session").get_json()["csrfToken"]
        return c.csrf

    # --- invariants -----------------------------------------------------------------------

    @invariant()
    def each_processed_mutation_is_recorded_exactly_once(self):
        with self.server.db() as s:
            audited = dict(s.execute(
                select(AuditEvent.device_id, func.count()).where(AuditEvent.action != "sync.pull")
                .group_by(AuditEvent.device_id)).all())
            errors = s.execute(select(MutationError.device_id, MutationError.mutation_id)).all()
            devices = {d.client_id: d for d in s.execute(select(Device)).scalars()}
        assert len(errors) == len(set(errors)), "a mutation recorded two errors"
        for c in self.clients.values():
            d = devices.get(c.client_id)
            if d is None:
                continue
            assert d.last_mutation_id <= c.next_id - 1, "processed an id the client never made"
            assert audited.get(d.id, 0) == d.last_mutation_id
            assert all(m <= d.last_mutation_id for dev, m in errors if dev == d.id)

    def teardown(self):
        try:
            self._quiet_rounds()
            self._check_converged()
        finally:
            self.server.stop()
            drop(self.path)
            if self.path.startswith("sqlite:///"):
                Path(self.path.removeprefix("sqlite:///")).unlink(missing_ok=True)

    def _quiet_rounds(self):
        for _ in range(2):
            for c in self.clients.values():
                c.csrf = None
                # One sync round as the PWA runs it: the whole outbox, then pull until done.
                queue, client_id = list(c.outbox), c.client_id
                for start in range(0, len(queue), 50):
                    if c.client_id == client_id:  # else it was told to wipe
                        self._push(c, queue[start:start + 50])
                self._pull(c)

    def _check_converged(self):
        with self.server.db() as s:
            assert unmarked(s) == [], "a write left its participant's record mark behind"
            for c in self.clients.values():
                assert c.outbox == [] and c.last_confirmed == c.next_id - 1
                user = s.execute(select(User).where(User.username == c.username)).scalar_one()
                assert versions(c.store) == server_view(s, user), f"{c.name} diverged"
                self._check_creates(s, c)
            for m in self.discarded:
                uuid = m["args"].get("uuid")
                entity = m["name"].split(".")[0]
                if m["name"].endswith(".create") and entity in TABLES:
                    assert _count(s, TABLES[entity], uuid) == 0, "a write lost in a crash appeared"

    def _check_creates(self, s, c):
        """Every accepted create is on the server exactly once unless it was refused."""
        device = s.execute(select(Device).where(Device.client_id == c.client_id)).scalar()
        refused = set() if device is None else set(s.execute(select(MutationError.mutation_id)
                                                              .where(MutationError.device_id ==
                                                                     device.id)).scalars())
        for e in c.accepted:
            entity = e["name"].split(".")[0]
            if e["name"].endswith(".create") and entity in TABLES:
                expected = 0 if e["id"] in refused else 1
                assert _count(s, TABLES[entity], e["args"]["uuid"]) == expected, e


def _count(s, table, uuid):
    from sqlalchemy import text

    return s.execute(text(f"SELECT COUNT(*) FROM {table} WHERE uuid = :u"), {"u": uuid}).scalar()


@pytest.fixture(scope="module")
def sim_template(template_db, tmp_path_factory):
    url, cookies = build_template(template_db, tmp_path_factory.mktemp("sim"))
    yield url, cookies
    drop(url)


def test_sync_protocol_holds_under_faults(sim_template, tmp_path):
    template, cookies = sim_template
    run_state_machine_as_test(lambda: SyncMachine(template, cookies, tmp_path),
                              settings=settings())
