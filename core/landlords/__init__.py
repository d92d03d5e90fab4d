"""Working with the landlord: response commitments, report follow-ups, check-in schedules.

Pure rules (`response`, `schedule`) and the follow-ups they raise
(`followups`: a decision any writer applies, the ORM or a sync batch).
docs/landlords.md says why each rule is what it is.
"""
