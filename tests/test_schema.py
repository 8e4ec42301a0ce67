"""The JSON Schema editors use says what the build's validator says, field by field.

The schema is made from the validator's tables (``pubsite.data.schema``); these tests check the result
with a real JSON Schema implementation (``jsonschema``, as editors run one): every valid list
passes, every value the validator refuses in one field the schema refuses too, and the other way
round. What only the build can check (files in ``docs/``, unique ids, authors named in
``equal_contribution``, math) is left to it, and listed here.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import CONTENT_ROOT, FIXTURES, PROJECT_ROOT
from test_validation import VALID_ENTRY, WRONG_VALUES

from pubsite.data import validation
from pubsite.data.errors import DataError
from pubsite.data.schema import FIELD_HELP, json_schema
from pubsite.data.validation import read_publications

VALIDATOR = jsonschema.Draft202012Validator(json_schema())
# Invalid cases that no JSON Schema can see: they need the other entries, the files or the math.
BUILD_ONLY = {"duplicate_id", "duplicate_key", "equal_contribution_not_author", "link_missing_file",
              "malformed_yaml", "summary_script_link", "version_unknown_id", "bibtex_import_settings"}
GOLDEN = Path(__file__).parent / "golden"


def schema_errors(data) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in VALIDATOR.iter_errors(data)]


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", [CONTENT_ROOT / "data/publications.yml", PROJECT_ROOT / "data/publications.yml",
                                  *sorted(GOLDEN.glob("*/publications.yml"))],
                         ids=lambda path: str(path.relative_to(PROJECT_ROOT)))
def test_every_valid_list_passes(path: Path):
    assert not schema_errors(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", sorted(path.stem for path in (FIXTURES / "invalid").glob("*.yml")))
def test_what_the_validator_refuses_the_schema_refuses(case: str):
    text = (FIXTURES / "invalid" / f"{case}.yml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        assert case in BUILD_ONLY
        return
    if case in BUILD_ONLY:
        return
    assert schema_errors(data), f"{case}: the validator refuses it, the schema lets it pass"


@pytest.mark.parametrize("field", sorted(VALID_ENTRY))
def test_field_by_field_the_schema_and_the_validator_agree(field: str, tmp_path: Path):
    values = [*WRONG_VALUES, "May", 7, 13, "2010.90001", "10.1000/x", "not a doi", "A", ["A", "B"],
              {"code": "https://x.org/c"}, {"cdoe": "https://x.org"}, {"pdf": "https://x.org/a b"},
              ["A", "A"], ["!!!"], ["Index", "Flows"], ["生成模型"]]
    data = tmp_path / "publications.yml"
    for value in values:
        entry = dict(VALID_ENTRY, **{field: value})
        document = {"owner": {"name": "A"}, "papers": [entry]}
        data.write_text(yaml.safe_dump(document), encoding="utf-8")
        try:
            read_publications(data, "data/publications.yml")
            refused = []
        except DataError as error:
            refused = [problem for problem in error.problems
                       if (problem.field == field or f"{field} item" in (problem.entry or ""))
                       and "is not one of the paper's authors" not in problem.message]  # build only
        schema_says = schema_errors(document)
        assert bool(refused) == bool(schema_says), (field, value, [p.message for p in refused], schema_says)


def test_every_field_has_help_for_editors():
    fields = [*validation.PAPER_FIELDS, *validation.PRESENTATION_FIELDS, *validation.OWNER_FIELDS,
              *validation.TOP_LEVEL_FIELDS, *validation.BIBTEX_IMPORT_FIELDS]
    assert [name for name in fields if not FIELD_HELP.get(name)] == []



def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        return ([node["pattern"]] if isinstance(node.get("pattern"), str) else []) + \
            [pattern for value in node.values() for pattern in _patterns(value)]
    if isinstance(node, list):
        return [pattern for value in node for pattern in _patterns(value)]
    return []


def test_every_pattern_means_the_same_to_editors_javascript():
    """Editors (yaml-language-server) match the schema's patterns with JavaScript's regular expressions,
    this suite with Python's; where they differ (\\w knows only ASCII letters in JavaScript), an
    editor would mark as wrong what the build accepts, or the other way round."""
    import json
    import re
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (README's test command installs it with npm)")
    patterns = sorted(set(_patterns(json_schema())))
    samples = ["Flows", "生成模型", "Иван", "Δ-flows", "!!!", " ", "-", "2010.90001", "10.1000/x", "a b",
               "https://x.org/a", "https://x.org/a b", "papers/p/f.png", "papers/p/f.PNG", "#283593", "DBLP:conf/x/Y19",
               "http://x", "key", "Wei Wang", "ü", "_", "a_b"]
    script = ("const [patterns, samples] = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));")
    result = subprocess.run([node, "-e", script, json.dumps([patterns, samples])], capture_output=True, text=True,
                            timeout=60, check=True)
    in_javascript = json.loads(result.stdout)
    for pattern, verdicts in zip(patterns, in_javascript):
        in_python = [re.search(pattern, sample) is not None for sample in samples]
        differ = [sample for sample, js, py in zip(samples, verdicts, in_python) if js != py]
        assert not differ, f"{pattern!r} matches differently in JavaScript for {differ}"
