"""Parses a relief-plan calendar with PyPI `icalendar` and checks it against the plan's JSON.

Usage: ics_check.py CALENDAR.ics PLAN.json

The JSON is the same profile's relief-plan view. Its scheduled steps (not seek-care-now, not
"as needed", not "now") must match the calendar's components one for one: a daily step is a
VEVENT with RRULE FREQ=DAILY and a VALARM, a one-off step is a VTODO with a VALARM; UIDs are
unique and derived from the step; no component is a seek-care-now step. Prints "ok N" or the
problems, and exits 1 on any problem.
"""

import json
import sys

import icalendar


def main(ics_path, plan_path):
    with open(ics_path, "rb") as f:
        raw = f.read()
    problems = []
    if b"\n" in raw.replace(b"\r\n", b""):
        problems.append("a line ends without CRLF")
    for line in raw.split(b"\r\n"):
        if len(line) > 75:
            problems.append(f"a line has {len(line)} octets: {line[:40]!r}")
    cal = icalendar.Calendar.from_ical(raw)
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    steps = plan["relief_plan"]["steps"]
    scheduled = [
        s for s in steps
        if s["phase"] != "seek_care_now" and s["schedule"]["when"] != "now"
        and s["schedule"]["repeat"] != "as_needed"
    ]
    components = [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]
    uids = [str(c["UID"]) for c in components]
    if len(set(uids)) != len(uids):
        problems.append(f"UIDs repeat: {uids}")
    expected = []
    for s in scheduled:
        key = s.get("remedy_id") or "+".join(s["why"]["red_flag_ids"])
        kind = "VTODO" if s["schedule"]["repeat"] == "once" else "VEVENT"
        expected.append((f"{key}.step@cramp-advisor", kind))
    found = [(str(c["UID"]), c.name) for c in components]
    if found != expected:
        problems.append(f"components {found} are not the scheduled steps {expected}")
    for c in components:
        alarms = [a for a in c.walk() if a.name == "VALARM"]
        if len(alarms) != 1:
            problems.append(f"{c['UID']}: {len(alarms)} alarms")
        if c.name == "VEVENT":
            rrule = c.get("RRULE")
            if not rrule or rrule.get("FREQ") != ["DAILY"]:
                problems.append(f"{c['UID']}: no daily RRULE")
            c.decoded("DTSTART")
        if not str(c.get("SUMMARY", "")).strip():
            problems.append(f"{c['UID']}: no summary")
    now = [s for s in steps if s["phase"] == "seek_care_now"]
    description = str(cal.get("DESCRIPTION", ""))
    for s in now:
        if s["action"] not in description:
            problems.append("a seek-care-now action is not in the calendar's description")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"ok {len(components)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
