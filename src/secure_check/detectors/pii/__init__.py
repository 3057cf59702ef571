"""Personal data: e-mails, phones, ids, cards, IBANs, IPs, dates of birth, PII columns."""
