"""Schemathesis hooks for cramp-advisor (loaded by run-schemathesis.sh via SCHEMATHESIS_HOOKS).

Only ONE rule of the profile cannot be stated in JSON Schema, so the published spec cannot
carry it:

    lifestyle.sitting_hours_per_day + lifestyle.standing_hours_per_day <= 24

Each field on its own is 0..24 (that part IS in the schema), but a sum across two properties is
not expressible in JSON Schema 2020-12. The spec states the rule in prose (the `Lifestyle`
description), and the service rightly answers a body breaking it with 422
(`/lifestyle`, "together exceed 24 hours"). Without this hook, Schemathesis generates such
schema-valid bodies in positive mode and `positive_data_acceptance` reports the correct 422 as
a failure.

So we drop POSITIVE cases whose body breaks the rule, and nothing else:
  * no check is turned off;
  * negative cases are kept as they are (the service must still reject them, and does);
  * every other generated body is sent unchanged.

`filter_case` (not `filter_body`) is used because Schemathesis 4 applies it in every phase
(examples, coverage, fuzzing), while `filter_body` is only applied to the fuzzing phase's body
strategy, and because a case knows whether its body was generated as positive or negative.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode

# The same limit the service enforces (src/domain/profile.rs: "together exceed 24 hours").
HOURS_IN_A_DAY = 24.0


def _hours(value: Any) -> float:
    # Absent or null means "unknown" and counts as 0, as in the service. Non-numbers are
    # schema violations the service reports on their own; they do not take part in the sum.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value)


def breaks_day_rule(body: Any) -> bool:
    """True when `body` is a profile whose sitting + standing hours exceed 24."""
    if not isinstance(body, dict):
        return False
    lifestyle = body.get("lifestyle")
    if not isinstance(lifestyle, dict):
        return False
    total = _hours(lifestyle.get("sitting_hours_per_day")) + _hours(lifestyle.get("standing_hours_per_day"))
    return total > HOURS_IN_A_DAY


def _body_is_positive(case: schemathesis.Case) -> bool:
    meta = case.meta
    if meta is None:  # explicit examples: meant to be valid
        return True
    body_info = meta.components.get(ParameterLocation.BODY)
    mode = body_info.mode if body_info is not None else meta.generation.mode
    return mode == GenerationMode.POSITIVE


@schemathesis.hook
def filter_case(context: schemathesis.HookContext, case: schemathesis.Case) -> bool:
    """Keep every case except positive ones whose body breaks the 24-hour rule (see module doc)."""
    if _body_is_positive(case) and breaks_day_rule(case.body):
        return False
    return True
