"""openapi-python-client: one live call with the generated client, reading
relief_plan.steps[0].action, and a 422 parsed as a Problem. mypy --strict checks this file
together with the generated package.

Usage: consumer.py BASE_URL
"""

from __future__ import annotations

import datetime
import os
import sys

from cramp_advisor_client import AuthenticatedClient
from cramp_advisor_client.api.assessments import create_assessment, create_follow_up
from cramp_advisor_client.models import (
    AdoptedRequest,
    AssessmentResponse,
    Cramps,
    DiaryRequest,
    FollowUpRequest,
    FollowUpResponse,
    Problem,
    ProfileRequest,
)


def main(base_url: str) -> None:
    # The spec declares X-API-Key (optional unless the deployment enforces keys), so the
    # generated operations take an AuthenticatedClient; the key goes in X-API-Key.
    client = AuthenticatedClient(
        base_url=base_url,
        token=os.environ.get("CRAMP_ADVISOR_API_KEY", "no-key-needed"),
        prefix="",
        auth_header_name="X-API-Key",
        raise_on_unexpected_status=True,
    )

    profile = ProfileRequest(
        age=74,
        cramps=Cramps(nights_per_week=4, typical_duration_minutes=3),
        medications=["Hydrochlorothiazide 25 mg"],
    )
    ok = create_assessment.sync_detailed(client=client, body=profile)
    if not isinstance(ok.parsed, AssessmentResponse):
        sys.exit(f"openapi-python-client: expected 200, got {ok.status_code}")
    action: str = ok.parsed.relief_plan.steps[0].action

    bad = create_assessment.sync_detailed(client=client, body=ProfileRequest(age=0))
    problem = bad.parsed
    if bad.status_code != 422 or not isinstance(problem, Problem):
        sys.exit(f"openapi-python-client: expected a 422 problem, got {bad.status_code}")
    code = str(problem.code)
    if code != "validation_failed" or problem.status != 422:
        sys.exit(f"openapi-python-client: unexpected problem {problem.to_dict()}")

    diary = FollowUpRequest(
        profile=profile,
        adopted=[AdoptedRequest(remedy_id="bedtime_stretching", started=datetime.date(2026, 1, 1))],
        diary=[
            DiaryRequest(
                date=datetime.date(2026, 1, 1),
                cramps=1,
                longest_minutes=2,
                woke=True,
                steps_done=["bedtime_stretching"],
            )
        ],
    )
    follow_up = create_follow_up.sync_detailed(client=client, body=diary)
    if not isinstance(follow_up.parsed, FollowUpResponse):
        sys.exit(f"openapi-python-client: follow-up expected 200, got {follow_up.status_code}")
    verdict = str(follow_up.parsed.trend.verdict)
    print(f"openapi-python-client: follow-up verdict = {verdict}")

    print(
        f"openapi-python-client: 200 relief_plan.steps[0].action = {action!r}; "
        f"422 problem code = {code}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
