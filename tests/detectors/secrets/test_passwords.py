"""detectors/secrets/passwords.py: passwords under password keys, flags and arrows."""

import time

import pytest

from secure_check.core.scan import Scanner

PW = "Qb68l5(2RoSP5G$+Id@Nt"  # a generated password with the punctuation code rules distrust


@pytest.fixture(scope="module")
def scanner():
    return Scanner()


def _found(scanner, text, kind="code"):
    return [f for f in scanner.scan_text(text, kind=kind) if f.category == "secret"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"%%writefile .env\nDB_PASSWORD={PW}\n", "code"),
        (f"%%writefile config.yml\nservice:\n  admin_pass: {PW}\n", "code"),
        (f"[main]\npasswd = {PW}\n", "raw"),
        (f"conn = psycopg2.connect(host='db', user='ann', pwd='{PW}')", "code"),
        (f"{{'user': 'ann', 'passwd': '{PW}', 'status': 200}}", "stream"),
        (f"2024-02-19 19:00:33,520 INFO app.auth: admin_pass={PW}\n", "stream"),
        (f"!python train.py --user=ann --password {PW}", "code"),
        (f"!mysql -u admin -p{PW} shop", "code"),
        ("!mysql -u admin --api-key a713cc53edc34351016a8b7a0005baff", "code"),
        ("access_token -> 3dcd1556e17f005095a3833eb1193c51\n", "stream"),
        ("AWS_SECRET_ACCESS_KEY -> FBZLnWtU7TCm08eEoa7jgiCHgBCuyvBp9pgNa1wZ\n", "stream"),
        (f"Server=db;User Id=ann;Password={PW}==;\n", "stream"),  # base64 padding stays a value
    ],
)
def test_passwords_and_keys_in_configs_flags_and_logs(scanner, text, kind):
    # When scanned / Then one secret, and its finding never holds the raw value
    found = _found(scanner, text, kind)
    assert found
    assert all(PW not in str(f.to_dict()) for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Defaulting to unsafe serialization. Pass `allow_pickle=False` to raise an error.",
        "Either pass torch_dtype=torch.float16 or don't pass it",
        "password_min_length = 12",
        "password_hash = 'pbkdf2:sha256:260000$Xk1'",
        "DB_PASSWORD=${DB_PASSWORD}",
        "password: your-password-here",
        "password = os.environ['DB_PASSWORD']",
        "password: ********",
        "PWD=/home/jovyan/work",
        "!mkdir -p /content/data_2024",
        "!mysql -u admin -p shop < dump.sql",  # -p alone prompts; ``shop`` is the database
        "password = getpass.getpass('Password: ')",
        "--order-token ORD-18394184",
        "password= password= password= password= password=",  # a key, not its value
    ],
)
def test_password_lookalikes_are_quiet(scanner, text):
    assert _found(scanner, text, "stream") == [] and _found(scanner, text, "code") == []


@pytest.mark.parametrize(
    "text",
    ["a_b_c_password=" * 14_000, "--api-key " * 20_000, "pass: " * 35_000, "mysql " * 35_000],
)
def test_hostile_lines_stay_linear(text):
    # Given 200 kB of keys and separators with no value to close them
    from secure_check.detectors.secrets.passwords import RULES

    started = time.perf_counter()
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            rule.accepts(match)
    # Then every rule of this module is done quickly (the whole scanner is helper 13's test)
    assert time.perf_counter() - started < 5.0  # NOTE: backtracking would take minutes
