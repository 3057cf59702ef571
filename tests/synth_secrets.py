"""Format-valid synthetic secrets and look-alikes, deterministic under a seeded random.Random.

Every generator takes an ``rng`` (``random.Random``) and returns the value to plant. The values
are synthetic: they match their vendor's format (checksums, PEM structure that parses) but were
never issued by anyone. ``SECRET_FORMATS`` maps a format name to its generator and the rule id
secure-check reports for it; ``LOOKALIKES`` maps a name to a text that must yield no finding.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import random
import string
from collections.abc import Callable

from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p**0.5) + 1))]
PEM_PASSWORD = b"synthetic-passphrase"
# NOTE: prime search costs ~0.3 s a key, so keys come from a pool of seeds (still deterministic).
RSA_POOL, DSA_POOL = 8, 4


def _pick(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _word(rng: random.Random, n: int = 8) -> str:
    return _pick(rng, string.ascii_lowercase, n)


def _password(rng: random.Random) -> str:
    # NOTE: URL-safe punctuation, as a password inside a URI must be (else percent-encoded).
    return _pick(rng, ALNUM, 10) + rng.choice("-_.~") + _pick(rng, ALNUM, 5)


def github_checksum(body: str) -> str:
    """The 6-char base62 CRC32 GitHub appends to the 30 random characters of its tokens."""
    crc = binascii.crc32(body.encode())
    out = ""
    while crc:
        crc, r = divmod(crc, 62)
        out = BASE62[r] + out
    return out.rjust(6, "0")


def github_classic_token(rng: random.Random, prefix: str = "ghp_") -> str:
    """A classic GitHub token (ghp_/gho_/ghu_/ghs_/ghr_) with a valid CRC32 checksum."""
    body = _pick(rng, ALNUM, 30)
    return prefix + body + github_checksum(body)


def github_bad_checksum(rng: random.Random) -> str:
    """A ghp_ token whose checksum does not match: a look-alike, not a token."""
    token = github_classic_token(rng)
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


def github_fine_grained(rng: random.Random) -> str:
    """A fine-grained personal access token: github_pat_<22>_<59>."""
    head = "11" + _pick(rng, string.ascii_uppercase + string.digits, 20)
    return f"github_pat_{head}_{_pick(rng, ALNUM, 59)}"


def npm_token(rng: random.Random) -> str:
    """An npm automation token (same CRC32 scheme as GitHub)."""
    body = _pick(rng, ALNUM, 30)
    return "npm_" + body + github_checksum(body)


def npmrc_line(rng: random.Random) -> str:
    """An .npmrc auth line, as printed by ``cat ~/.npmrc``."""
    return f"//registry.npmjs.org/:_authToken={npm_token(rng)}"


def aws_key_pair(rng: random.Random) -> tuple[str, str]:
    """An (access key id, secret access key) pair."""
    key_id = "AKIA" + _pick(rng, string.ascii_uppercase + "234567", 16)
    return key_id, _pick(rng, B64, 40)


def aws_access_key(rng: random.Random) -> str:
    """An AWS access key id (AKIA...)."""
    return aws_key_pair(rng)[0]


def aws_secret_assignment(rng: random.Random) -> str:
    """An AWS secret access key as it is usually written: assigned to its variable."""
    return f'aws_secret_access_key = "{aws_key_pair(rng)[1]}"'


def openai_key(rng: random.Random) -> str:
    """An OpenAI project key (sk-proj-...T3BlbkFJ...)."""
    return f"sk-proj-{_pick(rng, URLSAFE, 64)}T3BlbkFJ{_pick(rng, URLSAFE, 64)}"


def openai_legacy_key(rng: random.Random) -> str:
    """An old-style OpenAI key (sk-<20>T3BlbkFJ<20>)."""
    return f"sk-{_pick(rng, ALNUM, 20)}T3BlbkFJ{_pick(rng, ALNUM, 20)}"


def anthropic_key(rng: random.Random) -> str:
    """An Anthropic API key (sk-ant-api03-...AA)."""
    return f"sk-ant-api03-{_pick(rng, URLSAFE, 93)}AA"


def hf_token(rng: random.Random) -> str:
    """A Hugging Face user access token."""
    return "hf_" + _pick(rng, string.ascii_letters, 34)


def google_api_key(rng: random.Random) -> str:
    """A Google API key (AIza + 35)."""
    return "AIza" + _pick(rng, URLSAFE, 35)


def gcp_service_account_json(rng: random.Random) -> str:
    """A GCP service-account key file (JSON) with a parsable RSA private key."""
    project = f"{_word(rng, 6)}-{rng.randint(100000, 999999)}"
    data = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": _pick(rng, HEX, 40),
        "private_key": rsa_pem(rng, pkcs8=True),
        "client_email": f"{_word(rng)}@{project}.iam.gserviceaccount.com",
        "client_id": str(rng.randint(10**20, 10**21 - 1)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    return json.dumps(data, indent=2)


def azure_storage_conn(rng: random.Random) -> str:
    """An Azure storage connection string with its AccountKey."""
    key = base64.b64encode(rng.randbytes(64)).decode()
    return (
        f"DefaultEndpointsProtocol=https;AccountName={_word(rng, 10)};"
        f"AccountKey={key};EndpointSuffix=core.windows.net"
    )


def _uri(rng: random.Random, scheme: str, port: int, path: str, user: str | None = None) -> str:
    user = _word(rng, 6) if user is None else user
    host = f"{_word(rng, 7)}.{rng.choice(['internal', 'example-corp.com', 'rds.amazonaws.com'])}"
    return f"{scheme}://{user}:{_password(rng)}@{host}:{port}/{path}"


def postgres_uri(rng: random.Random) -> str:
    """A PostgreSQL URI with an embedded password."""
    return _uri(rng, "postgresql", 5432, _word(rng, 5))


def mysql_uri(rng: random.Random) -> str:
    """A MySQL (SQLAlchemy style) URI with an embedded password."""
    return _uri(rng, "mysql+pymysql", 3306, _word(rng, 5))


def mongodb_srv_uri(rng: random.Random) -> str:
    """A MongoDB Atlas URI with an embedded password."""
    user, pw, cluster = _word(rng, 6), _password(rng), _word(rng, 5)
    return f"mongodb+srv://{user}:{pw}@{cluster}.x{_word(rng, 4)}.mongodb.net/?retryWrites=true"


def redis_uri(rng: random.Random) -> str:
    """A Redis URI with a password and no user."""
    return _uri(rng, "redis", 6379, "0", user="")


def amqp_uri(rng: random.Random) -> str:
    """A RabbitMQ (AMQP) URI with an embedded password."""
    return _uri(rng, "amqp", 5672, _word(rng, 4))


def basic_auth_url(rng: random.Random) -> str:
    """An HTTPS URL with user:password credentials."""
    return f"https://{_word(rng, 6)}:{_password(rng)}@{_word(rng)}.example-corp.com/api/v1"


def sendgrid_key(rng: random.Random) -> str:
    """A SendGrid API key (SG.<22>.<43>)."""
    return f"SG.{_pick(rng, URLSAFE, 22)}.{_pick(rng, URLSAFE, 43)}"


def twilio_api_key(rng: random.Random) -> str:
    """A Twilio API key SID (SK + 32 hex)."""
    return "SK" + _pick(rng, HEX, 32)


def twilio_account_sid(rng: random.Random) -> str:
    """A Twilio account SID (AC + 32 hex)."""
    return "AC" + _pick(rng, HEX, 32)


def stripe_secret_key(rng: random.Random) -> str:
    """A Stripe live secret key."""
    return "sk_live_" + _pick(rng, ALNUM, 99)


def stripe_restricted_key(rng: random.Random) -> str:
    """A Stripe live restricted key."""
    return "rk_live_" + _pick(rng, ALNUM, 99)


def slack_token(rng: random.Random) -> str:
    """A Slack bot token (xoxb-)."""
    a, b = rng.randint(10**10, 10**12), rng.randint(10**10, 10**12)
    return f"xoxb-{a}-{b}-{_pick(rng, ALNUM, 24)}"


def slack_webhook(rng: random.Random) -> str:
    """A Slack incoming-webhook URL."""
    team, hook = _pick(rng, string.ascii_uppercase + string.digits, 10), _pick(rng, ALNUM, 24)
    return f"https://hooks.slack.com/services/T{team}/B{team[::-1]}/{hook}"


def gitlab_token(rng: random.Random) -> str:
    """A GitLab personal access token."""
    return "glpat-" + _pick(rng, URLSAFE, 20)


def pypi_token(rng: random.Random) -> str:
    """A PyPI upload token (macaroon)."""
    return "pypi-AgEIcHlwaS5vcmc" + _pick(rng, URLSAFE, 70)


def telegram_bot_token(rng: random.Random) -> str:
    """A Telegram bot token."""
    return f"{rng.randint(10**8, 10**10)}:AA{_pick(rng, URLSAFE, 33)}"


def jwt_token(rng: random.Random) -> str:
    """An HS256-signed JWT with a plausible payload."""

    def enc(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    header = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": str(rng.randint(10**6, 10**7)), "name": _word(rng), "iat": 1700000000}
    payload = enc(json.dumps(claims).encode())
    sig = hmac.new(rng.randbytes(32), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{enc(sig)}"


def discord_bot_token(rng: random.Random) -> str:
    """A Discord bot token (base64 user id . timestamp . HMAC)."""
    user = base64.b64encode(str(rng.randint(10**17, 10**18)).encode()).decode().rstrip("=")
    return f"{user}.{_pick(rng, URLSAFE, 6)}.{_pick(rng, URLSAFE, 27)}"


def mailchimp_key(rng: random.Random) -> str:
    """A Mailchimp API key (32 hex + datacenter)."""
    return f"{_pick(rng, HEX, 32)}-us{rng.randint(1, 21)}"


def square_oauth_secret(rng: random.Random) -> str:
    """A Square OAuth application secret."""
    return "sq0csp-" + _pick(rng, URLSAFE, 43)


def artifactory_assignment(rng: random.Random) -> str:
    """A JFrog Artifactory API key assigned in code."""
    return f'artifactory_api_key = "AKCp8{_pick(rng, ALNUM, 68)}"'


def ibm_cloud_iam_assignment(rng: random.Random) -> str:
    """An IBM Cloud IAM API key assigned in code."""
    return f'ibm_cloud_iam_api_key = "{_pick(rng, URLSAFE, 44)}"'


def ibm_cos_hmac_assignment(rng: random.Random) -> str:
    """An IBM Cloud Object Storage HMAC secret assigned in code."""
    return f'cos_hmac_secret_access_key = "{_pick(rng, HEX, 48)}"'


def softlayer_assignment(rng: random.Random) -> str:
    """A SoftLayer API key assigned in code."""
    return f'softlayer_api_key = "{_pick(rng, string.ascii_lowercase + string.digits, 64)}"'


def cloudant_assignment(rng: random.Random) -> str:
    """A Cloudant password assigned in code."""
    return f'cloudant_password = "{_pick(rng, HEX, 64)}"'


def hex_secret_assignment(rng: random.Random) -> str:
    """A hex client secret (hash-shaped, but assigned to a secret name)."""
    return f'CLIENT_SECRET = "{_pick(rng, HEX, 40)}"'


def bearer_header(rng: random.Random) -> str:
    """An Authorization header with an opaque bearer token."""
    return f'headers = {{"Authorization": "Bearer {_pick(rng, URLSAFE, 40)}"}}'


def groq_key(rng: random.Random) -> str:
    """A Groq API key."""
    return "gsk_" + _pick(rng, ALNUM, 52)


def replicate_token(rng: random.Random) -> str:
    """A Replicate API token."""
    return "r8_" + _pick(rng, ALNUM, 37)


def databricks_token(rng: random.Random) -> str:
    """A Databricks personal access token."""
    return "dapi" + _pick(rng, HEX, 32)


def shopify_token(rng: random.Random) -> str:
    """A Shopify Admin API access token."""
    return "shpat_" + _pick(rng, HEX, 32)


def langsmith_key(rng: random.Random) -> str:
    """A LangSmith personal API key."""
    return f"lsv2_pt_{_pick(rng, HEX, 32)}_{_pick(rng, HEX, 10)}"


def generic_sk_key(rng: random.Random) -> str:
    """An sk- key of the many OpenAI-compatible APIs (DeepSeek, Moonshot...)."""
    return "sk-" + _pick(rng, HEX, 32)


def azure_sas_url(rng: random.Random) -> str:
    """A blob URL with a shared access signature."""
    sig = base64.b64encode(rng.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F")
    sig = sig.replace("=", "%3D")
    return (
        f"https://{_word(rng)}.blob.core.windows.net/data/train.csv?sv=2022-11-02&ss=b"
        f"&srt=o&sp=r&se=2026-12-31T00:00:00Z&sig={sig}"
    )


def discord_webhook(rng: random.Random) -> str:
    """A Discord webhook URL."""
    return (
        f"https://discord.com/api/webhooks/{rng.randint(10**17, 10**18)}/{_pick(rng, URLSAFE, 68)}"
    )


def odbc_connection_string(rng: random.Random) -> str:
    """An ODBC/ADO.NET connection string with a password."""
    return (
        f"Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:{_word(rng)}.database.windows.net"
        f",1433;Database=sales;Uid=analyst;Pwd={_password(rng)};Encrypt=yes;"
    )


def basic_auth_header(rng: random.Random) -> str:
    """An HTTP Basic Authorization header."""
    creds = base64.b64encode(f"{_word(rng, 6)}:{_password(rng)}".encode()).decode()
    return f"Authorization: Basic {creds}"


def auth_tuple(rng: random.Random) -> str:
    """A requests call with a (user, password) auth tuple."""
    return f'r = requests.get(url, auth=("{_word(rng, 6)}", "{_password(rng)}"))'


def url_query_token(rng: random.Random) -> str:
    """An API URL carrying its key in the query string."""
    return f"https://api.{_word(rng)}.io/v2/data?format=json&api_key={_pick(rng, ALNUM, 32)}"


def wandb_login(rng: random.Random) -> str:
    """A Weights & Biases login with its 40-hex key."""
    return f'wandb.login(key="{_pick(rng, HEX, 40)}")'


def kaggle_json(rng: random.Random) -> str:
    """The content of kaggle.json."""
    return json.dumps({"username": _word(rng), "key": _pick(rng, HEX, 32)})


def shell_env_password(rng: random.Random) -> str:
    """A password set through a magic, unquoted."""
    return f"%env DB_PASSWORD={_password(rng)}"


def truncated_private_key(rng: random.Random) -> str:
    """The first 400 characters of a private key, as ``print(key[:400])`` shows them."""
    return rsa_pem(rng)[:400]


def libpq_dsn(rng: random.Random) -> str:
    """A libpq keyword/value connection string."""
    return f'psycopg2.connect("dbname=sales user=analyst password={_password(rng)} host=db")'


def google_client_secret(rng: random.Random) -> str:
    """A Google OAuth client secret."""
    return "GOCSPX-" + _pick(rng, URLSAFE, 28)


def pgpassword_shell(rng: random.Random) -> str:
    """A password in a shell command's environment."""
    return f"!PGPASSWORD={_password(rng)} psql -h db -U analyst -c 'select 1'"


def mailgun_key(rng: random.Random) -> str:
    """A Mailgun private API key."""
    return "key-" + _pick(rng, HEX, 32)


def facebook_token(rng: random.Random) -> str:
    """A Facebook Graph API access token."""
    return "EAA" + _pick(rng, ALNUM, 160)


def twitter_bearer(rng: random.Random) -> str:
    """An X/Twitter app bearer token."""
    return "A" * 22 + _pick(rng, ALNUM, 50) + "%3D" + _pick(rng, ALNUM, 40)


def smtp_app_password(rng: random.Random) -> str:
    """An SMTP login with a Google app password (four groups of four letters)."""
    groups = " ".join(_pick(rng, string.ascii_lowercase, 4) for _ in range(4))
    return f'server.login("{_word(rng)}@gmail.com", "{groups}")'


def password_assignment(rng: random.Random) -> str:
    """A hard-coded password assigned in code (a MEDIUM, keyword finding)."""
    return f'db_password = "{_password(rng)}"'


def api_key_assignment(rng: random.Random) -> str:
    """An opaque vendor key assigned to an api_key variable (keyword + entropy)."""
    return f'API_KEY = "{_pick(rng, ALNUM, 32)}"'


# --- PEM private keys: built from rng-drawn numbers, so deterministic and parsable --------------


def _is_probable_prime(n: int, rng: random.Random) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return n in _SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(12):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(rng: random.Random, bits: int) -> int:
    while True:
        n = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if _is_probable_prime(n, rng):
            return n


@functools.cache
def _rsa_key(seed: int, bits: int = 2048) -> rsa.RSAPrivateKey:
    rng, e = random.Random(seed), 65537
    while True:
        p, q = _prime(rng, bits // 2), _prime(rng, bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q)
    )
    return numbers.private_key()


@functools.cache
def _dsa_key(seed: int) -> dsa.DSAPrivateKey:
    rng = random.Random(seed)
    q = _prime(rng, 160)
    while True:
        p = (rng.getrandbits(864) | (1 << 863)) * q * 2 + 1
        if p.bit_length() == 1024 and _is_probable_prime(p, rng):
            break
    g = pow(2, (p - 1) // q, p)
    x = rng.randrange(1, q)
    params = dsa.DSAParameterNumbers(p, q, g)
    return dsa.DSAPrivateNumbers(x, dsa.DSAPublicNumbers(pow(g, x, p), params)).private_key()


def _pem(key: object, fmt: serialization.PrivateFormat) -> str:
    raw = key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, fmt, serialization.NoEncryption()
    )
    return raw.decode()


def rsa_pem(rng: random.Random, pkcs8: bool = False) -> str:
    """An RSA 2048 private key: ``BEGIN RSA PRIVATE KEY`` (or PKCS8 ``BEGIN PRIVATE KEY``)."""
    fmt = (
        serialization.PrivateFormat.PKCS8
        if pkcs8
        else serialization.PrivateFormat.TraditionalOpenSSL
    )
    return _pem(_rsa_key(rng.getrandbits(64) % RSA_POOL), fmt)


def pkcs8_pem(rng: random.Random) -> str:
    """A PKCS8 private key (``BEGIN PRIVATE KEY``)."""
    return rsa_pem(rng, pkcs8=True)


def ec_pem(rng: random.Random) -> str:
    """A P-256 private key (``BEGIN EC PRIVATE KEY``)."""
    key = ec.derive_private_key(rng.randrange(1, 2**255), ec.SECP256R1())
    return _pem(key, serialization.PrivateFormat.TraditionalOpenSSL)


def openssh_pem(rng: random.Random) -> str:
    """An Ed25519 key in OpenSSH format (``BEGIN OPENSSH PRIVATE KEY``)."""
    key = ed25519.Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
    text = _pem(key, serialization.PrivateFormat.OpenSSH)
    # NOTE: the format carries a random "checkint"; overwrite it from rng to stay deterministic.
    lines = text.strip().splitlines()
    blob = bytearray(base64.b64decode("".join(lines[1:-1])))
    # magic(15) "none"(8) "none"(8) kdfoptions(4) nkeys(4) | pubkey len, pubkey | private len
    at = 43 + int.from_bytes(blob[39:43], "big") + 4
    check = rng.randbytes(4)
    blob[at : at + 8] = check + check
    body = base64.b64encode(bytes(blob)).decode()
    wrapped = "\n".join(body[i : i + 70] for i in range(0, len(body), 70))
    return f"{lines[0]}\n{wrapped}\n{lines[-1]}\n"


def encrypted_rsa_pem(rng: random.Random) -> str:
    """A passphrase-encrypted RSA key (OpenSSL ``Proc-Type: 4,ENCRYPTED``); see PEM_PASSWORD."""
    der = _rsa_key(rng.getrandbits(64) % RSA_POOL).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    iv = rng.randbytes(16)
    key = hashlib.md5(PEM_PASSWORD + iv[:8]).digest()  # OpenSSL EVP_BytesToKey, AES-128
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    data = encryptor.update(padder.update(der) + padder.finalize()) + encryptor.finalize()
    body = base64.b64encode(data).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    head = f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{iv.hex().upper()}\n"
    return (
        "-----BEGIN RSA PRIVATE KEY-----\n"
        + head
        + "\n"
        + "\n".join(lines)
        + ("\n-----END RSA PRIVATE KEY-----\n")
    )


def dsa_pem(rng: random.Random) -> str:
    """A DSA 1024 private key (``BEGIN DSA PRIVATE KEY``)."""
    return _pem(
        _dsa_key(rng.getrandbits(64) % DSA_POOL), serialization.PrivateFormat.TraditionalOpenSSL
    )


Generator = Callable[[random.Random], str]

# name -> (generator, rule secure-check reports)
SECRET_FORMATS: dict[str, tuple[Generator, str]] = {
    "github-classic": (github_classic_token, "github-token"),
    "github-oauth": (lambda r: github_classic_token(r, "gho_"), "github-token"),
    "github-app": (lambda r: github_classic_token(r, "ghs_"), "github-token"),
    "github-fine-grained": (github_fine_grained, "github-token"),
    "npm": (npm_token, "npm-token"),
    "npmrc": (npmrc_line, "npm-token"),
    "aws-access-key": (aws_access_key, "aws-access-key"),
    "aws-secret-key": (aws_secret_assignment, "aws-secret-key"),
    "openai": (openai_key, "openai-key"),
    "openai-legacy": (openai_legacy_key, "openai-key"),
    "anthropic": (anthropic_key, "anthropic-key"),
    "huggingface": (hf_token, "huggingface-token"),
    "google-api-key": (google_api_key, "google-api-key"),
    "gcp-service-account": (gcp_service_account_json, "gcp-service-account"),
    "azure-storage": (azure_storage_conn, "azure-storage-key"),
    "postgres-uri": (postgres_uri, "connection-uri"),
    "mysql-uri": (mysql_uri, "connection-uri"),
    "mongodb-srv-uri": (mongodb_srv_uri, "connection-uri"),
    "redis-uri": (redis_uri, "connection-uri"),
    "amqp-uri": (amqp_uri, "connection-uri"),
    "basic-auth-url": (basic_auth_url, "basic-auth-url"),
    "sendgrid": (sendgrid_key, "sendgrid-key"),
    "twilio-api-key": (twilio_api_key, "twilio-key"),
    "twilio-account-sid": (twilio_account_sid, "twilio-key"),
    "stripe-secret": (stripe_secret_key, "stripe-key"),
    "stripe-restricted": (stripe_restricted_key, "stripe-key"),
    "slack-token": (slack_token, "slack-token"),
    "slack-webhook": (slack_webhook, "slack-webhook"),
    "gitlab": (gitlab_token, "gitlab-token"),
    "pypi": (pypi_token, "pypi-token"),
    "telegram": (telegram_bot_token, "telegram-bot-token"),
    "jwt": (jwt_token, "jwt"),
    "rsa-private-key": (rsa_pem, "private-key"),
    "pkcs8-private-key": (pkcs8_pem, "private-key"),
    "ec-private-key": (ec_pem, "private-key"),
    "openssh-private-key": (openssh_pem, "private-key"),
    "encrypted-private-key": (encrypted_rsa_pem, "private-key"),
    "dsa-private-key": (dsa_pem, "private-key"),
    "discord": (discord_bot_token, "discord-token"),
    "mailchimp": (mailchimp_key, "mailchimp-key"),
    "square": (square_oauth_secret, "square-oauth"),
    "artifactory": (artifactory_assignment, "artifactory-token"),
    "ibm-cloud-iam": (ibm_cloud_iam_assignment, "ibm-cloud-key"),
    "ibm-cos-hmac": (ibm_cos_hmac_assignment, "ibm-cos-hmac"),
    "softlayer": (softlayer_assignment, "softlayer-key"),
    "cloudant": (cloudant_assignment, "cloudant-key"),
    "hex-secret": (hex_secret_assignment, "secret-assignment"),
    "bearer-header": (bearer_header, "authorization-header"),
    "groq": (groq_key, "groq-key"),
    "replicate": (replicate_token, "replicate-token"),
    "databricks": (databricks_token, "databricks-token"),
    "shopify": (shopify_token, "shopify-token"),
    "langsmith": (langsmith_key, "langsmith-key"),
    "sk-generic": (generic_sk_key, "sk-api-key"),
    "azure-sas": (azure_sas_url, "azure-sas-token"),
    "discord-webhook": (discord_webhook, "discord-webhook"),
    "odbc-connection-string": (odbc_connection_string, "password-assignment"),
    "basic-auth-header": (basic_auth_header, "authorization-header"),
    "auth-tuple": (auth_tuple, "password-assignment"),
    "url-query-token": (url_query_token, "secret-in-url"),
    "wandb-login": (wandb_login, "secret-assignment"),
    "kaggle-json": (kaggle_json, "kaggle-key"),
    "shell-env-password": (shell_env_password, "password-assignment"),
    "truncated-private-key": (truncated_private_key, "private-key"),
    "libpq-dsn": (libpq_dsn, "password-assignment"),
    "google-client-secret": (google_client_secret, "google-client-secret"),
    "pgpassword-shell": (pgpassword_shell, "password-assignment"),
    "mailgun": (mailgun_key, "mailgun-key"),
    "facebook": (facebook_token, "facebook-token"),
    "twitter-bearer": (twitter_bearer, "twitter-bearer"),
    "smtp-app-password": (smtp_app_password, "password-assignment"),
    "password-assignment": (password_assignment, "password-assignment"),
    "api-key-assignment": (api_key_assignment, "secret-assignment"),
}


@functools.cache
def _lookalikes() -> dict[str, str]:
    rng = random.Random(20261126)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + rng.randbytes(300)).decode()
    return {
        "md5": f"md5 = '{hashlib.md5(b'x').hexdigest()}'",
        "sha1": f"checksum: {hashlib.sha1(b'data').hexdigest()}",
        "sha256": f'"sha256": "{hashlib.sha256(b"model").hexdigest()}"',
        "uuid": "run_id = '3f2b8c1e-9d4a-4f6b-a8e2-5c7d9b1a0e3f'",
        "uuid-hex": "model_id = '5746a11b1d7b41ac87f35ef16d170380'",
        "git-sha": "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "placeholder-your-key": 'api_key = "YOUR_API_KEY"',
        "placeholder-xxxx": 'OPENAI_API_KEY = "sk-xxxxxxxxxxxxxxxxxxxxxxxx"',
        "placeholder-angle": 'token = "<token>"',
        "placeholder-env": 'password = "${DB_PASSWORD}"',
        "placeholder-change": 'APIKEY = "CHANGE-THIS-KEY"',
        "env-lookup": 'password = os.environ["DB_PASSWORD"]',
        "getpass": "password = getpass.getpass('Password: ')",
        "aws-doc-key-id": "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws-doc-secret": 'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
        "uri-no-password": "engine = create_engine('postgresql://localhost:5432/mydb')",
        "uri-placeholder-password": "url = 'postgresql://user:password@localhost/db'",
        "version": "tensorflow==2.15.0.post1, numpy 1.26.4, build 20240115.1",
        "float": "array([0.12345678, 0.98765432, 0.55555555])",
        "widget-model-id": "IPY_MODEL_8f14e45fceea167a5a36dedd4bea2543",
        "base64-image": f'<img src="data:image/png;base64,{png}"/>',
        "github-bad-checksum": f"token = '{github_bad_checksum(rng)}'",
        "hf-model-name": "model = AutoModel.from_pretrained('HuggingFaceTB/SmolLM2-135M')",
        "gcp-resource": "projects/123456789012/locations/us-central1/endpoints/4567890123456789012",
        "password-prompt-label": "Password: ········",
        "pem-public-key": (
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
            "-----END PUBLIC KEY-----"
        ),
        "test-password": 'assert login("alice", password="password")',
        "weak-example-password": 'conn = connect(user="root", password="admin123")',
        "jwt-io-example": (
            "token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZ"
            "SI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'"
        ),
        "sequential-key": 'OPENAI_API_KEY = "sk-1234567890abcdef1234567890abcdef"',
        "stripe-test-key": 'stripe.api_key = "sk_test_' + "4eC39HqLyjWDarjtT1zdp7dc" + '"',
        "stripe-publishable": "STRIPE_PK = 'pk_live_" + _pick(rng, ALNUM, 24) + "'",
        "jupyter-server-url": "http://localhost:8888/?token=" + _pick(rng, HEX, 48),
        "primary-key": 'PRIMARY_KEY = "customer_id"',
        "github-pat-placeholder": 'GITHUB_TOKEN = "github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXX"',
        "password-hash": 'password_hash = "pbkdf2:sha256:260000$Xq2b8c1e$9d4aLf6bA8e25c7d9b1a0e3f"',
        "dotted-name": "import MyPackageNameIsVeryLongX.module.ClassNameThatIsLong12345xyzab",
        "epoch-colon": "1699999999:abcdefghijklmnopqrstuvwxyz0123456789ab",
        "type-annotation": "private_key: PKCS7PrivateKeyTypes, secret: _CookieSecretTypes",
        "attribute-password": "username, password = self.parsed.username, self.parsed.password",
        "call-credentials": "credentials = standard_b64encode(credentials).decode('ascii')",
        "percent-encoded-example": "https://jo%40email.com:a%20secret@www.example.com",
        "azurite-dev-key": (
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqF"
            "lqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        ),
        "firebase-doc-key": 'apiKey: "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",',
        "dna-sequence": "seq = 'ACCAGTTGACGGTACCAGTTACGGATCCAGGTACCATG'",
        "ssh-public-key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 alice@laptop",
    }


LOOKALIKES: dict[str, str] = _lookalikes()
