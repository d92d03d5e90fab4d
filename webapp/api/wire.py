"""Push and pull results as the JSON of docs/sync-protocol.md, messages translated."""
from __future__ import annotations

from typing import Any

from sync import PullResult, PushResult

from .messages import mutation_message


def push_json(result: PushResult) -> dict[str, Any]:
    results = []
    for r in result.results:
        item: dict[str, Any] = {"id": r.id, "status": r.status}
        if r.code is not None:
            item["error"] = {"code": r.code, "message": mutation_message(r.code, r.message or "")}
        if r.conflicts:
            item["conflicts"] = list(r.conflicts)
        results.append(item)
    return {"lastMutationID": result.last_mutation_id, "results": results}


def pull_json(result: PullResult) -> dict[str, Any]:
    return {
        "cookie": result.cookie,
        "lastMutationID": result.last_mutation_id,
        "more": result.more,
        "patch": result.patch,
        "conflicts": result.conflicts,
        "errors": [{"mutationID": e.mutation_id, "name": e.name, "entityUuid": e.entity_uuid,
                    "code": e.code, "message": mutation_message(e.code, e.message)}
                   for e in result.errors],
        "progress": {"sent": result.sent, "total": result.total},
    }
