#!/usr/bin/env python3
"""Checks a translation folder against the English knowledge files (the same rules the Rust
loader enforces at start-up): every entry, field and list item present, nothing extra, the same
{placeholders}, headlines within 140 characters. Usage: check_translations.py LANG [LANG ...]
(no argument: es, de and fr)."""
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def expected(name, en):
    """{key: {field: str | [str]}} of the texts each English entry must have translated."""
    out = {}
    if name == "meta.toml":
        out["(meta)"] = {k: en[k] for k in ("disclaimer", "medication_advice", "unexplained_fact", "addresses_label")}
        # Every language names its own same-day care service (with its number); the English
        # value is "NHS 111 or an urgent care service". Required even before the English has it.
        out["(meta)"]["same_day_care"] = en.get("same_day_care", "")
        out["(meta)"]["headlines"] = en["headlines"]
        return out
    if name == "follow_up.toml":
        out["(follow_up)"] = {"windows": {"reason": en["windows"]["reason"]},
                              "verdict": {"reason": en["verdict"]["reason"]},
                              "texts": en["texts"]}
        return out
    items = {
        "causes.toml": "cause", "remedies.toml": "remedy", "red_flags.toml": "red_flag",
        "differentials.toml": "differential", "medication_classes.toml": "medication_class",
        "questions.toml": "question",
    }[name]
    for e in en.get(items, []):
        key = e.get("id") or e.get("field")
        if name == "causes.toml":
            t = {k: e[k] for k in ("title", "summary", "evidence")}
            t["suspicion"] = e["suspicion"]
            t["signal_facts"] = [s["fact"] for s in e.get("signals", [])]
        elif name == "remedies.toml":
            t = {k: e[k] for k in ("title", "summary", "evidence_note")}
            t["how_to"] = e["how_to"]
            t["cautions"] = [c["text"] for c in e.get("cautions", [])]
            t["withhold"] = [w["reason"] for w in e.get("withhold", [])]
            if "plan" in e:
                t["plan_action"] = e["plan"]["action"]
            if "evidence_correction" in e:
                t["evidence_correction"] = e["evidence_correction"]
        elif name == "red_flags.toml":
            t = {k: e[k] for k in ("title", "headline", "action", "possible_cause")}
            if "withhold" in e:
                t["withhold_reason"] = e["withhold"]["reason"]
            if e.get("implicates"):
                t["implicates"] = [i["advice"] for i in e["implicates"]]
                emergency = [i["emergency_advice"] for i in e["implicates"] if "emergency_advice" in i]
                if emergency:
                    t["implicates_emergency"] = emergency
        elif name == "differentials.toml":
            t = {k: e[k] for k in ("title", "summary", "distinguishing_features")}
        elif name == "medication_classes.toml":
            t = {k: e[k] for k in ("title", "evidence_note")}
            if "advice" in e:
                t["advice"] = e["advice"]
        else:
            t = {k: e[k] for k in ("question", "why")}
        out[key] = t
    return out


def compare(where, en, tr, problems):
    if isinstance(en, dict):
        if not isinstance(tr, dict):
            problems.append(f"{where}: expected a table")
            return
        for k in en:
            if k not in tr:
                problems.append(f"{where}.{k}: missing")
            else:
                compare(f"{where}.{k}", en[k], tr[k], problems)
        for k in tr:
            if k not in en:
                problems.append(f"{where}.{k}: not in the English file")
    elif isinstance(en, list):
        if not isinstance(tr, list) or len(tr) != len(en):
            problems.append(f"{where}: expected a list of {len(en)} texts")
            return
        for i, (a, b) in enumerate(zip(en, tr)):
            compare(f"{where}[{i}]", a, b, problems)
    else:
        if not isinstance(tr, str) or not tr.strip():
            problems.append(f"{where}: expected a non-empty text")
        elif sorted(PLACEHOLDER.findall(en)) != sorted(PLACEHOLDER.findall(tr)):
            problems.append(f"{where}: placeholders {PLACEHOLDER.findall(en)} expected, got {PLACEHOLDER.findall(tr)}")
        elif (where.endswith(".headline") or ".headlines." in where) and len(tr) > 140:
            problems.append(f"{where}: headline longer than 140 characters ({len(tr)})")


def main(lang):
    problems = []
    for name in ("meta.toml", "causes.toml", "remedies.toml", "red_flags.toml", "differentials.toml",
                 "medication_classes.toml", "questions.toml", "follow_up.toml"):
        path = HERE / lang / name
        if not path.exists():
            problems.append(f"{lang}/{name}: missing file")
            continue
        try:
            tr = load(path)
        except tomllib.TOMLDecodeError as e:
            problems.append(f"{lang}/{name}: {e}")
            continue
        want = expected(name, load(HERE / name))
        if name == "meta.toml":
            tr = {"(meta)": tr}
        if name == "follow_up.toml":
            tr = {"(follow_up)": tr}
        compare(f"{lang}/{name}", want, tr, problems)
    for p in problems:
        print(p)
    print(f"{lang}: {'OK' if not problems else str(len(problems)) + ' problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(max(main(lang) for lang in (sys.argv[1:] or ["es", "de", "fr"])))
