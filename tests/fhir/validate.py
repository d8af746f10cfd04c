"""Validates the service's FHIR resources against the FHIR models of the PyPI package
`fhir.resources` (its R4B models match R4 for Questionnaire and QuestionnaireResponse).

Usage: validate.py DIR
  DIR holds questionnaire-*.json (FHIR Questionnaire, one per language) and
  response-*.json (FHIR QuestionnaireResponse), as tests/api/app_kit.rs writes them.
Each response's linkIds must also be items of the questionnaire. Prints one line per file and
a closing "N passed, N failed" line; exits non-zero if any file fails.
"""

import json
import pathlib
import sys

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse


def link_ids(items):
    for item in items or []:
        yield item.linkId
        yield from link_ids(item.item)


def main(directory: str) -> int:
    root = pathlib.Path(directory)
    questionnaires = sorted(root.glob("questionnaire-*.json"))
    responses = sorted(root.glob("response-*.json"))
    if not questionnaires or not responses:
        print(f"validate.py: no questionnaire-*.json or response-*.json in {root}")
        return 2
    passed = failed = 0
    known: set[str] = set()
    for path in questionnaires:
        try:
            resource = Questionnaire.model_validate_json(path.read_text(encoding="utf-8"))
            known |= set(link_ids(resource.item))
            print(f"ok   {path.name}: Questionnaire with {len(resource.item)} sections")
            passed += 1
        except Exception as error:  # noqa: BLE001 - report every failure, go on
            print(f"FAIL {path.name}: {error}")
            failed += 1
    for path in responses:
        try:
            resource = QuestionnaireResponse.model_validate_json(path.read_text(encoding="utf-8"))
            unknown = set(link_ids(resource.item)) - known
            if unknown:
                raise ValueError(f"linkIds not in the questionnaire: {sorted(unknown)}")
            print(f"ok   {path.name}: QuestionnaireResponse")
            passed += 1
        except Exception as error:  # noqa: BLE001
            print(f"FAIL {path.name}: {error}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
