"""Moodle XML import: questions in the shapes of Moodle's XML format documentation, and the
hostile files an XML parser must refuse."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from generator.convert.draft import ConvertError
from generator.convert.importing import import_source, write_import
from generator.pipeline import check_banks
from tests.conftest import REPO
from tests.convert_support import bank_data, write_source

PNG = (REPO / "tests" / "good_banks" / "media" / "request-flow.png").read_bytes()
WAV = (REPO / "tests" / "good_banks" / "media" / "asgi.wav").read_bytes()


def file_element(name: str, data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return f'<file name="{name}" path="/" encoding="base64">{encoded}</file>'


QUIZ = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category><text>$course$/top/Default for Networks/Unit 1</text></category>
  </question>
  <question type="multichoice">
    <name><text>Ports</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Which port does <code>HTTPS</code> use?</p>
<p><img src="@@PLUGINFILE@@/request%20flow.png" alt="Request flow"></p>]]></text>
      {file_element("request flow.png", PNG)}
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>Learn the <em>well-known</em> ports.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <correctfeedback format="html"><text>Your answer is correct.</text></correctfeedback>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>443</p>]]></text>
      <feedback format="html"><text><![CDATA[<p>Right:
        <a href="https://www.rfc-editor.org/rfc/rfc2818">RFC 2818</a>.</p>]]></text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<ul><li>80</li><li>8080</li></ul>]]></text>
      <feedback format="html">
        <text><![CDATA[<p>Plain <span style="color: red">HTTP</span>.</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="0" format="plain_text">
      <text>22 *not* 443</text>
    </answer>
    <tags><tag><text>ports</text></tag><tag><text>well known</text></tag></tags>
  </question>
  <question type="truefalse">
    <name><text>Sound</text></name>
    <questiontext format="moodle_auto_format">
      <text><![CDATA[Listen: <a href="@@PLUGINFILE@@/asgi.wav">asgi.wav</a>
Is this ASGI?]]></text>
      {file_element("asgi.wav", WAV)}
    </questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <answer fraction="100" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html"><text>Yes.</text></feedback>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html"><text></text></feedback>
    </answer>
  </question>
  <question type="multichoice">
    <name><text>Several</text></name>
    <questiontext format="html"><text>Pick two</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>a</text></answer>
    <answer fraction="50"><text>b</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Partial</text></name>
    <questiontext format="html"><text>Pick one</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>a</text></answer>
    <answer fraction="33.33333"><text>b</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>Short</text></name>
    <questiontext format="html"><text>Type it</text></questiontext>
    <answer fraction="100"><text>it</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Unknown file</text></name>
    <questiontext format="html">
      <text><![CDATA[<p><img src="@@PLUGINFILE@@/data.bin"></p>]]></text>
      {file_element("data.bin", b"not a picture at all")}
    </questiontext>
    <single>true</single>
    <answer fraction="100"><text>a</text></answer>
    <answer fraction="0"><text>b</text></answer>
  </question>
</quiz>
"""


@pytest.fixture
def quiz(tmp_path: Path) -> Path:
    return write_source(tmp_path, "networks.xml", QUIZ)


def line_of(fragment: str) -> int:
    return next(n for n, line in enumerate(QUIZ.split("\n"), 1) if fragment in line)


def test_multichoice_and_truefalse_are_taken_and_the_rest_left_out_at_their_lines(quiz: Path):
    result = import_source(quiz)
    assert [q.id for q in result.draft.questions] == ["ports", "sound"]
    left_out = {n.line: n.message for n in result.draft.left_out}
    questions = [n for n, line in enumerate(QUIZ.split("\n"), 1) if "<question type" in line]
    assert sorted(left_out) == questions[3:]
    assert "several answers" in left_out[questions[3]]
    assert "partial credit" in left_out[questions[4]]
    assert "shortanswer" in left_out[questions[5]]
    assert "type a card cannot show" in left_out[questions[6]]


def test_html_becomes_markdown_and_files_are_written_beside_the_bank(quiz: Path, tmp_path: Path):
    result = import_source(quiz)
    data = bank_data(result)
    ports = data["questions"][0]
    assert ports["question"] == (
        "Which port does `HTTPS` use?\n\n![Request flow](networks-media/request-flow.png)"
    )
    assert ports["tip"] == "Learn the *well-known* ports."
    assert ports["options"] == [
        {"text": "443", "correct": True,
         "why": "Right: [RFC 2818](https://www.rfc-editor.org/rfc/rfc2818)."},
        {"text": "- 80\n- 8080", "why": "Plain HTTP."},
        {"text": "22 \\*not\\* 443"},
    ]
    # A single top category names the deck; what is under it is a tag, with <tags>.
    assert data["deck"]["name"] == "Default for Networks"
    assert ports["tags"] == ["Unit_1", "ports", "well_known"]
    sound = data["questions"][1]
    assert sound["question"] == "Listen: ![asgi.wav](networks-media/asgi.wav)\\\nIs this ASGI?"
    assert sound["options"] == [{"text": "True", "correct": True, "why": "Yes."},
                                {"text": "False"}]
    bank = tmp_path / "decks" / "networks.yaml"
    write_import(result, bank)
    assert (bank.parent / "networks-media" / "request-flow.png").read_bytes() == PNG
    assert (bank.parent / "networks-media" / "asgi.wav").read_bytes() == WAV
    # The files pass check's media checks; only the missing `why` is left to write.
    problems = [p for group in check_banks([bank]).problem_groups for p in group]
    assert [(p.where, p.message) for p in problems] == [
        ("ports", "missing required key `why`"), ("sound", "missing required key `why`")
    ]


def test_what_has_no_markdown_form_is_reported(quiz: Path):
    lost = import_source(quiz).draft.lost
    messages = {(n.line, n.message) for n in lost}
    ports = line_of('<name><text>Ports') - 1
    assert (ports, "<span> has no Markdown form: its text kept, the markup left out") in messages
    assert (ports, "<correctfeedback> has no place in a bank: left out") in messages


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="multichoice"><name><text>&lol3;</text></name></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="multichoice"><name><text>&secret;</text></name></question></quiz>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://127.0.0.1:9/quiz.dtd">
<quiz/>
"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL, EXTERNAL_DTD], ids=["bomb", "entity", "dtd"])
def test_entities_and_external_references_are_refused(text: str, tmp_path: Path):
    source = write_source(tmp_path, "hostile.xml", text)
    with pytest.raises(ConvertError) as error:
        import_source(source)
    message = str(error.value)
    assert "refused" in message
    assert "lol" not in message and "root:" not in message


def test_a_truncated_file_is_an_error_at_its_line(tmp_path: Path):
    source = write_source(tmp_path, "cut.xml", QUIZ[: len(QUIZ) // 2])
    with pytest.raises(ConvertError) as error:
        import_source(source)
    ((line, message),) = error.value.problems
    assert "not well-formed XML" in message
    assert line > 1


def test_mixed_encodings_are_an_error_at_the_line(tmp_path: Path):
    raw = QUIZ.encode("utf-8").replace(b"Pick two", "Pick zwei \u00e9".encode("latin-1"))
    source = write_source(tmp_path, "mixed.xml", raw)
    with pytest.raises(ConvertError) as error:
        import_source(source)
    assert error.value.problems[0][0] == line_of("Pick two")


def test_another_root_is_not_moodle_xml(tmp_path: Path):
    source = write_source(tmp_path, "other.xml", "<?xml version='1.0'?>\n<html><p/></html>\n")
    with pytest.raises(ConvertError, match="not <quiz>"):
        import_source(source)
