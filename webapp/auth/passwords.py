"""Argon2id password hashing (argon2-cffi defaults: 64 MiB, t=3, p=4).

The test suite sets BOKVAR_FAST_PASSWORD_HASH=1 to use Argon2id with a low
cost, so hundreds of logins do not dominate its run time; the algorithm
and code path are the same. Production never sets it.
"""
from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def make_hasher(fast: bool = False) -> PasswordHasher:
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    return PasswordHasher()


_hasher = make_hasher(os.environ.get("BOKVAR_FAST_PASSWORD_HASH") == "1")
# Used when the account does not exist, so timing does not reveal usernames.
_DUMMY = _hasher.hash("bokvar-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
