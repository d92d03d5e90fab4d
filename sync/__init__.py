"""The Bokvar sync protocol as a pure package: no Flask, only SQLAlchemy and the models.

`apply_push` applies a device's batch of named mutations; `build_pull`
answers with the changes in the user's scope since the client's cookie.
webapp/api adapts both to HTTP. The wire contract is docs/sync-protocol.md.
"""
from .protocol import PROTOCOL_VERSION, SCHEMA_VERSION, SyncError, parse_pull, parse_push
from .pull import PullResult, build_pull
from .push import MutationResult, PushResult, apply_push

__all__ = [
    "PROTOCOL_VERSION",
    "SCHEMA_VERSION",
    "MutationResult",
    "PullResult",
    "PushResult",
    "SyncError",
    "apply_push",
    "build_pull",
    "parse_pull",
    "parse_push",
]
