"""detect-secrets as the engine: every plugin type it knows is found, its filters still apply."""

import random
import threading

import pytest
from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

import synth_secrets as synth
from secure_check.core.findings import Severity
from secure_check.core.scan import Scanner
from secure_check.detectors.secrets.analyzer import SecretsAnalyzer
from secure_check.detectors.secrets.bridge import SUPERSEDED, TYPE_RULES, DetectSecretsBridge

# detect-secrets secret_type -> a synth format of that type (the public-IP plugin is PII's job)
DS_SAMPLES = {
    "AWS Access Key": "aws-access-key",
    "Artifactory Credentials": "artifactory",
    "Azure Storage Account access key": "azure-storage",
    "Base64 High Entropy String": "bearer-header",
    "Basic Auth Credentials": "basic-auth-url",
    "Cloudant Credentials": "cloudant",
    "Discord Bot Token": "discord",
    "GitHub Token": "github-classic",
    "GitLab Token": "gitlab",
    "Hex High Entropy String": "hex-secret",
    "IBM Cloud IAM Key": "ibm-cloud-iam",
    "IBM COS HMAC Credentials": "ibm-cos-hmac",
    "JSON Web Token": "jwt",
    "Secret Keyword": "password-assignment",
    "Mailchimp Access Key": "mailchimp",
    "NPM tokens": "npmrc",
    "OpenAI Token": "openai-legacy",
    "Private Key": "rsa-private-key",
    "PyPI Token": "pypi",
    "SendGrid API Key": "sendgrid",
    "Slack Token": "slack-token",
    "SoftLayer Credentials": "softlayer",
    "Square OAuth Secret": "square",
    "Stripe Access Key": "stripe-secret",
    "Telegram Bot Token": "telegram",
    "Twilio API Key": "twilio-api-key",
}


@pytest.fixture(scope="module")
def scanner():
    return Scanner([SecretsAnalyzer()])


def test_every_detect_secrets_plugin_is_mapped_or_superseded():
    # Given
    known = set(get_mapping_from_secret_type_to_class())
    # When
    handled = set(TYPE_RULES) | SUPERSEDED
    # Then: a plugin added by a detect-secrets upgrade fails here until it is graded
    assert known <= handled, known - handled
    assert known - {"Public IP (ipv4)"} <= set(DS_SAMPLES)


@pytest.mark.parametrize("secret_type", sorted(DS_SAMPLES))
def test_detect_secrets_types_are_still_found(scanner, secret_type):
    # Given: a value detect-secrets itself reports as this type
    make, rule = synth.SECRET_FORMATS[DS_SAMPLES[secret_type]]
    value = make(random.Random(secret_type))
    plugin = get_mapping_from_secret_type_to_class()[secret_type]()
    line = value if "\n" in value else f"config = {{'k': 1}}\n{value}"
    assert any(True for text in line.splitlines() for _ in plugin.analyze_string(text)), value
    # When
    findings = scanner.scan_text(line, "ds.py", kind="code")
    # Then
    assert rule in {f.rule for f in findings}


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('password = "3f2b8c1e-9d4a-4f6b-a8e2-5c7d9b1a0e3f"', "uuid"),
        ('api_key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"', "sequential"),
        ('password = "{password}"', "templated"),
        ('password = "${DB_PASSWORD}"', "dollar"),
        ('secret = get_secret("prod/db-password-7Hx")', "indirect"),
        ('user_id = "a8Kd93jdkeLq02mZx81qPz"', "id string"),
        ('password = "********"', "not alphanumeric"),
    ],
)
def test_detect_secrets_filters_still_apply(scanner, line, why):
    assert scanner.scan_text(line, "f.py") == [], why


@pytest.mark.parametrize(
    ("line", "rule", "severity"),
    [
        ("t = 'ghp_" + "x" * 0 + "{gh}'", "github-token", Severity.HIGH),
        ('db_password = "Tr0ub4dor&3xyz"', "password-assignment", Severity.MEDIUM),
        ('headers = {{"X-Api-Key-Id": 1, "auth": "q8Zr2LmN4vXc7TbY1sKp9wEd"}}', None, None),
        ('session_token = "q8Zr2LmN4vXc7TbY1sKp9wEdAa3"', "secret-assignment", Severity.MEDIUM),
    ],
)
def test_severity_follows_the_kind_of_evidence(scanner, line, rule, severity):
    # Given
    line = line.format(gh=synth.github_classic_token(random.Random(1))[4:])
    # When
    findings = scanner.scan_text(line, "s.py")
    # Then
    if rule is None:
        assert all(f.severity <= Severity.MEDIUM for f in findings)
    else:
        assert [(f.rule, f.severity) for f in findings] == [(rule, severity)]


def test_bare_entropy_needs_a_credential_word(scanner):
    # Given: the same random string, once bare, once after a credential word
    value = "q8Zr2LmN4vXc7TbY1sKp9wEdAa3Fh6Uj"
    # When
    bare = scanner.scan_text(f'labels = ["{value}"]', "e.py")
    keyed = scanner.scan_text(f'{{"auth": "{value}"}}', "e.py")
    # Then
    assert bare == []
    assert [f.severity for f in keyed] and keyed[0].severity <= Severity.MEDIUM


def test_analyzer_is_thread_safe(scanner):
    # Given: one analyzer shared by threads (the server scans concurrently)
    texts = [fmt[0](random.Random(i)) for i, fmt in enumerate(synth.SECRET_FORMATS.values())]
    expected = [[f.fingerprint for f in scanner.scan_text(t, "x")] for t in texts]
    results: list[list[list[str]]] = [[] for _ in range(4)]

    def work(slot):
        results[slot] = [[f.fingerprint for f in scanner.scan_text(t, "x")] for t in texts]

    # When
    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then
    assert all(r == expected for r in results)


def test_analyzer_is_registered_and_builds_once():
    # Given
    from secure_check.core.registry import text_analyzers

    # When
    found = text_analyzers(["secrets"])
    # Then
    assert [type(a) for a in found] == [SecretsAnalyzer]
    assert found[0].name == "secrets"


# Pieces of credential words, their case and Unicode folds (long s, Kelvin K), assignments.
_PIECES = (
    *"pa ss \u017f word K \u212a ey api_ secre t pwd PW token".split(),
    *"aws AWS_ _ = : contrase \u00f1a cl CL oudant sl softlayer AKC AP API ibm cloud iam".split(),
    *("0123456789abcdef" * 4, "abcdefghijklmnopqrstuvwx", "https://u:", "@x.cloudant.com"),
    *(" ", "'", '"', "AKIA", "ASIA", "ABCDEFGHIJKLMNOP", "Ab3/Ab3+" * 5),
    *("`", ";", "==", "!", ":=", "=>", "(", "[0]", "@"),
)


def test_a_plugins_need_is_in_every_text_it_matches():
    from detect_secrets.plugins.keyword import CONFIG_DENYLIST_REGEX_TO_GROUP, DENYLIST

    from secure_check.detectors.secrets.bridge import NEEDS
    from secure_check.detectors.secrets.folded import fold
    from secure_check.detectors.secrets.rules import LINE_RULES

    # Given random texts of credential-word pieces, and the plugins and rule that have a need
    rng = random.Random(13)
    plugins = {cls.secret_type: cls() for cls in get_mapping_from_secret_type_to_class().values()}
    rule = next(r for r in LINE_RULES if r.id == "aws-secret-key")
    bridge = DetectSecretsBridge()
    texts = ["".join(rng.choices(_PIECES, k=rng.randint(2, 14))) for _ in range(6000)]
    texts += [
        "aws_secret_access_key = 'Ab3/Ab3+Ab3/Ab3+Ab3/Ab3+Ab3/Ab3+Ab3/Ab3+'",
        "PA\u017f\u017fWORD='x1y2z3w4'",
        f"softlayer_api_key = '{'a1' * 32}'",
        f"SL_KEY: {'b2' * 32}",
        f"cos_secret_access_key = '{'c3' * 24}'",
        f"Cloudant_Password = '{'d4' * 32}'",
        f"iam_api_key = 'x{'e5' * 20}'",
        f'IBM_CLOUD_IAM_API_KEY: "{"e5F" * 14}x-"',
        f"cloud-iam-token => {'e5F' * 14}x_",
    ]
    matched = keyword_hits = 0
    for text in texts:
        for kind, need in NEEDS.items():
            # When a plugin (or the rule) finds something, then its need is in the text
            found = list(plugins[kind].analyze_string(text))
            if kind == "Secret Keyword":
                # NOTE: the bridge runs only the regexes whose literals are in the text
                config = CONFIG_DENYLIST_REGEX_TO_GROUP
                in_config = list(plugins[kind].analyze_string(text, config))
                for code, every in ((True, found), (False, in_config)):
                    some = bridge.keyword_regexes(text, code)
                    assert every == list(plugins[kind].analyze_string(text, some)), text
                    # and found through the Finders, the same values in the same order
                    twins = bridge._keyword_values(plugins[kind], text, fold(text), some)
                    assert every == list(twins), text
                found += in_config
                keyword_hits += bool(found)
            matched += bool(found)
            assert not found or need.search(text), (kind, text)
        if rule.pattern.search(text):
            matched += 1
            assert rule.need is not None and rule.need.search(text), text
    # (and the texts did match often enough for that to mean something)
    assert matched > 120 and keyword_hits > 60, (matched, keyword_hits)
    # Every word of the keyword plugin's denylist holds one of its need's literals
    for word in DENYLIST:
        assert NEEDS["Secret Keyword"].search(word.replace("_?", "")), word


def test_regex_plugins_found_through_finders_yield_what_analyze_string_yields():
    from secure_check.detectors.secrets.folded import fold

    # Given: every detect-secrets plugin, and random assignments of their words and value
    # shapes, in random case (with the folds re.I knows: long s, Kelvin sign), amid noise
    bridge = DetectSecretsBridge()
    plugins = [cls() for cls in get_mapping_from_secret_type_to_class().values()]
    rng = random.Random(29)
    heads = ("cloudant_", "cl_", "sl_", "softlayer_", "ibm_cos_hmac_", "cos_", "ibm_cloud_iam_")
    heads += ("aws_", "", "iam_", "db_")
    words = ("password", "pass", "pwd", "api_key", "key", "token", "secret_access_key", "pw")
    seps = (" = ", ":", "=", ' => "', ": '", " ", "::")
    values = ("0123456789abcdef" * 4, "abcdefghijklmnopqrstuvwx", "a1b2c3d4e5f6" * 4, "x" * 44)
    values += ("0123456789abcdef" * 3, "Ab3_-" * 8 + "Ab3_")
    cases = (str.lower, str.upper, str.title, lambda w: w.replace("s", "\u017f"))
    cases += (lambda w: w.replace("k", "\u212a"),)

    def text() -> str:
        word = rng.choice(cases)(rng.choice(heads) + rng.choice(words))
        noise = "".join(rng.choices(_PIECES, k=rng.randint(0, 4)))
        return noise + word + rng.choice(seps) + rng.choice(values) + rng.choice(("", "'", '"'))

    texts = [text() for _ in range(3000)]
    texts += [f"https://acct:{v}@acct.cloudant.com" for v in values]
    texts += [f"http://api.softlayer.com/soap/v3/{v}" for v in values]
    yielded = 0
    for t in texts:
        low = fold(t)
        for plugin in plugins:
            # Then: the bridge's loop yields the same values in the same order
            want = list(plugin.analyze_string(t))
            assert list(bridge._regex_values(plugin, t, low)) == want, (plugin, t)
            # and what it found holds every need of the plugin (so skipping it lost nothing)
            for need in bridge._needs.get(plugin.secret_type, ()) if want else ():
                assert need.pattern.search(t), (plugin.secret_type, need.pattern.pattern, t)
            fast = any(bridge._finder(r).core for r in getattr(plugin, "denylist", ()))
            yielded += bool(want) and fast
    assert yielded > 150, yielded  # (found through a Finder, often enough to mean something)


@pytest.mark.parametrize("sep", ["\n", " " * 3000])
def test_a_repeated_window_is_reported_at_each_place(scanner, sep):
    from secure_check.core.notebook import Segment

    # Given: one credential line printed three times, on its own lines or far apart on one
    # 9,000-char line (cut into windows whose text is the same: scanned once, then shifted)
    line = 'db_password = "Xk7pQ2vLm9Rt4w"; token = "b3J5c2VjcmV0LXZhbHVlLWhlcmUtOTk4"'
    text = sep.join([line] * 3)
    # When
    found = scanner.scan_segments([Segment(text, "source", "code")], "x")
    alone = scanner.scan_segments([Segment(line, "source", "code")], "x")
    # Then: each copy gets the findings of the line alone, at its own place
    assert alone
    lines, cols = (1, 0) if sep == "\n" else (0, len(line) + len(sep))
    expected = sorted(
        (f.rule, f.fingerprint, f.line + i * lines, f.column + i * cols)
        for f in alone
        for i in range(3)
    )
    assert sorted((f.rule, f.fingerprint, f.line, f.column) for f in found) == expected


def test_the_indirect_reference_check_answers_as_detect_secrets_does():
    from detect_secrets.filters.heuristic import is_indirect_reference

    from secure_check.detectors.secrets.bridge import indirect_reference

    # Given random lines of names, operators, brackets, quotes and vertical tabs
    rng = random.Random(9)
    pieces = ["a", "key", "=", "==", "!=", ":=", ":", "!", "(", ")", "[", "]", " ", ".", "-"]
    pieces += ["_", "\x0b", "\n", '"', "os.environ", "get(", "\u00e9", "x1", ";"]
    said = 0
    for _ in range(50000):
        line = "".join(rng.choices(pieces, k=rng.randint(0, 25)))
        # Then the same answer as its quadratic regex
        assert indirect_reference(line) == is_indirect_reference(line), line
        said += is_indirect_reference(line)
    assert 1000 < said < 49000  # (both answers came often)
    long = "key = os.environ['K']; " + "x" * 1000
    assert indirect_reference(long) == is_indirect_reference(long) is False
