"""The API client fixtures of tests/api, for the devices tests."""
from tests.api.conftest import api, make_api  # noqa: F401
