from tests.participants.helpers import casework  # noqa: F401  (fixture)
