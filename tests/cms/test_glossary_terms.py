"""The words docs/glossary.md rejects do not come back: not in a Finnish catalogue
(``msgstr``), not in a template's text, not in the demo content.

The rejected words are read from the glossary's ``rejected`` block, one
``pattern = word to use`` per line (a case-insensitive regular expression), so the
glossary stays the one place that says which word is right.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
APPS = ("cms", "core", "courses", "demo", "frontend", "lti", "people", "progress", "roleplay")
# The demo content: the Python modules of the demo app, whose strings people read.
DEMO_CONTENT = ("demo",)


def rejected_words() -> list[tuple[re.Pattern, str]]:
    block = re.search(r"```rejected\n(.*?)```", GLOSSARY.read_text(encoding="utf-8"), re.S)
    assert block, "docs/glossary.md has no ```rejected block"
    rules = []
    for line in block.group(1).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, use = (part.strip() for part in line.split(" = ", 1))
            rules.append((re.compile(pattern, re.I), use))
    return rules


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip()) if line.strip().startswith('"') else ""


def catalogue_entries(path: Path):
    """``(line, msgid, msgstr)`` of a .po file; plural forms are joined."""
    entry, field, start = {"msgid": "", "msgstr": ""}, None, 0
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        keyword = line.split(" ", 1)[0]
        if keyword in ("msgid", "msgid_plural") or keyword.startswith("msgstr"):
            field = "msgid" if keyword.startswith("msgid") else "msgstr"
            start = start or number
            entry[field] += " " + _unquote(line.split(" ", 1)[1])
        elif line.startswith('"') and field:
            entry[field] += _unquote(line)
        elif not line.strip() and field:
            yield start, entry["msgid"].strip(), entry["msgstr"].strip()
            entry, field, start = {"msgid": "", "msgstr": ""}, None, 0


def catalogues() -> list[Path]:
    return sorted(p for app in APPS for p in (ROOT / app).glob("**/locale/fi/LC_MESSAGES/*.po"))


def template_text(path: Path) -> str:
    """What a template shows: its text and the strings of its translate tags, without
    markup, variables or attribute values (``data-roleplay-room`` is not a word)."""
    source = path.read_text(encoding="utf-8")
    quoted = " ".join(re.findall(r"{%\s*(?:translate|trans)\s+\"([^\"]*)\"", source))
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]*>", " ", source, flags=re.S)
    return f"{source} {quoted}"


def templates() -> list[Path]:
    return sorted(p for app in APPS for p in (ROOT / app).glob("**/templates/**/*.html"))


def demo_strings(path: Path) -> str:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def demo_modules() -> list[Path]:
    paths = []
    for name in DEMO_CONTENT:
        path = ROOT / name
        paths += sorted(path.glob("**/*.py")) if path.is_dir() else [path]
    return [p for p in paths if "migrations" not in p.parts and p.exists()]


def offences(text: str, rules) -> list[str]:
    return [
        f"{match.group(0)!r} (use {use})"
        for pattern, use in rules
        for match in pattern.finditer(text)
    ]


def test_the_glossary_lists_rejected_words_that_match_what_they_should():
    rules = {pattern.pattern: use for pattern, use in rejected_words()}
    assert len(rules) >= 10
    assert any(re.search(p, "Roolileikki on käynnissä.", re.I) for p in rules)
    # A compound with an accepted word is not caught.
    assert not any(re.search(p, "arviointikriteeristö osaamisalue", re.I) for p in rules)


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_finnish_catalogues_use_the_glossary_words(path):
    rules = rejected_words()
    found = [
        f"line {line}: {msgid[:60]!r}: " + ", ".join(offences(msgstr, rules))
        for line, msgid, msgstr in catalogue_entries(path)
        if offences(msgstr, rules)
    ]
    # "Lataa" is download; an upload is "Lisää" or "Vie" (glossary, upload / download).
    found += [
        f"line {line}: {msgid[:60]!r}: 'lataa' for an upload"
        for line, msgid, msgstr in catalogue_entries(path)
        if re.search(r"\bupload", msgid, re.I) and re.search(r"\bla[td]a", msgstr, re.I)
    ]
    # The scenario is "skenaario"; "harjoitustilanne" is the role-play run on it.
    found += [
        f"line {line}: {msgid[:60]!r}: 'harjoitustilanne' for a scenario"
        for line, msgid, msgstr in catalogue_entries(path)
        if re.search(r"\bscenarios?\b", re.sub(r"%\(\w+\)s", "", msgid), re.I)
        and not re.search(r"role-play", msgid, re.I)
        and re.search(r"harjoitustilan", msgstr, re.I)
    ]
    assert not found, "\n".join(found)


def test_templates_use_the_glossary_words():
    rules = rejected_words()
    found = [
        f"{path.relative_to(ROOT)}: " + ", ".join(offences(template_text(path), rules))
        for path in templates()
        if offences(template_text(path), rules)
    ]
    assert not found, "\n".join(found)


def test_demo_content_uses_the_glossary_words():
    rules = rejected_words()
    found = [
        f"{path.relative_to(ROOT)}: " + ", ".join(offences(demo_strings(path), rules))
        for path in demo_modules()
        if offences(demo_strings(path), rules)
    ]
    assert not found, "\n".join(found)
