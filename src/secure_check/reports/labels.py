"""What each secret, PII and dependency rule found, in words: one label per rule id.

Every view (the verdict headlines, the panel, the reports) names a finding by this label
(``reports.rules.advice``), never by its bare id. The analyses' labels live in
``analyses.advice``.
"""

from __future__ import annotations

_LABELS = {
    # secrets
    "age-secret-key": "age encryption secret key",
    "anthropic-key": "Anthropic API key",
    "api-key": "API key",
    "artifactory-token": "Artifactory credential",
    "atlassian-token": "Atlassian API token",
    "authorization-header": "HTTP Authorization header token",
    "aws-access-key": "AWS access key ID",
    "aws-secret-key": "AWS secret access key",
    "azure-sas-token": "Azure shared access signature",
    "azure-storage-key": "Azure Storage account key",
    "basic-auth-url": "password in a URL",
    "cloudant-key": "Cloudant credential",
    "connection-uri": "database connection string with a password",
    "databricks-token": "Databricks access token",
    "digitalocean-token": "DigitalOcean token",
    "discord-token": "Discord bot token",
    "discord-webhook": "Discord webhook URL",
    "dropbox-token": "Dropbox access token",
    "facebook-token": "Facebook access token",
    "figma-token": "Figma access token",
    "gcp-service-account": "Google Cloud service-account key",
    "github-token": "GitHub token",
    "gitlab-token": "GitLab token",
    "google-api-key": "Google API key",
    "google-client-secret": "Google OAuth client secret",
    "google-oauth-token": "Google OAuth access token",
    "grafana-token": "Grafana service-account token",
    "groq-key": "Groq API key",
    "high-entropy-string": "random-looking string that may be a secret",
    "huggingface-token": "Hugging Face token",
    "ibm-cloud-key": "IBM Cloud API key",
    "ibm-cos-hmac": "IBM Cloud Object Storage HMAC key",
    "jwt": "JSON Web Token",
    "kaggle-key": "Kaggle API key",
    "langsmith-key": "LangSmith API key",
    "linear-key": "Linear API key",
    "mailchimp-key": "Mailchimp API key",
    "mailgun-key": "Mailgun API key",
    "mapbox-secret": "Mapbox secret token",
    "newrelic-key": "New Relic API key",
    "notion-token": "Notion token",
    "npm-token": "npm access token",
    "openai-key": "OpenAI API key",
    "password": "password",
    "password-assignment": "hard-coded password",
    "perplexity-key": "Perplexity API key",
    "pinecone-key": "Pinecone API key",
    "postman-key": "Postman API key",
    "private-key": "private key",
    "pypi-token": "PyPI upload token",
    "replicate-token": "Replicate API token",
    "secret-assignment": "hard-coded secret",
    "secret-in-url": "secret in a URL",
    "sendgrid-key": "SendGrid API key",
    "shopify-token": "Shopify access token",
    "sk-api-key": "secret API key (sk-)",
    "slack-token": "Slack token",
    "slack-webhook": "Slack webhook URL",
    "softlayer-key": "SoftLayer credential",
    "square-oauth": "Square OAuth secret",
    "stripe-key": "Stripe live key",
    "telegram-bot-token": "Telegram bot token",
    "twilio-key": "Twilio API key",
    "twitter-bearer": "Twitter/X bearer token",
    "vault-token": "HashiCorp Vault token",
    "xai-key": "xAI API key",
    # personal data
    "credit-card": "payment card number",
    "date-of-birth": "date of birth",
    "email": "e-mail address",
    "iban": "bank account number (IBAN)",
    "ip-address": "public IP address",
    "national-id": "national identity number",
    "person-name": "person's name",
    "phone": "phone number",
    "pii-column": "column of personal data",
    "street-address": "street address",
    "us-ssn": "US Social Security number",
    # national identifiers (the id rules' own names)
    "br-cpf": "Brazilian CPF number",
    "ca-sin": "Canadian Social Insurance Number",
    "de-idnr": "German tax ID (IdNr)",
    "es-dni": "Spanish DNI number",
    "es-nie": "Spanish NIE number",
    "fi-hetu": "Finnish personal identity code",
    "fr-nir": "French social security number (NIR)",
    "gb-nino": "UK National Insurance number",
    "in-aadhaar": "Indian Aadhaar number",
    "it-codicefiscale": "Italian codice fiscale",
    "nl-bsn": "Dutch citizen service number (BSN)",
    "pl-pesel": "Polish PESEL number",
    "pt-nif": "Portuguese tax number (NIF)",
    # dependencies
    "copyleft-licence": "copyleft licence",
    "known-vulnerability": "package with a known vulnerability",
    "unknown-licence": "package with an unknown licence",
    "unpinned-install": "unpinned package install",
    "unresolved-import": "import of a package that is not installed",
}
_CATEGORY = {"secret": "credential", "pii": "personal data", "dependency": "dependency issue"}


def label(rule: str, category: str = "") -> str:
    """Name what ``rule`` found: ``us-ssn`` is "US Social Security number".

    A rule without a label of its own (a detect-secrets plugin added later, a policy's custom
    rule) is named by its category and id, so it still reads as words and stays traceable.
    """
    if rule in _LABELS:
        return _LABELS[rule]
    kind = _CATEGORY.get(category)
    words = rule.replace("-", " ").replace("_", " ").strip() or "finding"
    return f"{kind} ({words})" if kind else words


def labels() -> dict[str, str]:
    """Every rule with a label of its own (the panel and tests read them)."""
    return dict(_LABELS)
