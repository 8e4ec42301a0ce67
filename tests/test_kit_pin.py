"""The site's pin on the kit (``kit_pin``): found where pip reads it (``project.dependencies`` and
``project.optional-dependencies``, read as PEP 508 requirements), moved from one form to another
keeping its name, extras and marker, and every other character of ``pyproject.toml`` kept.

Every requirement written here is checked as pip would read it (``packaging``) and every file as
TOML (``tomllib``): a pin that only looks right fails.
"""

from __future__ import annotations

import tomllib

import pytest
from packaging.requirements import Requirement

from pubsite.commands import kit_pin

GIT_SSH = "git+ssh://git@vcs.example.org/kit/pubsite"


def pyproject(*dependencies: str, optional: dict[str, list[str]] | None = None, before: str = "",
              after: str = "") -> str:
    """A ``pyproject.toml`` listing ``dependencies`` (TOML strings, as written) and ``optional``."""
    text = before + '[project]\nname = "bo-sample-homepage"\ndependencies = [\n'
    text += "".join(f"    {item},\n" for item in dependencies) + "]\n"
    if optional:
        text += "\n[project.optional-dependencies]\n"
        text += "".join(f"{name} = [{', '.join(items)}]\n" for name, items in optional.items())
    return text + after


def listed(text: str) -> list[str]:
    """Every requirement of the file, as TOML reads it."""
    project = tomllib.loads(text)["project"]
    return [*project.get("dependencies", []), *(item for items in project.get("optional-dependencies", {}).values()
                                                for item in items)]


def assert_valid(text: str) -> None:
    for item in listed(text):
        Requirement(item)     # raises as pip would


def outside(text: str, pins: list[kit_pin.Pin]) -> list[str]:
    """The pieces of ``text`` around the pins' strings."""
    pieces, last = [], 0
    for pin in sorted(pins, key=lambda pin: pin.start):
        pieces.append(text[last:pin.start])
        last = pin.end
    return [*pieces, text[last:]]


# ---------------------------------------------------------------- markers

def test_a_marker_in_single_quotes_inside_a_double_quoted_string_is_read_and_kept():
    text = pyproject('"pubsite==1.0.0; python_version >= \'3.11\'"')
    pin = kit_pin.find_pin(text)
    assert pin is not None and pin.version == "1.0.0" and pin.marker == "python_version >= '3.11'"
    moved = kit_pin.with_pin(text, "pubsite==1.1.0")
    assert listed(moved) == ["pubsite==1.1.0; python_version >= '3.11'"]


def test_a_marker_with_escaped_double_quotes_is_read_whole_and_kept():
    text = pyproject(r'"pubsite==1.0.0; python_version >= \"3.11\" and sys_platform != \"win32\""')
    pin = kit_pin.find_pin(text)
    assert pin.text == 'pubsite==1.0.0; python_version >= "3.11" and sys_platform != "win32"'
    assert pin.marker == 'python_version >= "3.11" and sys_platform != "win32"'
    moved = kit_pin.with_pin(text, "pubsite==1.1.0")
    assert listed(moved) == ['pubsite==1.1.0; python_version >= "3.11" and sys_platform != "win32"']
    assert_valid(moved)


def test_a_pin_with_a_marker_switched_to_a_url_is_still_a_valid_requirement():
    text = pyproject('"pubsite==1.0.0; python_version >= \'3.11\'"', optional={"test": ['"pubsite[test]==1.0.0"']})
    moved = kit_pin.with_pin(text, f"pubsite @ {GIT_SSH}@v1.1.0")
    assert listed(moved) == [f"pubsite @ {GIT_SSH}@v1.1.0 ; python_version >= '3.11'",
                             f"pubsite[test] @ {GIT_SSH}@v1.1.0"]
    assert_valid(moved)
    assert kit_pin.find_pin(moved).version == "1.1.0"
    back = kit_pin.with_pin(moved, "pubsite==1.2.0")     # and back to PyPI
    assert listed(back) == ["pubsite==1.2.0; python_version >= '3.11'", "pubsite[test]==1.2.0"]
    assert_valid(back)


# ---------------------------------------------------------------- host names and tags

def test_a_git_host_whose_name_holds_at_v_keeps_it():
    assert kit_pin.requirement("1.1.0", GIT_SSH) == f"pubsite @ {GIT_SSH}@v1.1.0"
    assert kit_pin.requirement("1.1.0", f"{GIT_SSH}@v1.0.0") == f"pubsite @ {GIT_SSH}@v1.1.0"
    assert kit_pin.requirement("1.1.0", "https://code.example.org/kit/pubsite/") == \
        "pubsite @ git+https://code.example.org/kit/pubsite@v1.1.0"
    assert kit_pin.requirement("1.1.0", "git+https://code.example.org/kit/pubsite.git@main") == \
        "pubsite @ git+https://code.example.org/kit/pubsite.git@v1.1.0"
    text = pyproject(f'"pubsite @ {GIT_SSH}@v1.0.0"')
    assert kit_pin.find_pin(text).version == "1.0.0"
    assert kit_pin.pin_repository(kit_pin.find_pin(text).text) == "ssh://git@vcs.example.org/kit/pubsite"


# ---------------------------------------------------------------- where a pin is

def test_comments_other_tables_and_other_strings_are_not_pins():
    text = ('# Pinned "pubsite==0.3.0" once.\n[project]\nname = "bo-sample-homepage"\ndependencies = [\n'
            '    "mkdocs>=1.6",  # not "pubsite==0.1.0"\n    "pubsite==1.0.0",  # the kit: "pubsite==0.2.0"\n]\n'
            '\n[tool.notes]\nold = "pubsite==0.4.0"\ndependencies = ["pubsite==0.5.0"]\n'
            '# dependencies = ["pubsite==0.6.0"]\n')
    assert [pin.text for pin in kit_pin.find_pins(text)] == ["pubsite==1.0.0"]
    moved = kit_pin.with_pin(text, "pubsite==1.1.0")
    for old in ("0.1.0", "0.2.0", "0.3.0", "0.4.0", "0.5.0", "0.6.0"):
        assert moved.count(f"pubsite=={old}") == 1, old
    assert moved.replace("pubsite==1.1.0", "pubsite==1.0.0") == text


def test_a_file_with_no_pin_has_none_even_if_it_mentions_the_kit():
    assert kit_pin.find_pin('# depends on "pubsite==1.0.0"\n[tool.x]\nkit = "pubsite==1.0.0"\n') is None
    assert kit_pin.find_pin('["pubsite==1.2.3"]\n') is None          # a table named so, not a dependency
    assert kit_pin.find_pin(pyproject('"pubsite-extras==1.0.0"', '"mkdocs"')) is None


@pytest.mark.parametrize("text", [
    # dotted keys at the top
    'project.name = "x"\nproject.dependencies = ["mkdocs", \'pubsite==1.0.0\']\n'
    'project.optional-dependencies.test = ["pubsite[test]==1.0.0"]\n',
    # an inline table of optional dependencies, a multi-line array with comments and a trailing comma
    '[project]\nname = "x"\ndependencies = [  # the kit first\n  "pubsite==1.0.0",  # [x] "y"\n\n  # "pubsite==9"\n'
    '  "mkdocs",\n]\noptional-dependencies = { test = [ "pubsite[test]==1.0.0" ], docs = [] }\n',
    # quoted keys, literal and multi-line strings elsewhere, an array of tables
    '[project]\n"name" = \'x\'\ndescription = """pubsite==0.1.0 \\"\n[not a table]"""\n'
    "readme = '''\n]\"'''\n'dependencies' = ['pubsite==1.0.0']\n"
    '[[tool.x.y]]\ndependencies = ["pubsite==0.2.0"]\n[project.optional-dependencies]\ntest=["pubsite[test]==1.0.0"]\n',
])
def test_pins_are_found_in_every_way_toml_writes_the_lists(text: str):
    pins = kit_pin.find_pins(text)
    assert [(pin.where, text[pin.start:pin.end].strip("'\"")) for pin in pins] == [
        ("project.dependencies", "pubsite==1.0.0"), ("project.optional-dependencies.test", "pubsite[test]==1.0.0")]
    moved = kit_pin.with_pin(text, "pubsite==1.1.0")
    assert [item for item in listed(moved) if item.startswith("pubsite")] == ["pubsite==1.1.0", "pubsite[test]==1.1.0"]
    assert outside(moved, kit_pin.find_pins(moved)) == outside(text, pins)     # every other character kept


def test_the_pins_line_and_list_are_told():
    text = pyproject('"mkdocs"', '"pubsite==1.0.0"', optional={"test": ['"pytest"', '"pubsite[test]==1.0.0"']})
    pins = kit_pin.find_pins(text)
    assert [(pin.line, pin.where) for pin in pins] == [(5, "project.dependencies"),
                                                       (9, "project.optional-dependencies.test")]


# ---------------------------------------------------------------- how a pin is written

@pytest.mark.parametrize("written, version, specifier", [
    ("PubSite==1.0.0", "1.0.0", "==1.0.0"),
    ("pubsite == 1.0.0", "1.0.0", "==1.0.0"),
    ("pubsite===1.0.0", "1.0.0", "===1.0.0"),
    ("pubsite[test]==1.0.0rc1", "1.0.0rc1", "==1.0.0rc1"),
    ("pubsite~=1.0", None, "~=1.0"),
    ("pubsite>=1.0,<2", None, "<2,>=1.0"),
    ("pubsite==1.0.*", None, "==1.0.*"),
    ("pubsite", None, ""),
])
def test_every_spelling_of_a_requirement_on_the_kit_is_recognised(written: str, version, specifier: str):
    pin = kit_pin.find_pin(pyproject(f'"{written}"'))
    assert pin is not None and pin.text == written
    assert (pin.version, pin.specifier) == (version, specifier)


def test_a_moved_pin_keeps_the_name_as_written_and_its_extras():
    text = pyproject('"PubSite[test,docs] == 1.0.0"')
    assert listed(kit_pin.with_pin(text, "pubsite==1.1.0")) == ["PubSite[docs,test]==1.1.0"]


def test_a_moved_pin_keeps_its_quotes_when_they_can_hold_it_and_the_file_its_line_endings():
    text = ("[project]\r\nname = 'x'\r\ndependencies = [\r\n  'pubsite==1.0.0',  # the kit\r\n"
            '  """pubsite[test]==1.0.0""",\r\n  "mkdocs",\r\n]\r\n')
    assert [(pin.line, pin.text) for pin in kit_pin.find_pins(text)] == [(4, "pubsite==1.0.0"),
                                                                         (5, "pubsite[test]==1.0.0")]
    assert kit_pin.with_pin(text, "pubsite==1.1.0") == text.replace(
        "'pubsite==1.0.0'", "'pubsite==1.1.0'").replace('"""pubsite[test]==1.0.0"""', '"pubsite[test]==1.1.0"')
    wheel = "file:///tmp/bo's%20kit/pubsite-1.1.0-py3-none-any.whl"     # a quote ' needs a "..." string
    moved = kit_pin.with_pin(text, f"pubsite @ {wheel}")
    assert moved == text.replace("'pubsite==1.0.0'", f'"pubsite @ {wheel}"').replace(
        '"""pubsite[test]==1.0.0"""', f'"pubsite[test] @ {wheel}"')
    assert listed(moved) == [f"pubsite @ {wheel}", f"pubsite[test] @ {wheel}", "mkdocs"]


def test_an_invalid_requirement_on_the_kit_is_an_error_naming_its_line():
    text = pyproject('"mkdocs"', '"pubsite @ git+https://code.example.org/kit@v1.0.0; python_version > \'3\'"')
    with pytest.raises(kit_pin.PinError, match=r"^line 5: project.dependencies: .* is not a valid requirement"):
        kit_pin.find_pin(text)
    with pytest.raises(kit_pin.PinError, match="not readable as TOML"):
        kit_pin.find_pin('[project]\ndependencies = ["pubsite==1.0.0"\n')
    assert kit_pin.find_pin(pyproject('"not a requirement ~~"', '"pubsite==1.0.0"')).version == "1.0.0"   # not ours


def test_extras_are_added_to_any_form():
    assert kit_pin.with_extras("pubsite==1.0.0", "test") == "pubsite[test]==1.0.0"
    assert kit_pin.with_extras(f"pubsite @ {GIT_SSH}@v1.0.0", "test") == f"pubsite[test] @ {GIT_SSH}@v1.0.0"
    with pytest.raises(ValueError, match="not a requirement on pubsite"):
        kit_pin.with_extras("mkdocs==1.6.1", "test")


# ---------------------------------------------------------------- the guide's link

def test_the_guide_is_linked_in_the_repository_a_pin_names():
    assert kit_pin.guide_link("1.2.0", "git+https://github.com/OWNER/REPO.git@v1.0.0") == \
        "https://github.com/OWNER/REPO/blob/v1.2.0/kit/guide/README.md"
    assert kit_pin.guide_link("1.2.0", "ssh://git@gitlab.com/OWNER/REPO") == \
        "https://gitlab.com/OWNER/REPO/-/blob/v1.2.0/kit/guide/README.md"
    # A host whose addresses are not known: the file's place in that repository, no made-up address.
    assert kit_pin.guide_link("1.2.0", GIT_SSH) == \
        "kit/guide/README.md in the kit's repository (ssh://git@vcs.example.org/kit/pubsite), at tag v1.2.0"
