"""The clinic config: loading, strict validation with messages that say how to fix it."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from eduwidgets.errors import InputError
from eduwidgets.patient.config import (
    CLINIC_CONFIG_ENV,
    LOGO_MAX_BYTES,
    ClinicConfig,
    current_clinic,
    load_clinic_config,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clinic.toml"
# The smallest valid PNG: 1 x 1 pixel.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def write(tmp_path: Path, text: str, name: str = "clinic.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_loads():
    config = load_clinic_config(EXAMPLE)
    assert config.name == "Riverside Physiotherapy"
    assert config.phone == "020 7946 0000"
    assert config.emergency_number == "999 or 112"
    assert config.website == "www.riverside-physio.example"
    assert config.logo_path is None and config.logo_data_url() is None
    assert config.public_url is None  # commented out in the example: the dialog says how


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("https://riverside-physio.example/lessons/", "https://riverside-physio.example/lessons"),
        ("https://riverside.example", "https://riverside.example"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost/site/", "http://localhost/site"),
    ],
)
def test_a_public_url_is_kept_without_its_final_slash(tmp_path, written, kept):
    config = load_clinic_config(write(tmp_path, f'public_url = "{written}"\n'))
    assert config.public_url == kept


def test_empty_file_gives_defaults(tmp_path):
    config = load_clinic_config(write(tmp_path, "# nothing yet\n"))
    assert config == ClinicConfig()
    assert config.emergency_number == ""  # not set: pages say "your local emergency number"


@pytest.mark.parametrize("written", ['""', '"your local emergency number"', '"  "'])
def test_an_emergency_number_written_as_not_set_loads_as_not_set(tmp_path, written):
    """Files written before "not set" was "" held the words pages showed; they still load."""
    config = load_clinic_config(write(tmp_path, f"emergency_number = {written}\n"))
    assert config == ClinicConfig() and config.emergency_number == ""
    assert ClinicConfig(emergency_number="your local emergency number").emergency_number == ""


def test_values_are_stripped(tmp_path):
    config = load_clinic_config(write(tmp_path, 'name = "  Riverside  "\nphone = " 911 "\n'))
    assert (config.name, config.phone) == ("Riverside", "911")


@pytest.mark.parametrize(
    "phone", ["020 7946 0000", "+1 (555) 010-0199", "555.010.0199", "911", "+44 20 7946 0000"]
)
def test_phone_numbers_people_write(phone):
    assert ClinicConfig(phone=phone).phone == phone


@pytest.mark.parametrize("number", ["911", "999 or 112", "112", "000", "999 / 112"])
def test_emergency_numbers(number):
    assert ClinicConfig(emergency_number=number).emergency_number == number


def test_unknown_field_names_file_line_and_allowed(tmp_path):
    path = write(tmp_path, 'name = "Riverside"\nfone = "020 7946 0000"\n')
    with pytest.raises(InputError) as caught:
        load_clinic_config(path)
    message = str(caught.value)
    print(message)
    assert message.startswith(f"{path}, line 2: ")
    assert "fone: unknown field." in message and 'Did you mean "phone"?' in message
    assert "Allowed here: name, phone, emergency_number, logo, website, public_url." in message
    assert caught.value.field == "fone" and caught.value.line == 2


def test_unquoted_phone_number_is_a_wrong_type(tmp_path):
    path = write(tmp_path, "\n\nphone = 2079460000\n")
    with pytest.raises(InputError) as caught:
        load_clinic_config(path)
    message = str(caught.value)
    print(message)
    assert f"{path}, line 3:" in message
    assert "phone: 2079460000 is not text in quotes" in message
    assert "digits, spaces and + ( ) - . only" in message


def test_table_is_a_wrong_type(tmp_path):
    with pytest.raises(InputError, match=r"line 1: name: .*is not text in quotes"):
        load_clinic_config(write(tmp_path, '[name]\nfirst = "x"\n'))


@pytest.mark.parametrize(
    ("text", "field", "allowed"),
    [
        ('phone = "call us"', "phone", "digits, spaces and + ( ) - . only"),
        ('phone = "12"', "phone", "3 to 30 characters"),
        ('phone = "1234567890123456789012345678901"', "phone", "3 to 30 characters"),
        ('phone = "(--)"', "phone", "digits"),
        ('emergency_number = "call 999"', "emergency_number", 'the word "or"'),
        ('name = ""', "name", "1 to 80 characters"),
        (f'name = "{"x" * 81}"', "name", "1 to 80 characters"),
        ('name = "two\\nlines"', "name", "on one line"),
        ('website = "my site.org"', "website", "no spaces"),
        # The send dialog's QR code: https, or http only on this computer (for testing).
        ('public_url = "http://clinic.example.org"', "public_url", "starting with https://"),
        ('public_url = "https://clinic.example.org/?a=1"', "public_url", "no ? and no #"),
        ('public_url = "clinic.example.org"', "public_url", "http://127.0.0.1 for testing"),
        (f'public_url = "https://x.org/{"a" * 200}"', "public_url", "up to 200 characters"),
    ],
)
def test_out_of_range_values(tmp_path, text, field, allowed):
    path = write(tmp_path, '# clinic\nname = "Riverside"\n' * (field != "name") + text + "\n")
    with pytest.raises(InputError) as caught:
        load_clinic_config(path)
    message = str(caught.value)
    print(message)
    line = 3 if field != "name" else 1
    assert message.startswith(f"{path}, line {line}: {field}: ")
    assert "is not allowed" in message and allowed in message
    assert caught.value.field == field


def test_broken_toml_names_file_and_line(tmp_path):
    path = write(tmp_path, 'name = "Riverside"\nphone = "020 7946\n')
    with pytest.raises(InputError) as caught:
        load_clinic_config(path)
    print(caught.value)
    assert str(caught.value).startswith(f"{path}, line 2: this is not valid TOML")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_clinic_config(tmp_path / "nope.toml")


def test_logo_relative_to_config_file(tmp_path):
    (tmp_path / "logo.png").write_bytes(TINY_PNG)
    config = load_clinic_config(write(tmp_path, 'logo = "logo.png"\n'))
    assert config.logo_path == tmp_path / "logo.png"
    assert config.logo_mime_type() == "image/png"
    assert config.logo_data_url() == "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()


def test_svg_and_jpeg_logos(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    jpeg = tmp_path / "logo.JPG"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)
    assert ClinicConfig(logo_path=svg).logo_data_url().startswith("data:image/svg+xml;base64,")
    assert ClinicConfig(logo_path=jpeg).logo_mime_type() == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("logo.gif", b"GIF89a", "must end in .png, .jpg, .jpeg or .svg"),
        ("logo.png", b"not a png at all", "does not hold a PNG image"),
        ("logo.png", None, "there is no file at that path"),
        ("logo.png", TINY_PNG + b"\0" * LOGO_MAX_BYTES, "it must be at most 200 kB"),
    ],
)
def test_bad_logos(tmp_path, name, content, expected):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    path = write(tmp_path, f'name = "Riverside"\nlogo = "{name}"\n')
    with pytest.raises(InputError) as caught:
        load_clinic_config(path)
    message = str(caught.value)
    print(message)
    assert message.startswith(f'{path}, line 2: logo: "')
    assert expected in message


def test_direct_construction_is_checked_too():
    with pytest.raises(ValueError, match=r"phone = 'abc' is not allowed"):
        ClinicConfig(phone="abc")


def test_current_clinic_from_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(CLINIC_CONFIG_ENV, raising=False)
    assert current_clinic() is None
    monkeypatch.setenv(CLINIC_CONFIG_ENV, "")
    assert current_clinic() is None
    monkeypatch.setenv(CLINIC_CONFIG_ENV, str(EXAMPLE))
    assert current_clinic().phone == "020 7946 0000"
    # A bad file is loud: a handout must not quietly lose the clinic's number.
    monkeypatch.setenv(CLINIC_CONFIG_ENV, str(write(tmp_path, "phone = 12\n")))
    with pytest.raises(InputError, match="phone"):
        current_clinic()
